#pragma once
// The two ways citywall runs: in a window (interactive, or a fixed number of
// frames and a screenshot) and headless (screenshots of one or a few views).
// Both return the process exit code.

#include "app/command_line.h"
#include "scene/city_model.h"

namespace citywall::app {

int runHeadless(const AppOptions& options, const scene::CityModel& city);
int runWindow(const AppOptions& options, const scene::CityModel& city);

/// One line on the load: counts a user checks ("1449 buildings, 0 repaired, 1 skipped").
std::string describeLoad(const scene::CityModel& city, double seconds);

}  // namespace citywall::app
