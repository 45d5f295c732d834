// live_wiring.cpp — what the runs share about the live side: feed options
// from the command line, the overlay's live lines, the final state dump.

#include <cstdio>

#include "app/runs.h"
#include "app/state_dump.h"

namespace citywall::app {

scene::RegionMetric regionMetricFrom(const AppOptions& o) {
  if (o.regionsMetric == "overdue") return scene::RegionMetric::overdue;
  if (o.regionsMetric == "new") return scene::RegionMetric::newLastHour;
  return scene::RegionMetric::open;
}

std::vector<feed::FeedOptions> feedOptionsFrom(const AppOptions& o) {
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

std::string categoryGlyphs(const AppOptions& o) {
  std::string all;
  for (const auto& c : o.categories.all()) all += c.nameZh + c.nameEn;
  for (const auto& b : o.bookmarks) all += b.name;
  return all;
}

std::vector<std::string> liveLines(const LiveSession& live, ui::Language language) {
  const auto feeds = live.feeds();
  if (feeds.empty()) return {};
  const ui::Strings& s = ui::strings(language);
  const auto& cases = live.store().cases();
  const auto& sensors = live.store().sensors();
  char buf[256];
  std::vector<std::string> lines;
  std::snprintf(buf, sizeof buf, s.cases, cases.size(), cases.open(), cases.overdue(), cases.closedToday());
  lines.push_back(buf);
  std::snprintf(buf, sizeof buf, s.sensors, sensors.all().size(), sensors.alarmsActive(), sensors.warningsActive());
  lines.push_back(buf);
  for (const auto& f : feeds) {
    std::snprintf(buf, sizeof buf, s.feed, s.feedStates[size_t(f.state)], (unsigned long long)f.decode.events,
                  (unsigned long long)f.decode.rejected.total());
    lines.push_back(buf);
  }
  return lines;
}

bool finishDump(const AppOptions& o, const LiveSession& live) {
  if (o.dumpState.empty()) return true;
  std::string error;
  if (!writeStateDump(live, live.clockNow(), o.dumpState, error)) {
    std::fprintf(stderr, "citywall: %s\n", error.c_str());
    return false;
  }
  std::printf("citywall: wrote %s (%zu cases, %zu sensors)\n", o.dumpState.c_str(), live.store().cases().size(),
              live.store().sensors().all().size());
  return true;
}

}  // namespace citywall::app
