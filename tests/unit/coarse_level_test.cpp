// The coarse level of a chunk (assets/coarse_level.h): walls a neighbour
// hides are left out, footprints are simplified within the tolerance, every
// building keeps its own mesh; and the extruder stores the level after each
// chunk's buildings with prefix steps that match the full level's.

#include <gtest/gtest.h>

#include <cmath>

#include "assets/building_extruder.h"
#include "assets/coarse_level.h"
#include "test_support.h"

using namespace citywall;
using Rings = std::vector<std::vector<glm::dvec2>>;

namespace {

// A counter-clockwise box as a footprint's rings (metres, the chunk's frame).
std::vector<Rings> box(double x0, double y0, double x1, double y1) { return {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}}}; }

// Walls: quads whose normals are horizontal, two triangles each.
size_t walls(const assets::BuildingMesh& m) {
  size_t n = 0;
  for (size_t t = 0; t < m.triangles.size(); t += 3) n += std::abs(m.normals[m.triangles[t]].z) < 0.5f;
  return n / 2;
}

double topOf(const assets::BuildingMesh& m) {
  double z = -1e9;
  for (const auto& p : m.positions) z = std::max(z, p.z);
  return z;
}

}  // namespace

TEST(CoarseLevel, SimplifyingDropsPointsWithinTheToleranceOnly) {
  // A 40 × 20 m box whose long sides carry small jogs (0.5 m) and one deep notch (6 m).
  const std::vector<glm::dvec2> ring = {{0, 0}, {10, 0}, {10, 0.5}, {20, 0.5}, {20, 0}, {40, 0}, {40, 20},
                                        {24, 20}, {24, 14}, {18, 14}, {18, 20}, {0, 20}};
  double deviation = 0;
  std::vector<size_t> kept;
  const auto simple = assets::simplifyRing(ring, 1.0, deviation, &kept);
  EXPECT_EQ(simple.size(), 8u) << "the jogs go, the notch stays";
  EXPECT_GT(deviation, 0.0);
  EXPECT_LE(deviation, 1.0);
  ASSERT_EQ(kept.size(), simple.size());
  for (size_t k = 0; k < kept.size(); ++k) EXPECT_EQ(simple[k], ring[kept[k]]);
  // Nothing within a tolerance of zero, and a box stays a box.
  deviation = 0;
  EXPECT_EQ(assets::simplifyRing(ring, 0.0, deviation).size(), ring.size());
  EXPECT_EQ(assets::simplifyRing(box(0, 0, 5, 5)[0][0], 10.0, deviation).size(), 4u);
  // A tolerance that would swallow the shape keeps it as it was.
  const std::vector<glm::dvec2> thin = {{0, 0}, {50, 0}, {50, 1}, {25, 1.5}, {0, 1}};
  deviation = 0;
  EXPECT_EQ(assets::simplifyRing(thin, 5.0, deviation).size(), thin.size());
}

TEST(CoarseLevel, WallsFacingANeighbourAtLeastAsTallAreLeftOut) {
  // Three buildings in a row, touching: 20 m, 20 m, 35 m.
  const std::vector<Rings> a = box(0, 0, 10, 10), b = box(10, 0, 20, 10), c = box(20, 0, 30, 10);
  std::vector<assets::CoarseInput> in = {{&a, {}, 0, 0, 20}, {&b, {}, 0, 0, 20}, {&c, {}, 0, 0, 35}};
  const auto level = assets::makeCoarseLevel(in);
  ASSERT_EQ(level.meshes.size(), 3u);
  EXPECT_EQ(walls(level.meshes[0]), 3u) << "the wall against its equal neighbour goes";
  EXPECT_EQ(walls(level.meshes[1]), 2u) << "both its party walls go (one neighbour equal, one taller)";
  EXPECT_EQ(walls(level.meshes[2]), 4u) << "the tower's wall rises above its neighbour: kept";
  EXPECT_EQ(level.wallsLeftOut, 3u);
  // Heights are kept exactly, each building keeps its roof.
  EXPECT_DOUBLE_EQ(topOf(level.meshes[0]), 20.0);
  EXPECT_DOUBLE_EQ(topOf(level.meshes[2]), 35.0);
  for (const auto& m : level.meshes) {
    size_t roof = 0;
    for (size_t t = 0; t < m.triangles.size(); t += 3) roof += m.normals[m.triangles[t]].z > 0.5f;
    EXPECT_EQ(roof, 2u);
  }
  // The error covers a gap the grid closes, no more (no simplification happened).
  EXPECT_GT(level.error, 0.0);
  EXPECT_LE(level.error, 2.0);
}

