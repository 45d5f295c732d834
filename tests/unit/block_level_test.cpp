// The block level of a chunk (assets/block_level.h): buildings that touch
// and are about as tall become one region with one roof, a taller one keeps
// a step wall, regions that touch leave no gap between their roofs, towers
// keep their coarse shape, courtyards stay open; and the extruder stores the
// level after each chunk's coarse level with prefix steps, largest first.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "assets/block_level.h"
#include "assets/building_extruder.h"
#include "assets/coarse_level.h"
#include "test_support.h"

using namespace citywall;
using Rings = std::vector<std::vector<glm::dvec2>>;

namespace {

std::vector<Rings> box(double x0, double y0, double x1, double y1) { return {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}}}; }

// Footprints, then their inputs (built once every footprint is in place).
struct City {
  std::vector<std::vector<Rings>> footprints;
  std::vector<double> heights;
  std::vector<assets::CoarseInput> inputs() const {
    std::vector<assets::CoarseInput> out;
    for (size_t i = 0; i < footprints.size(); ++i) out.push_back({&footprints[i], glm::dvec2(0.0), 0, 0, heights[i]});
    return out;
  }
  void add(std::vector<Rings> f, double h) { footprints.push_back(std::move(f)), heights.push_back(h); }
};

size_t roofTriangles(const assets::BlockLevel& b) {
  size_t n = 0;
  for (size_t t = 0; t < b.mesh.triangles.size(); t += 3) n += b.mesh.normals[b.mesh.triangles[t]].z > 0.5f;
  return n;
}

// The highest roof over (x, y), or -1 where no roof triangle covers it.
double roofAt(const assets::BlockLevel& b, glm::dvec2 p) {
  double best = -1;
  for (size_t t = 0; t < b.mesh.triangles.size(); t += 3) {
    if (b.mesh.normals[b.mesh.triangles[t]].z < 0.5f) continue;
    const glm::dvec3 a(b.mesh.positions[b.mesh.triangles[t]]), c(b.mesh.positions[b.mesh.triangles[t + 1]]),
        d(b.mesh.positions[b.mesh.triangles[t + 2]]);
    auto side = [&](glm::dvec3 u, glm::dvec3 v) { return (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x); };
    if (side(a, c) >= -1e-9 && side(c, d) >= -1e-9 && side(d, a) >= -1e-9) best = std::max(best, a.z);
  }
  return best;
}

}  // namespace

TEST(BlockLevel, NeighboursAboutAsTallBecomeOneRegion) {
  // A terrace: 20, 21 and 19.5 m houses touching, 10 m wide each.
  City city;
  city.add(box(0, 0, 10, 12), 20), city.add(box(10, 0, 20, 12), 21), city.add(box(20, 0, 30, 12), 19.5);
  const auto b = assets::makeBlockLevel(city.inputs());
  EXPECT_EQ(b.regions, 1u);
  EXPECT_EQ(roofTriangles(b), 2u) << "one roof over the three";
  // Four walls, each a quad, down to the ground; no wall between the houses.
  EXPECT_EQ(b.mesh.triangles.size() / 3 - roofTriangles(b), 8u);
  for (size_t v = 0; v < b.owners.size(); ++v) EXPECT_EQ(b.owners[v], 1u) << "drawn as its tallest building";
  for (const auto& p : b.mesh.positions) EXPECT_TRUE(p.z == 0.f || p.z == 21.f) << p.z;
  // The grid's cells and the tolerance bound the error.
  const assets::BlockOptions o;
  EXPECT_GE(b.error, 1.5);
  EXPECT_LE(b.error, o.cell * (o.tolerance + 0.75) + 1e-9);
  ASSERT_EQ(b.ends.size(), 1u);
  EXPECT_EQ(b.ends[0].triangles, b.mesh.triangles.size());
  EXPECT_EQ(b.ends[0].lines, b.mesh.lines.size());
}

