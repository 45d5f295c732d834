#pragma once
// The deployment's configuration: one TOML file (toml++) naming the city
// data and origin, the feeds with their tokens, the layers and their styles,
// what each case category is called and how it looks, overdue time limits,
// camera bookmarks, the tour and alert focus, theme, language, UI scale and
// the kiosk. Every key is checked on load; each problem names its key, the
// line, and what was wrong, and all problems are reported at once.
// config/demo.toml is the complete, commented example.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/command_line.h"

namespace citywall::config {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  /// "file:line: key: problem", one per problem found.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Reads `path` over `base`. Relative file paths in it are taken from the
/// file's folder. Throws ConfigError.
AppOptions loadConfig(const std::string& path, AppOptions base = {});
/// The same from text; `sourceName` prefixes the problems, `baseDir`
/// resolves relative paths.
AppOptions parseConfig(std::string_view text, const std::string& sourceName, const std::string& baseDir,
                       AppOptions base = {});

/// Appends a [[bookmarks]] entry to the configuration file (the rest of the
/// file, comments included, is left as it was). False with `error` set when
/// the file cannot be written (read-only, disk full): nothing is lost but
/// the new bookmark's persistence.
bool appendBookmark(const std::string& path, const ui::Bookmark& bookmark, std::string& error);

}  // namespace citywall::config
