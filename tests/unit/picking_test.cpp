// Picking: a known screen point returns the known case, cluster or building.

#include <gtest/gtest.h>

#include "assets/building_extruder.h"
#include "assets/geojson_footprints.h"
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

namespace {

// What picking would find if it cast the ray through every triangle of the
// full level, as it did before the meshes went to the GPU alone.
struct MeshHit {
  bool hit = false;
  uint32_t building = 0;
  double t = 0;
};
MeshHit castThroughTriangles(const scene::CityModel& city, const scene::Ray& ray) {
  MeshHit best;
  best.t = 1e300;
  for (const auto& chunk : city.chunks)
    for (uint32_t i = chunk.firstIndex; i + 2 < chunk.firstIndex + chunk.indexCount; i += 3) {
      glm::dvec3 p[3];
      for (int k = 0; k < 3; ++k) {
        const auto& v = city.vertices[size_t(chunk.vertexOffset) + city.indices[i + uint32_t(k)]];
        p[k] = chunk.origin + glm::dvec3(v.position[0], v.position[1], v.position[2]);
      }
      const glm::dvec3 e1 = p[1] - p[0], e2 = p[2] - p[0], q = glm::cross(ray.direction, e2);
      const double det = glm::dot(e1, q);
      if (std::abs(det) < 1e-12) continue;
      const glm::dvec3 s = ray.origin - p[0];
      const double u = glm::dot(s, q) / det;
      const glm::dvec3 r = glm::cross(s, e1);
      const double v = glm::dot(ray.direction, r) / det, t = glm::dot(e2, r) / det;
      if (u < 0 || u > 1 || v < 0 || u + v > 1 || t <= 0 || t >= best.t) continue;
      best = {true, city.vertices[size_t(chunk.vertexOffset) + city.indices[i]].building, t};
    }
  return best;
}

scene::CityModel bund() {
  scene::CityModel city;
  city.frame = test::bundFrame();
  assets::addBuildings(
      assets::loadFootprints(test::sourceDir() + "/data/shanghai_bund_lujiazui_osm_buildings.geojson", city.report).footprints, city);
  return city;
}

}  // namespace

// Picking tests a building's footprint, extruded: the same answer as the
// full level's triangles wherever the pixel is not on an edge, before and
// after the mesh is released.
TEST(Picking, FootprintsFindWhatTheMeshShows) {
  scene::CityModel city = bund();
  ASSERT_GT(city.buildings.size(), 1000u);
  ASSERT_FALSE(city.rings.ends.empty());
  const double w = 640, h = 360;
  std::vector<scene::MapCamera> cameras(3);
  cameras[0].target = {0, 0, 0}, cameras[0].distance = 3000, cameras[0].pitch = 50, cameras[0].heading = 30;
  cameras[1].target = {900, 300, 0}, cameras[1].distance = 900, cameras[1].pitch = 72, cameras[1].heading = 250;
  cameras[2].target = {-400, -200, 0}, cameras[2].distance = 1500, cameras[2].pitch = 0, cameras[2].heading = 0;
  struct Seen {
    bool hit;
    uint32_t building;
    glm::dvec3 where;
  };
  std::vector<Seen> before;
  size_t hits = 0, same = 0, total = 0;
  for (const auto& cam : cameras)
    for (int y = 0; y < 36; ++y)
      for (int x = 0; x < 64; ++x) {
        const glm::dvec2 pixel(x * 10 + 5.5, y * 10 + 5.5);
        const MeshHit mesh = castThroughTriangles(city, cam.rayThroughPixel(pixel, w, h));
        const auto found = scene::pickBuilding(city, cam, pixel, w, h);
        before.push_back({found.has_value(), found ? found->index : 0, found ? found->where : glm::dvec3(0)});
        ++total, hits += mesh.hit;
        if (mesh.hit != found.has_value()) continue;
        if (!mesh.hit) {
          ++same;
          continue;
        }
        const scene::Ray ray = cam.rayThroughPixel(pixel, w, h);
        if (found->index == mesh.building && glm::length(found->where - (ray.origin + ray.direction * mesh.t)) < 0.05) ++same;
      }
  EXPECT_GT(hits, total / 4) << "the views should look at buildings";
  EXPECT_GE(double(same), 0.995 * double(total)) << same << " of " << total << " pixels agree";

  // Released: the same answers, from the footprints alone.
  const size_t meshBytes = city.vertices.size() * sizeof(scene::BuildingVertex) + (city.indices.size() + city.lineIndices.size()) * 4;
  const size_t ringBytes = city.rings.points.size() * sizeof(glm::vec2) + city.rings.ends.size() * 4;
  EXPECT_LT(ringBytes * 10, meshBytes) << "footprints should cost a tenth of the mesh at most";
  city.releaseBuildingMesh();
  EXPECT_TRUE(city.buildingMeshReleased);
  EXPECT_TRUE(city.vertices.empty() && city.indices.empty() && city.lineIndices.empty());
  EXPECT_EQ(city.vertices.capacity(), 0u);
  size_t i = 0;
  for (const auto& cam : cameras)
    for (int y = 0; y < 36; ++y)
      for (int x = 0; x < 64; ++x, ++i) {
        const auto found = scene::pickBuilding(city, cam, {x * 10 + 5.5, y * 10 + 5.5}, w, h);
        ASSERT_EQ(found.has_value(), before[i].hit);
        if (!found) continue;
        EXPECT_EQ(found->index, before[i].building);
        EXPECT_EQ(found->where, before[i].where);
      }
}

