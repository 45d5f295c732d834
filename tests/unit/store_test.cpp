// The live store's rules: lifecycle, history, aggregates, overdue, the clock,
// caps; sensors, thresholds with hysteresis, alarms.

#include <gtest/gtest.h>

#include "live/store.h"

using namespace citywall::live;

namespace {

constexpr TimeMs kT0 = 1763770530000;  // 2025-11-22 08:15:30 +08:00

CaseUpdate report(const std::string& id, TimeMs t, std::string category = "city.road.pothole", std::string grid = "HP-1",
                  uint8_t priority = 3) {
  CaseUpdate u;
  u.id = id;
  u.time = t;
  u.status = CaseStatus::reported;
  u.category = std::move(category);
  u.position = LonLat{121.47, 31.23};
  u.grid = std::move(grid);
  u.priority = priority;
  return u;
}

CaseUpdate update(const std::string& id, TimeMs t, CaseStatus s) {
  CaseUpdate u;
  u.id = id;
  u.time = t;
  u.status = s;
  return u;
}

}  // namespace

TEST(CaseStore, FollowsTheLifecycleAndKeepsEveryStep) {
  CaseStore s;
  ASSERT_FALSE(s.apply(report("a", kT0)));
  ASSERT_FALSE(s.apply(update("a", kT0 + 10 * kMinute, CaseStatus::filed)));
  ASSERT_FALSE(s.apply(update("a", kT0 + 30 * kMinute, CaseStatus::dispatched)));
  ASSERT_FALSE(s.apply(update("a", kT0 + 2 * kHour, CaseStatus::closed)));
  const CaseRecord* c = s.find("a");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, CaseStatus::closed);
  ASSERT_EQ(c->history.size(), 4u);
  EXPECT_EQ(*c->dispatchedAt - c->reportedAt, 30 * kMinute);
  EXPECT_EQ(*c->closedAt - c->reportedAt, 2 * kHour);
  EXPECT_EQ(*s.meanMinutesToDispatch(), 30.0);
  EXPECT_EQ(*s.meanMinutesToClose(), 120.0);
  EXPECT_EQ(s.byStatus()[size_t(CaseStatus::closed)], 1u);
  EXPECT_EQ(s.open(), 0u);
}

TEST(CaseStore, StateAtAnEarlierTimeComesFromTheHistory) {
  CaseStore s;
  s.apply(report("a", kT0));
  s.apply(update("a", kT0 + kHour, CaseStatus::dispatched));
  s.apply(update("a", kT0 + 3 * kHour, CaseStatus::closed));
  const CaseRecord& c = *s.find("a");
  EXPECT_FALSE(statusAt(c, kT0 - 1));
  EXPECT_EQ(*statusAt(c, kT0), CaseStatus::reported);
  EXPECT_EQ(*statusAt(c, kT0 + 2 * kHour), CaseStatus::dispatched);
  EXPECT_EQ(*statusAt(c, kT0 + 5 * kHour), CaseStatus::closed);
}

TEST(CaseStore, AnOlderUpdateEntersTheHistoryButNotTheStatus) {
  CaseStore s;
  s.apply(report("a", kT0));
  s.apply(update("a", kT0 + 2 * kHour, CaseStatus::inProgress));
  s.apply(update("a", kT0 + kHour, CaseStatus::dispatched));  // late
  const CaseRecord& c = *s.find("a");
  EXPECT_EQ(c.status, CaseStatus::inProgress);
  ASSERT_EQ(c.history.size(), 3u);
  EXPECT_EQ(c.history[1].status, CaseStatus::dispatched);  // in time order
  EXPECT_EQ(*statusAt(c, kT0 + 90 * kMinute), CaseStatus::dispatched);
}

TEST(CaseStore, NewCasesNeedCategoryAndPosition) {
  CaseStore s;
  auto u = report("a", kT0);
  u.position.reset();
  EXPECT_EQ(s.apply(u), RejectReason::missingField);
  u = report("a", kT0);
  u.category.reset();
  EXPECT_EQ(s.apply(u), RejectReason::missingField);
  EXPECT_EQ(s.apply(update("ghost", kT0, CaseStatus::closed)), RejectReason::missingField);
  EXPECT_EQ(s.size(), 0u);
}

