// citywall — a whole city on one screen. main: parse, load, render.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <thread>

#include "config/command_line.h"
#include "config/config_file.h"
#include "feed/live_session.h"
#include "feed/recorded_events.h"
#include "app/heap_trimmer.h"
#include "app/huge_page_heap.h"
#include "app/runs.h"
#include "app/view_setup.h"
#include "app/wiring.h"
#include "assets/asset_error.h"
#include "assets/city_cache.h"
#include "assets/region_loader.h"
#include "renderer/renderer.h"
#include "wall/packets.h"
#include "wall/wall_key.h"

using namespace citywall;

namespace {

// Errors a user can act on print as they are; anything else is a bug.
int reportFailure(const std::exception& e) {
  const bool known = dynamic_cast<const assets::AssetError*>(&e) || dynamic_cast<const feed::RecordedEventsError*>(&e) ||
                     dynamic_cast<const renderer::RendererError*>(&e) || dynamic_cast<const wall::WallError*>(&e);
  std::fprintf(stderr, known ? "citywall: %s\n" : "citywall: unexpected error: %s\n", e.what());
  return 1;
}

bool displayAvailable() {
  const char* x = std::getenv("DISPLAY");
  const char* wl = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (wl && *wl);
}
}  // namespace

int main(int argc, char** argv) {
  app::useHugePagesForTheHeap(argv);  // before anything is allocated: may run the program again
  // One line at a time even into a pipe or file: scripts and tests follow the log live.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  config::AppOptions options;
  try {
    config::AppOptions base;
    if (auto file = config::configFileIn(argc, argv)) base = config::loadConfig(*file);
    options = config::parseCommandLine(argc, argv, std::move(base));
  } catch (const std::exception& e) {  // a wrong option or configuration: exit code 2
    if (!dynamic_cast<const config::UsageError*>(&e) && !dynamic_cast<const config::ConfigError*>(&e)) return reportFailure(e);
    std::fprintf(stderr, "citywall: %s\n", e.what());
    return 2;
  }
  if (options.help) {
    std::fputs(config::usageText().c_str(), stdout);
    return 0;
  }
  if (options.version) {
    std::puts("citywall " CITYWALL_VERSION);
    return 0;
  }
  if (!options.wallKeygen.empty()) {
    try {
      wall::saveWallKey(wall::makeWallKey(), options.wallKeygen);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "citywall: %s\n", e.what());
      return 1;
    }
    std::printf("citywall: wrote a new wall key to %s (copy it to every machine of the wall; [wall] key_file)\n",
                options.wallKeygen.c_str());
    return 0;
  }
  if (!options.cityCache) options.cityCache = assets::defaultCityCacheDir();  // a wall that restarts skips the parsing
  try {
    // A new city cache is written beside the first frames, not before them;
    // the thread joins when main returns (after the window has closed), so
    // the file is complete at exit.
    std::jthread cacheWriter;
    const bool window = options.window || (!options.headless && displayAvailable());
    if (!window && !options.headless) std::printf("citywall: no display found, rendering headless screenshots\n");
    // A window opens first, so a city built for the first time shows its progress there.
    app::WindowSessionPtr session = window ? app::openWindow(options) : nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    assets::CitySpec spec = app::citySpecFrom(options);
    spec.progress = app::loadProgressPrinter(t0);
    spec.writeCacheLater = [&cacheWriter](std::function<std::string()> job) {
      cacheWriter = std::jthread([job = std::move(job)] {
        if (const std::string problem = job(); !problem.empty()) std::fprintf(stderr, "citywall: city cache: %s\n", problem.c_str());
      });
    };
    scene::CityModel city = session ? app::buildCityInWindow(*session, options, spec) : assets::loadCity(spec);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s\n", app::describeLoad(city, seconds).c_str());
    std::optional<scene::RegionSet> regions;
    if (!options.regionsFile.empty()) {
      assets::RegionOptions ro;
      geo::parseCrs(options.regionsCrs, ro.crs);
      regions = assets::loadRegions(options.regionsFile, city.frame, ro);
      std::printf("citywall: %zu regions from %s (%s; %zu repaired, %zu skipped)\n", regions->regions.size(),
                  options.regionsFile.c_str(), options.regionsCrs.c_str(), regions->repaired, regions->skipped);
    }
    // A replay shows what the journal holds; live feeds (and their recording) stay off.
    // A wall's render node reads nothing itself: its store follows the conductor's.
    const bool node = !options.wallNode.empty();
    const auto feeds = options.replayDir.empty() && !node ? app::feedOptionsFrom(options) : std::vector<feed::FeedOptions>{};
    const auto journal = feeds.empty() ? std::nullopt : app::journalOptionsFrom(options);
    if (journal) std::printf("citywall: journal in %s\n", journal->dir.c_str());
    // From here on the heap's freed pages go back to the system now and then (app/heap_trimmer.h).
    const app::HeapTrimmer trimmer;
    feed::LiveSession live(feeds, options.store, journal);
    if (node) return app::runWallNode(options, city, regions ? &*regions : nullptr, live, session.get());
    if (!options.eventsFile.empty()) {
      const auto load = feed::applyRecordedEvents(options.eventsFile, live.store());
      std::printf("citywall: %llu recorded events from %s (%llu lines, %llu rejected)\n",
                  (unsigned long long)load.events, options.eventsFile.c_str(), (unsigned long long)load.lines,
                  (unsigned long long)load.decode.rejected.total());
      if (options.clockFromEvents) options.clock = load.newest;
    }
    live.setFixedClock(options.clock);
    if (!options.replayDir.empty()) app::startReplay(options, window, live);
    live.setClockFollowsFeed(options.clockFollowsFeed);
    live.pump(live.clockNow());
    const scene::RegionSet* r = regions ? &*regions : nullptr;
    if (options.wallConductor && !session) return app::runWallConductorHeadless(options, city, r, live);
    return session ? app::runWindow(*session, options, city, r, live) : app::runHeadless(options, city, r, live);
  } catch (const std::exception& e) {
    return reportFailure(e);
  }
}
