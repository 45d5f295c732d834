#pragma once
// Wiring: what main and the runs take from the options — feed options, the
// choropleth metric, glyphs the font needs at start — and the lines they
// print (the load summary, the state dump at the end).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "assets/tiles3d/tileset_streamer.h"
#include "config/command_line.h"
#include "feed/live_session.h"
#include "renderer/renderer.h"
#include "scene/city_model.h"
#include "scene/layers/region_layer.h"
#include "ui/imgui_host.h"

namespace citywall::app {

/// The choropleth metric the command line asks for.
scene::RegionMetric regionMetricFrom(const config::AppOptions& options);
/// The layers' styles: the configuration's, with the command line's choropleth metric.
scene::LayerStyles layerStylesFrom(const config::AppOptions& options);
/// The feed options the command line and the configuration ask for.
std::vector<feed::FeedOptions> feedOptionsFrom(const config::AppOptions& options);
/// The category and bookmark names of the configuration (the font needs their glyphs).
std::string categoryGlyphs(const config::AppOptions& options);
/// The journal the options ask for: none with --no-journal (or enabled =
/// false), else in --journal DIR, [journal] dir, or the default folder.
std::optional<feed::JournalOptions> journalOptionsFrom(const config::AppOptions& options);
/// --replay: the journal's range into the live session. A window plays it
/// (--speed, --loop); headless stands at --at or the end, or steps through
/// it frame by frame for --export-frames.
void startReplay(const config::AppOptions& options, bool window, feed::LiveSession& live);
/// Every region name (the font needs their glyphs); "" without regions.
std::string regionNamesOf(const scene::RegionSet* regions);
/// Every base-map name (both languages), for the font to hold from the start.
std::string mapNamesOf(const scene::CityModel& city);
/// Prints a city's build on the terminal (stderr) once it has taken more
/// than a second: a line that updates in place on a terminal, a line per
/// quarter into a log.
std::function<void(const char*, double)> loadProgressPrinter(std::chrono::steady_clock::time_point start);
/// Writes --dump-state if asked; prints what happened; false on failure.
/// `extra`: members added to the dump's top level (writeStateDump).
bool finishDump(const config::AppOptions& options, const feed::LiveSession& live, const std::string& extra = {});
/// The state dump's `tiles` member (`"tiles":{…}`): what the 3D Tiles
/// streamer holds against its budget and has done since the start; an
/// operator's script watches it for a wall that streams a city for weeks.
/// Zeros without tilesets.
std::string tilesDumpJson(const assets::tiles3d::TilesetStreamer* streamer);
/// One line on how a running wall is doing, for the STATUS= that systemd
/// shows in `systemctl status` (service_notify.h): the feeds connected (and
/// why the first one that is not), events applied, open cases and the cases
/// held (closed ones within their retention too), sensor
/// alarms, the tiles held against their budget, resident memory and (when
/// known, not 0) the heap in use. Built from counters, never from the cases
/// one by one: cheap at any size.
std::string serviceStatusLine(const feed::LiveSession& live, const assets::tiles3d::TilesetStreamer* streamer,
                              uint64_t residentBytes, uint64_t heapInUseBytes = 0);
/// Hands the city to the renderer, then frees the CPU copy of its
/// buildings' mesh: the GPU holds it now, and on a wall it is most of the
/// city's memory (picking goes on from the footprints).
void uploadCity(renderer::Renderer& renderer, scene::CityModel& city);
/// The height the UI's text is sized for: the target's, or one panel's
/// when a wall's panels or its canvas are drawn (every node's text then
/// matches, whatever block of panels it drives).
uint32_t uiHeightFor(const config::AppOptions& options, uint32_t targetHeight);
/// The UI of a run without a window (headless screenshots, a wall's
/// conductor or node): null with --no-ui. Its text is sized for the
/// target, or for one panel when a wall's panel or canvas is drawn.
std::unique_ptr<ui::ImGuiHost> offscreenUi(const config::AppOptions& options, std::unique_ptr<renderer::Renderer>& renderer,
                                           const scene::CityModel& city, const scene::RegionSet* regions);
/// One line on the load: counts a user checks ("1449 buildings, 0 repaired, 1 skipped").
std::string describeLoad(const scene::CityModel& city, double seconds);

}  // namespace citywall::app
