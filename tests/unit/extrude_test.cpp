// Extrusion: closed meshes, outward normals, holes, repair of invalid input,
// skipping of degenerate input, heights.

#include <gtest/gtest.h>

#include <map>

#include "assets/building_extruder.h"

using namespace citywall;
using assets::Footprint;

namespace {

const geo::GeoFrame kFrame({121.4985, 31.2375, 0});

// A ring in metres east/north of the origin, converted to lon/lat.
std::vector<glm::dvec2> ring(std::initializer_list<glm::dvec2> metres) {
  std::vector<glm::dvec2> out;
  for (const auto& m : metres) {
    const auto g = kFrame.toGeodetic({m.x, m.y, 0});
    out.emplace_back(g.lon, g.lat);
  }
  out.push_back(out.front());  // GeoJSON rings are closed
  return out;
}

Footprint footprint(std::vector<std::vector<glm::dvec2>> rings, double height = 30, double minHeight = 0) {
  Footprint f;
  f.polygons.push_back({std::move(rings)});
  f.height = height;
  f.minHeight = minHeight;
  return f;
}

const assets::ExtrudeOptions kClosed = [] {
  assets::ExtrudeOptions o;
  o.floors = assets::FloorMode::always;
  return o;
}();

// Every directed edge of a closed, consistently wound mesh is matched by the
// reverse edge of a neighbour, as often as it occurs (two parts touching at a
// corner share an edge twice); positions are welded to 1 mm first.
bool isClosed(const assets::BuildingMesh& m) {
  std::map<std::tuple<long, long, long>, uint32_t> weld;
  std::vector<uint32_t> id(m.positions.size());
  for (size_t i = 0; i < m.positions.size(); ++i) {
    const auto& p = m.positions[i];
    id[i] = weld.try_emplace({std::lround(p.x * 1000), std::lround(p.y * 1000), std::lround(p.z * 1000)}, uint32_t(weld.size()))
                .first->second;
  }
  std::map<std::pair<uint32_t, uint32_t>, int> edges;
  for (size_t t = 0; t < m.triangles.size(); t += 3)
    for (int k = 0; k < 3; ++k) ++edges[{id[m.triangles[t + k]], id[m.triangles[t + (k + 1) % 3]]}];
  for (const auto& [e, n] : edges) {
    auto back = edges.find({e.second, e.first});
    if (back == edges.end() || back->second != n) return false;
  }
  return !edges.empty();
}

// Divergence theorem: positive for outward-facing triangles.
double signedVolume(const assets::BuildingMesh& m) {
  double v = 0;
  const glm::dvec3 c = m.positions[0];
  for (size_t t = 0; t < m.triangles.size(); t += 3) {
    const glm::dvec3 a = m.positions[m.triangles[t]] - c, b = m.positions[m.triangles[t + 1]] - c,
                     d = m.positions[m.triangles[t + 2]] - c;
    v += glm::dot(a, glm::cross(b, d)) / 6.0;
  }
  return v;
}

// Each stored normal agrees with its triangle's geometric normal.
void expectNormalsMatchWinding(const assets::BuildingMesh& m) {
  for (size_t t = 0; t < m.triangles.size(); t += 3) {
    const glm::dvec3 a = m.positions[m.triangles[t]], b = m.positions[m.triangles[t + 1]],
                     c = m.positions[m.triangles[t + 2]];
    const glm::dvec3 n = glm::normalize(glm::cross(b - a, c - a));
    for (int k = 0; k < 3; ++k) EXPECT_GT(glm::dot(n, glm::dvec3(m.normals[m.triangles[t + k]])), 0.99);
  }
}

}  // namespace

TEST(Extrude, BoxIsClosedWithOutwardNormalsAndTheRightVolume) {
  const auto m = assets::extrudeFootprint(footprint({ring({{0, 0}, {20, 0}, {20, 10}, {0, 10}})}, 30), kFrame, kClosed);
  ASSERT_FALSE(m.empty());
  EXPECT_TRUE(isClosed(m));
  EXPECT_NEAR(signedVolume(m), 20 * 10 * 30, 1.0);
  expectNormalsMatchWinding(m);
  EXPECT_FALSE(m.repaired);
}

TEST(Extrude, ClockwiseInputIsReorientedOutward) {
  const auto m = assets::extrudeFootprint(footprint({ring({{0, 0}, {0, 10}, {20, 10}, {20, 0}})}, 30), kFrame, kClosed);
  EXPECT_TRUE(isClosed(m));
  EXPECT_NEAR(signedVolume(m), 6000, 1.0);
  expectNormalsMatchWinding(m);
}

