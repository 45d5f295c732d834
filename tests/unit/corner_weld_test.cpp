// Corner weld (assets/corner_weld.h): a corner stored once, each face
// still lit by its own normal.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "assets/corner_weld.h"
#include "test_support.h"

namespace citywall {
namespace {

using Corner = std::array<float, 4>;  // x, y, z, building (exact: a building index is small)

Corner cornerOf(const scene::CityModel& city, const scene::BuildingChunk& c, uint32_t index) {
  const scene::BuildingVertex& v = city.vertices[size_t(c.vertexOffset) + index];
  return {v.position[0], v.position[1], v.position[2], float(v.building)};
}

uint32_t normalOf(const scene::CityModel& city, const scene::BuildingChunk& c, uint32_t index) {
  uint32_t n;
  std::memcpy(&n, city.vertices[size_t(c.vertexOffset) + index].normal, 4);
  return n;
}

// The triangle at `first` as the shader sees it: its corners from the one
// it starts at, and the normal it is lit by.
struct Face {
  std::array<Corner, 3> corners;
  uint32_t normal;
};

Face faceOf(const scene::CityModel& city, const scene::BuildingChunk& c, uint32_t first) {
  return {{cornerOf(city, c, city.indices[first]), cornerOf(city, c, city.indices[first + 1]), cornerOf(city, c, city.indices[first + 2])},
          normalOf(city, c, city.indices[first])};
}

// Same corners in the same winding, starting anywhere.
bool sameTurned(const std::array<Corner, 3>& a, const std::array<Corner, 3>& b) {
  for (int r = 0; r < 3; ++r)
    if (a[0] == b[size_t(r)] && a[1] == b[size_t((r + 1) % 3)] && a[2] == b[size_t((r + 2) % 3)]) return true;
  return false;
}

size_t vertexCount(const scene::CityModel& city) { return city.vertices.size(); }

// Every triangle and outline of each level, welded against not.
void expectSameFaces(const scene::CityModel& plain, const scene::CityModel& welded) {
  ASSERT_EQ(plain.chunks.size(), welded.chunks.size());
  ASSERT_EQ(plain.indices.size(), welded.indices.size());
  ASSERT_EQ(plain.lineIndices.size(), welded.lineIndices.size());
  size_t faces = 0, differ = 0;
  for (size_t ci = 0; ci < plain.chunks.size(); ++ci) {
    const scene::BuildingChunk &p = plain.chunks[ci], &w = welded.chunks[ci];
    ASSERT_EQ(p.indexCount, w.indexCount);
    ASSERT_EQ(p.coarseIndexCount, w.coarseIndexCount);
    ASSERT_EQ(p.blockIndexCount, w.blockIndexCount);
    for (auto [first, count] : {std::pair{p.firstIndex, p.indexCount}, {p.coarseFirstIndex, p.coarseIndexCount}, {p.blockFirstIndex, p.blockIndexCount}})
      for (uint32_t t = first; t + 2 < first + count; t += 3, ++faces) {
        const Face a = faceOf(plain, p, t), b = faceOf(welded, w, t);
        if (!sameTurned(a.corners, b.corners) || a.normal != b.normal) ++differ;
      }
    for (auto [first, count] : {std::pair{p.firstLineIndex, p.lineIndexCount}, {p.coarseFirstLine, p.coarseLineCount}, {p.blockFirstLine, p.blockLineCount}})
      for (uint32_t i = first; i < first + count; ++i)
        if (cornerOf(plain, p, plain.lineIndices[i]) != cornerOf(welded, w, welded.lineIndices[i])) ++differ;
  }
  EXPECT_GT(faces, 0u);
  EXPECT_EQ(differ, 0u) << "of " << faces << " triangles and their outlines";
}

TEST(CornerWeld, APrismStoresEachCornerTwice) {
  const auto& frame = test::bundFrame();
  assets::ExtrudeOptions options;
  options.coarseLevel = false;
  const scene::CityModel box = test::extrudedCity(frame, {test::footprintInMetres(frame, {{0, 0}, {20, 0}, {20, 10}, {0, 10}}, 30, 1)}, options);
  EXPECT_EQ(vertexCount(box), 8u);  // a bottom and a top vertex at each corner
  const scene::CityModel ell = test::extrudedCity(
      frame, {test::footprintInMetres(frame, {{0, 0}, {30, 0}, {30, 10}, {10, 10}, {10, 30}, {0, 30}}, 30, 2)}, options);
  EXPECT_EQ(vertexCount(ell), 12u);
  options.weldCorners = false;
  const scene::CityModel plainBox = test::extrudedCity(frame, {test::footprintInMetres(frame, {{0, 0}, {20, 0}, {20, 10}, {0, 10}}, 30, 1)}, options);
  EXPECT_EQ(vertexCount(plainBox), 4u * 4u + 4u);  // four a wall, one a roof corner
  expectSameFaces(plainBox, box);
}

TEST(CornerWeld, AnElevatedFloorGetsItsOwnCorners) {
  const auto& frame = test::bundFrame();
  assets::Footprint bridge = test::footprintInMetres(frame, {{0, 0}, {40, 0}, {40, 8}, {0, 8}}, 20, 3);
  bridge.minHeight = 12;  // a floor, facing down, under walls facing out
  assets::ExtrudeOptions options;
  options.coarseLevel = false;
  const scene::CityModel welded = test::extrudedCity(frame, {bridge}, options);
  options.weldCorners = false;
  const scene::CityModel plain = test::extrudedCity(frame, {bridge}, options);
  expectSameFaces(plain, welded);
  EXPECT_LE(vertexCount(welded), 8u + 2u);  // at most one more for each of the floor's two triangles
}

TEST(CornerWeld, TheBundledCityKeepsEveryFaceOfEveryLevel) {
  scene::CityLoadReport report;
  const auto file = assets::loadFootprints(test::sourceDir() + "/data/shanghai_bund_lujiazui_osm_buildings.geojson", report);
  ASSERT_GT(file.footprints.size(), 1000u);
  const scene::CityModel welded = test::extrudedCity(test::bundFrame(), file.footprints);
  assets::ExtrudeOptions options;
  options.weldCorners = false;
  const scene::CityModel plain = test::extrudedCity(test::bundFrame(), file.footprints, options);
  size_t blocks = 0;
  for (const auto& c : welded.chunks) blocks += c.blockIndexCount ? 1 : 0;
  EXPECT_GT(blocks, 0u);  // the block level is welded too
  expectSameFaces(plain, welded);
  // Courtyards, floors and the levels' own corners keep some apart: under
  // half, where a prism alone would be two fifths.
  EXPECT_LT(vertexCount(welded) * 2, vertexCount(plain)) << vertexCount(welded) << " of " << vertexCount(plain);
}

TEST(CornerWeld, FacesThatDisagreeWithTheirCornersKeepTheirLight) {
  // A hand-made chunk of four corners, every vertex with a normal of its
  // own; by the last face every corner is taken by another face's light.
  scene::CityModel city;
  auto vertex = [](float x, float y, int8_t n) { return scene::BuildingVertex{{x, y, 0}, {n, 0, 0, 0}, 0}; };
  city.vertices = {vertex(0, 0, 10), vertex(1, 0, 20), vertex(0, 1, 30), vertex(1, 0, 40), vertex(1, 1, 50), vertex(0, 1, 60), vertex(0, 0, 70)};
  city.indices = {0, 1, 2, 3, 4, 5, 5, 4, 6, 4, 5, 6, 6, 3, 5};
  city.lineIndices = {0, 4};
  scene::BuildingChunk chunk;
  chunk.indexCount = 15, chunk.lineIndexCount = 2;
  city.chunks = {chunk};
  const scene::CityModel plain = city;
  const assets::CornerWeldReport r = assets::weldCorners(city, 0, 1);
  EXPECT_EQ(r.verticesBefore, 7u);
  EXPECT_EQ(r.verticesAfter, city.vertices.size());
  expectSameFaces(plain, city);
  // Four corners, and the last face needed a vertex of its own.
  EXPECT_EQ(city.vertices.size(), 5u);
}

TEST(CornerWeld, AChunkWithAnIndexPastItsVerticesIsLeftAsItIs) {
  const auto& frame = test::bundFrame();
  scene::CityModel city = test::extrudedCity(
      frame, {test::footprintInMetres(frame, {{0, 0}, {20, 0}, {20, 10}, {0, 10}}, 30, 1),
              test::footprintInMetres(frame, {{2000, 0}, {2020, 0}, {2020, 10}, {2000, 10}}, 30, 2)},
      [] {
        assets::ExtrudeOptions o;
        o.weldCorners = false, o.coarseLevel = false;
        return o;
      }());
  ASSERT_EQ(city.chunks.size(), 2u);
  const size_t firstChunkVertices = size_t(city.chunks[1].vertexOffset);
  city.lineIndices[city.chunks[0].firstLineIndex] = 1000;  // a damaged outline in the first chunk
  const scene::CityModel before = city;
  assets::weldCorners(city, 0, 1);
  const scene::BuildingChunk& damaged = city.chunks[0];
  for (uint32_t i = damaged.firstLineIndex; i < damaged.firstLineIndex + damaged.lineIndexCount; ++i)
    EXPECT_EQ(city.lineIndices[i], before.lineIndices[i]);
  EXPECT_EQ(city.chunks[1].vertexOffset, int32_t(firstChunkVertices)) << "the first chunk kept all its vertices";
  EXPECT_EQ(city.vertices.size(), firstChunkVertices + 8) << "the second was welded";
  for (uint32_t i = damaged.firstIndex; i < damaged.firstIndex + damaged.indexCount; ++i)
    EXPECT_EQ(city.indices[i], before.indices[i]);
}

}  // namespace
}  // namespace citywall
