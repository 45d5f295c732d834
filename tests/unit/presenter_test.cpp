// The briefing logic: tours loop bookmarks with their dwell times, alerts
// interrupt and return, the user always wins; the watch finds new urgent
// cases and alarms but not a backlog.

#include <gtest/gtest.h>

#include "ui/alert_watch.h"
#include "ui/presenter.h"

using namespace citywall;
using namespace citywall::ui;

namespace {

std::vector<Bookmark> threeStops() {
  return {{"A", {1, 1, 1000, 0, 40}, 0}, {"B", {2, 2, 1000, 0, 40}, 5}, {"C", {3, 3, 1000, 0, 40}, 0}};
}

const FlyTo* flight(const Commands& c) {
  for (const auto& x : c)
    if (auto f = std::get_if<FlyTo>(&x)) return f;
  return nullptr;
}

}  // namespace

TEST(Presenter, TourLoopsBookmarksWithDwellFromArrival) {
  TourOptions tour;
  tour.dwellSeconds = 10;
  Presenter p(threeStops(), tour, {});
  Commands out;
  p.startTour(0, out);
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 1);
  EXPECT_EQ(p.tourStop(), "A");
  out.clear();
  // Flying for 3 s: the dwell has not started.
  p.update(1, true, out);
  p.update(3, true, out);
  EXPECT_TRUE(out.empty());
  p.update(3.1, false, out);  // arrived at 3.1
  p.update(13, false, out);
  EXPECT_TRUE(out.empty());
  p.update(13.2, false, out);  // 10 s after arrival
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 2);
  out.clear();
  p.update(14, false, out);    // arrived at B, whose own dwell is 5 s
  p.update(18.9, false, out);
  EXPECT_TRUE(out.empty());
  p.update(19, false, out);
  EXPECT_EQ(flight(out)->view.lon, 3);
  out.clear();
  p.update(20, false, out);
  p.update(30, false, out);  // C → back to A
  EXPECT_EQ(flight(out)->view.lon, 1);
}

TEST(Presenter, AnAlertInterruptsTheTourAndReturnsToIt) {
  AlertFocusOptions a;
  a.holdSeconds = 20;
  a.distance = 600;
  Presenter p(threeStops(), {}, a);
  Commands out;
  p.startTour(0, out);
  p.nextStop(1, out);  // at B
  out.clear();
  p.alert({Alert::Kind::urgentCase, "SR-1", 121.5, 31.2}, 2, {}, out);
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 121.5);
  EXPECT_EQ(flight(out)->view.distance, 600);
  EXPECT_TRUE(flight(out)->keepHeading);  // no needless turn toward north
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(std::holds_alternative<SelectCase>(out[1]));  // the card opens
  EXPECT_EQ(std::get<SelectCase>(out[1]).id, "SR-1");
  ASSERT_TRUE(p.focused());
  out.clear();
  // A second alert waits its turn.
  p.alert({Alert::Kind::alarm, "S-9", 121.6, 31.3}, 3, {}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(p.queuedAlerts(), 1u);
  p.update(4, false, out);   // arrived
  p.update(23.9, false, out);
  EXPECT_TRUE(out.empty());
  p.update(24, false, out);  // held 20 s: the next alert
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 121.6);
  EXPECT_TRUE(std::holds_alternative<SelectSensor>(out[1]));
  out.clear();
  p.update(25, false, out);
  p.update(45, false, out);  // then back to the tour, at the stop it was on
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 2);
  EXPECT_TRUE(std::holds_alternative<ClearSelection>(out[0]));
  EXPECT_FALSE(p.focused());
  EXPECT_TRUE(p.touring());
}

TEST(Presenter, WithoutATourAnAlertReturnsToWhereTheCameraWas) {
  Presenter p({}, {}, {});
  Commands out;
  const CameraView before{121.1, 31.1, 3000, 20, 30};
  p.alert({Alert::Kind::urgentCase, "X", 121.5, 31.2}, 0, before, out);
  out.clear();
  p.update(1, false, out);
  p.update(30, false, out);
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 121.1);
  EXPECT_EQ(flight(out)->view.distance, 3000);
}

