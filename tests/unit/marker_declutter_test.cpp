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

TEST(MarkerDeclutter, ChangesUnderAStillCameraChooseWhatAFreshChoiceWould) {
  // A live wall: the camera stays, a few cases change every frame (status,
  // priority, selection, a corrected position, a new case, one hidden). Only
  // their cells are chosen again, and the result is what choosing everything
  // would give.
  std::vector<scene::MarkerInstance> all;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> spread(-1800, 1800);
  std::uniform_int_distribution<uint32_t> priority(1, 4), pick(0, 1u << 30);
  for (int i = 0; i < 30000; ++i) all.push_back(at({spread(rng), spread(rng)}, priority(rng)));
  const scene::CameraMatrices m = above().matrices(800, 600);
  scene::MarkerDeclutter live;
  live.update({all, {}, glm::dvec3(0.0), &all}, m, 800, 600, 1.0f, scene::kCasePinPixels);
  ASSERT_TRUE(live.active());
  const uint64_t whole = live.fullChoices();
  for (int frame = 0; frame < 60; ++frame) {
    std::vector<uint32_t> changed;
    for (int k = 0; k < 17; ++k) {
      const uint32_t i = pick(rng) % uint32_t(all.size());
      scene::MarkerInstance& c = all[i];
      switch (k % 5) {
        case 0: c.flags = (priority(rng) << 8) | (c.flags & 0xffu); break;
        case 1: c.flags ^= scene::kMarkerOverdue; break;
        case 2: c.position[0] = float(spread(rng)), c.position[1] = float(spread(rng)); break;
        case 3: c.flags ^= frame % 7 == 0 ? scene::kMarkerSelected : scene::kMarkerNew; break;
        case 4: c.size = c.size > 0 ? 0.0f : 20.0f; break;  // hidden by a filter, then shown again
      }
      changed.push_back(i);
    }
    if (frame % 4 == 0) {
      all.push_back(at({spread(rng), spread(rng)}, 1));  // a new case (the instances' storage may move)
      changed.push_back(uint32_t(all.size() - 1));
    }
    live.update({all, changed, glm::dvec3(0.0), &all}, m, 800, 600, 1.0f, scene::kCasePinPixels);
    scene::MarkerDeclutter fresh;
    fresh.update({all, {}, glm::dvec3(0.0), &all}, m, 800, 600, 1.0f, scene::kCasePinPixels);
    ASSERT_EQ(live.drawn().size(), fresh.drawn().size()) << "frame " << frame;
    for (uint32_t i = 0; i < live.drawn().size(); ++i) {
      ASSERT_EQ(live.sourceOf(i), fresh.sourceOf(i)) << "frame " << frame << ", drawn marker " << i;
      EXPECT_EQ(live.drawn()[i].flags, all[live.sourceOf(i)].flags);
      EXPECT_EQ(live.drawn()[i].position[0], all[live.sourceOf(i)].position[0]);
    }
  }
  EXPECT_EQ(live.fullChoices(), whole) << "a still camera never chose everything again";
  // Nothing changed: nothing to send. A marker bigger than the cells: every cell again.
  live.update({all, {}, glm::dvec3(0.0), &all}, m, 800, 600, 1.0f, scene::kCasePinPixels);
  EXPECT_TRUE(live.frame(glm::dvec3(0.0)).changed.empty());
  all[5].size = 40;
  const std::vector<uint32_t> grown{5};
  live.update({all, grown, glm::dvec3(0.0), &all}, m, 800, 600, 1.0f, scene::kCasePinPixels);
  EXPECT_EQ(live.fullChoices(), whole + 1);
  EXPECT_LE(live.drawn().size(), size_t((800 / 40 + 2) * (600 / 40 + 2)));
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