TEST(CoarseLevel, AGapWiderThanACellKeepsBothWallsAndElevatedPartsHideNothing) {
  const std::vector<Rings> a = box(0, 0, 10, 10), b = box(13, 0, 23, 10), bridge = box(-10, 0, 0, 10),
                           under = box(-10, -10, 0, 0);
  std::vector<assets::CoarseInput> in = {{&a, {}, 0, 0, 20}, {&b, {}, 0, 0, 20}, {&bridge, {}, 0, 8, 12}, {&under, {}, 0, 0, 5}};
  const auto level = assets::makeCoarseLevel(in);
  EXPECT_EQ(walls(level.meshes[0]), 4u) << "a 3 m gap is a street: both walls stay (nor does an elevated part hide one)";
  EXPECT_EQ(walls(level.meshes[1]), 4u);
  EXPECT_EQ(walls(level.meshes[2]), 4u) << "an elevated part keeps every wall";
  EXPECT_EQ(level.wallsLeftOut, 0u);
  size_t floors = 0;
  for (size_t t = 0; t < level.meshes[2].triangles.size(); t += 3) floors += level.meshes[2].normals[level.meshes[2].triangles[t]].z < -0.5f;
  EXPECT_EQ(floors, 2u) << "seen from below, it has a floor";
}

TEST(CoarseLevel, AChunkSeesNoneOfThePreviousChunksNeighbours) {
  // The neighbour grid's cells are kept by each thread from one chunk to the
  // next, and only what a chunk painted is cleared after it. A lone box
  // first, then a wide district of tall buildings over the same cells
  // (its painted spans cover the lone box's whole grid and margin), then
  // the lone box again: it must keep all four walls, as the first time.
  const std::vector<Rings> lone = box(0, 0, 10, 10);
  const std::vector<assets::CoarseInput> alone = {{&lone, {}, 0, 0, 20}};
  const auto before = assets::makeCoarseLevel(alone);
  ASSERT_EQ(walls(before.meshes[0]), 4u);
  std::vector<std::vector<Rings>> district;
  for (int k = 0; k < 8; ++k) district.push_back(box(-20 + 5 * k, -20, -15 + 5 * k, 60));  // strips, touching
  std::vector<assets::CoarseInput> wide;
  for (const auto& d : district) wide.push_back({&d, {}, 0, 0, 90});
  const auto between = assets::makeCoarseLevel(wide);
  EXPECT_EQ(between.wallsLeftOut, 14u) << "each of the 7 seams hides both its walls";
  const auto after = assets::makeCoarseLevel(alone);
  EXPECT_EQ(walls(after.meshes[0]), 4u) << "a cell painted by the district was left in the grid";
  EXPECT_EQ(after.wallsLeftOut, 0u);
  EXPECT_EQ(after.meshes[0].positions, before.meshes[0].positions);
}

TEST(CoarseLevel, CourtyardsStayOpenAndTowersKeepTheirShape) {
  // A block with a courtyard (its outline with small jogs), and a round tower of 64 sides.
  const std::vector<Rings> block = {{{{0, 0}, {20, 0}, {20, 0.4}, {40, 0.4}, {40, 40}, {0, 40}}, {{10, 10}, {10, 30}, {30, 30}, {30, 10}}}};
  std::vector<glm::dvec2> circle;
  for (int k = 0; k < 64; ++k) circle.emplace_back(100 + 15 * std::cos(k * 6.283185307 / 64), 15 * std::sin(k * 6.283185307 / 64));
  const std::vector<Rings> tower = {{circle}};
  std::vector<assets::CoarseInput> in = {{&block, {}, 0, 0, 20}, {&tower, {}, 0, 0, 150}};
  const auto level = assets::makeCoarseLevel(in);
  const auto& b = level.meshes[0];
  EXPECT_EQ(walls(b), 4u + 4u) << "the jog simplified away; the courtyard's four walls kept";
  double roofArea = 0;
  for (size_t t = 0; t < b.triangles.size(); t += 3) {
    const glm::dvec3 p = b.positions[b.triangles[t]], q = b.positions[b.triangles[t + 1]], r = b.positions[b.triangles[t + 2]];
    if (b.normals[b.triangles[t]].z < 0.5f) continue;
    roofArea += glm::cross(q - p, r - p).z / 2;
    const glm::dvec3 c = (p + q + r) / 3.0;
    EXPECT_FALSE(c.x > 10 && c.x < 30 && c.y > 10 && c.y < 30) << "no roof over the courtyard";
  }
  EXPECT_NEAR(roofArea, 40 * 40 - 20 * 20, 10.0);
  EXPECT_EQ(walls(level.meshes[1]), 64u) << "150 m tall: its 64 sides kept";
}

