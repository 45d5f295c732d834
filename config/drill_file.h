#pragma once
// A drill's scenario file (TOML): its name, then steps at seconds after the
// start — captions, cases and their status changes, sensors, readings that
// ramp into alarm, upstream alarms, camera flights and pauses. drills/ holds
// the examples for the bundled city; docs/drills.md describes every key.
// Every step is checked on load (each message through the feeds' decoder),
// and all problems are reported at once with their lines.

#include <string>

#include "feed/drill.h"

namespace citywall::config {

/// Throws ConfigError naming every problem.
feed::DrillScript loadDrill(const std::string& path);
feed::DrillScript parseDrill(std::string_view text, const std::string& sourceName);

}  // namespace citywall::config
