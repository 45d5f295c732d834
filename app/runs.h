#pragma once
// The two platforms citywall runs on: a window (interactive, or a fixed
// number of frames and a screenshot) and headless (screenshots of one or a
// few views). Both drive the same FrameLoop; both return the exit code.

#include "config/command_line.h"
#include "feed/live_session.h"
#include "scene/city_model.h"
#include "scene/regions.h"

namespace citywall::app {

int runHeadless(const config::AppOptions& options, const scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live);
int runWindow(const config::AppOptions& options, const scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live);

}  // namespace citywall::app