TEST(CaseStore, CountsByStatusCategoryAndGridMoveWithTheCase) {
  CaseStore s;
  s.apply(report("a", kT0, "city.road", "G1"));
  s.apply(report("b", kT0, "city.road", "G2"));
  s.apply(report("c", kT0, "env.noise", "G1"));
  auto moved = update("b", kT0 + 1, CaseStatus::dispatched);
  moved.grid = "G1";
  s.apply(moved);
  const auto byGrid = s.byGrid();
  EXPECT_EQ(byGrid.at("G1")[size_t(CaseStatus::reported)], 2u);
  EXPECT_EQ(byGrid.at("G1")[size_t(CaseStatus::dispatched)], 1u);
  EXPECT_EQ(byGrid.count("G2"), 0u);
  const auto byCategory = s.byCategory();
  EXPECT_EQ(byCategory.at("city.road")[size_t(CaseStatus::dispatched)], 1u);
  EXPECT_EQ(byCategory.at("env.noise")[size_t(CaseStatus::reported)], 1u);
  EXPECT_EQ(s.byStatus()[size_t(CaseStatus::reported)], 2u);
}

TEST(CaseStore, ReopeningIsCountedAndUndoesClosedToday) {
  CaseStore s;
  s.tick(kT0);
  s.apply(report("a", kT0));
  s.apply(update("a", kT0 + kMinute, CaseStatus::closed));
  EXPECT_EQ(s.closedToday(), 1u);
  s.apply(update("a", kT0 + 2 * kMinute, CaseStatus::inProgress));
  EXPECT_EQ(s.find("a")->reopenCount, 1u);
  EXPECT_EQ(s.reopenings(), 1u);
  EXPECT_EQ(s.closedToday(), 0u);
  EXPECT_EQ(s.open(), 1u);
}

TEST(CaseStore, OverdueByPriorityAndByCategoryRule) {
  CaseStoreConfig config;
  config.overdue.push_back({"safety.fire", 0, 15 * kMinute});
  CaseStore s(config);
  s.tick(kT0);
  s.apply(report("urgent", kT0, "city.road", "G", 1));  // 2 h
  s.apply(report("normal", kT0, "city.road", "G", 3));  // 24 h
  s.apply(report("fire", kT0, "safety.fire.building", "G", 3));  // 15 min by category
  s.tick(kT0 + 14 * kMinute);
  EXPECT_EQ(s.overdue(), 0u);
  s.tick(kT0 + 16 * kMinute);
  EXPECT_EQ(s.overdue(), 1u);
  EXPECT_TRUE(s.find("fire")->overdue);
  s.tick(kT0 + 3 * kHour);
  EXPECT_EQ(s.overdue(), 2u);
  // Handling a case stops its clock.
  s.apply(update("urgent", kT0 + 3 * kHour, CaseStatus::resolved));
  EXPECT_EQ(s.overdue(), 1u);
  s.tick(kT0 + 25 * kHour);
  EXPECT_EQ(s.overdue(), 2u);
}

TEST(CaseStore, CasesOlderThanTheirLimitArriveOverdue) {
  CaseStore s;
  s.tick(kT0);
  s.apply(report("old", kT0 - 30 * kHour));
  EXPECT_EQ(s.overdue(), 1u);
}