// A courtyard is open, and the space under a bridge (a part with a minimum
// height) is empty: picking sees through both, as the drawn city does.
TEST(Picking, ThroughACourtyardAndUnderABridge) {
  scene::CityModel city;
  city.frame = test::bundFrame();
  auto ringOf = [&](std::initializer_list<glm::dvec2> metres) {
    std::vector<glm::dvec2> ring;
    for (glm::dvec2 m : metres) {
      const auto g = city.frame.toGeodetic({m.x, m.y, 0});
      ring.emplace_back(g.lon, g.lat);
    }
    ring.push_back(ring.front());
    return ring;
  };
  assets::Footprint courtyard;
  courtyard.polygons.push_back({{ringOf({{-60, -60}, {60, -60}, {60, 60}, {-60, 60}}), ringOf({{-30, -30}, {-30, 30}, {30, 30}, {30, -30}})}});
  courtyard.height = 30, courtyard.id = 1;
  assets::Footprint bridge;
  bridge.polygons.push_back({{ringOf({{480, -20}, {520, -20}, {520, 20}, {480, 20}})}});
  bridge.height = 20, bridge.minHeight = 10, bridge.id = 2;
  assets::addBuildings({courtyard, bridge}, city);
  ASSERT_EQ(city.buildings.size(), 2u);
  city.releaseBuildingMesh();

  scene::MapCamera down;  // straight down: the centre pixel's ray goes through the target
  down.distance = 500, down.pitch = 0;
  down.target = {0, 0, 0};
  EXPECT_FALSE(scene::pickBuilding(city, down, {320, 180}, 640, 360)) << "the courtyard is open";
  down.target = {45, 0, 0};
  const auto roof = scene::pickBuilding(city, down, {320, 180}, 640, 360);
  ASSERT_TRUE(roof);
  EXPECT_EQ(city.buildings[roof->index].id, 1);
  EXPECT_NEAR(roof->where.z - city.buildings[roof->index].centroid.z, 30, 0.01);

  scene::MapCamera low;  // nearly level, from the south
  low.distance = 100, low.pitch = 85, low.heading = 0;
  low.target = {500, 0, city.buildings[1].centroid.z + 5};  // under the bridge: the ray passes below it
  EXPECT_FALSE(scene::pickBuilding(city, low, {320, 180}, 640, 360));
  low.target.z += 10;  // through its span: the south wall
  const auto wall = scene::pickBuilding(city, low, {320, 180}, 640, 360);
  ASSERT_TRUE(wall);
  EXPECT_EQ(city.buildings[wall->index].id, 2);
  EXPECT_NEAR(wall->where.y, -20, 0.01);
}
