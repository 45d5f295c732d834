#include "app/wiring.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>

#include "app/heap_trimmer.h"
#include "app/huge_page_heap.h"
#include "feed/state_dump.h"
#include "geo/time.h"

namespace citywall::app {

scene::RegionMetric regionMetricFrom(const config::AppOptions& o) {
  if (o.regionsMetric == "overdue") return scene::RegionMetric::overdue;
  if (o.regionsMetric == "new") return scene::RegionMetric::newLastHour;
  return scene::RegionMetric::open;
}

scene::LayerStyles layerStylesFrom(const config::AppOptions& o) {
  scene::LayerStyles styles = o.layers;
  styles.regions.metric = regionMetricFrom(o);
  return styles;
}

std::vector<feed::FeedOptions> feedOptionsFrom(const config::AppOptions& o) {
  std::vector<feed::FeedOptions> out = o.configFeeds;
  for (const auto& url : o.feeds) {
    feed::FeedOptions f;
    f.url = url;
    f.token = o.token;
    f.caFile = o.caFile;
    f.idleTimeout = std::chrono::milliseconds(int64_t(o.feedTimeout * 1000));
    out.push_back(f);
  }
  return out;
}

std::string categoryGlyphs(const config::AppOptions& o) {
  std::string all;
  for (const auto& c : o.categories.all()) all += c.nameZh + c.nameEn;
  for (const auto& b : o.bookmarks) all += b.name;
  return all;
}

std::optional<feed::JournalOptions> journalOptionsFrom(const config::AppOptions& o) {
  if (!o.journal) return std::nullopt;
  feed::JournalOptions j;
  j.retentionDays = o.journalRetentionDays;
  j.maxGb = o.journalMaxGb;
  j.keyframeShare = o.journalKeyframeShare;
  if (!o.journalDir.empty()) {
    j.dir = o.journalDir;
  } else if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
    j.dir = std::filesystem::path(state) / "citywall" / "journal";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    j.dir = std::filesystem::path(home) / ".local" / "state" / "citywall" / "journal";
  } else {
    j.dir = "citywall-journal";
  }
  return j;
}

void startReplay(const config::AppOptions& o, bool window, feed::LiveSession& live) {
  auto player = std::make_unique<feed::JournalPlayer>(o.replayDir, o.replayFrom.value_or(std::numeric_limits<live::TimeMs>::min()),
                                                      o.replayTo.value_or(std::numeric_limits<live::TimeMs>::max()));
  for (const auto& d : player->damage()) std::fprintf(stderr, "citywall: journal: skipped %s: %s\n", d.path.c_str(), d.what.c_str());
  if (!player->frames()) std::fprintf(stderr, "citywall: %s holds no journal frames in that range\n", o.replayDir.c_str());
  std::printf("citywall: replay of %zu frames from %s, %s … %s\n", player->frames(), o.replayDir.c_str(),
              geo::formatRfc3339(player->begin()).c_str(), geo::formatRfc3339(player->end()).c_str());
  player->setSpeed(o.replaySpeed);
  player->loop = o.replayLoop;
  feed::JournalPlayer& p = *player;
  const bool exporting = !window && !o.exportFrames.empty();
  // Exported frames advance by exactly 1/fps of wall time each; a screenshot does not move.
  live.startReplay(std::move(player), window ? std::nullopt : std::optional<double>(exporting ? 1.0 / o.exportFps : 0.0));
  if (!window && !exporting) {
    live.seekReplay(o.replayAt.value_or(p.end()));
    p.setPlaying(false);
  }
}

std::string regionNamesOf(const scene::RegionSet* regions) {
  std::string all;
  if (regions)
    for (const auto& r : regions->regions) all += r.name;
  return all;
}

std::string mapNamesOf(const scene::CityModel& city) {
  std::string all;
  for (const auto& l : city.basemap.labels) all += l.name + l.nameEn;
  // The governance layers' names (panel, legend) and labels; a card's other
  // properties are asked for when it opens.
  for (const auto& l : city.features.layers) all += l.name + l.nameEn;
  for (const auto& f : city.features.features) all += f.label;
  return all;
}

bool finishDump(const config::AppOptions& o, const feed::LiveSession& live, const std::string& extra) {
  if (o.dumpState.empty()) return true;
  std::string error;
  const std::string members = (extra.empty() ? "" : extra + ",") + heapTrimsDumpJson();
  if (!feed::writeStateDump(live, live.clockNow(), o.dumpState, error, members)) {
    std::fprintf(stderr, "citywall: %s\n", error.c_str());
    return false;
  }
  std::printf("citywall: wrote %s (%zu cases, %zu sensors)\n", o.dumpState.c_str(), live.store().cases().size(),
              live.store().sensors().all().size());
  return true;
}

std::string tilesDumpJson(const assets::tiles3d::TilesetStreamer* streamer) {
  const assets::tiles3d::StreamStats s = streamer ? streamer->stats() : assets::tiles3d::StreamStats{};
  const std::pair<const char*, size_t> members[] = {
      {"known", s.tilesKnown},           {"resident", s.residentTiles},     {"resident_bytes", s.residentBytes},
      {"held_bytes", s.heldBytes},       {"peak_held_bytes", s.peakHeldBytes}, {"budget_bytes", s.budget},
      {"loading", s.loading},            {"loaded", s.loaded},              {"evicted", s.evicted},
      {"refused", s.refused},            {"waited_for_room", s.waitedForRoom}, {"failed", s.failed},
      {"forgotten", s.forgotten},        {"read_again", s.readAgain},       {"drawn", s.drawnTiles},
      {"drawn_triangles", s.drawnTriangles}, {"features", s.features},     {"feature_bytes", s.featureBytes}};
  std::string json = "\"tiles\":{\"streaming\":" + std::string(streamer ? "true" : "false");
  for (const auto& [name, value] : members) json += ",\"" + std::string(name) + "\":" + std::to_string(value);
  return json + "}";
}