// A deadline the feed gives (Open311's expected_datetime) beats the rules,
// sooner or later, and moves when the feed moves it.
TEST(CaseStore, ADueTimeFromTheFeedOverridesTheRules) {
  CaseStore s;
  s.tick(kT0);
  CaseUpdate soon = report("soon", kT0, "city.road", "G", 4);  // 72 h by the rules
  soon.due = kT0 + kHour;
  s.apply(soon);
  CaseUpdate late = report("late", kT0, "city.road", "G", 1);  // 2 h by the rules
  late.due = kT0 + 10 * kHour;
  s.apply(late);
  s.tick(kT0 + 3 * kHour);
  EXPECT_TRUE(s.find("soon")->overdue);
  EXPECT_FALSE(s.find("late")->overdue);
  EXPECT_EQ(s.overdue(), 1u);
  // The platform extends the deadline: no longer overdue; then it passes.
  CaseUpdate extend = update("soon", kT0 + 3 * kHour, CaseStatus::reported);
  extend.due = kT0 + 5 * kHour;
  s.apply(extend);
  EXPECT_FALSE(s.find("soon")->overdue);
  EXPECT_EQ(s.overdue(), 0u);
  s.tick(kT0 + 6 * kHour);
  EXPECT_EQ(s.overdue(), 1u);
  s.tick(kT0 + 11 * kHour);
  EXPECT_EQ(s.overdue(), 2u);
  EXPECT_EQ(*s.find("late")->due, kT0 + 10 * kHour);
}

TEST(CaseStore, NewInTheLastHourSlidesWithTheClock) {
  CaseStore s;
  s.tick(kT0);
  s.apply(report("a", kT0 - 50 * kMinute));
  s.apply(report("b", kT0 - 5 * kMinute));
  s.apply(report("c", kT0 - 2 * kHour));  // too old to count
  s.tick(kT0);
  EXPECT_EQ(s.newLastHour(), 2u);
  s.tick(kT0 + 20 * kMinute);
  EXPECT_EQ(s.newLastHour(), 1u);
  s.tick(kT0 + 2 * kHour);
  EXPECT_EQ(s.newLastHour(), 0u);
}

TEST(CaseStore, ClosedTodayStartsAgainAtLocalMidnight) {
  CaseStore s;  // China Standard Time
  const TimeMs lateEvening = 1763827200000 - 30 * kMinute;  // 2025-11-22 23:30 +08:00
  s.tick(lateEvening);
  s.apply(report("a", lateEvening - kHour));
  s.apply(update("a", lateEvening, CaseStatus::closed));
  EXPECT_EQ(s.closedToday(), 1u);
  s.tick(lateEvening + kHour);  // 00:30 the next day
  EXPECT_EQ(s.closedToday(), 0u);
}

TEST(CaseStore, AFloodOfUniqueIdsStopsAtTheCap) {
  CaseStoreConfig config;
  config.maxCases = 100;
  CaseStore s(config);
  size_t refused = 0;
  for (int i = 0; i < 250; ++i)
    if (s.apply(report("flood-" + std::to_string(i), kT0)) == RejectReason::capacity) ++refused;
  EXPECT_EQ(s.size(), 100u);
  EXPECT_EQ(refused, 150u);
  // Known cases still update at the cap.
  EXPECT_FALSE(s.apply(update("flood-7", kT0 + 1, CaseStatus::closed)));
}

TEST(CaseStore, HistoryIsBoundedButKeepsTheReport) {
  CaseStoreConfig config;
  config.maxHistory = 8;
  CaseStore s(config);
  s.apply(report("a", kT0));
  for (int i = 1; i <= 50; ++i) s.apply(update("a", kT0 + i, i % 2 ? CaseStatus::inProgress : CaseStatus::dispatched));
  const auto& h = s.find("a")->history;
  EXPECT_EQ(h.size(), 8u);
  EXPECT_EQ(h.front().time, kT0);
  EXPECT_EQ(h.back().time, kT0 + 50);
}

