// Drills: the scenario file, the runner's clock and pauses, drill data kept
// apart from the real KPIs, and a drill recorded and replayed with its
// banner. The bundled example drills load and every message in them decodes.

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "app/frame_loop.h"
#include "assets/tiles3d/tileset_streamer.h"
#include "config/config_file.h"
#include "config/drill_file.h"
#include "feed/journal_player.h"
#include "live/store.h"
#include "renderer/null_renderer.h"
#include "test_support.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kNow = 1795314600000;  // 2026-11-22 10:30 +08:00

const char* kDrill = R"toml(
[drill]
name = "演练 test"

[[step]]
at = 0
caption = "start"
sensor = { id = "D-AQ", kind = "air_quality", lon = 121.49, lat = 31.24, thresholds = { pm25 = { warn = 75, alarm = 150 } } }

[[step]]
at = 2
case = { id = "D-1", status = "reported", category = "safety.hazmat", priority = 1, lon = 121.49, lat = 31.24 }
mark = { id = "cordon", lon = 121.49, lat = 31.24, radius_m = 200 }

[[step]]
at = 4
ramp = { sensor = "D-AQ", metric = "pm25", from = 50, to = 200, over = 4, every = 2 }

[[step]]
at = 6
pause = true
caption = "briefing"

[[step]]
at = 7
case = { id = "D-1", status = "dispatched" }
fly_to = "外滩"
)toml";

live::CaseUpdate realCase(const std::string& id, live::TimeMs t) {
  live::CaseUpdate u;
  u.id = id, u.time = t, u.category = "city.road", u.position = live::LonLat{121.49, 31.24}, u.priority = 1;
  return u;
}

}  // namespace

TEST(DrillFile, StepsRampsAndEveryProblemWithItsLine) {
  const feed::DrillScript script = config::parseDrill(kDrill, "test.toml");
  EXPECT_EQ(script.name, "演练 test");
  // caption + sensor, case + mark, ramp of 3 readings, pause + caption, case + flight
  ASSERT_EQ(script.steps.size(), 11u);
  EXPECT_EQ(script.steps[3].kind, feed::DrillStep::Kind::mark);
  EXPECT_EQ(script.steps[4].at, 4000);
  EXPECT_NE(script.steps[4].text.find("50"), std::string::npos) << script.steps[4].text;
  EXPECT_EQ(script.steps[6].at, 8000);
  EXPECT_NE(script.steps[6].text.find("200"), std::string::npos) << script.steps[6].text;
  try {
    config::parseDrill(R"toml(
[drill]
name = "bad"
[[step]]
at = 1
case = { id = "x", status = "exploded" }
[[step]]
at = -1
caption = "when?"
[[step]]
at = 2
teleport = true
[[step]]
at = 3
alarm = { id = "a", level = "alarm", time = 5 }
[[step]]
at = 4
ramp = { sensor = "D-AQ", metric = "pm25", from = 50, to = 200, over = 8e7 }
)toml", "bad.toml");
    FAIL() << "a bad drill loaded";
  } catch (const config::ConfigError& e) {
    ASSERT_EQ(e.problems().size(), 5u) << e.what();
    EXPECT_NE(e.problems()[4].find("bad.toml:18: step.ramp: over / every gives 16000000 readings; at most 10000"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[0].find("bad.toml:6: step.case: the message is refused (bad_value"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[1].find("bad.toml:7:"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[2].find("step.teleport: unknown"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[3].find("time and drill are the drill's own"), std::string::npos) << e.what();
  }
}

TEST(DrillFile, TheBundledDrillsLoad) {
  for (const char* name : {"chemical_leak", "flood"}) {
    const auto script = config::loadDrill(std::string(CITYWALL_SOURCE_DIR) + "/drills/" + name + ".toml");
    EXPECT_FALSE(script.name.empty()) << name;
    EXPECT_GT(script.steps.size(), 20u) << name;
  }
}

TEST(DrillRunner, StepsComeDueOnTheClockAndAPauseHoldsIt) {
  feed::DrillRunner runner(config::parseDrill(kDrill, "test.toml"));
  feed::DrillOutput out;
  runner.advance(kNow, out);  // starts: the caption and the sensor
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_EQ(out.frames[0].rfind("{\"time\":" + std::to_string(kNow) + ",\"drill\":true,\"type\":\"sensor\"", 0), 0u)
      << out.frames[0];
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0]->text, "start");
  out = {};
  runner.advance(kNow + 5000, out);  // the case and the ramp's first reading
  EXPECT_EQ(out.frames.size(), 2u);
  out = {};
  runner.advance(kNow + 60000, out);  // the reading at 6 s, then the pause (its caption first): nothing after it
  EXPECT_TRUE(runner.paused());
  EXPECT_EQ(out.frames.size(), 1u);
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0]->text, "briefing");
  EXPECT_EQ(runner.elapsed(), 6000);
  out = {};
  runner.advance(kNow + 120000, out);  // still paused: the drill's clock stands
  EXPECT_TRUE(out.frames.empty());
  EXPECT_EQ(runner.elapsed(), 6000);
  runner.resume();
  runner.advance(kNow + 122000, out);
  EXPECT_EQ(out.frames.size(), 2u);  // the dispatch and the last reading, two drill seconds after the pause
  ASSERT_EQ(out.actions.size(), 1u);  // the flight
  EXPECT_EQ(out.actions[0]->kind, feed::DrillStep::Kind::bookmark);
  EXPECT_TRUE(runner.finished());
}

