#pragma once
// Small helpers shared by the unit tests.

#include <string>

namespace citywall::test {

/// The repository root (where data/ and tests/ live), set by CMake.
inline std::string sourceDir() { return CITYWALL_SOURCE_DIR; }

/// A fresh folder under the build's temporary directory for one test.
std::string tempDir(const std::string& name);
/// Writes `text` to `dir/name` and returns the path.
std::string writeFile(const std::string& dir, const std::string& name, const std::string& text);

}  // namespace citywall::test
