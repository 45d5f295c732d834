#pragma once
// AssetError: a file could not be used. The message names the file and the
// problem in words a user can act on ("city.geojson: not valid JSON at byte
// 1234 (...)"); callers report it and exit or carry on.

#include <stdexcept>
#include <string>

namespace citywall::assets {

class AssetError : public std::runtime_error {
 public:
  AssetError(const std::string& file, const std::string& problem)
      : std::runtime_error(file + ": " + problem), file_(file) {}
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

/// Reads a whole file; transparently inflates gzip (".gz" or gzip magic).
/// Throws AssetError when it is missing, unreadable or a corrupt gzip stream.
std::string readFileBytes(const std::string& path);

}  // namespace citywall::assets