TEST(SensorStore, ThresholdsRaiseAlarmsWithHysteresis) {
  SensorStore s;
  s.apply(SensorUpdate{"aq", "air_quality", {116.4, 39.9}, "东四", {{"pm25", 75.0, 150.0}}});
  auto obs = [&](TimeMs t, double v) { s.apply(Observation{"aq", t, {{"pm25", v}}}); };
  obs(1, 80);
  EXPECT_EQ(s.find("aq")->level, AlarmLevel::warn);
  obs(2, 151);
  EXPECT_EQ(s.find("aq")->level, AlarmLevel::alarm);
  EXPECT_EQ(s.alarmsActive(), 1u);
  // Hovering just under the threshold does not flap.
  for (int i = 0; i < 10; ++i) {
    obs(3 + i, i % 2 ? 149.0 : 151.0);
    EXPECT_EQ(s.find("aq")->level, AlarmLevel::alarm);
  }
  obs(20, 140);  // below 150 − 5 %
  EXPECT_EQ(s.find("aq")->level, AlarmLevel::warn);
  EXPECT_EQ(s.alarmsActive(), 0u);
  EXPECT_EQ(s.warningsActive(), 1u);
  obs(21, 10);
  EXPECT_EQ(s.find("aq")->level, AlarmLevel::clear);
  EXPECT_EQ(s.find("aq")->metrics[0].history.size(), 14u);
}

TEST(SensorStore, OlderObservationsDoNotReplaceTheLatest) {
  SensorStore s;
  s.apply(SensorUpdate{"n", "noise", {0, 0}, std::nullopt, {}});
  s.apply(Observation{"n", 100, {{"db", 60}}});
  s.apply(Observation{"n", 50, {{"db", 90}}});
  const auto& m = s.find("n")->metrics[0];
  EXPECT_EQ(m.latest, 60);
  EXPECT_EQ(m.history.front().second, 90);
}

TEST(SensorStore, ObservationsBeforeRegistrationAreKept) {
  SensorStore s;
  s.apply(Observation{"late", 1, {{"level", 2.5}}});
  EXPECT_FALSE(s.find("late")->registered);
  EXPECT_EQ(s.observationsForUnregistered(), 1u);
  s.apply(SensorUpdate{"late", "water_level", {121, 31}, std::nullopt, {{"level", 2.0, 3.0}}});
  EXPECT_TRUE(s.find("late")->registered);
  EXPECT_EQ(s.find("late")->level, AlarmLevel::warn);  // the new thresholds judge the kept value
}

TEST(SensorStore, ExplicitAlarmsRaiseUpdateAndClear) {
  SensorStore s;
  s.apply(AlarmUpdate{"al-1", 10, AlarmLevel::warn, "aq", std::nullopt, "rising"});
  s.apply(AlarmUpdate{"al-2", 10, AlarmLevel::alarm, std::nullopt, LonLat{1, 2}, std::nullopt});
  EXPECT_EQ(s.alarmsActive(), 1u);
  EXPECT_EQ(s.warningsActive(), 1u);
  s.apply(AlarmUpdate{"al-1", 20, AlarmLevel::alarm, "aq", std::nullopt, std::nullopt});
  EXPECT_EQ(s.alarmsActive(), 2u);
  s.apply(AlarmUpdate{"al-1", 15, AlarmLevel::clear, std::nullopt, std::nullopt, std::nullopt});  // stale
  EXPECT_EQ(s.alarmsActive(), 2u);
  s.apply(AlarmUpdate{"al-1", 30, AlarmLevel::clear, std::nullopt, std::nullopt, std::nullopt});
  EXPECT_EQ(s.alarmsActive(), 1u);
  EXPECT_EQ(s.explicitAlarms().size(), 1u);
}

TEST(Store, CountsWhatItRefusesByReason) {
  StoreConfig config;
  config.sensors.maxSensors = 1;
  Store s(config);
  EXPECT_FALSE(s.apply(FeedEvent{report("a", kT0)}));
  EXPECT_EQ(s.apply(FeedEvent{update("b", kT0, CaseStatus::closed)}), RejectReason::missingField);
  s.apply(FeedEvent{SensorUpdate{"s1", "noise", {0, 0}, std::nullopt, {}}});
  EXPECT_EQ(s.apply(FeedEvent{SensorUpdate{"s2", "noise", {0, 0}, std::nullopt, {}}}), RejectReason::capacity);
  EXPECT_EQ(s.applied(), 2u);
  EXPECT_EQ(s.rejected()[RejectReason::missingField], 1u);
  EXPECT_EQ(s.rejected()[RejectReason::capacity], 1u);
}

