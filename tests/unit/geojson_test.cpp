// GeoJSON footprints: heights, geometry kinds, and errors that name the file.

#include <gtest/gtest.h>
#include <zlib.h>

#include "assets/asset_error.h"
#include "assets/geojson_footprints.h"
#include "test_support.h"

using namespace citywall;

namespace {
std::string feature(const std::string& props, const std::string& geometry) {
  return R"({"type":"Feature","properties":)" + props + R"(,"geometry":)" + geometry + "}";
}
const std::string kSquare = R"({"type":"Polygon","coordinates":[[[121.5,31.2],[121.5001,31.2],[121.5001,31.2001],[121.5,31.2001],[121.5,31.2]]]})";
std::string collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}
}  // namespace

TEST(GeoJson, HeightComesFromHeightThenLevelsThenTheDefault) {
  scene::CityLoadReport report;
  const auto file = assets::parseFootprints(
      collection({feature(R"({"height":42.5,"building:levels":3})", kSquare), feature(R"({"building:levels":"4"})", kSquare),
                  feature(R"({"levels":2})", kSquare), feature("{}", kSquare), feature(R"({"height":"55 m"})", kSquare),
                  feature(R"({"height":-3})", kSquare)}),
      "t.geojson", report);
  ASSERT_EQ(file.footprints.size(), 6u);
  EXPECT_EQ(file.footprints[0].height, 42.5);
  EXPECT_EQ(file.footprints[1].height, 12);
  EXPECT_EQ(file.footprints[2].height, 6);
  EXPECT_EQ(file.footprints[3].height, 10);
  EXPECT_EQ(file.footprints[4].height, 55);
  EXPECT_EQ(file.footprints[5].height, 10);  // a negative height is not a height
  EXPECT_EQ(report.heightsFromLevels, 2u);
  EXPECT_EQ(report.defaultHeights, 2u);
}

TEST(GeoJson, MinHeightIdAndNameAreRead) {
  scene::CityLoadReport report;
  const auto file = assets::parseFootprints(
      collection({feature(R"({"height":100,"min_height":60,"osm_id":-42,"name":"上海中心大厦"})", kSquare)}), "t", report);
  ASSERT_EQ(file.footprints.size(), 1u);
  EXPECT_EQ(file.footprints[0].minHeight, 60);
  EXPECT_EQ(file.footprints[0].id, -42);
  EXPECT_EQ(file.footprints[0].name, "上海中心大厦");
  EXPECT_EQ(file.attribution, "© OpenStreetMap contributors");
}

TEST(GeoJson, MultiPolygonsAndHolesAreKept) {
  scene::CityLoadReport report;
  const std::string multi = R"({"type":"MultiPolygon","coordinates":[
      [[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0.2,0.2],[0.4,0.2],[0.4,0.4],[0.2,0.2]]],
      [[[2,2],[3,2],[3,3],[2,2]]]]})";
  const auto file = assets::parseFootprints(collection({feature("{}", multi)}), "t", report);
  ASSERT_EQ(file.footprints.size(), 1u);
  ASSERT_EQ(file.footprints[0].polygons.size(), 2u);
  EXPECT_EQ(file.footprints[0].polygons[0].rings.size(), 2u);
}

TEST(GeoJson, BadFeaturesAreSkippedAndCountedByReason) {
  scene::CityLoadReport report;
  const auto file = assets::parseFootprints(
      collection({feature("{}", kSquare), feature("{}", R"({"type":"Point","coordinates":[1,2]})"),
                  feature("{}", "null"), R"({"type":"Feature","properties":{}})",
                  feature("{}", R"({"type":"Polygon","coordinates":[[[500,1],[2,3],[4,5],[500,1]]]})"),
                  feature("{}", R"({"type":"Polygon","coordinates":[[["a","b"]]]})"), "42"}),
      "t", report);
  EXPECT_EQ(file.footprints.size(), 1u);
  EXPECT_EQ(report.features, 7u);
  EXPECT_EQ(report.skipped, 6u);
  EXPECT_EQ(report.skippedNotPolygon, 1u);
  EXPECT_EQ(report.skippedNoGeometry, 3u);
  EXPECT_EQ(report.skippedBadCoordinates, 2u);
}

TEST(GeoJson, NotJsonNamesTheFile) {
  scene::CityLoadReport report;
  try {
    assets::parseFootprints("{\"type\": \"FeatureCollection\", \"features\": [", "broken.geojson", report);
    FAIL() << "expected an AssetError";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("broken.geojson: not valid JSON"), std::string::npos) << e.what();
  }
}