TEST(Presenter, PausedAlertsAndTheUserWin) {
  Presenter p(threeStops(), {}, {});
  Commands out;
  p.setAlertsPaused(true);
  p.alert({Alert::Kind::urgentCase, "X", 1, 1}, 0, {}, out);
  EXPECT_TRUE(out.empty());
  p.setAlertsPaused(false);
  p.startTour(0, out);
  p.alert({Alert::Kind::urgentCase, "X", 1, 1}, 0, {}, out);
  out.clear();
  p.userTookOver();
  EXPECT_FALSE(p.touring());
  EXPECT_FALSE(p.focused());
  p.update(100, false, out);
  EXPECT_TRUE(out.empty());  // nothing flies the camera away from the user
}

TEST(Presenter, TheQueueIsBounded) {
  AlertFocusOptions a;
  a.maxQueued = 2;
  Presenter p({}, {}, a);
  Commands out;
  for (int i = 0; i < 5; ++i) p.alert({Alert::Kind::urgentCase, std::to_string(i), 1, 1}, 0, {}, out);
  EXPECT_EQ(p.queuedAlerts(), 2u);
  EXPECT_EQ(p.droppedAlerts(), 2u);
}

TEST(Presenter, GoToABookmark) {
  Presenter p(threeStops(), {}, {});
  Commands out;
  p.goTo("C", 0, out);
  ASSERT_TRUE(flight(out));
  EXPECT_EQ(flight(out)->view.lon, 3);
  EXPECT_EQ(p.bookmark("B")->dwellSeconds, 5);
  EXPECT_EQ(p.bookmark("Z"), nullptr);
}

TEST(AlertWatch, FindsNewUrgentCasesAndAlarmsButNotABacklog) {
  live::Store store;
  const live::TimeMs now = 1'763'800'000'000;
  store.tick(now);
  auto report = [&](const std::string& id, int priority, live::TimeMs t) {
    live::CaseUpdate u;
    u.id = id, u.time = t, u.category = "safety.fire", u.position = live::LonLat{121.5, 31.2}, u.priority = priority;
    store.apply(u);
  };
  AlertFocusOptions o;
  o.maxPriority = 1;
  o.recentMinutes = 10;
  AlertWatch watch(o);
  report("old", 1, now - 3 * live::kHour);  // a backlog
  report("routine", 3, now);
  report("urgent", 1, now - live::kMinute);
  auto alerts = watch.poll(store);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].id, "urgent");
  EXPECT_EQ(alerts[0].lon, 121.5);
  EXPECT_TRUE(watch.poll(store).empty());  // each once

  live::SensorUpdate s;
  s.id = "AQ-1", s.kind = "air_quality", s.position = {121.45, 31.22};
  s.thresholds.push_back({"pm25", 75, 150});
  store.apply(s);
  live::Observation ob;
  ob.sensor = "AQ-1", ob.time = now, ob.values = {{"pm25", 180}};
  store.apply(ob);
  live::AlarmUpdate a;
  a.id = "ALM-7", a.time = now, a.level = live::AlarmLevel::alarm, a.position = live::LonLat{121.47, 31.21};
  store.apply(a);
  alerts = watch.poll(store);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].kind, Alert::Kind::alarm);
  EXPECT_EQ(alerts[0].id, "AQ-1");
  EXPECT_EQ(alerts[0].lon, 121.45);
  EXPECT_EQ(alerts[1].id, "ALM-7");
  // Staying in alarm raises nothing new; falling and rising again does.
  ob.time = now + 1000, ob.values = {{"pm25", 190}};
  store.apply(ob);
  EXPECT_TRUE(watch.poll(store).empty());
  ob.time = now + 2000, ob.values = {{"pm25", 20}};
  store.apply(ob);
  ob.time = now + 3000, ob.values = {{"pm25", 200}};
  store.apply(ob);
  EXPECT_EQ(watch.poll(store).size(), 1u);
}
