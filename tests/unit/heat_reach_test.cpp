// The heat drape is drawn only where the density can show: the cells of
// the drape mesh that the weighted points and the kernel's reach touch
// (scene::groundCellsWithin, HeatLayer::reach). The heat goldens check the
// picture is unchanged; these check the boxes.

#include <gtest/gtest.h>

#include "scene/city_model.h"
#include "scene/layers/heat_layer.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kNow = 1763770530000;
const geo::GeoFrame kFrame({121.4905, 31.2397, 0});

void report(live::CaseStore& store, const std::string& id, glm::dvec2 enu, live::CaseStatus status = live::CaseStatus::reported) {
  const auto g = kFrame.toGeodetic({enu.x, enu.y, 0});
  live::CaseUpdate u;
  u.id = id;
  u.time = kNow;
  u.category = "city.road";
  u.position = live::LonLat{g.lon, g.lat};
  u.status = status;
  store.apply(u);
}

std::vector<scene::IndexRun> cellsWithin(const scene::GroundMesh& g, glm::dvec2 lo, glm::dvec2 hi) {
  std::vector<scene::IndexRun> runs{{1, 1}};  // not empty: the call clears it
  scene::groundCellsWithin(g, lo, hi, runs);
  return runs;
}

}  // namespace

TEST(GroundCells, OneRunPerRowOfTheCellsTheBoxReaches) {
  const scene::GroundMesh g = scene::makeGround(kFrame, {0, 0}, {400, 400}, 4);  // 100 m cells
  ASSERT_EQ(g.indices.size(), 4u * 4u * 6u);
  // x 150–250 is cells 1 and 2; y 50–60 is row 0.
  auto runs = cellsWithin(g, {150, 50}, {250, 60});
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].first, 6u);
  EXPECT_EQ(runs[0].count, 12u);
  // Rows 1 to 3, cell 3 alone: the box runs past the mesh's corner.
  runs = cellsWithin(g, {390, 120}, {900, 900});
  ASSERT_EQ(runs.size(), 3u);
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(runs[size_t(j)].first, uint32_t(((j + 1) * 4 + 3) * 6));
    EXPECT_EQ(runs[size_t(j)].count, 6u);
  }
  // A box over all of it: every index, row by row.
  runs = cellsWithin(g, {-10, -10}, {410, 410});
  ASSERT_EQ(runs.size(), 4u);
  for (int j = 0; j < 4; ++j) {
    EXPECT_EQ(runs[size_t(j)].first, uint32_t(j * 24));
    EXPECT_EQ(runs[size_t(j)].count, 24u);
  }
  // Outside the mesh, or an empty box: nothing.
  EXPECT_TRUE(cellsWithin(g, {500, 0}, {600, 100}).empty());
  EXPECT_TRUE(cellsWithin(g, {200, 200}, {100, 100}).empty());
}

TEST(HeatReach, CoversTheWeightedPointsAndTheKernelAroundThem) {
  scene::HeatStyle style;  // radius 250 m: σ 83 m, cut at 4σ
  scene::HeatLayer layer(kFrame, {-3000, -3000}, {3000, 3000}, style, kNow);
  live::CaseStore store;
  store.tick(kNow);
  layer.update(store, kNow);
  auto [lo, hi] = layer.reach();
  EXPECT_GT(lo.x, hi.x) << "no points: the density shows nowhere";
  EXPECT_TRUE(cellsWithin(layer.drape(), layer.grid().origin + glm::dvec2(lo), layer.grid().origin + glm::dvec2(hi)).empty());

  report(store, "a", {-500, 200});
  report(store, "b", {400, -300});
  report(store, "closed", {2500, 2500}, live::CaseStatus::closed);  // not open work: weighs nothing
  layer.update(store, kNow);
  std::tie(lo, hi) = layer.reach();
  const glm::dvec2 origin = layer.grid().origin;
  const double reach = 4 * 250.0 / 3.0;
  // The box in ENU: the two open cases with the kernel's reach (and no more than a cell and a bit beyond).
  EXPECT_LE(origin.x + lo.x, -500 - reach);
  EXPECT_GE(origin.x + lo.x, -500 - reach - 2 * layer.grid().cell);
  EXPECT_GE(origin.x + hi.x, 400 + reach);
  EXPECT_LE(origin.x + hi.x, 400 + reach + 2 * layer.grid().cell);
  EXPECT_LE(origin.y + lo.y, -300 - reach);
  EXPECT_GE(origin.y + hi.y, 200 + reach);
  EXPECT_LT(origin.x + hi.x, 2000) << "the closed case is not in it";
  // Every drawn cell of the drape: the reach's, not the 3 km margin's.
  size_t drawn = 0;
  for (const auto& run : cellsWithin(layer.drape(), origin + glm::dvec2(lo), origin + glm::dvec2(hi))) drawn += run.count;
  EXPECT_GT(drawn, 0u);
  EXPECT_LT(drawn, layer.drape().indices.size() / 4);

  // A filter change rebuilds: the box is the open cases' again, not the union.
  style.statuses = {live::CaseStatus::closed};
  layer.setStyle(style);
  layer.update(store, kNow);
  std::tie(lo, hi) = layer.reach();
  EXPECT_GT(origin.x + lo.x, 2000);
  EXPECT_EQ(layer.frame(0, 1).reachMin, lo);
}
