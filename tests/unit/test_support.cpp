#include "test_support.h"

#include <filesystem>
#include <fstream>

namespace citywall::test {

std::string tempDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("citywall-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string writeFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace citywall::test
