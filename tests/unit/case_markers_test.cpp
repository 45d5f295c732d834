// The case-marker layer: built from the store, updated incrementally.

#include <gtest/gtest.h>

#include "scene/layers/case_markers.h"

using namespace citywall;

namespace {
constexpr live::TimeMs kNow = 1763770530000;

live::CaseUpdate report(const std::string& id, const std::string& category, uint8_t priority = 3, live::TimeMs ago = live::kHour) {
  live::CaseUpdate u;
  u.id = id;
  u.time = kNow - ago;
  u.category = category;
  u.position = live::LonLat{121.4905, 31.2397};
  u.priority = priority;
  return u;
}
}  // namespace

TEST(CaseMarkers, UpdatingOneCaseTouchesOnlyItsInstance) {
  live::CaseStore store;
  store.tick(kNow);
  for (int i = 0; i < 100; ++i) store.apply(report("c" + std::to_string(i), "city.road"));
  scene::CaseMarkerLayer layer(geo::GeoFrame({121.4905, 31.2397, 0}));
  layer.update(store, kNow);
  EXPECT_EQ(layer.instances().size(), 100u);
  EXPECT_EQ(layer.changed().size(), 100u);
  layer.update(store, kNow);
  EXPECT_TRUE(layer.changed().empty());  // nothing changed, nothing rebuilt
  live::CaseUpdate u;
  u.id = "c42";
  u.time = kNow;
  u.status = live::CaseStatus::dispatched;
  store.apply(u);
  layer.update(store, kNow);
  ASSERT_EQ(layer.changed(), std::vector<uint32_t>{42});
  EXPECT_EQ(layer.instances()[42].color & 0xffffff, 0x3fd2ffu);  // yellow (0xffd23f as RGBA bytes)
}

TEST(CaseMarkers, StylesFollowStatusPriorityAndCategory) {
  live::CaseStore store;
  store.tick(kNow);
  store.apply(report("fire", "safety.fire", 1, 2 * live::kMinute));
  store.apply(report("noise", "env.noise", 4));
  store.apply(report("other", "misc"));
  scene::CaseMarkerLayer layer(geo::GeoFrame({121.4905, 31.2397, 0}));
  layer.update(store, kNow);
  const auto& m = layer.instances();
  EXPECT_EQ(m[0].flags & 15u, uint32_t(scene::MarkerShape::star));
  EXPECT_EQ(m[1].flags & 15u, uint32_t(scene::MarkerShape::diamond));
  EXPECT_EQ(m[2].flags & 15u, uint32_t(scene::MarkerShape::circle));
  EXPECT_GT(m[0].size, m[1].size);  // priority 1 is bigger than 4
  EXPECT_TRUE(m[0].flags & scene::kMarkerNew);
  EXPECT_FALSE(m[1].flags & scene::kMarkerNew);
  // Ten minutes later the fire is no longer new: only its instance changes.
  layer.update(store, kNow + 10 * live::kMinute);
  EXPECT_EQ(layer.changed(), std::vector<uint32_t>{0});
  EXPECT_FALSE(layer.instances()[0].flags & scene::kMarkerNew);
}

TEST(CaseMarkers, OverdueAndClosedCasesAreFlagged) {
  live::CaseStore store;
  store.tick(kNow);
  store.apply(report("late", "city.road", 1, 3 * live::kHour));  // priority 1: 2 h limit
  store.apply(report("done", "city.road"));
  live::CaseUpdate close;
  close.id = "done";
  close.time = kNow;
  close.status = live::CaseStatus::closed;
  store.apply(close);
  scene::CaseMarkerLayer layer(geo::GeoFrame({121.4905, 31.2397, 0}));
  layer.update(store, kNow);
  EXPECT_TRUE(layer.instances()[0].flags & scene::kMarkerOverdue);
  EXPECT_TRUE(layer.instances()[1].flags & scene::kMarkerClosed);
  EXPECT_EQ(layer.instances()[1].size, 0.0f);  // closed cases are hidden by default
}

#include "scene/layers/heat_layer.h"

TEST(HeatDomain, FollowsTheMaximumSmoothlyInsteadOfJumping) {
  scene::HeatStyle style;
  style.autoSmoothingSeconds = 5;
  scene::HeatDomain domain;
  EXPECT_EQ(domain.update(style, 10, 1 / 60.0), 10);  // first sight
  // The maximum doubles: one frame later the domain has barely moved...
  const float next = domain.update(style, 20, 1 / 60.0);
  EXPECT_GT(next, 10);
  EXPECT_LT(next, 10.1f);
  // ...and after 5 s (one time constant) it is about 63 % of the way.
  float v = next;
  for (int i = 1; i < 300; ++i) v = domain.update(style, 20, 1 / 60.0);
  EXPECT_NEAR(v, 10 + 10 * (1 - std::exp(-1.0)), 0.1);
}

TEST(HeatDomain, AFixedDomainNeverMoves) {
  scene::HeatStyle style;
  style.fixedMax = 7.5f;
  scene::HeatDomain domain;
  EXPECT_EQ(domain.update(style, 100, 1), 7.5f);
  EXPECT_EQ(domain.update(style, 0.1f, 1), 7.5f);
}

#include "scene/layers/sensor_markers.h"

