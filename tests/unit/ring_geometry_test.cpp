// Rings without GEOS: extrusion takes a footprint past GEOS only when
// validShell is sure, so validShell must never accept what GEOS would call
// invalid; ear clipping must cover the ring exactly.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "assets/geos_util.h"
#include "assets/ring_geometry.h"

using namespace citywall::assets;
using Ring = rings::Ring;

namespace {

double area(const Ring& r) { return geos::signedArea(r); }

double trianglesArea(const Ring& r, const std::vector<uint32_t>& t) {
  double sum = 0;
  for (size_t i = 0; i + 2 < t.size(); i += 3) {
    const double a = rings::cross(r[t[i + 1]] - r[t[i]], r[t[i + 2]] - r[t[i]]) / 2;
    EXPECT_GT(a, 0) << "each triangle counter-clockwise";
    sum += a;
  }
  return sum;
}

}  // namespace

TEST(RingGeometry, PlainShellsAreValidAndDoubtfulOnesAreNot) {
  EXPECT_TRUE(rings::validShell({{0, 0}, {10, 0}, {10, 10}, {0, 10}}));
  EXPECT_TRUE(rings::validShell({{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}}));  // an L
  EXPECT_TRUE(rings::validShell({{0, 0}, {0, 10}, {10, 10}, {10, 0}}));  // clockwise is fine: orient turns it
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 10}, {10, 0}, {0, 10}})) << "a bow-tie";
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 0}, {10, 10}, {5, 0}, {0, 10}})) << "a point touching an edge";
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 0}, {20, 0}, {10, 0}, {10, 10}})) << "a spike folding back";
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 0}, {20, 0}})) << "no area";
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 0}})) << "too few points";
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 0}, {10, std::numeric_limits<double>::quiet_NaN()}}));
  EXPECT_FALSE(rings::validShell({{0, 0}, {10, 0}, {10, 10}, {10, 10}, {0, 10}})) << "a repeated point";
}

// Random rings on a coarse grid, where touching, collinear and crossing
// edges are common: whatever validShell accepts, GEOS finds valid.
TEST(RingGeometry, WhatValidShellAcceptsGeosFindsValid) {
  std::mt19937 random(12);
  std::uniform_int_distribution<int> coordinate(0, 4), points(3, 8);
  int accepted = 0, refused = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    Ring r;
    for (int i = 0, n = points(random); i < n; ++i) r.emplace_back(coordinate(random), coordinate(random));
    r = geos::cleanRing(r);
    if (r.size() < 3) continue;
    if (!rings::validShell(r)) {
      ++refused;
      continue;
    }
    ++accepted;
    bool repaired = false;
    const auto valid = geos::validPolygons({r}, repaired);
    ASSERT_FALSE(repaired) << "GEOS repaired a ring validShell accepted (trial " << trial << ")";
    ASSERT_EQ(valid.size(), 1u);
  }
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 1000);
}

TEST(RingGeometry, EarClippingCoversTheRing) {
  const Ring l = {{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}};
  EXPECT_NEAR(trianglesArea(l, rings::earClip(l)), area(l), 1e-9);
  const Ring collinear = {{0, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}};  // a point on an edge: passed over
  const auto t = rings::earClip(collinear);
  EXPECT_NEAR(trianglesArea(collinear, t), 100, 1e-9);
  Ring comb;  // ten teeth hanging from a bar: many reflex corners
  for (int i = 0; i < 10; ++i) {
    comb.insert(comb.end(), {{i * 3.0, 0}, {i * 3.0 + 2, 0}});
    if (i < 9) comb.insert(comb.end(), {{i * 3.0 + 2, 5}, {i * 3.0 + 3, 5}});
  }
  comb.insert(comb.end(), {{29, 8}, {0, 8}});
  ASSERT_TRUE(rings::validShell(comb));
  EXPECT_NEAR(trianglesArea(comb, rings::earClip(comb)), area(comb), 1e-9);
}

TEST(RingGeometry, CentroidIsTheAreaWeightedCentre) {
  const glm::dvec2 c = rings::centroid({{1000, 2000}, {1010, 2000}, {1010, 2010}, {1000, 2010}});
  EXPECT_NEAR(c.x, 1005, 1e-9);
  EXPECT_NEAR(c.y, 2005, 1e-9);
  const glm::dvec2 l = rings::centroid({{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}});
  // Two rectangles: 10×4 centred (5, 2), 4×6 centred (2, 7).
  EXPECT_NEAR(l.x, (40 * 5 + 24 * 2) / 64.0, 1e-9);
  EXPECT_NEAR(l.y, (40 * 2 + 24 * 7) / 64.0, 1e-9);
}
