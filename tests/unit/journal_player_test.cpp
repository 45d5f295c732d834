// Playing a journal: the store follows the replay's clock, at any speed;
// moving back rebuilds it from the start; a loop starts over; the frame
// step's scene follows a rebuilt store; replay keys are commands.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <sqlite3.h>

#include "app/frame_loop.h"
#include "feed/journal_player.h"
#include "renderer/null_renderer.h"
#include "ui/timeline.h"
#include "test_support.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kT0 = 1764577500000;

// Ten cases, one a second from kT0, each a frame (and a chunk) of its own,
// with `extra` records (operator actions) among them by time.
std::string journalOfTenCases(const std::string& name, std::vector<feed::JournalRecord> extra = {}) {
  const std::string dir = test::tempDir(name);
  feed::JournalWriter writer({dir});
  writer.addFeed("ws://test");
  for (int i = 0; i < 10; ++i) {
    for (auto& e : extra)
      if (e.received < kT0 + i * 1000 && !e.bytes.empty()) writer.record(std::exchange(e, {}));
    const std::string frame = R"({"type":"case","seq":)" + std::to_string(i + 1) + R"(,"id":"c)" + std::to_string(i) +
                              R"(","time":)" + std::to_string(kT0 + i * 1000) +
                              R"(,"status":"reported","category":"city.road","lon":121.4905,"lat":31.2397})";
    writer.record({feed::JournalChannel::feedFrame, 0, kT0 + i * 1000, frame});
    writer.flush();
  }
  return dir;
}

// An operator's action as the frame step journals it (lasting or not).
feed::JournalRecord action(live::TimeMs t, const ui::Command& c) {
  return {feed::JournalChannel::operatorAction, ui::lasting(c) ? feed::kLastingAction : uint16_t(0), t, ui::toJson(c)};
}

std::vector<std::string> jsonOf(const ui::Commands& commands) {
  std::vector<std::string> out;
  for (const auto& c : commands) out.push_back(ui::toJson(c));
  return out;
}

// A new case reported now (a live wall's frame).
std::string caseNow(const std::string& id) {
  return R"({"type":"case","id":")" + id + R"(","time":)" + std::to_string(feed::wallClockNow()) +
         R"(,"status":"reported","category":"city.road","lon":121.4905,"lat":31.2397})";
}

// Options and a city for a frame step over a replay: markers one per case.
struct ReplayWall {
  config::AppOptions options;
  scene::CityModel city = test::oneTower();
  ReplayWall() {
    options.camera = config::CameraSpec{121.4905, 31.2397, 900, 0, 40};
    options.alertFocus.enabled = false;
    options.layers.clusters = false;
  }
};

}  // namespace

TEST(JournalPlayer, TheStoreFollowsTheReplayClock) {
  feed::JournalPlayer player(journalOfTenCases("player-clock"));
  ASSERT_EQ(player.frames(), 10u);
  EXPECT_EQ(player.begin(), kT0);
  EXPECT_EQ(player.end(), kT0 + 9000);
  live::Store store;
  player.seek(player.begin(), store);
  EXPECT_EQ(store.cases().size(), 1u);
  player.setSpeed(2);
  EXPECT_FALSE(player.advance(1.5, store));  // 3 s of journal time
  EXPECT_EQ(player.time(), kT0 + 3000);
  EXPECT_EQ(store.cases().size(), 4u);
  EXPECT_EQ(store.cases().now(), kT0 + 3000);
  // Back: the store is rebuilt from the start and stands at the new time.
  EXPECT_TRUE(player.seek(kT0 + 1500, store));
  EXPECT_EQ(store.cases().size(), 2u);
  // Paused, time stands; speed is clamped.
  player.setPlaying(false);
  player.advance(5, store);
  EXPECT_EQ(player.time(), kT0 + 1500);
  player.setSpeed(5000);
  EXPECT_EQ(player.speed(), 1000);
  // Past the end it holds the last moment, or loops.
  player.setPlaying(true);
  player.advance(1, store);
  EXPECT_EQ(player.time(), player.end());
  EXPECT_FALSE(player.playing());
  EXPECT_EQ(store.cases().size(), 10u);
  player.loop = true;
  player.setPlaying(true);
  EXPECT_TRUE(player.advance(1, store));
  EXPECT_EQ(player.time(), player.begin());
  EXPECT_EQ(store.cases().size(), 1u);
}