TEST(SensorMarkers, ColourFollowsTheAqiBandsAndAlarmsBlink) {
  EXPECT_EQ(scene::pm25BandRgb(20), 0x00e400u);
  EXPECT_EQ(scene::pm25BandRgb(75), 0xffff00u);
  EXPECT_EQ(scene::pm25BandRgb(100), 0xff7e00u);
  EXPECT_EQ(scene::pm25BandRgb(200), 0x99004cu);
  EXPECT_EQ(scene::pm25BandRgb(400), 0x7e0023u);
  live::SensorStore store;
  store.apply(live::SensorUpdate{"aq", "air_quality", {121.49, 31.24}, std::nullopt, {{"pm25", 75.0, 150.0}}});
  store.apply(live::Observation{"late", 1, {{"db", 50}}});  // not registered yet: nothing drawn
  scene::SensorMarkerLayer layer(geo::GeoFrame({121.49, 31.24, 0}));
  layer.update(store);
  EXPECT_EQ(layer.instances().size(), 2u);
  EXPECT_EQ(layer.instances()[1].size, 0.0f);
  store.apply(live::Observation{"aq", 2, {{"pm25", 160}}});
  layer.update(store);
  ASSERT_EQ(layer.changed(), std::vector<uint32_t>{0});  // only the sensor that changed
  EXPECT_TRUE(layer.instances()[0].flags & scene::kMarkerBlink);
  EXPECT_EQ(layer.instances()[0].color & 0xffffffu, 0x4c0099u);  // heavy pollution, as RGBA bytes
  layer.update(store);
  EXPECT_TRUE(layer.changed().empty());
  // Selecting a sensor touches only its instance, and only until deselected.
  layer.select(0u);
  layer.update(store);
  ASSERT_EQ(layer.changed(), std::vector<uint32_t>{0});
  EXPECT_TRUE(layer.instances()[0].flags & scene::kMarkerSelected);
  layer.select(std::nullopt);
  layer.update(store);
  EXPECT_FALSE(layer.instances()[0].flags & scene::kMarkerSelected);
}

#include "scene/layers/case_clusters.h"

namespace {
// 300 cases in three tight groups 2 km apart, plus the layers over them.
struct ClusterFixture {
  live::CaseStore store;
  scene::CaseMarkerLayer markers{geo::GeoFrame({121.4905, 31.2397, 0})};
  scene::CaseClusterLayer clusters;
  ClusterFixture() {
    store.tick(kNow);
    const geo::GeoFrame frame({121.4905, 31.2397, 0});
    for (int i = 0; i < 300; ++i) {
      // Away from cell edges (a fixed grid splits a group that straddles one).
      const double x = 150 + (i % 3) * 2000.0 + (i % 7) * 3.0, y = 150 + (i % 5) * 4.0;
      const auto g = frame.toGeodetic({x, y, 0});
      live::CaseUpdate u = report("k" + std::to_string(i), "city.road");
      u.position = live::LonLat{g.lon, g.lat};
      u.status = i == 7 ? live::CaseStatus::reported : live::CaseStatus::inProgress;
      store.apply(u);
    }
    markers.update(store, kNow);
    clusters.update(store, markers);
  }
};
}  // namespace

TEST(CaseClusters, FarAwayNearbyCasesMergeAndShowTheirCountAndWorstStatus) {
  ClusterFixture f;
  f.clusters.setView(10.0);  // 10 m per pixel: far
  ASSERT_GE(f.clusters.level(), 0);
  uint32_t total = 0, clusters = 0;
  for (const auto& m : f.clusters.instances()) {
    if ((m.flags & 15u) != scene::kMarkerClusterShape) continue;
    ++clusters;
    total += m.flags >> 16;
  }
  EXPECT_EQ(clusters, 3u);
  EXPECT_EQ(total, 300u);
  // The group holding the one reported case is red (the worst status); the others blue.
  int red = 0;
  for (const auto& m : f.clusters.instances())
    if ((m.color & 0xffffffu) == 0x4f4dffu) ++red;
  EXPECT_EQ(red, 1);
  f.clusters.setView(0.05);  // close: one by one
  EXPECT_EQ(f.clusters.level(), -1);
  EXPECT_TRUE(f.clusters.instances().empty());
}

TEST(CaseClusters, ASmallCameraMoveLeavesMembershipUnchanged) {
  ClusterFixture f;
  f.clusters.setView(10.0);
  const int level = f.clusters.level();
  std::vector<uint64_t> before;
  for (uint32_t i = 0; i < 300; ++i) before.push_back(f.clusters.cellOf(i, level));
  // Zooming 3 % either way and any pan keep the level (hysteresis), and a
  // level's cells are fixed in the world, so nothing moves between clusters.
  for (double mpp : {10.3, 9.7, 10.0}) {
    f.clusters.setView(mpp);
    EXPECT_EQ(f.clusters.level(), level);
  }
  for (uint32_t i = 0; i < 300; ++i) EXPECT_EQ(f.clusters.cellOf(i, level), before[i]);
  EXPECT_EQ(f.clusters.countAt(before[0]), 100u);
}

TEST(CaseClusters, AChangedCaseTouchesOnlyItsCluster) {
  ClusterFixture f;
  f.clusters.setView(10.0);
  live::CaseUpdate u;
  u.id = "k7";
  u.time = kNow + 1;
  u.status = live::CaseStatus::inProgress;  // the red group turns blue
  f.store.apply(u);
  f.markers.update(f.store, kNow);
  f.clusters.update(f.store, f.markers);
  ASSERT_EQ(f.clusters.changed().size(), 1u);
  EXPECT_EQ(f.clusters.instances()[f.clusters.changed()[0]].color & 0xffffffu, 0xffa93fu);
}