TEST(CoarseLevel, TheExtruderStoresItAfterEachChunkWithMatchingSteps) {
  // A terrace of 40 jagged houses (each footprint with small jogs), touching.
  const geo::GeoFrame frame({121.4985, 31.2375, 0});
  std::vector<assets::Footprint> fps;
  for (int i = 0; i < 40; ++i) {
    const double x = i * 8.0;
    fps.push_back(test::footprintInMetres(frame, {{x, 0}, {x + 4, 0}, {x + 4, 0.3}, {x + 8, 0.3}, {x + 8, 12}, {x, 12}}, 9 + (i % 3), i));
  }
  const scene::CityModel city = test::extrudedCity(frame, fps);
  ASSERT_EQ(city.chunks.size(), 1u);
  const auto& c = city.chunks[0];
  ASSERT_GT(c.coarseIndexCount, 0u);
  EXPECT_LT(c.coarseIndexCount, c.indexCount * 7 / 10) << "party walls and jogs gone";
  EXPECT_LE(c.coarseLineCount, c.lineIndexCount);
  EXPECT_EQ(c.coarseFirstIndex, c.firstIndex + c.indexCount) << "right after the chunk's buildings";
  EXPECT_EQ(city.triangleCount(), c.indexCount / 3u) << "the coarse level is not counted as the city's";
  EXPECT_GT(c.coarseError, 0.0f);
  EXPECT_LE(c.coarseError, 2.0f);
  // Each step's coarse prefix holds the same buildings as the full one's.
  for (int k = 0; k < scene::BuildingChunk::kLodSteps; ++k) {
    EXPECT_LE(c.coarseLodIndexCount[k], c.coarseIndexCount);
    if (k) {
      EXPECT_GE(c.coarseLodIndexCount[k], c.coarseLodIndexCount[k - 1]);
    }
    uint32_t fullMax = 0, coarseMax = 0;
    for (uint32_t i = c.firstIndex; i < c.firstIndex + c.lodIndexCount[k]; ++i)
      fullMax = std::max(fullMax, city.vertices[size_t(c.vertexOffset) + city.indices[i]].building);
    for (uint32_t i = c.coarseFirstIndex; i < c.coarseFirstIndex + c.coarseLodIndexCount[k]; ++i)
      coarseMax = std::max(coarseMax, city.vertices[size_t(c.vertexOffset) + city.indices[i]].building);
    EXPECT_EQ(coarseMax, fullMax) << "step " << k;
  }
  EXPECT_EQ(c.coarseLodIndexCount[scene::BuildingChunk::kLodSteps - 1], c.coarseIndexCount);
  // Every coarse vertex stands inside its own building's footprint (give or take the tolerance).
  for (uint32_t i = c.coarseFirstIndex; i < c.coarseFirstIndex + c.coarseIndexCount; ++i) {
    const auto& v = city.vertices[size_t(c.vertexOffset) + city.indices[i]];
    const glm::dvec3 p = c.origin + glm::dvec3(v.position[0], v.position[1], v.position[2]);
    const double x0 = double(city.buildings[v.building].id) * 8.0;  // stored largest first: the id says which house
    EXPECT_GE(p.x, x0 - 0.5);
    EXPECT_LE(p.x, x0 + 8.5);
  }
}