TEST(DrillStore, DrillCasesAreShownButNeverCountedAsReal) {
  live::Store store;
  live::CaseUpdate drill = realCase("D-1", kNow);
  drill.drill = true;
  ASSERT_FALSE(store.apply(realCase("R-1", kNow)));
  ASSERT_FALSE(store.apply(drill));
  store.tick(kNow + 3 * live::kHour);  // both past the priority-1 limit
  const auto& c = store.cases();
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.drillCases(), 1u);
  EXPECT_EQ(c.countedCases(), 1u);
  EXPECT_EQ(c.open(), 1u);
  EXPECT_EQ(c.overdue(), 1u);
  EXPECT_EQ(c.reportedToday(), 1u);
  EXPECT_EQ(c.byCategory().size(), 1u);
  EXPECT_TRUE(c.find("D-1")->overdue) << "the drill's case itself shows as overdue";
  // A drill never moves a real case, nor a feed a drill's.
  live::CaseUpdate closeReal = realCase("R-1", kNow + 1000);
  closeReal.status = live::CaseStatus::closed, closeReal.drill = true;
  EXPECT_EQ(store.apply(closeReal), live::RejectReason::badValue);
  live::CaseUpdate closeDrill = realCase("D-1", kNow + 1000);
  closeDrill.status = live::CaseStatus::closed;
  EXPECT_EQ(store.apply(closeDrill), live::RejectReason::badValue);
  // Sensors: a drill's alarm is raised (the wall shows it) but not counted.
  live::SensorUpdate sensor{"D-AQ", "air_quality", {121.49, 31.24}, std::nullopt, {{"pm25", 75, 150}}, true};
  ASSERT_FALSE(store.apply(sensor));
  ASSERT_FALSE(store.apply(live::Observation{"D-AQ", kNow, {{"pm25", 300}}, true}));
  EXPECT_EQ(store.sensors().alarmsActive(), 0u);
  ASSERT_FALSE(store.sensors().raisedLog().empty());
  EXPECT_TRUE(store.sensors().raisedLog().back().drill);
  EXPECT_EQ(store.apply(live::Observation{"D-AQ", kNow, {{"pm25", 1}}, false}), live::RejectReason::badValue);
  // A deployment that counts its drills.
  live::StoreConfig counting;
  counting.cases.countDrill = true;
  live::Store all(counting);
  all.apply(realCase("R-1", kNow));
  all.apply(drill);
  EXPECT_EQ(all.cases().open(), 2u);
}

