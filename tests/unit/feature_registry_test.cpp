// The registry of 3D Tiles features: numbers that last, cards and places
// kept whole in its packed form.
#include "assets/tiles3d/feature_registry.h"

#include <gtest/gtest.h>

#include <string>

namespace citywall {
namespace {

using assets::tiles3d::FeatureRegistry;
using Properties = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(FeatureRegistry, ANumberLastsAndTellsTilesetsApart) {
  FeatureRegistry r(1000);  // after the city's own 1,000 buildings
  const auto a = r.number(0, "way/1");
  EXPECT_TRUE(a.added);
  EXPECT_EQ(a.number, 1000u);
  const auto again = r.number(0, "way/1");
  EXPECT_FALSE(again.added);
  EXPECT_EQ(again.number, 1000u);
  const auto other = r.number(1, "way/1");  // the same id in another tileset is another building
  EXPECT_TRUE(other.added);
  EXPECT_EQ(other.number, 1001u);
  EXPECT_EQ(r.end(), 1002u);
  EXPECT_FALSE(r.feature(999).has_value());
  EXPECT_FALSE(r.feature(1002).has_value());
  EXPECT_EQ(r.feature(1001)->tileset, 1u);
  EXPECT_EQ(r.feature(1001)->identity, "way/1");
}

TEST(FeatureRegistry, EveryNumberIsFoundAgainAfterTheIndexGrows) {
  FeatureRegistry r;
  for (uint32_t i = 0; i < 50000; ++i) ASSERT_EQ(r.number(i % 3, "b" + std::to_string(i)).number, i);
  for (uint32_t i = 0; i < 50000; ++i) {
    const auto n = r.number(i % 3, "b" + std::to_string(i));
    ASSERT_FALSE(n.added) << i;
    ASSERT_EQ(n.number, i);
  }
  EXPECT_TRUE(r.number(1, "b0").added);  // b0 is tileset 0's
  EXPECT_EQ(r.size(), 50001u);
}

TEST(FeatureRegistry, ACardComesBackAsItWasGiven) {
  FeatureRegistry r;
  const uint32_t n = r.number(0, "tiles/3/1.glb#7").number;
  EXPECT_FALSE(r.hasCard(n));
  EXPECT_TRUE(r.feature(n)->key.empty());
  const std::string zeros("a\0b", 3), longer(300, 'x'), huge(200000, 'y');  // a byte, two and a block's own
  r.setCard(n, "1.glb#7", {{"name", "外滩 12 号"}, {"zeros", zeros}, {"", "no name"}, {"long", longer}, {"huge", huge}});
  EXPECT_TRUE(r.hasCard(n));
  const auto f = r.feature(n);
  EXPECT_EQ(f->key, "1.glb#7");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"name", "外滩 12 号"}, {"zeros", zeros}, {"", "no name"}, {"long", longer}, {"huge", huge}};
  EXPECT_EQ(f->properties, expected);
  // The neighbours' texts are untouched by the big one.
  const uint32_t m = r.number(0, "after").number;
  r.setCard(m, "after", {{"height", "12.5"}});
  EXPECT_EQ(r.feature(m)->properties, (std::vector<std::pair<std::string, std::string>>{{"height", "12.5"}}));
  EXPECT_EQ(r.feature(n)->properties, expected);
}

TEST(FeatureRegistry, APlaceIsMadeFinerNeverCoarser) {
  FeatureRegistry r;
  const uint32_t n = r.number(0, "way/5").number;
  EXPECT_FALSE(r.feature(n)->where.has_value());
  std::vector<glm::dvec3> places;
  r.places(0, places);
  ASSERT_EQ(places.size(), 1u);
  EXPECT_TRUE(std::isnan(places[0].x));
  // A machine's place for it (no box known): any tile's replaces it.
  EXPECT_TRUE(r.offerPlace(n, {1, 2, 3}, INFINITY));
  // (80.3 as a float is a little more than 80.3: the same box offered again
  // must not count as finer, or every reload would have the places read again.)
  EXPECT_TRUE(r.offerPlace(n, {100.25, -2000.5, 30}, 80.3));  // a block of the coarse level
  EXPECT_FALSE(r.offerPlace(n, {0, 0, 0}, 80.3));             // the same tile again
  EXPECT_FALSE(r.offerPlace(n, {0, 0, 0}, 90.0));             // a coarser one
  EXPECT_TRUE(r.offerPlace(n, {101.5, -2001.75, 12}, 20.0));  // the building itself
  const glm::dvec3 where = *r.feature(n)->where;
  EXPECT_NEAR(where.x, 101.5, 1e-3);
  EXPECT_NEAR(where.y, -2001.75, 1e-3);
  EXPECT_NEAR(where.z, 12, 1e-3);
}

TEST(FeatureRegistry, AFeatureTakesAboutAHundredBytes) {
  // Manhattan's buildings as a tileset: an OSM id, a name and a height each.
  FeatureRegistry r;
  const size_t count = 100000;
  for (size_t i = 0; i < count; ++i) {
    const std::string id = "way/" + std::to_string(400000000 + i * 7), height = std::to_string(10 + i % 90);
    const uint32_t n = r.number(0, id).number;
    r.setCard(n, id, {{"id", id}, {"name", i % 4 ? "" : "Building"}, {"height", height}});
    r.offerPlace(n, {double(i % 1000), double(i / 1000), 5}, 30);
  }
  // Strings, vectors and a map of nodes took about 330 bytes a feature.
  EXPECT_LT(r.bytes(), count * 120) << r.bytes() / count << " bytes a feature";
  EXPECT_GT(r.bytes(), count * 40);  // it counts what it holds
}

}  // namespace
}  // namespace citywall
