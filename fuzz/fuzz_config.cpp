// libFuzzer: the deployment's TOML configuration (config/config_file.h) and
// a drill's scenario (config/drill_file.h). Invariant: any text is either
// read or refused with a ConfigError that names at least one problem with
// its place — never another exception, never a crash.
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config_file.h"
#include "config/drill_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace citywall;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // An empty folder: relative paths in the text resolve there and name nothing.
  const std::string baseDir = "/nonexistent-citywall-fuzz";
  try {
    (void)config::parseConfig(text, "fuzz.toml", baseDir);
  } catch (const config::ConfigError& e) {
    if (e.problems().empty()) __builtin_trap();  // refused without saying why
  }
  try {
    (void)config::parseDrill(text, "fuzz-drill.toml");
  } catch (const config::ConfigError& e) {
    if (e.problems().empty()) __builtin_trap();
  }
  return 0;
}