TEST(Extrude, HolesStayOpenAndTheirWallsFaceIntoTheCourtyard) {
  const auto outer = ring({{0, 0}, {30, 0}, {30, 30}, {0, 30}});
  const auto hole = ring({{10, 10}, {20, 10}, {20, 20}, {10, 20}});
  const auto m = assets::extrudeFootprint(footprint({outer, hole}, 10), kFrame, kClosed);
  EXPECT_TRUE(isClosed(m));
  EXPECT_NEAR(signedVolume(m), (900 - 100) * 10, 1.0);
  expectNormalsMatchWinding(m);
  // No roof triangle covers the courtyard's centre.
  for (size_t t = 0; t < m.triangles.size(); t += 3) {
    const glm::dvec3 c = (m.positions[m.triangles[t]] + m.positions[m.triangles[t + 1]] + m.positions[m.triangles[t + 2]]) / 3.0;
    const bool roof = m.normals[m.triangles[t]].z > 0.5f;
    if (roof) {
      EXPECT_FALSE(c.x > 10.5 && c.x < 19.5 && c.y > 10.5 && c.y < 19.5);
    }
  }
}

TEST(Extrude, SelfIntersectingBowTieIsRepairedIntoTwoClosedParts) {
  const auto m = assets::extrudeFootprint(footprint({ring({{0, 0}, {20, 20}, {20, 0}, {0, 20}})}, 10), kFrame, kClosed);
  ASSERT_FALSE(m.empty());
  EXPECT_TRUE(m.repaired);
  EXPECT_TRUE(isClosed(m));
  EXPECT_NEAR(signedVolume(m), 2 * 100 * 10, 1.0);  // two triangles of 100 m² each
  expectNormalsMatchWinding(m);
}

TEST(Extrude, DegenerateInputGivesAnEmptyMesh) {
  EXPECT_TRUE(assets::extrudeFootprint(footprint({ring({{0, 0}, {10, 0}, {20, 0}})}), kFrame).empty());  // collinear
  EXPECT_TRUE(assets::extrudeFootprint(footprint({ring({{0, 0}, {10, 0}})}), kFrame).empty());           // two points
  EXPECT_TRUE(assets::extrudeFootprint(footprint({ring({{5, 5}, {5, 5}, {5, 5}})}), kFrame).empty());    // one point
  EXPECT_TRUE(assets::extrudeFootprint(footprint({{}}), kFrame).empty());                                 // no points
  EXPECT_TRUE(assets::extrudeFootprint(footprint({ring({{0, 0}, {10, 0}, {10, 10}})}, 5, 5), kFrame).empty());  // no height
}

TEST(Extrude, MinHeightLiftsTheBottomAndAddsAFloor) {
  const auto m = assets::extrudeFootprint(footprint({ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}})}, 40, 25), kFrame);
  EXPECT_TRUE(isClosed(m));  // elevated parts are closed even without FloorMode::always
  EXPECT_NEAR(signedVolume(m), 100 * 15, 1.0);
  double zMin = 1e9;
  for (const auto& p : m.positions) zMin = std::min(zMin, p.z);
  EXPECT_NEAR(zMin, kFrame.surfaceZ(5, 5) + 25, 0.01);
}

TEST(Extrude, GroundFloorsAreLeftOutByDefault) {
  const auto m = assets::extrudeFootprint(footprint({ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}})}), kFrame);
  for (const auto& n : m.normals) EXPECT_GT(n.z, -0.5f);
}

TEST(Extrude, OutlinesTraceRoofEdgesAndCorners) {
  const auto m = assets::extrudeFootprint(footprint({ring({{0, 0}, {20, 0}, {20, 10}, {0, 10}})}), kFrame);
  EXPECT_EQ(m.lines.size(), (4 + 4) * 2u);  // four roof edges, four vertical corners
}

TEST(Extrude, ChunksBatchBuildingsAndIndexThemPerVertex) {
  std::vector<Footprint> fps;
  for (int i = 0; i < 30; ++i) {
    const double x = i * 100.0;
    fps.push_back(footprint({ring({{x, 0}, {x + 10, 0}, {x + 10, 10}, {x, 10}})}, 10 + i));
    fps.back().id = 1000 + i;
  }
  fps.push_back(footprint({ring({{0, 0}, {1, 0}, {2, 0}})}));  // degenerate
  scene::CityModel city;
  city.frame = kFrame;
  assets::ExtrudeOptions options;
  options.floors = assets::FloorMode::whenElevated, options.chunkSize = 512.0;
  assets::addBuildings(fps, city, options);
  EXPECT_EQ(city.buildings.size(), 30u);
  EXPECT_EQ(city.report.skippedDegenerate, 1u);
  EXPECT_EQ(city.chunks.size(), 6u);  // 3 km of buildings in 512 m cells
  uint32_t drawn = 0;
  for (const auto& c : city.chunks) drawn += c.indexCount;
  EXPECT_EQ(drawn, city.indices.size());
  // A vertex's building index points at the building whose footprint holds it.
  for (const auto& c : city.chunks)
    for (uint32_t i = c.firstIndex; i < c.firstIndex + c.indexCount; ++i) {
      const auto& v = city.vertices[size_t(c.vertexOffset) + city.indices[i]];
      const auto& b = city.buildings.at(v.building);
      const glm::dvec3 p = c.origin + glm::dvec3(v.position[0], v.position[1], v.position[2]);
      EXPECT_LT(std::abs(p.x - b.centroid.x), 8.0);
      EXPECT_EQ(b.chunk, uint32_t(&c - city.chunks.data()));
    }
}
