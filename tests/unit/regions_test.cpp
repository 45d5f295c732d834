// Regions from GeoJSON: GCJ-02 district polygons (Alibaba DataV, test-only
// data) converted to WGS84 land on the right side of the Huangpu river,
// checked against OpenStreetMap buildings on both banks.

#include <gtest/gtest.h>

#include "assets/region_loader.h"
#include "test_support.h"

using namespace citywall;

namespace {
const geo::GeoFrame kFrame({121.4905, 31.2397, 0});
const std::string kDistricts = test::sourceDir() + "/tests/data/shanghai_districts_datav_gcj02.geojson";

std::string districtOf(const scene::RegionSet& set, double lon, double lat) {
  const auto r = set.find(glm::dvec2(kFrame.toLocal({lon, lat, 0})));
  return r ? set.regions[*r].name : "-";
}
}  // namespace

TEST(Regions, Gcj02DistrictsLandOnTheRightBankOfTheRiver) {
  assets::RegionOptions gcj;
  gcj.crs = geo::Crs::gcj02;
  const auto set = assets::loadRegions(kDistricts, kFrame, gcj);
  ASSERT_EQ(set.regions.size(), 16u);
  // WGS84 positions of OSM buildings (data/shanghai_bund_lujiazui_osm_buildings.geojson).
  EXPECT_EQ(districtOf(set, 121.4850376, 31.2420220), "黄浦区");    // 罗斯福/外滩27, the Bund
  EXPECT_EQ(districtOf(set, 121.4827882, 31.2347138), "黄浦区");    // 外滩中心
  EXPECT_EQ(districtOf(set, 121.4920493, 31.2409212), "浦东新区");  // 上海国际会议中心, the east bank
  EXPECT_EQ(districtOf(set, 121.4930583, 31.2395443), "浦东新区");  // 万向大厦
  EXPECT_EQ(districtOf(set, 121.5007542, 31.2352661), "浦东新区");  // 上海中心大厦
  // Read as if it were WGS84, the river moves ~400 m east and the east bank's
  // riverside buildings land in Huangpu: the conversion is what puts them right.
  const auto unconverted = assets::loadRegions(kDistricts, kFrame, {});
  EXPECT_EQ(districtOf(unconverted, 121.4920493, 31.2409212), "黄浦区");
}

TEST(Regions, LabelsSitInsideTheirRegionAndTheMeshIsBuilt) {
  assets::RegionOptions gcj;
  gcj.crs = geo::Crs::gcj02;
  const auto set = assets::loadRegions(kDistricts, kFrame, gcj);
  for (uint32_t r = 0; r < set.regions.size(); ++r) {
    const auto& region = set.regions[r];
    EXPECT_EQ(set.find(glm::dvec2(region.label)), std::optional<uint32_t>(r)) << region.name;
    EXPECT_FALSE(region.key.empty());
  }
  EXPECT_EQ(set.regions[0].key, "310101");
  EXPECT_GT(set.fill.size(), 0u);
  EXPECT_EQ(set.fill.size() % 3, 0u);
  EXPECT_EQ(set.outline.size() % 2, 0u);
}

#include "scene/layers/region_layer.h"

TEST(RegionLayer, CountsOpenCasesPerRegionIncrementallyOnAClassedScale) {
  assets::RegionOptions gcj;
  gcj.crs = geo::Crs::gcj02;
  const auto set = assets::loadRegions(kDistricts, kFrame, gcj);
  scene::RegionLayer layer(set, kFrame);
  live::CaseStore store;
  for (int i = 0; i < 4; ++i) {  // four open cases on the Bund, one in Lujiazui
    live::CaseUpdate u;
    u.id = "r" + std::to_string(i);
    u.time = 1;
    u.category = "city.road";
    u.position = i < 3 ? live::LonLat{121.4850376, 31.242202} : live::LonLat{121.5007542, 31.2352661};
    store.apply(u);
  }
  layer.update(store);
  const auto huangpu = *set.find(glm::dvec2(kFrame.toLocal({121.4850376, 31.242202, 0})));
  const auto pudong = *set.find(glm::dvec2(kFrame.toLocal({121.5007542, 31.2352661, 0})));
  EXPECT_EQ(layer.values()[huangpu], 3u);
  EXPECT_EQ(layer.values()[pudong], 1u);
  EXPECT_EQ(layer.classOf(3), 2u);  // breaks 1, 3, 6, 10, 20: [3, 6) is class 2
  const uint64_t before = layer.version();
  // Closing one Bund case moves Huangpu from 3 to 2 (class 2 → 1): one region recoloured.
  live::CaseUpdate close;
  close.id = "r0";
  close.time = 2;
  close.status = live::CaseStatus::closed;
  store.apply(close);
  layer.update(store);
  EXPECT_EQ(layer.values()[huangpu], 2u);
  EXPECT_GT(layer.version(), before);
  const auto legend = layer.legend();
  ASSERT_EQ(legend.size(), 6u);
  EXPECT_EQ(legend[0].label, "0");
  EXPECT_EQ(legend[1].label, "1–2");
  EXPECT_EQ(legend[5].label, "20+");
}

TEST(RegionLayer, NewInTheLastHourAgesOut) {
  assets::RegionOptions gcj;
  gcj.crs = geo::Crs::gcj02;
  const auto set = assets::loadRegions(kDistricts, kFrame, gcj);
  scene::RegionStyle style;
  style.metric = scene::RegionMetric::newLastHour;
  scene::RegionLayer layer(set, kFrame, style);
  live::CaseStore store;
  constexpr live::TimeMs kNow = 1763770530000;
  for (int i = 0; i < 3; ++i) {
    live::CaseUpdate u;
    u.id = "n" + std::to_string(i);
    u.time = kNow - (i == 0 ? 50 : 10) * live::kMinute;  // one reported 50 min ago, two 10 min ago
    u.category = "city.road";
    u.position = live::LonLat{121.4850376, 31.242202};
    store.apply(u);
  }
  layer.update(store, kNow);
  const auto huangpu = *set.find(glm::dvec2(kFrame.toLocal({121.4850376, 31.242202, 0})));
  EXPECT_EQ(layer.values()[huangpu], 3u);
  layer.update(store, kNow + 15 * live::kMinute);  // the first is now 65 minutes old
  EXPECT_EQ(layer.values()[huangpu], 2u);
  layer.update(store, kNow + 2 * live::kHour);
  EXPECT_EQ(layer.values()[huangpu], 0u);
}