// A drill over a wall that records: the drill's messages and its banner go
// into the journal, and the replay shows the same cases and banner.
TEST(DrillRunner, ADrillIsRecordedAndReplayed) {
  const std::string dir = test::tempDir("drill-journal");
  const std::string file = test::writeFile(test::tempDir("drill-file"), "d.toml", kDrill);
  config::AppOptions options;
  options.camera = config::CameraSpec{121.4905, 31.2397, 900, 0, 40};
  options.alertFocus.enabled = false;
  options.drillFile = file;
  options.drillAt = 3.0;
  const scene::CityModel city = test::oneTower();
  {
    feed::LiveSession live({}, {}, feed::JournalOptions{dir});
    live.setFixedClock(kNow);
    auto r = renderer::Renderer::createNull(800, 600);
    app::FrameLoop loop(options, city, nullptr, live, *r, nullptr);
    loop.step({{}, 0, 0, 800, 600});
    EXPECT_EQ(live.store().cases().drillCases(), 1u);
    EXPECT_EQ(live.store().cases().open(), 0u);
    live.flushJournal();
  }
  size_t drillRecords = 0, banners = 0, marks = 0;
  feed::JournalReader(dir).forEach(0, std::numeric_limits<live::TimeMs>::max(), [&](const feed::JournalRecord& rec) {
    drillRecords += rec.channel == feed::JournalChannel::drill;
    banners += rec.channel == feed::JournalChannel::operatorAction && rec.bytes.find("\"cmd\":\"drill\"") != std::string::npos;
    marks += rec.channel == feed::JournalChannel::operatorAction && rec.bytes.find("\"cmd\":\"mark_area\"") != std::string::npos;
  });
  EXPECT_EQ(drillRecords, 2u);  // the sensor and the case (3 s in)
  EXPECT_EQ(banners, 1u);
  EXPECT_EQ(marks, 1u);

  config::AppOptions replayOptions = options;
  replayOptions.drillFile.clear();
  feed::LiveSession replay({});
  replay.startReplay(std::make_unique<feed::JournalPlayer>(dir), 1.0);  // a second of the journal each frame
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(replayOptions, city, nullptr, replay, *r, nullptr);
  loop.step({{}, 0, 0, 800, 600});
  loop.step({{}, 0, 0, 800, 600});
  EXPECT_EQ(replay.store().cases().drillCases(), 1u);
  EXPECT_EQ(replay.store().cases().open(), 0u);
  EXPECT_EQ(replay.store().sensors().drillItems(), 1u);
  EXPECT_TRUE(loop.wallView().drillShown) << "the drill's banner, replayed from the journal (its first moment)";
  ASSERT_EQ(loop.scene().marks().size(), 1u) << "the drill's mark, replayed from the journal";
  EXPECT_EQ(loop.scene().marks()[0].id, "cordon");
}

