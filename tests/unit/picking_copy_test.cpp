// The compressed copy of a tile mesh that picking reads: what comes back
// out of it, and how small it is.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "scene/picking_copy.h"

using citywall::scene::PickingCopy;
using citywall::scene::PickVertex;

namespace {

// A block of `n` × `n` flat-shaded box buildings, as an extruded city's
// tile holds them: each face its own four corners (for its normal), so
// every corner is there three times, and a feature a building.
struct Block {
  std::vector<PickVertex> vertices;
  std::vector<uint32_t> indices;
};
Block boxes(int n) {
  Block b;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const float x0 = i * 37.3f, y0 = j * 41.9f, x1 = x0 + 21.7f + (i % 3), y1 = y0 + 18.1f + (j % 5);
      const float z1 = 9.0f + float((i * 7 + j * 13) % 60);
      const uint32_t feature = uint32_t(j * n + i);
      const float c[8][3] = {{x0, y0, 0}, {x1, y0, 0}, {x1, y1, 0}, {x0, y1, 0}, {x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}};
      const int faces[5][4] = {{4, 5, 6, 7}, {0, 1, 5, 4}, {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}};
      for (const auto& f : faces) {
        const uint32_t first = uint32_t(b.vertices.size());
        for (int k : f) b.vertices.push_back({{c[k][0], c[k][1], c[k][2]}, feature});
        for (uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) b.indices.push_back(first + k);
      }
    }
  return b;
}

}  // namespace

// Every triangle comes back with its corners where they were, within half
// a quantization step, and with its feature; shared corners are kept once.
// (The index codec may start a triangle at another corner, its winding
// kept.)
TEST(PickingCopy, TrianglesComeBackWhereTheyWere) {
  const Block b = boxes(20);
  const PickingCopy c = PickingCopy::make(b.vertices, b.indices, PickingCopy::Kind::triangles);
  EXPECT_EQ(c.indexCount(), b.indices.size());
  EXPECT_EQ(c.vertexCount(), 20u * 20u * 8u) << "each building's eight corners once";
  const glm::vec3 step = c.step();
  EXPECT_LT(step.x, 0.02f) << "a 760 m block: about a centimetre";
  const auto g = c.decode();
  ASSERT_EQ(g.indices.size(), b.indices.size());
  ASSERT_EQ(g.vertices.size(), c.vertexCount());
  auto near = [&](const PickVertex& is, const PickVertex& was) {
    for (int a = 0; a < 3; ++a)
      if (std::abs(is.position[a] - was.position[a]) > step[a] * 0.5f + 1e-4f) return false;
    return is.feature == was.feature;
  };
  for (size_t t = 0; t < b.indices.size(); t += 3) {
    bool found = false;
    for (size_t r = 0; r < 3 && !found; ++r) {
      found = true;
      for (size_t k = 0; k < 3; ++k) {
        const uint32_t i = g.indices[t + (k + r) % 3];
        found = found && i < g.vertices.size() && near(g.vertices[i], b.vertices[b.indices[t + k]]);
      }
    }
    ASSERT_TRUE(found) << "triangle " << t / 3;
  }
}

// Compressed, a flat-shaded city block takes well under a third of what
// the plain positions, features and 32-bit indices would.
TEST(PickingCopy, ABlockOfBuildingsTakesAFractionOfItsPlainSize) {
  const Block b = boxes(40);
  const PickingCopy c = PickingCopy::make(b.vertices, b.indices, PickingCopy::Kind::triangles);
  const size_t plain = b.vertices.size() * sizeof(PickVertex) + b.indices.size() * 4;
  const size_t welded = c.vertexCount() * sizeof(PickVertex) + c.indexCount() * 4;
  EXPECT_LT(c.bytes() * 3, welded) << c.bytes() << " bytes, welded but plain " << welded;
  EXPECT_LT(c.bytes() * 8, plain) << c.bytes() << " bytes against " << plain;
}

// What picking must read as it was given: an index past the vertices
// (picking skips its triangle), a last incomplete triangle (dropped), an
// axis with no extent (exact), a position that is not a number (put
// somewhere in the box, not a crash).
TEST(PickingCopy, OddMeshesComeBackSafely) {
  std::vector<PickVertex> v = {{{0, 0, 5}, 1}, {{10, 0, 5}, 1}, {{10, 10, 5}, 2}, {{0, 10, 5}, 2}};
  const PickingCopy c = PickingCopy::make(v, {0, 1, 2, 0, 2, 99, 3, 0xffffffffu, 1, 3, 1}, PickingCopy::Kind::triangles);
  const auto g = c.decode();
  ASSERT_EQ(g.indices.size(), 9u) << "the last two indices make no triangle";
  size_t past = 0;
  for (uint32_t i : g.indices) past += i >= g.vertices.size();
  EXPECT_EQ(past, 2u) << "an index past the end stays past it";
  for (const PickVertex& p : g.vertices) EXPECT_EQ(p.position[2], 5.0f) << "a flat mesh stays exactly flat";

  v.push_back({{std::numeric_limits<float>::quiet_NaN(), 3, 5}, 4});
  const auto h = PickingCopy::make(v, {0, 1, 4}, PickingCopy::Kind::triangles).decode();
  ASSERT_EQ(h.indices.size(), 3u);
  const PickVertex& odd = h.vertices.at(h.indices[2]);
  EXPECT_TRUE(std::isfinite(odd.position[0]));
  EXPECT_EQ(odd.feature, 4u);

  const auto empty = PickingCopy::make(std::vector<PickVertex>{}, {}, PickingCopy::Kind::triangles);
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(empty.decode().vertices.empty());
}

// A point cloud's points keep their numbers and order, two at one place
// included, and its indices come back as given.
TEST(PickingCopy, PointsKeepTheirNumbers) {
  std::vector<PickVertex> v;
  std::vector<uint32_t> idx;
  for (uint32_t i = 0; i < 5000; ++i) {
    const float x = float(i % 100) * 0.25f, y = float(i / 100) * 0.5f;
    v.push_back({{x, y, float(i % 7)}, i % 3 == 0 ? i : 0xffffffffu});
    idx.push_back(i);
  }
  v.push_back(v[10]);  // a point again where one is
  idx.push_back(5000);
  const PickingCopy c = PickingCopy::make(v, idx, PickingCopy::Kind::points);
  const auto g = c.decode();
  ASSERT_EQ(g.vertices.size(), v.size());
  EXPECT_EQ(g.indices, idx);
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(g.vertices[i].feature, v[i].feature) << i;
    EXPECT_NEAR(g.vertices[i].position[1], v[i].position[1], c.step()[1] * 0.5f + 1e-5f) << i;
  }
}

// A mesh whose corners are already one (ModelMesh::weldFacets) is taken as
// it is: its vertices keep their numbers, and its triangles come back.
TEST(PickingCopy, AWeldedMeshIsNotWeldedAgain) {
  const Block b = boxes(3);
  const PickingCopy c = PickingCopy::make(b.vertices, b.indices, PickingCopy::Kind::weldedTriangles);
  EXPECT_EQ(c.vertexCount(), b.vertices.size());
  const auto g = c.decode();
  ASSERT_EQ(g.indices.size(), b.indices.size());
  for (size_t t = 0; t < b.indices.size(); t += 3) {
    std::vector<uint32_t> was(b.indices.begin() + t, b.indices.begin() + t + 3), is(g.indices.begin() + t, g.indices.begin() + t + 3);
    std::sort(was.begin(), was.end()), std::sort(is.begin(), is.end());
    EXPECT_EQ(is, was) << "triangle " << t / 3;
  }
}
