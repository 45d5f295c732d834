// The dashboard's logic without drawing: strings complete in both languages,
// number animation, time and duration formats, the closure rate, the case
// list's filters and sort, and the kiosk's window placement.

#include <gtest/gtest.h>

#include "app/kiosk.h"
#include "ui/dashboard_panels.h"
#include "ui/strings.h"

using namespace citywall;

TEST(PanelStrings, EveryStringExistsInBothLanguages) {
  for (auto lang : {ui::Language::zh, ui::Language::en}) {
    const auto& s = ui::panelStrings(lang);
    const char* const* p = reinterpret_cast<const char* const*>(&s);
    for (size_t i = 0; i < sizeof(ui::PanelStrings) / sizeof(const char*); ++i) {
      ASSERT_NE(p[i], nullptr) << "string " << i;
      EXPECT_GT(std::strlen(p[i]), 0u) << "string " << i;
    }
  }
  EXPECT_STRNE(ui::panelStrings(ui::Language::zh).kpiOverdue, ui::panelStrings(ui::Language::en).kpiOverdue);
}

TEST(AnimatedNumber, GlidesWithoutOvershootAndLands) {
  ui::AnimatedNumber n;
  EXPECT_EQ(n.update(10, 0.016), 10);  // the first value shows at once
  double last = 10;
  for (int i = 0; i < 200; ++i) {
    const double v = n.update(110, 0.016);
    EXPECT_GE(v, last);
    EXPECT_LE(v, 110);
    last = v;
  }
  EXPECT_EQ(last, 110);
  EXPECT_EQ(n.update(5, 0.016, true), 5);  // snap (screenshots)
}

TEST(DashboardFormat, DurationsAndLocalTimes) {
  EXPECT_EQ(ui::formatMinutes(42, ui::Language::en), "42 min");
  EXPECT_EQ(ui::formatMinutes(150, ui::Language::en), "2.5 h");
  EXPECT_EQ(ui::formatMinutes(3 * 1440, ui::Language::zh), "3.0 天");
  const live::TimeMs t = 1795314600000;  // 2026-11-22T02:30:00Z = 10:30 +08:00
  EXPECT_EQ(ui::formatLocalTime(t, 480), "10:30");
  EXPECT_EQ(ui::formatLocalTime(t, 480, true), "11-22 10:30");
  EXPECT_EQ(ui::formatLocalTime(t - 11 * live::kHour, 480, true), "11-21 23:30");
}

namespace {
live::CaseUpdate report(const std::string& id, live::TimeMs t, const std::string& category, int priority,
                        const std::string& grid, const std::string& title) {
  live::CaseUpdate u;
  u.id = id, u.time = t, u.category = category, u.position = live::LonLat{121.5, 31.2};
  u.priority = priority, u.grid = grid, u.title = title;
  return u;
}
}  // namespace

TEST(CaseList, FiltersSearchAndSorts) {
  live::CaseStore cases;
  const live::TimeMs t0 = 1795307400000;
  cases.tick(t0);
  cases.apply(report("A", t0 - 5000, "safety.fire", 1, "G1", "火情"));
  cases.apply(report("B", t0 - 4000, "city.road.pothole", 3, "G2", "路面坑洼"));
  cases.apply(report("C", t0 - 3000, "city.sanitation", 2, "G1", "垃圾"));
  cases.apply(report("D", t0 - 2000, "safety.manhole_cover", 1, "G2", "井盖"));
  live::CaseUpdate close;
  close.id = "C", close.time = t0 - 1000, close.status = live::CaseStatus::closed;
  cases.apply(close);
  ui::DashboardState st;
  size_t matching = 0;
  auto ids = [&] {
    std::string out;
    for (uint32_t slot : ui::filterCases(cases, st, matching)) out += cases.all()[slot].id;
    return out;
  };
  EXPECT_EQ(ids(), "DBA");  // open only, newest first
  EXPECT_EQ(matching, 3u);
  st.status = -1;
  EXPECT_EQ(ids(), "DCBA");
  st.category = "safety";
  EXPECT_EQ(ids(), "DA");
  st.category.clear();
  st.grid = "G1";
  EXPECT_EQ(ids(), "CA");
  st.grid.clear();
  st.priority = 1;
  EXPECT_EQ(ids(), "DA");
  st.priority = 0;
  std::snprintf(st.search, sizeof st.search, "坑洼");
  EXPECT_EQ(ids(), "B");
  st.search[0] = 0;
  st.sortColumn = 1;  // priority, most urgent first when ascending
  st.sortAscending = true;
  EXPECT_EQ(ids(), "DACB");  // ties: newest first
  EXPECT_NEAR(ui::closureRate(cases).value_or(0), 0.25, 1e-12);
}

TEST(Kiosk, PlacesTheWallOnTheChosenMonitorOrAcrossAll) {
  const std::vector<app::MonitorRect> monitors = {{0, 0, 1920, 1080}, {1920, 0, 3840, 2160}, {-1920, 0, 1920, 1080}};
  config::KioskOptions k;
  EXPECT_FALSE(app::kioskPlacement(k, monitors));  // not fullscreen
  k.fullscreen = true;
  k.monitor = 1;
  auto p = app::kioskPlacement(k, monitors);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->rect.x, 1920);
  EXPECT_EQ(p->rect.width, 3840);
  EXPECT_TRUE(p->note.empty());
  k.spanAll = true;
  p = app::kioskPlacement(k, monitors);
  EXPECT_EQ(p->rect.x, -1920);
  EXPECT_EQ(p->rect.width, 1920 + 1920 + 3840);
  EXPECT_EQ(p->rect.height, 2160);
  // The chosen monitor unplugged: the primary until it comes back, and a note why.
  k.spanAll = false;
  k.monitor = 5;
  p = app::kioskPlacement(k, monitors);
  EXPECT_EQ(p->rect.x, 0);
  EXPECT_NE(p->note.find("monitor 5 is not connected"), std::string::npos);
  EXPECT_FALSE(app::kioskPlacement(k, {}));
}