TEST(BlockLevel, ATallerNeighbourKeepsItsStepAndNoGroundShowsBetween) {
  City city;
  city.add(box(0, 0, 30, 30), 20), city.add(box(30, 0, 60, 30), 45);
  const auto b = assets::makeBlockLevel(city.inputs());
  EXPECT_EQ(b.regions, 2u);
  // The step: a wall from 20 m up to 45 m facing the lower roof.
  bool step = false;
  for (size_t t = 0; t < b.mesh.triangles.size(); t += 3) {
    const auto& p = b.mesh.positions;
    const float lo = std::min({p[b.mesh.triangles[t]].z, p[b.mesh.triangles[t + 1]].z, p[b.mesh.triangles[t + 2]].z});
    const float hi = std::max({p[b.mesh.triangles[t]].z, p[b.mesh.triangles[t + 1]].z, p[b.mesh.triangles[t + 2]].z});
    step = step || (lo == 20.f && hi == 45.f);
  }
  EXPECT_TRUE(step);
  // Across the line where they meet (moved by at most the error), every
  // point has a roof: 20 m west of it, 45 m east.
  for (double y = b.error; y <= 30 - b.error; y += 0.25) {
    EXPECT_EQ(roofAt(b, {30 - b.error, y}), 20.0) << y;
    EXPECT_EQ(roofAt(b, {30 + b.error, y}), 45.0) << y;
    for (double x = 30 - b.error; x <= 30 + b.error; x += 0.1) ASSERT_GT(roofAt(b, {x, y}), 0) << x << ", " << y;
  }
}

namespace {

// Vertical outline edges, counted: a line whose two ends share x and y.
size_t verticalEdges(const assets::BlockLevel& b) {
  size_t n = 0;
  for (size_t l = 0; l < b.mesh.lines.size(); l += 2) {
    const glm::vec3 p = b.mesh.positions[b.mesh.lines[l]], q = b.mesh.positions[b.mesh.lines[l + 1]];
    n += p.x == q.x && p.y == q.y;
  }
  return n;
}

}  // namespace

TEST(BlockLevel, OnlyWallsTallerThanTwiceTheErrorHaveVerticalEdges) {
  // Two apart: a 12 m house (under twice the 7.4 m error) and a 40 m block.
  City low, high;
  low.add(box(0, 0, 40, 40), 12);
  high.add(box(0, 0, 40, 40), 40);
  const auto a = assets::makeBlockLevel(low.inputs()), b = assets::makeBlockLevel(high.inputs());
  EXPECT_EQ(verticalEdges(a), 0u);
  EXPECT_EQ(a.mesh.lines.size() / 2, 4u) << "the roof's four edges still outlined";
  EXPECT_EQ(verticalEdges(b), 4u) << "one at each corner";
  // Off, every corner has its edge.
  assets::BlockOptions every;
  every.verticalEdgesFrom = 0;
  EXPECT_EQ(verticalEdges(assets::makeBlockLevel(low.inputs(), every)), 4u);
}

TEST(BlockLevel, RegionsThatTouchLeaveNoGapBetweenTheirRoofs) {
  // A block rotated 29° (as Manhattan's grid is): 8 × 3 houses of random
  // heights, so region outlines are staircases on the grid, simplified on
  // both sides of every shared stretch.
  City city;
  std::mt19937 random(7);
  std::uniform_real_distribution<double> height(8, 60);
  const double a = 29 * std::numbers::pi / 180;
  const glm::dvec2 u(std::cos(a), std::sin(a)), v(-std::sin(a), std::cos(a));
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 3; ++j) {
      const glm::dvec2 o = u * (i * 11.0) + v * (j * 17.0);
      city.add({{{o, o + u * 11.0, o + u * 11.0 + v * 17.0, o + v * 17.0}}}, height(random));
    }
  const auto b = assets::makeBlockLevel(city.inputs());
  EXPECT_GT(b.regions, 3u);
  // Every point well inside the block (a margin of the error from its
  // outside) is under a roof.
  size_t covered = 0, tested = 0;
  for (double s = b.error + 1; s <= 88 - b.error - 1; s += 0.7)
    for (double t = b.error + 1; t <= 51 - b.error - 1; t += 0.7) {
      ++tested;
      const glm::dvec2 p = u * s + v * t;
      if (roofAt(b, p) > 0) ++covered;
      else ADD_FAILURE() << "no roof at " << p.x << ", " << p.y;
      if (::testing::Test::HasFailure()) return;
    }
  EXPECT_EQ(covered, tested);
  // Simplified: far fewer roof triangles than the staircases' steps.
  EXPECT_LT(roofTriangles(b), 20 * b.regions);
}