TEST(JournalPlayer, TheFrameStepFollowsAReplayThatMovesBack) {
  const std::string dir = journalOfTenCases("player-frame-loop");
  const ReplayWall w;
  const config::AppOptions& options = w.options;
  const scene::CityModel& city = w.city;
  feed::LiveSession live({});
  live.startReplay(std::make_unique<feed::JournalPlayer>(dir), 1.0);  // each frame: one second of replay
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(options, city, nullptr, live, *r, nullptr);
  auto& null = static_cast<renderer::NullRenderer&>(*r);
  loop.step({});
  EXPECT_EQ(live.clockNow(), kT0 + 1000);
  EXPECT_EQ(null.lastView().markers.instances.size(), 2u);
  loop.step({{ui::Replay{ui::ReplayAction::faster}}});  // ×2 from this frame on
  EXPECT_EQ(live.clockNow(), kT0 + 2000);
  loop.step({});
  EXPECT_EQ(live.clockNow(), kT0 + 4000);
  EXPECT_EQ(null.lastView().markers.instances.size(), 5u);
  // Ten seconds back: the store is rebuilt, and the scene with it.
  loop.step({{ui::Replay{ui::ReplayAction::playPause}, ui::Replay{ui::ReplayAction::back}}});
  loop.step({});
  EXPECT_EQ(live.clockNow(), kT0);
  EXPECT_EQ(live.store().cases().size(), 1u);
  EXPECT_EQ(null.lastView().markers.instances.size(), 1u);
  EXPECT_EQ(live.replay()->speed(), 2);
  EXPECT_FALSE(live.replay()->playing());
  // The timeline's seek is a command like any other.
  loop.step({{ui::SeekReplay{kT0 + 6500}}});
  EXPECT_EQ(live.clockNow(), kT0 + 6500);
  EXPECT_EQ(null.lastView().markers.instances.size(), 7u);
}

TEST(JournalPlayer, OperatorActionsAreDoneAgainWhenTheyWereDone) {
  const std::string dir = journalOfTenCases(
      "player-actions", {{feed::JournalChannel::operatorAction, 0, kT0 + 2500, ui::toJson(ui::ToggleLayer{ui::LayerId::heat})},
                         {feed::JournalChannel::operatorAction, 0, kT0 + 3500, ui::toJson(ui::SelectCase{"c1", false})}});
  const ReplayWall w;
  const config::AppOptions& options = w.options;
  const scene::CityModel& city = w.city;
  feed::LiveSession live({});
  live.startReplay(std::make_unique<feed::JournalPlayer>(dir), 1.0);
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(options, city, nullptr, live, *r, nullptr);
  auto& null = static_cast<renderer::NullRenderer&>(*r);
  loop.step({});
  loop.step({});  // kT0 + 2 s
  EXPECT_TRUE(null.lastView().heat.present());
  loop.step({});  // + 3 s: the heat was switched off at 2.5 s
  EXPECT_FALSE(null.lastView().heat.present());
  EXPECT_TRUE(loop.scene().selection().empty());
  loop.step({});  // + 4 s: c1 was selected at 3.5 s
  EXPECT_EQ(loop.scene().selection().caseSlot, live.store().cases().slotOf("c1"));
}

