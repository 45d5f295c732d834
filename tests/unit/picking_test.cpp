// Picking: a known screen point returns the known case, cluster or building.

#include <gtest/gtest.h>

#include "assets/building_extruder.h"
#include "scene/layers/case_clusters.h"
#include "scene/picking.h"
#include "test_support.h"

using namespace citywall;

namespace {

scene::CityModel oneTower() { return test::oneTower(); }
scene::MapCamera looking() { return test::lookingAtTheTower(); }

glm::dvec2 project(const scene::MapCamera& cam, const glm::dvec3& p, double w, double h) {
  return *scene::projectToPixel(cam.matrices(w, h), p, w, h);
}

}  // namespace

TEST(Picking, TheBuildingUnderThePixelIsFound) {
  const auto city = oneTower();
  const auto cam = looking();
  const auto hit = scene::pick(city, {}, cam, project(cam, {300, 0, 30}, 800, 600), 800, 600);
  ASSERT_EQ(hit.kind, scene::PickKind::building);
  EXPECT_EQ(city.buildings[hit.index].id, 4242);
  EXPECT_NEAR(hit.where.y, -20, 1.0);  // the south wall faces this camera
  const auto miss = scene::pick(city, {}, cam, project(cam, {-300, 0, 0}, 800, 600), 800, 600);
  EXPECT_EQ(miss.kind, scene::PickKind::none);
}

TEST(Picking, AMarkerHeadWinsOverTheBuildingBehindIt) {
  const auto city = oneTower();
  const auto cam = looking();
  std::vector<scene::MarkerInstance> markers(3);
  for (int i = 0; i < 3; ++i) {
    markers[size_t(i)].position[0] = float(200 + 100 * i);  // the middle one stands in front of the tower
    markers[size_t(i)].position[1] = -60;
    markers[size_t(i)].size = 24;
  }
  const glm::dvec2 head = project(cam, {300, -60, 0}, 800, 600) - glm::dvec2(0, 26);
  const auto hit = scene::pick(city, {{markers, glm::dvec3(0.0), scene::PickKind::caseMarker}}, cam, head, 800, 600);
  EXPECT_EQ(hit.kind, scene::PickKind::caseMarker);
  EXPECT_EQ(hit.index, 1u);
  // 20 px beside a 24 px head is not a hit: the tower behind is.
  const auto beside = scene::pick(city, {{markers, glm::dvec3(0.0), scene::PickKind::caseMarker}}, cam,
                                  head + glm::dvec2(20, 30), 800, 600);
  EXPECT_NE(beside.kind, scene::PickKind::caseMarker);
}

TEST(Picking, ClustersAreReportedAsClusters) {
  std::vector<scene::MarkerInstance> clusters(1);
  clusters[0].size = 40;
  clusters[0].flags = scene::kMarkerClusterShape | (12u << 16);
  const auto cam = looking();
  const glm::dvec2 head = project(cam, {0, 0, 0}, 800, 600) - glm::dvec2(0, 26);
  const auto hit = scene::pick(scene::CityModel{}, {{clusters, glm::dvec3(0.0), scene::PickKind::caseMarker}}, cam, head, 800, 600);
  EXPECT_EQ(hit.kind, scene::PickKind::cluster);
}