TEST(CaseStore, CasesPerHourTodayAndYesterday) {
  CaseStore s;
  const TimeMs midnight = 1763827200000 - kDay;  // 2025-11-22 00:00 +08:00
  s.tick(midnight + 10 * kHour);
  s.apply(report("y1", midnight - 2 * kHour + kMinute));   // yesterday 22:01
  s.apply(report("y2", midnight - 2 * kHour + 50 * kMinute));
  s.apply(report("t1", midnight + 8 * kHour + 5 * kMinute)); // today 08:05
  s.apply(report("t2", midnight + 9 * kHour + 59 * kMinute));
  s.apply(report("t3", midnight + 9 * kHour));
  s.apply(report("old", midnight - 3 * kDay));             // before yesterday: in no chart
  const auto today = s.reportedPerHour(0), yesterday = s.reportedPerHour(1);
  EXPECT_EQ(today[8], 1u);
  EXPECT_EQ(today[9], 2u);
  EXPECT_EQ(yesterday[22], 2u);
  EXPECT_EQ(s.reportedToday(), 3u);
  // The next day, today becomes yesterday.
  s.tick(midnight + kDay + kHour);
  EXPECT_EQ(s.reportedToday(), 0u);
  EXPECT_EQ(s.reportedPerHour(1)[9], 2u);
  EXPECT_EQ(s.reportedPerHour(2)[22], 0u);  // pruned
}

TEST(CaseStore, MedianTimesToDispatchAndClose) {
  CaseStore s;
  s.tick(kT0);
  EXPECT_FALSE(s.medianMinutesToDispatch());
  const int dispatchMinutes[] = {5, 12, 30, 7, 200};
  for (int i = 0; i < 5; ++i) {
    const std::string id = "c" + std::to_string(i);
    s.apply(report(id, kT0));
    s.apply(update(id, kT0 + dispatchMinutes[i] * kMinute, CaseStatus::dispatched));
    if (i < 2) s.apply(update(id, kT0 + (60 + i * 60) * kMinute, CaseStatus::closed));
  }
  EXPECT_EQ(s.medianMinutesToDispatch().value_or(-1), 12);  // 5 7 [12] 30 200
  EXPECT_EQ(s.medianMinutesToClose().value_or(-1), 60);     // lower median of 60, 120
  EXPECT_NEAR(s.meanMinutesToDispatch().value_or(-1), 50.8, 1e-9);
}

TEST(DurationHistogram, MedianIsExactToTheMinute) {
  citywall::live::DurationHistogram h;
  for (double m : {0.5, 3.2, 3.9, 9000.0, 20000.0}) h.add(m);
  EXPECT_EQ(h.median().value_or(-1), 3);
  h.remove(0.5);
  h.remove(3.2);
  EXPECT_EQ(h.median().value_or(-1), 9000);
  h.add(-5);  // clock skew counts as zero
  EXPECT_EQ(h.median().value_or(-1), 3);
}

TEST(SensorStore, RaisedAlarmsAreLoggedOnceAndSensorsAtWarnAreIndexed) {
  citywall::live::SensorStore s;
  citywall::live::SensorUpdate u;
  u.id = "N-1", u.kind = "noise", u.position = {121.4, 31.2};
  u.thresholds.push_back({"db", 70, 85});
  s.apply(u);
  citywall::live::Observation o;
  o.sensor = "N-1";
  auto observe = [&](TimeMs t, double v) {
    o.time = t, o.values = {{"db", v}};
    s.apply(o);
  };
  observe(kT0, 60);
  EXPECT_TRUE(s.sensorsAtWarnOrAbove().empty());
  observe(kT0 + 1, 75);
  EXPECT_EQ(s.sensorsAtWarnOrAbove().size(), 1u);
  EXPECT_TRUE(s.raisedLog().empty());  // a warning is not an alarm
  observe(kT0 + 2, 90);
  ASSERT_EQ(s.raisedLog().size(), 1u);
  EXPECT_EQ(s.raisedLog().back().metric, "db");
  EXPECT_EQ(s.raisedLog().back().value, 90);
  EXPECT_EQ(s.find("N-1")->metrics[0].levelSince, kT0 + 2);
  observe(kT0 + 3, 95);
  EXPECT_EQ(s.raisedLog().size(), 1u);
  observe(kT0 + 4, 10);
  EXPECT_TRUE(s.sensorsAtWarnOrAbove().empty());
}

