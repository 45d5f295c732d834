// The line a running wall gives systemd for `systemctl status`
// (app/wiring.h, serviceStatusLine): what an operator checks first.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/wiring.h"
#include "feed/live_session.h"
#include "test_support.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kNow = 1795314600000;  // 2026-11-22 10:30 +08:00
constexpr uint64_t kMiB = 1024 * 1024;

void applyCase(live::Store& store, const std::string& id, live::CaseStatus status) {
  live::CaseUpdate c;
  c.id = id, c.time = kNow, c.status = status, c.category = "city.road.pothole";
  c.position = live::LonLat{121.5, 31.24};
  store.apply(c);
}

}  // namespace

TEST(ServiceStatus, SaysWhatTheStoreHoldsAndTheMemory) {
  feed::LiveSession live({});
  live::Store& store = live.store();
  store.tick(kNow);
  applyCase(store, "A", live::CaseStatus::dispatched);
  applyCase(store, "B", live::CaseStatus::closed);
  applyCase(store, "C", live::CaseStatus::reported);
  live::AlarmUpdate alarm;
  alarm.id = "fire-1", alarm.time = kNow, alarm.level = live::AlarmLevel::alarm;
  store.apply(alarm);
  EXPECT_EQ(app::serviceStatusLine(live, nullptr, 812 * kMiB),
            "no feeds, 4 events applied, 2 open cases of 3 held, 1 sensor alarms, 812 MiB resident");
  // Once the heap trimmer has looked at the heap: how much of it is in use.
  EXPECT_EQ(app::serviceStatusLine(live, nullptr, 812 * kMiB, 301 * kMiB),
            "no feeds, 4 events applied, 2 open cases of 3 held, 1 sensor alarms, 812 MiB resident (heap 301 MiB in use)");
}

TEST(ServiceStatus, NamesTheFirstFeedThatIsDownAndWhy) {
  feed::FeedOptions down;
  down.url = "ws://127.0.0.1:1/feed";  // nothing listens on port 1
  down.backoffInitial = std::chrono::milliseconds(50);
  feed::LiveSession live({down});
  std::string line;
  for (int i = 0; i < 100; ++i) {  // until the first attempt has failed
    line = app::serviceStatusLine(live, nullptr, 0);
    if (line.find("waiting") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(line.rfind("feeds 0/1 connected (ws://127.0.0.1:1/feed: waiting, ", 0), 0u) << line;
  EXPECT_NE(line.find("), 0 events applied, 0 open cases of 0 held"), std::string::npos) << line;
}

TEST(ServiceStatus, SaysTheTilesHeldAgainstTheirBudget) {
  feed::LiveSession live({});
  assets::tiles3d::StreamOptions options;
  options.memoryBudget = size_t(48) << 20;
  const geo::GeoFrame frame({121.5, 31.24, 0});
  assets::tiles3d::TilesetStreamer tiles({{test::sourceDir() + "/tests/data/3dtiles/blocks/tileset.json", std::nullopt}}, frame, options);
  EXPECT_EQ(app::serviceStatusLine(live, &tiles, 3 * kMiB),
            "no feeds, 0 events applied, 0 open cases of 0 held, 0 sensor alarms, tiles 0 of 48 MiB, 3 MiB resident");
}