std::string serviceStatusLine(const feed::LiveSession& live, const assets::tiles3d::TilesetStreamer* streamer,
                              uint64_t residentBytes, uint64_t heapInUseBytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  const std::vector<feed::FeedStatus> feeds = live.feeds();
  size_t connected = 0;
  const feed::FeedStatus* down = nullptr;
  for (const auto& f : feeds) {
    if (f.state == feed::FeedState::connected) ++connected;
    else if (!down) down = &f;
  }
  char text[512];
  std::string line;
  if (feeds.empty()) line = "no feeds";
  else {
    std::snprintf(text, sizeof text, "feeds %zu/%zu connected", connected, feeds.size());
    line = text;
    if (down) {
      line += " (" + down->url + ": " + feed::toString(down->state);
      if (!down->lastError.empty()) line += ", " + down->lastError.substr(0, 120);
      line += ")";
    }
  }
  const live::Store& store = live.store();
  // Cases held counts the closed ones kept for their retention too: what
  // the store's memory follows, so a heap that rises with it is the store
  // filling, not a leak.
  std::snprintf(text, sizeof text, ", %llu events applied, %u open cases of %zu held, %u sensor alarms",
                (unsigned long long)store.applied(), store.cases().open(), store.cases().size(),
                store.sensors().alarmsActive());
  line += text;
  if (streamer) {
    const assets::tiles3d::StreamStats t = streamer->stats();
    std::snprintf(text, sizeof text, ", tiles %.0f of %.0f MiB", double(t.heldBytes) / kMiB, double(t.budget) / kMiB);
    line += text;
  }
  std::snprintf(text, sizeof text, ", %.0f MiB resident", double(residentBytes) / kMiB);
  line += text;
  if (heapInUseBytes) {
    std::snprintf(text, sizeof text, " (heap %.0f MiB in use)", double(heapInUseBytes) / kMiB);
    line += text;
  }
  // One line: systemd reads a new line as the next assignment (a server's
  // error text may hold one).
  std::replace_if(line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return line;
}

std::function<void(const char*, double)> loadProgressPrinter(std::chrono::steady_clock::time_point start) {
  const bool terminal = isatty(fileno(stderr));
  auto last = std::make_shared<std::pair<std::string, int>>("", -1);
  return [=](const char* stage, double fraction) {
    if (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) return;  // a small city: nothing to watch
    const int percent = int(fraction * 100);
    const int step = terminal ? percent : percent / 25 * 25;
    if (last->first == stage && last->second == step) return;
    *last = {stage, step};
    if (terminal) std::fprintf(stderr, "\rcitywall: building the city: %s %3d %%%s", stage, percent, percent >= 100 ? "\n" : "");
    else std::fprintf(stderr, "citywall: building the city: %s %d %%\n", stage, step);
  };
}

void uploadCity(renderer::Renderer& renderer, scene::CityModel& city) {
  renderer.setCity(city);
  city.releaseBuildingMesh();
  endHugePages();  // only loading gains from them (app/huge_page_heap.h)
  malloc_trim(0);  // loading's freed heap (about half a gigabyte for Manhattan) and the mesh go back to the system now
}

std::string describeLoad(const scene::CityModel& city, double seconds) {
  const auto& r = city.report;
  char line[512];
  std::snprintf(line, sizeof line,
                "citywall: %zu buildings from %zu features in %.2f s (%zu repaired, %zu skipped: %zu degenerate, %zu not "
                "polygons, %zu bad coordinates, %zu without geometry; %zu default heights), %zu models, %.2f M triangles",
                r.buildings, r.features, seconds, r.repaired, r.skipped, r.skippedDegenerate, r.skippedNotPolygon,
                r.skippedBadCoordinates, r.skippedNoGeometry, r.defaultHeights, city.modelInstances.size(),
                double(city.triangleCount()) / 1e6);
  std::string out = line;
  if (r.fromCache) out += " (buildings from the city cache)";
  if (!city.cacheNote.empty()) out += "\ncitywall: city cache: " + city.cacheNote;
  for (const auto& w : city.warnings) out += "\ncitywall: warning: " + w;
  return out;
}

uint32_t uiHeightFor(const config::AppOptions& o, uint32_t targetHeight) {
  return o.wall && (!o.wallPanels.empty() || o.wallCanvas) ? o.wall->panelHeight : targetHeight;
}

std::unique_ptr<ui::ImGuiHost> offscreenUi(const config::AppOptions& o, std::unique_ptr<renderer::Renderer>& r,
                                           const scene::CityModel& city, const scene::RegionSet* regions) {
  if (!o.ui) return nullptr;
  // Through the owner: after a lost device the renderer is another one
  // (app/renderer_rebuild.h), or none when making it failed.
  const ui::UiDeviceHooks hooks{[&r] { r->initUi(); }, [&r] { if (r) r->shutdownUi(); }};
  return std::make_unique<ui::ImGuiHost>(hooks, uiHeightFor(o, r->height()), nullptr, o.uiScale, *scene::themeByName(o.theme), o.language,
                                         regionNamesOf(regions) + categoryGlyphs(o) + mapNamesOf(city));
}

}  // namespace citywall::app
