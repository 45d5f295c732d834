// Too many unclustered markers to draw apart: one per marker-sized spot of
// the screen, the one that matters most; nothing off the screen; the work
// done again only when the camera or a marker changed; a click still finds
// the case it points at.

#include <gtest/gtest.h>

#include <random>

#include "live/store.h"
#include "scene/layers/marker_declutter.h"
#include "scene/scene.h"
#include "test_support.h"

using namespace citywall;

namespace {

scene::MarkerInstance at(glm::dvec2 enu, uint32_t priority, uint32_t extra = 0) {
  scene::MarkerInstance m{};
  m.position[0] = float(enu.x), m.position[1] = float(enu.y), m.position[2] = 0;
  m.color = 0xff0000ffu, m.size = 20;
  m.flags = (priority << 8) | extra;
  return m;
}

scene::MapCamera above() {
  scene::MapCamera c;
  c.distance = 3000, c.pitch = 0;
  return c;
}

}  // namespace

TEST(MarkerDeclutter, ASpotShowsTheMarkerThatMattersMost) {
  std::vector<scene::MarkerInstance> all;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> spread(-1500, 1500);
  for (int i = 0; i < 20000; ++i) all.push_back(at({spread(rng), spread(rng)}, 4));
  // At the middle of the screen: a routine case, an urgent one, an overdue one and the selected one, on one spot.
  all.push_back(at({0.5, 0.5}, 4));
  all.push_back(at({0.5, 0.5}, 1));
  all.push_back(at({0.4, 0.4}, 3, scene::kMarkerOverdue));
  all.push_back(at({0.6, 0.6}, 4, scene::kMarkerSelected));
  // Far off the screen.
  all.push_back(at({90000, 0}, 1, scene::kMarkerSelected));
  const std::vector<uint32_t> changed;
  const scene::MarkerFrame frame{all, changed, glm::dvec3(0.0), &all};
  const scene::CameraMatrices m = above().matrices(800, 600);
  scene::MarkerDeclutter d;
  d.update(frame, m, 800, 600, 1.0f, scene::kCasePinPixels);
  ASSERT_TRUE(d.active());
  // No more than one per 20-pixel cell of an 800 × 600 screen (and its margin).
  EXPECT_LE(d.drawn().size(), size_t((800 / 20 + 2) * (600 / 20 + 2)));
  EXPECT_GT(d.drawn().size(), 500u) << "the screen is full of them";
  bool selected = false, offScreen = false, routineAtMiddle = false;
  for (uint32_t i = 0; i < d.drawn().size(); ++i) {
    const uint32_t s = d.sourceOf(i);
    selected |= s == all.size() - 2;
    offScreen |= s == all.size() - 1;
    routineAtMiddle |= s == all.size() - 5 || s == all.size() - 4 || s == all.size() - 3;
    EXPECT_EQ(d.drawn()[i].flags, all[s].flags);
  }
  EXPECT_TRUE(selected) << "the selected case wins its spot";
  EXPECT_FALSE(routineAtMiddle) << "the cases under it are not drawn";
  EXPECT_FALSE(offScreen) << "off the screen: not drawn, selected or not";
  EXPECT_EQ(d.frame(glm::dvec3(0.0)).changed.size(), d.drawn().size());

  // Nothing moved, nothing changed: nothing to send again.
  d.update(frame, m, 800, 600, 1.0f, scene::kCasePinPixels);
  EXPECT_TRUE(d.frame(glm::dvec3(0.0)).changed.empty());
  // The camera moved: chosen again.
  scene::MapCamera moved = above();
  moved.target.x += 100;
  d.update(frame, moved.matrices(800, 600), 800, 600, 1.0f, scene::kCasePinPixels);
  EXPECT_EQ(d.frame(glm::dvec3(0.0)).changed.size(), d.drawn().size());

  // Below the threshold a layer is drawn as it is.
  all.resize(scene::MarkerDeclutter::kThreshold);
  d.update({all, changed, glm::dvec3(0.0), &all}, m, 800, 600, 1.0f, scene::kCasePinPixels);
  EXPECT_FALSE(d.active());
}

TEST(MarkerDeclutter, TheSceneDrawsAndPicksTheDeclutteredMarkers) {
  const scene::CityModel city = test::oneTower();
  scene::LayerStyles styles;
  styles.clusters = false;
  scene::Scene scene(city, nullptr, styles, 0);
  live::Store store;
  constexpr live::TimeMs kNow = 1763770530000;
  store.cases().tick(kNow);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> spread(-1200, 1200);
  for (int i = 0; i < 6000; ++i) {
    live::CaseUpdate u;
    u.id = "C" + std::to_string(i);
    u.time = kNow;
    u.category = "city.road.pothole";
    u.priority = 4;
    const auto g = city.frame.toGeodetic({spread(rng), spread(rng), 0});
    u.position = live::LonLat{g.lon, g.lat};
    ASSERT_FALSE(store.cases().apply(u));
  }
  scene.camera() = above();
  const scene::Viewport viewport{800, 600, 1};
  scene.update(store, {kNow, 0, 0}, viewport);
  ASSERT_TRUE(scene.declutter().active());
  const scene::FrameView view = scene.snapshot({kNow, 0, 0}, viewport);
  EXPECT_EQ(view.markers.instances.size(), scene.declutter().drawn().size());
  EXPECT_LT(view.markers.instances.size(), 6000u);
  // Click the head of a drawn marker: its own case is selected.
  const uint32_t i = uint32_t(scene.declutter().drawn().size() / 2);
  const auto& m = scene.declutter().drawn()[i];
  const auto px = scene::projectToPixel(view.camera, {m.position[0], m.position[1], m.position[2]}, 800, 600);
  ASSERT_TRUE(px);
  const scene::PickResult hit = scene.pick(*px - glm::dvec2(0, scene::kCasePinPixels), viewport);
  ASSERT_EQ(hit.kind, scene::PickKind::caseMarker);
  EXPECT_EQ(scene.caseOfMarker(hit.index), std::optional<uint32_t>(scene.declutter().sourceOf(hit.index)));
  const auto slot = *scene.caseOfMarker(hit.index);
  EXPECT_FLOAT_EQ(scene.markers().instances()[slot].position[0], scene.declutter().drawn()[hit.index].position[0]);
}