TEST(GeoJson, WrongTopLevelTypesAreRejected) {
  scene::CityLoadReport report;
  EXPECT_THROW(assets::parseFootprints("[1,2]", "a.json", report), assets::AssetError);
  EXPECT_THROW(assets::parseFootprints(R"({"type":"Point","coordinates":[1,2]})", "a.json", report), assets::AssetError);
  EXPECT_THROW(assets::parseFootprints(R"({"type":"FeatureCollection"})", "a.json", report), assets::AssetError);
}

TEST(GeoJson, MissingFileIsAClearError) {
  scene::CityLoadReport report;
  try {
    assets::loadFootprints("/nonexistent/city.geojson", report);
    FAIL();
  } catch (const assets::AssetError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/city.geojson: file not found");
  }
}

TEST(GeoJson, GzipFilesAreReadAndCorruptOnesRejected) {
  const std::string dir = test::tempDir("geojson-gz");
  const std::string json = collection({feature(R"({"height":7})", kSquare)});
  const std::string path = dir + "/city.geojson.gz";
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, json.data(), unsigned(json.size()));
  gzclose(gz);
  scene::CityLoadReport report;
  const auto file = assets::loadFootprints(path, report);
  ASSERT_EQ(file.footprints.size(), 1u);
  EXPECT_EQ(file.footprints[0].height, 7);

  std::string truncated = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) + "garbage";
  const std::string bad = test::writeFile(dir, "bad.geojson.gz", truncated);
  EXPECT_THROW(assets::loadFootprints(bad, report), assets::AssetError);
}

TEST(GeoJson, TheBundledShanghaiDistrictLoads) {
  scene::CityLoadReport report;
  const auto file = assets::loadFootprints(test::sourceDir() + "/data/shanghai_bund_lujiazui_osm_buildings.geojson", report);
  EXPECT_EQ(report.features, 1450u);
  EXPECT_EQ(file.footprints.size(), 1450u);
  EXPECT_EQ(file.attribution, "© OpenStreetMap contributors");
  double tallest = 0;
  for (const auto& f : file.footprints) tallest = std::max(tallest, f.height);
  EXPECT_EQ(tallest, 632);  // the Shanghai Tower
}

TEST(GeoJson, ASourceNamesItsOwnHeightFields) {
  // A city bureau's export: the height in 高度, the base in 底高, the floors in 层数.
  scene::CityLoadReport report;
  assets::FootprintOptions o;
  o.heightField = "高度", o.minHeightField = "底高", o.levelsField = "层数", o.metresPerLevel = 3.5;
  const auto file = assets::parseFootprints(
      collection({feature(R"({"高度":45,"底高":5,"height":99})", kSquare), feature(R"({"层数":"6","building:levels":40})", kSquare),
                  feature(R"({"height":80,"min_height":10})", kSquare)}),
      "bureau.geojson", report, o);
  ASSERT_EQ(file.footprints.size(), 3u);
  EXPECT_EQ(file.footprints[0].height, 45) << "the named field, not the convention's";
  EXPECT_EQ(file.footprints[0].minHeight, 5);
  EXPECT_EQ(file.footprints[1].height, 21) << "6 floors of 3.5 m";
  EXPECT_EQ(file.footprints[2].height, o.defaultHeight) << "the named fields are the only ones read";
  EXPECT_EQ(file.footprints[2].minHeight, 0);
  EXPECT_EQ(report.defaultHeights, 1u);
  EXPECT_EQ(report.heightsFromLevels, 1u);
}

TEST(GeoJson, FootprintsInGcj02AreTurnedIntoWgs84) {
  // The same square as kSquare, as a Chinese map vendor publishes it (GCJ-02, about 500 m off).
  std::string ring;
  for (auto [lon, lat] : {std::pair{121.5, 31.2}, {121.5001, 31.2}, {121.5001, 31.2001}, {121.5, 31.2001}, {121.5, 31.2}}) {
    const geo::LonLat g = geo::wgs84ToGcj02({lon, lat});
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s[%.10f,%.10f]", ring.empty() ? "" : ",", g.lon, g.lat);
    ring += buf;
  }
  scene::CityLoadReport report;
  assets::FootprintOptions o;
  o.crs = geo::Crs::gcj02;
  const auto file = assets::parseFootprints(collection({feature("{}", R"({"type":"Polygon","coordinates":[[)" + ring + "]]}")}),
                                            "vendor.geojson", report, o);
  ASSERT_EQ(file.footprints.size(), 1u);
  const auto& first = file.footprints[0].polygons[0].rings[0][0];
  EXPECT_NEAR(first.x, 121.5, 1e-8) << "back on the WGS84 corner (1e-8° ≈ 1 mm)";
  EXPECT_NEAR(first.y, 31.2, 1e-8);
}