// A drill takes a tower off the wall to show the site behind it, and puts it
// back: the building by its source's id (the one its card shows); an id the
// city does not hold is told and counted, and the drill goes on.
TEST(DrillRunner, HideAndShowTakeABuildingOffTheWallByItsSourceId) {
  const feed::DrillScript script = config::parseDrill(R"toml(
[drill]
name = "hide"
[[step]]
at = 1
hide = 4242
[[step]]
at = 1
hide = 99
[[step]]
at = 2
show = 4242
[[step]]
at = 3
show = "all"
)toml", "hide.toml");
  ASSERT_EQ(script.steps.size(), 4u);
  EXPECT_EQ(script.steps[0].kind, feed::DrillStep::Kind::hide);
  EXPECT_EQ(script.steps[0].text, "4242");
  EXPECT_EQ(script.steps[2].kind, feed::DrillStep::Kind::show);
  EXPECT_EQ(script.steps[3].kind, feed::DrillStep::Kind::show);
  EXPECT_EQ(script.steps[3].text, "");
  try {
    config::parseDrill("[drill]\nname = \"bad\"\n[[step]]\nat = 1\nhide = \"all\"\n[[step]]\nat = 2\nshow = true\n", "bad.toml");
    FAIL() << "a bad drill loaded";
  } catch (const config::ConfigError& e) {
    ASSERT_EQ(e.problems().size(), 2u) << e.what();
    EXPECT_NE(e.problems()[0].find("bad.toml:5: step.hide: a building's id"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[1].find("bad.toml:8: step.show: a building's id (its source's, e.g. the OSM way id, or a 3D Tiles building's id) or \"all\""),
              std::string::npos)
        << e.what();
  }
  // On the wall (the tower of the test city is source id 4242).
  const std::string dir = test::tempDir("drill-hide");
  const std::string file = test::writeFile(dir, "hide.toml",
                                           "[drill]\nname = \"hide\"\n[[step]]\nat = 1\nhide = 4242\n[[step]]\nat = 1\nhide = 99\n"
                                           "[[step]]\nat = 3\nshow = 4242\n");
  config::AppOptions options;
  options.camera = config::CameraSpec{121.4905, 31.2397, 900, 0, 40};
  options.alertFocus.enabled = false;
  options.drillFile = file;
  options.drillAt = 2.0;  // after the hide, before the show
  const scene::CityModel city = test::oneTower();
  ASSERT_EQ(city.buildings[0].id, 4242);
  feed::LiveSession live({});
  live.setFixedClock(kNow);
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(options, city, nullptr, live, *r, nullptr);
  loop.step({{}, 0, 0, 800, 600});
  ASSERT_EQ(loop.hiddenBuildings().size(), 1u);
  EXPECT_EQ(loop.hiddenBuildings()[0], (scene::BuildingRef{-1, 0, {}}));
  EXPECT_EQ(loop.failedCommands(), 1u) << "no building 99 here";
  const auto& styled = static_cast<renderer::NullRenderer&>(*r).lastView().buildings.styled;
  ASSERT_EQ(styled.size(), 1u);
  EXPECT_TRUE(styled[0].second.hidden);
  // Past the show: it stands again.
  options.drillAt = 4.0;
  feed::LiveSession later({});
  later.setFixedClock(kNow);
  app::FrameLoop after(options, city, nullptr, later, *r, nullptr);
  after.step({{}, 0, 0, 800, 600});
  EXPECT_TRUE(after.hiddenBuildings().empty());
  EXPECT_TRUE(static_cast<renderer::NullRenderer&>(*r).lastView().buildings.styled.empty());

  // Over a 3D Tiles city: an id the city's buildings lack names a tile
  // building by its id property (text or a number), hidden before its tiles
  // are in and when they come; 4242 is still the city's tower.
  const std::string tiles = test::writeFile(dir, "tiles.toml",
                                            "[drill]\nname = \"tiles\"\n[[step]]\nat = 1\nhide = \"1003\"\n[[step]]\nat = 1\n"
                                            "hide = 1005\n[[step]]\nat = 1\nhide = 4242\n[[step]]\nat = 3\nshow = 1005\n");
  options.drillFile = tiles;
  options.drillAt = 2.0;
  options.tilesets.push_back({test::sourceDir() + "/tests/data/3dtiles/blocks/tileset.json",
                              assets::tiles3d::TilesetPlacement{121.4905, 31.2397, 0, 0, 1}});
  feed::LiveSession overTiles({});
  overTiles.setFixedClock(kNow);
  app::FrameLoop withTiles(options, city, nullptr, overTiles, *r, nullptr);
  withTiles.step({{}, 0, 0, 800, 600});
  EXPECT_EQ(withTiles.hiddenBuildings(),
            (std::vector<scene::BuildingRef>{{0, 0, "1003"}, {0, 0, "1005"}, {-1, 0, {}}}));
  EXPECT_EQ(withTiles.failedCommands(), 0u);
  for (int i = 0; i < 400 && (i < 2 || withTiles.mapTilesLoading()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    withTiles.step({{}, 1.0 / 60, 0, 800, 600});
  }
  std::set<std::string> hiddenKeys;
  for (const auto& [n, style] : static_cast<renderer::NullRenderer&>(*r).lastView().buildings.styled)
    if (style.hidden) hiddenKeys.insert(n < city.buildings.size() ? "city" : withTiles.tilesets()->feature(n)->key);
  EXPECT_EQ(hiddenKeys, (std::set<std::string>{"city", "1003", "1005"}));
}