TEST(CaseStore, ClosedCasesLeaveAfterTheRetentionAndTheirSlotsAreReused) {
  CaseStoreConfig config;
  config.closedRetention = 2 * kHour;
  CaseStore s(config);
  s.tick(kT0);
  s.apply(report("a", kT0));
  s.apply(report("b", kT0));
  s.apply(update("a", kT0 + kMinute, CaseStatus::closed));
  std::vector<uint32_t> changed;
  uint64_t seen = s.changes().changesSince(0, changed);
  s.tick(kT0 + kHour);
  EXPECT_EQ(s.size(), 2u);
  s.tick(kT0 + kMinute + 2 * kHour);  // a closed two hours ago: gone
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(s.find("a"), nullptr);
  EXPECT_TRUE(s.all()[0].evicted);
  EXPECT_EQ(s.evictedCount(), 1u);
  EXPECT_EQ(s.byStatus()[size_t(CaseStatus::closed)], 0u);
  EXPECT_EQ(s.open(), 1u);
  EXPECT_EQ(s.closedToday(), 1u);  // it did close today
  changed.clear();
  seen = s.changes().changesSince(seen, changed);
  EXPECT_EQ(changed, std::vector<uint32_t>{0});  // views hear of it
  // The next new case takes the freed slot: the store does not grow.
  s.apply(report("c", kT0 + 3 * kHour));
  EXPECT_EQ(s.all().size(), 2u);
  EXPECT_EQ(s.all()[0].id, "c");
  EXPECT_FALSE(s.all()[0].evicted);
  EXPECT_EQ(*s.slotOf("c"), 0u);
  // Every reader hears of the change, whenever it looks: one that never
  // looked before sees each slot once, with what it holds now.
  changed.clear();
  s.changes().changesSince(0, changed);
  EXPECT_EQ(changed, (std::vector<uint32_t>{1, 0}));  // b, then slot 0 (a left; it now holds c)
  EXPECT_EQ(s.all()[0].createdSerial, 3u);
  changed.clear();
  s.changes().changesSince(seen, changed);
  EXPECT_EQ(changed, std::vector<uint32_t>{0});
}

TEST(CaseStore, AReopenedCaseIsNotEvictedByItsOldClosing) {
  CaseStoreConfig config;
  config.closedRetention = kHour;
  CaseStore s(config);
  s.tick(kT0);
  s.apply(report("a", kT0));
  s.apply(update("a", kT0 + kMinute, CaseStatus::closed));
  s.apply(update("a", kT0 + 2 * kMinute, CaseStatus::inProgress));  // re-opened
  s.tick(kT0 + 3 * kHour);
  EXPECT_NE(s.find("a"), nullptr);
  EXPECT_EQ(s.size(), 1u);
}

TEST(ChangeLog, EveryReaderGetsEachChangedSlotOnceWhateverItsVersion) {
  ChangeLog log;
  std::vector<uint32_t> a, b;
  EXPECT_EQ(log.changesSince(0, a), 0u);
  EXPECT_TRUE(a.empty());
  log.mark(3), log.mark(1), log.mark(3);
  const uint64_t afterFirst = log.changesSince(0, a);
  EXPECT_EQ(a, (std::vector<uint32_t>{1, 3}));  // 3 once, at its newest change
  // Many more changes than slots: the log compacts but stays exact.
  for (int i = 0; i < 10000; ++i) log.mark(uint32_t(i % 5));
  log.changesSince(afterFirst, b);
  EXPECT_EQ(b, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  b.clear();
  const uint64_t now = log.version();
  log.mark(2);
  EXPECT_EQ(log.changesSince(now, b), now + 1);
  EXPECT_EQ(b, std::vector<uint32_t>{2});
  b.clear();
  log.changesSince(log.version(), b);
  EXPECT_TRUE(b.empty());
}