// A jump hands over what the operators had set by the moment it lands on
// (the lasting actions up to it, in order); the ones it passes that set
// nothing lasting (a flight) are not done again. A journal written before
// lasting actions were listed jumps as before: nothing handed over.
TEST(JournalPlayer, AJumpHandsOverWhatTheOperatorsHadSetByThen) {
  const ui::Command mark = ui::MarkArea{{"cordon", 121.4905, 31.2397, 200, 0xff3b30a0u}};
  const ui::Command fly = ui::FlyTo{{121.5, 31.24, 900, 0, 45}};
  const ui::Command heatOff = ui::ToggleLayer{ui::LayerId::heat};
  const ui::Command unmark = ui::ClearMark{"cordon"};
  const std::string dir = journalOfTenCases(
      "player-jump", {action(kT0, mark), action(kT0, fly), action(kT0 + 2500, heatOff), action(kT0 + 3500, fly), action(kT0 + 5500, unmark)});
  {
    feed::JournalPlayer player(dir);
    live::Store store;
    std::vector<std::string> due;
    player.seek(player.begin(), store);  // the start: its first moment's actions, the lasting ones as a jump's
    EXPECT_EQ(player.takeJump(), jsonOf({mark}));
    player.takeActions(due);
    EXPECT_EQ(due, jsonOf({fly}));
    EXPECT_FALSE(player.takeJump()) << "taken";
    due.clear();
    player.seek(kT0 + 3000, store);
    EXPECT_EQ(player.takeJump(), jsonOf({mark, heatOff}));
    player.takeActions(due);
    EXPECT_TRUE(due.empty()) << "a jump does not fly to where the operators flew on the way";
    player.seek(kT0 + 1000, store);  // back, before the heat was switched off
    EXPECT_EQ(player.takeJump(), jsonOf({mark}));
    player.seek(kT0 + 6000, store);  // past the cordon's end
    EXPECT_EQ(player.takeJump(), jsonOf({mark, heatOff, unmark}));
    player.seek(kT0 + 1000, store);
    player.takeJump();
    player.advance(3.0, store);  // playing through: every action as it comes, no jump
    EXPECT_FALSE(player.takeJump());
    player.takeActions(due);
    EXPECT_EQ(due, jsonOf({heatOff, fly}));
  }
  // Written by an older build: no list of lasting actions in its segments.
  for (const auto& segment : std::filesystem::directory_iterator(dir)) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(segment.path().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "DROP TABLE lasting_actions", nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  feed::JournalPlayer old(dir);
  live::Store store;
  std::vector<std::string> due;
  old.seek(old.begin(), store);
  EXPECT_FALSE(old.takeJump());
  old.takeActions(due);
  EXPECT_EQ(due, jsonOf({mark, fly})) << "the first moment's actions, all of them, as before";
  old.seek(kT0 + 6000, store);
  EXPECT_FALSE(old.takeJump());
}

// Scrubbing a recorded drill: wherever the replay lands, the wall shows the
// layers, marked areas and banner as they stood then (forward and back),
// while the camera stays the viewer's. What the recording wall did with its
// own replay controls (a look back) and its console is not done to the replay.
TEST(JournalPlayer, AReplayThatJumpsShowsTheLayersMarksAndBannerAsTheyStoodThen) {
  const ui::DrillBanner first{"演练", "第一步", false}, second{"演练", "第二步", false};
  const std::string dir = journalOfTenCases(
      "player-jump-frame", {action(kT0 + 500, first), action(kT0 + 1500, ui::MarkArea{{"疏散区", 121.4905, 31.2397, 300, 0xff3b30a0u}}),
                            action(kT0 + 2500, ui::ToggleLayer{ui::LayerId::heat}), action(kT0 + 2600, ui::HideBuilding{{-1, 0, {}}}), action(kT0 + 3500, ui::FlyTo{{121.52, 31.25, 700, 90, 60}}),
                            action(kT0 + 4500, ui::Replay{ui::ReplayAction::playPause}), action(kT0 + 4600, ui::SeekReplay{kT0}),
                            action(kT0 + 4700, ui::WallBlank{1, true}), action(kT0 + 4800, ui::Toggle{ui::Setting::ui}),
                            action(kT0 + 5500, ui::ClearMark{"疏散区"}), action(kT0 + 5500, second)});
  const ReplayWall w;
  feed::LiveSession live({});
  live.startReplay(std::make_unique<feed::JournalPlayer>(dir), 1.0);  // a second of the journal each frame
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(w.options, w.city, nullptr, live, *r, nullptr);
  auto& null = static_cast<renderer::NullRenderer&>(*r);
  const auto shown = [&](const char* caption, size_t marks, bool heat) {
    const wall::WallView v = loop.wallView();
    EXPECT_EQ(v.drillShown, caption != nullptr);
    if (caption) {
      EXPECT_EQ(v.drillCaption, caption);
    }
    EXPECT_EQ(loop.scene().marks().size(), marks);
    EXPECT_EQ(null.lastView().heat.present(), heat);
    EXPECT_EQ(loop.hiddenBuildings().size(), heat ? 0u : 1u) << "the tower was hidden just after the heat went off";
  };
  loop.step({});  // kT0 + 1 s
  {
    SCOPED_TRACE("played to 1 s");
    shown("第一步", 0, true);
  }
  const scene::MapCamera camera = loop.scene().camera();
  loop.step({{ui::SeekReplay{kT0 + 3000}}});
  {
    SCOPED_TRACE("jumped to 3 s");
    shown("第一步", 1, false);
  }
  EXPECT_EQ(loop.scene().camera().target, camera.target) << "the viewer's camera stays";
  loop.step({{ui::SeekReplay{kT0 + 200}}});
  {
    SCOPED_TRACE("back to 0.2 s: before the banner");
    shown(nullptr, 0, true);
  }
  loop.step({{ui::SeekReplay{kT0 + 7000}}});
  {
    SCOPED_TRACE("on to 7 s");
    shown("第二步", 0, false);
  }
  loop.step({{ui::SeekReplay{kT0 + 2000}}});
  {
    SCOPED_TRACE("back to 2 s");
    shown("第一步", 1, true);
  }
  for (int i = 0; i < 4; ++i) loop.step({});  // plays on through 4.5 s and 4.6 s: the recorder's own look back
  EXPECT_TRUE(live.replay()->playing()) << "a recorded pause does not pause the replay";
  EXPECT_GE(live.replay()->time(), kT0 + 5000) << "nor does a recorded seek move it";
  EXPECT_TRUE(loop.wallBlanked().empty()) << "nor is a panel blanked";
  EXPECT_TRUE(loop.showUi());
  {
    SCOPED_TRACE("played to 6 s");
    shown("第二步", 0, false);
  }
}

TEST(Commands, EveryReplayedCommandRoundTripsThroughJson) {
  scene::MapCamera camera;
  camera.target = {12.5, -7.25, 3}, camera.distance = 850, camera.heading = 30, camera.pitch = 55;
  const ui::Commands all = {ui::FlyTo{{121.5, 31.2, 900, 10, 45}, 2.5}, ui::SelectCase{"SR-1 \"x\"", true},
                            ui::SelectSensor{"aq-1", false}, ui::ClearSelection{},
                            ui::SetLayerVisible{ui::LayerId::sensorField, true}, ui::ToggleLayer{ui::LayerId::regions},
                            ui::SetLanguage{false}, ui::GoToBookmark{"外滩"}, ui::GoToBookmarkNumber{3}, ui::SetTour{true},
                            ui::SetAlertsPaused{true}, ui::FitCity{}, ui::SetCamera{camera}, ui::PickAt{100.5, 200},
                            ui::Toggle{ui::Setting::carousel}, ui::SetTheme{"day"},
                            ui::MarkArea{{"疏散区", 121.4935, 31.247, 300.5, 0xff3b30a0u}}, ui::ClearMark{"cordon"}, ui::ClearMark{""},
                            ui::HideBuilding{{-1, 12, {}}}, ui::HideBuilding{{2, 0, "SH-黄浦-001 \"A\""}, false}, ui::ShowAllBuildings{}};
  for (const auto& c : all) {
    const std::string json = ui::toJson(c);
    const auto back = ui::commandFromJson(json);
    ASSERT_TRUE(back) << json;
    EXPECT_EQ(back->index(), c.index()) << json;
    EXPECT_EQ(ui::toJson(*back), json);
  }
  EXPECT_FALSE(ui::commandFromJson(ui::toJson(ui::SaveBookmark{})));  // a replay never writes the configuration
  EXPECT_FALSE(ui::commandFromJson(ui::toJson(ui::HideSelected{}))) << "the journal keeps the building it named";
  EXPECT_FALSE(ui::commandFromJson(R"({"cmd":"hide_building","tileset":0,"number":0,"identity":"","hidden":true})"))
      << "a tile building is named by its identity";
  EXPECT_FALSE(ui::commandFromJson(R"({"cmd":"from_the_future"})"));
  EXPECT_FALSE(ui::commandFromJson("not json"));
}

TEST(JournalPlayer, TheTimelineShowsHowBusyTheRangeWasAndWhereTheUrgentThingsAre) {
  feed::JournalPlayer player(journalOfTenCases("player-timeline"));
  const auto& d = player.density(3);  // 0–3 s, 3–6 s, 6–9 s
  EXPECT_EQ(d, (std::vector<uint32_t>{3, 3, 4}));
  EXPECT_TRUE(player.urgent().empty());  // priority 3 only
  ui::DashboardInput::ReplayStatus r;
  r.begin = player.begin(), r.end = player.end();
  EXPECT_EQ(ui::timelineTimeAt(r, 0.5), kT0 + 4500);
  EXPECT_EQ(ui::timelineTimeAt(r, -1), kT0);
  EXPECT_EQ(ui::timelineTimeAt(r, 2), kT0 + 9000);
}

// A live wall that records can look back: Space pauses it on its own
// journal (the feeds keep filling the live store meanwhile), the timeline
// and replay keys work, and playing on to where it paused — or End —
// returns it to live.
TEST(JournalPlayer, ALiveWallLooksBackAndReturnsToLive) {
  const std::string dir = test::tempDir("player-review");
  const ReplayWall w;
  feed::LiveSession live({}, {}, feed::JournalOptions{dir});
  live.injectDrill(caseNow("a"));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  live.injectDrill(caseNow("b"));
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(w.options, w.city, nullptr, live, *r, nullptr);
  loop.step({});
  EXPECT_FALSE(live.reviewing());
  loop.step({{ui::Replay{ui::ReplayAction::playPause}}});  // pause: a look back at this moment
  ASSERT_TRUE(live.reviewing());
  ASSERT_TRUE(live.replay());
  EXPECT_FALSE(live.replay()->playing());
  EXPECT_EQ(live.store().cases().size(), 2u);
  loop.step({{ui::SeekReplay{live.replay()->begin()}}});  // scrub back to the first case
  EXPECT_EQ(live.store().cases().size(), 1u);
  live.injectDrill(caseNow("c"));  // the city goes on meanwhile
  EXPECT_EQ(live.liveStore().cases().size(), 3u);
  EXPECT_EQ(live.store().cases().size(), 1u);
  // Playing on reaches the moment of the pause: live again, with what came since.
  live.replay()->setPlaying(true);
  for (int i = 0; i < 50 && live.reviewing(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    loop.step({});
  }
  EXPECT_FALSE(live.reviewing());
  EXPECT_EQ(live.store().cases().size(), 3u);
  EXPECT_EQ(static_cast<renderer::NullRenderer&>(*r).lastView().markers.instances.size(), 3u);
  // End returns at once.
  loop.step({{ui::Replay{ui::ReplayAction::back}}});
  EXPECT_TRUE(live.reviewing());
  loop.step({{ui::Replay{ui::ReplayAction::live}}});
  EXPECT_FALSE(live.reviewing());
}

// A live wall looking back shows what was set at the moment it looks at,
// and has its own back when it returns to live, with what the operators set
// meanwhile; the look back does not journal again what it plays.
TEST(JournalPlayer, ALookBackShowsWhatWasSetThenAndLiveGetsItsOwnBack) {
  const std::string dir = test::tempDir("player-review-state");
  const ReplayWall w;
  feed::LiveSession live({}, {}, feed::JournalOptions{dir});
  live.injectDrill(caseNow("a"));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(w.options, w.city, nullptr, live, *r, nullptr);
  loop.step({{ui::MarkArea{{"cordon", 121.4905, 31.2397, 300, 0xff3b30a0u}}}});
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  live.injectDrill(caseNow("b"));
  loop.step({{ui::Replay{ui::ReplayAction::playPause}}});  // look back from now
  ASSERT_TRUE(live.reviewing());
  EXPECT_EQ(loop.scene().marks().size(), 1u) << "now: the cordon stands";
  loop.step({{ui::SeekReplay{live.replay()->begin()}}});  // to the first case, before the cordon
  EXPECT_TRUE(loop.scene().marks().empty());
  loop.step({{ui::ToggleLayer{ui::LayerId::heat}}});  // an operator switches the heat off meanwhile
  EXPECT_FALSE(loop.scene().visible.heat);
  live.replay()->setPlaying(true);  // plays through the cordon, on to live
  for (int i = 0; i < 50 && live.reviewing(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    loop.step({});
  }
  ASSERT_FALSE(live.reviewing());
  EXPECT_EQ(loop.scene().marks().size(), 1u);
  EXPECT_FALSE(loop.scene().visible.heat) << "what was switched during the look back holds";
  loop.step({{ui::Replay{ui::ReplayAction::back}}});  // again, and back to live at once
  loop.step({{ui::SeekReplay{live.replay()->begin()}}});
  EXPECT_TRUE(loop.scene().marks().empty());
  loop.step({{ui::Replay{ui::ReplayAction::live}}});
  EXPECT_EQ(loop.scene().marks().size(), 1u);
  live.flushJournal();
  size_t marks = 0, toggles = 0;
  feed::JournalReader(dir).forEach(std::numeric_limits<live::TimeMs>::min(), std::numeric_limits<live::TimeMs>::max(),
                                   [&](const feed::JournalRecord& rec) {
                                     if (rec.channel != feed::JournalChannel::operatorAction) return;
                                     marks += rec.bytes.find(R"("cmd":"mark_area")") != std::string::npos;
                                     toggles += rec.bytes.find(R"("cmd":"toggle_layer")") != std::string::npos;
                                     const auto c = ui::commandFromJson(rec.bytes);
                                     EXPECT_EQ(rec.feed, c && ui::lasting(*c) ? feed::kLastingAction : 0) << rec.bytes;
                                   });
  EXPECT_EQ(marks, 1u) << "the look back played the cordon again without journaling it again";
  EXPECT_EQ(toggles, 1u);
}

// Shift-drag on the timeline loops a range; a typed speed sets the speed.
TEST(JournalPlayer, ARangeDrawnOnTheTimelinePlaysAgainAndAgain) {
  const ReplayWall w;
  feed::LiveSession live({});
  live.startReplay(std::make_unique<feed::JournalPlayer>(journalOfTenCases("player-loop")), 1.0);
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(w.options, w.city, nullptr, live, *r, nullptr);
  loop.step({{ui::LoopReplay{kT0 + 5000, kT0 + 2000}, ui::SetReplaySpeed{2}}});
  feed::JournalPlayer& p = *live.replay();
  ASSERT_TRUE(p.loopRange());
  EXPECT_EQ(p.loopRange()->first, kT0 + 2000);  // drawn right to left: the same range
  EXPECT_EQ(p.speed(), 2);
  EXPECT_GE(p.time(), kT0 + 2000);
  for (int i = 0; i < 6; ++i) {  // 1 s of wall time a step at ×2: twice round the 3 s range
    loop.step({});
    EXPECT_GE(p.time(), kT0 + 2000);
    EXPECT_LE(p.time(), kT0 + 5000);
    EXPECT_EQ(live.store().cases().size(), size_t((p.time() - kT0) / 1000 + 1)) << p.time() - kT0;
  }
  EXPECT_GE(p.rebuilds(), 3u);
  loop.step({{ui::LoopReplay{kT0, kT0}}});  // a Shift-click: the loop ends
  EXPECT_FALSE(p.loopRange());
}

// Dragging the timeline's playhead: the city follows the pointer while the
// drag goes on (preview seeks, shown in the frame that asked), and only
// where the drag ends goes into a recording wall's journal.
TEST(JournalPlayer, TheCityFollowsADragAndOnlyItsEndIsJournaled) {
  const std::string dir = test::tempDir("player-drag");
  const ReplayWall w;
  feed::LiveSession live({}, {}, feed::JournalOptions{dir});
  for (const char* id : {"a", "b", "c"}) {
    live.injectDrill(caseNow(id));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  auto r = renderer::Renderer::createNull(800, 600);
  app::FrameLoop loop(w.options, w.city, nullptr, live, *r, nullptr);
  loop.step({{ui::Replay{ui::ReplayAction::playPause}}});  // look back, paused now
  ASSERT_TRUE(live.reviewing());
  const live::TimeMs begin = live.replay()->begin();
  auto markers = [&] { return static_cast<renderer::NullRenderer&>(*r).lastView().markers.instances.size(); };
  // Back to the first case, forward to the second, back again: each frame shows where the pointer is.
  loop.step({{ui::SeekReplay{begin, true}}});
  EXPECT_EQ(live.store().cases().size(), 1u);
  EXPECT_EQ(markers(), 1u) << "the frame that asked shows it";
  loop.step({{ui::SeekReplay{begin + 35, true}}});
  // A preview seek waits while the one before is paid back (twice its time): frames go on meanwhile.
  auto settle = [&](live::TimeMs t) {
    for (int i = 0; i < 400 && live.replay()->time() != t; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      loop.step({});
    }
  };
  settle(begin + 35);
  EXPECT_EQ(live.store().cases().size(), 2u);
  loop.step({{ui::SeekReplay{begin + 1, true}}});
  settle(begin + 1);
  EXPECT_EQ(live.store().cases().size(), 1u);
  loop.step({{ui::SeekReplay{begin + 2}}});  // let go
  EXPECT_EQ(live.replay()->time(), begin + 2);
  EXPECT_EQ(live.store().cases().size(), 1u);
  loop.step({{ui::Replay{ui::ReplayAction::live}}});
  live.flushJournal();

  size_t seeks = 0, previews = 0;
  feed::JournalReader reader(dir);
  reader.forEach(std::numeric_limits<live::TimeMs>::min(), std::numeric_limits<live::TimeMs>::max(),
                 [&](const feed::JournalRecord& rec) {
                   if (rec.channel != feed::JournalChannel::operatorAction) return;
                   seeks += rec.bytes.find(R"("cmd":"seek")") != std::string::npos;
                   previews += rec.bytes.find("preview") != std::string::npos;
                 });
  EXPECT_EQ(seeks, 1u) << "where the drag ended, not the way there";
  EXPECT_EQ(previews, 0u);
}
