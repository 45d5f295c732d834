#pragma once
// The two ways citywall runs: in a window (interactive, or a fixed number of
// frames and a screenshot) and headless (screenshots of one or a few views).
// Both return the process exit code.

#include "app/command_line.h"
#include "app/live_session.h"
#include "scene/city_model.h"
#include "scene/layers/region_layer.h"
#include "scene/regions.h"
#include "ui/overlay.h"

namespace citywall::app {

int runHeadless(const AppOptions& options, const scene::CityModel& city, const scene::RegionSet* regions, LiveSession& live);
int runWindow(const AppOptions& options, const scene::CityModel& city, const scene::RegionSet* regions, LiveSession& live);

/// The choropleth metric the command line asks for.
scene::RegionMetric regionMetricFrom(const AppOptions& options);
/// The feed options the command line asks for.
std::vector<feed::FeedOptions> feedOptionsFrom(const AppOptions& options);
/// The overlay's live lines (cases, sensors, feeds) in the UI language.
std::vector<std::string> liveLines(const LiveSession& live, ui::Language language);
/// Writes --dump-state if asked; prints what happened; false on failure.
bool finishDump(const AppOptions& options, const LiveSession& live);

/// The category names of the configuration (the font needs their glyphs).
std::string categoryGlyphs(const AppOptions& options);

/// One line on the load: counts a user checks ("1449 buildings, 0 repaired, 1 skipped").
std::string describeLoad(const scene::CityModel& city, double seconds);

}  // namespace citywall::app