TEST(BlockLevel, TowersKeepTheirCoarseShapeAndCourtyardsStayOpen) {
  City city;
  // A courtyard block (40 × 40 with a 20 × 20 hole) and a 150 m tower beside it.
  city.add({{{{0, 0}, {40, 0}, {40, 40}, {0, 40}}, {{10, 10}, {10, 30}, {30, 30}, {30, 10}}}}, 18);
  city.add(box(50, 0, 70, 20), 150);
  const auto inputs = city.inputs();
  const auto coarse = assets::makeCoarseLevel(inputs);
  const auto b = assets::makeBlockLevel(inputs, {}, &coarse.meshes);
  EXPECT_LT(roofAt(b, {20, 20}), 0) << "the courtyard stays open";
  EXPECT_EQ(roofAt(b, {5, 20}), 18.0);
  // The tower: its coarse mesh as it is, drawn as itself, first (it is the largest).
  size_t towerTriangles = 0;
  for (size_t t = 0; t < b.mesh.triangles.size(); t += 3) towerTriangles += b.owners[b.mesh.triangles[t]] == 1u;
  EXPECT_EQ(towerTriangles, coarse.meshes[1].triangles.size() / 3);
  EXPECT_EQ(b.ends.front().triangles, coarse.meshes[1].triangles.size());
  EXPECT_EQ(roofAt(b, {60, 10}), 150.0);
  for (size_t k = 1; k < b.ends.size(); ++k) EXPECT_LE(b.ends[k].size, b.ends[k - 1].size) << "largest first";
  // Without the coarse shapes the tower is painted like the rest.
  const auto painted = assets::makeBlockLevel(inputs);
  EXPECT_EQ(painted.regions, 2u);
  EXPECT_EQ(roofAt(painted, {60, 10}), 150.0);
}

TEST(BlockLevel, TheExtruderStoresItAfterTheCoarseLevelWithPrefixSteps) {
  // Four city blocks of 6 × 4 row houses 9–12 m tall, rotated 29°.
  const geo::GeoFrame frame({121.4985, 31.2375, 0});
  const double a = 29 * std::numbers::pi / 180;
  const glm::dvec2 u(std::cos(a), std::sin(a)), v(-std::sin(a), std::cos(a));
  std::vector<assets::Footprint> fps;
  for (int block = 0; block < 4; ++block)
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 4; ++j) {
        const glm::dvec2 o = glm::dvec2(100, 40) + u * (block * 80.0 + i * 10.0) + v * (j * 12.0);
        fps.push_back(test::footprintInMetres(frame, {o, o + u * 10.0, o + u * 10.0 + v * 12.0, o + v * 12.0},
                                              9 + ((i * 7 + j * 3 + block) % 4), int64_t(fps.size())));
      }
  const scene::CityModel city = test::extrudedCity(frame, fps);
  ASSERT_EQ(city.chunks.size(), 1u);
  const auto& c = city.chunks[0];
  ASSERT_GT(c.coarseIndexCount, 0u);
  ASSERT_GT(c.blockIndexCount, 0u);
  EXPECT_EQ(c.blockFirstIndex, c.coarseFirstIndex + c.coarseIndexCount) << "right after the coarse level";
  EXPECT_EQ(c.blockFirstLine, c.coarseFirstLine + c.coarseLineCount);
  EXPECT_EQ(c.blockFirstIndex + c.blockIndexCount, city.indices.size());
  EXPECT_LT(c.blockIndexCount, c.coarseIndexCount * 9 / 10);
  EXPECT_GT(c.blockError, c.coarseError);
  EXPECT_EQ(city.triangleCount(), c.indexCount / 3u) << "neither level is counted as the city's";
  for (int k = 0; k < scene::BuildingChunk::kBlockSteps; ++k) {
    EXPECT_LE(c.blockLodIndexCount[k], c.blockIndexCount);
    EXPECT_EQ(c.blockLodIndexCount[k] % 3, 0u);
    if (k) {
      EXPECT_GE(c.blockLodIndexCount[k], c.blockLodIndexCount[k - 1]);
      EXPECT_LE(c.blockLodSize[k], c.blockLodSize[k - 1]);
    }
  }
  EXPECT_EQ(c.blockLodIndexCount[scene::BuildingChunk::kBlockSteps - 1], c.blockIndexCount);
  EXPECT_EQ(c.blockLodLineCount[scene::BuildingChunk::kBlockSteps - 1], c.blockLineCount);
  // Its vertices name the chunk's buildings and lie in its bounds.
  for (uint32_t i = c.blockFirstIndex; i < c.blockFirstIndex + c.blockIndexCount; ++i) {
    const auto& vtx = city.vertices[size_t(c.vertexOffset) + city.indices[i]];
    EXPECT_LT(vtx.building, city.buildings.size());
    for (int k = 0; k < 3; ++k) {
      EXPECT_GE(vtx.position[k], c.boundsMin[k]);
      EXPECT_LE(vtx.position[k], c.boundsMax[k]);
    }
  }
  // Off: no block level, and the arrays end with the coarse one.
  assets::ExtrudeOptions o;
  o.blockLevel = false;
  const scene::CityModel without = test::extrudedCity(frame, fps, o);
  EXPECT_EQ(without.chunks[0].blockIndexCount, 0u);
  EXPECT_EQ(without.indices.size(), size_t(c.blockFirstIndex));
}
