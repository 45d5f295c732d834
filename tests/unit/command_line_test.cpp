#include <gtest/gtest.h>

#include "config/command_line.h"

using namespace citywall::config;

namespace {
AppOptions parse(std::vector<const char*> args) {
  args.insert(args.begin(), "citywall");
  return parseCommandLine(int(args.size()), args.data());
}
std::string errorOf(std::vector<const char*> args) {
  try {
    parse(std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(CommandLine, ReadsEveryOption) {
  const auto o = parse({"--city", "a.geojson", "--city", "b.geojson.gz", "--model", "tower.glb@121.5,31.23,5,45,2",
                        "--camera", "121.5,31.24,1500,-25,55", "--theme", "day", "--headless", "--size", "7680x4320",
                        "--screenshot", "out.png", "--msaa", "8", "--no-vsync", "--validation", "--lang", "en", "--no-ui"});
  EXPECT_EQ(o.cityFiles.size(), 2u);
  ASSERT_EQ(o.models.size(), 1u);
  EXPECT_EQ(o.models[0].path, "tower.glb");
  EXPECT_EQ(o.models[0].placement.heading, 45);
  EXPECT_EQ(o.models[0].placement.scale, 2);
  ASSERT_TRUE(o.camera);
  EXPECT_EQ(o.camera->distance, 1500);
  EXPECT_EQ(o.camera->pitch, 55);
  EXPECT_EQ(o.theme, "day");
  EXPECT_TRUE(o.headless);
  EXPECT_EQ(o.width, 7680u);
  EXPECT_EQ(o.height, 4320u);
  EXPECT_EQ(o.screenshot, "out.png");
  EXPECT_EQ(o.msaa, 8);
  EXPECT_EQ(parse({"--city", "a.geojson", "--msaa", "auto"}).msaa, 0);
  EXPECT_EQ(parse({"--city", "a.geojson"}).msaa, 0) << "automatic unless asked";
  EXPECT_EQ(parse({"--city", "a.geojson"}).culling, "gpu");
  EXPECT_EQ(parse({"--city", "a.geojson", "--culling", "cpu"}).culling, "cpu");
  EXPECT_EQ(parse({"--city", "a.geojson"}).coarsePixels, 1.0f);
  EXPECT_EQ(parse({"--city", "a.geojson", "--coarse-pixels", "0"}).coarsePixels, 0.0f);
  EXPECT_EQ(parse({"--city", "a.geojson", "--coarse-pixels", "2.5"}).coarsePixels, 2.5f);
  EXPECT_THROW(parse({"--city", "a.geojson", "--coarse-pixels", "lots"}), citywall::config::UsageError);
  EXPECT_THROW(parse({"--city", "a.geojson", "--coarse-pixels", "-1"}), citywall::config::UsageError);
  EXPECT_FALSE(o.vsync);
  EXPECT_TRUE(o.validation);
  EXPECT_EQ(o.language, citywall::ui::Language::en);
  EXPECT_FALSE(o.ui);
}

TEST(CommandLine, ModelPathsMayContainAtSigns) {
  const auto o = parse({"--model", "models/v@2/tower.glb@121.5,31.23,0,0,1"});
  EXPECT_EQ(o.models[0].path, "models/v@2/tower.glb");
}

TEST(CommandLine, MistakesNameTheOption) {
  EXPECT_EQ(errorOf({"--city"}), "--city: needs a value");
  EXPECT_EQ(errorOf({"--city", "a", "--size", "big"}), "--size: expected WIDTHxHEIGHT such as 1920x1080, got 'big'");
  EXPECT_EQ(errorOf({"--city", "a", "--theme", "pink"}), "--theme: expected night or day, got 'pink'");
  EXPECT_EQ(errorOf({"--camera", "121,31,100"}), "--camera: expected 5 comma-separated numbers, got '121,31,100'");
  EXPECT_EQ(errorOf({"--camera", "121,31,100,0,90"}), "--camera: pitch must be within 0..85 degrees");
  EXPECT_EQ(errorOf({"--camera", "200,31,100,0,10"}), "--camera: longitude must be within ±180 and latitude within ±85 degrees");
  EXPECT_EQ(errorOf({"--model", "x.glb"}), "--model: expected FILE@lon,lat,height,heading,scale, got 'x.glb'");
  EXPECT_EQ(errorOf({"--city", "a", "--bogus"}), "unknown option '--bogus' (see --help)");
  EXPECT_EQ(errorOf({}), "nothing to show: give --city FILE (or --config FILE, --model, --tileset, or a --camera over an empty city)");
  EXPECT_EQ(errorOf({"--city", "a", "--headless", "--window"}), "--headless and --window exclude each other");
}

TEST(CommandLine, AnEmptyCityNeedsOnlyACamera) {
  const auto o = parse({"--camera", "121.5,31.24,1500,0,0"});
  EXPECT_TRUE(o.cityFiles.empty());
}

TEST(CommandLine, AHeightFieldAppliesToTheCitiesAfterIt) {
  const auto o = parse({"--city", "osm.geojson", "--height-field", "高度", "--city", "bureau.geojson@GCJ02", "--city", "more.geojson"});
  ASSERT_EQ(o.cityFiles.size(), 3u);
  EXPECT_EQ(o.cityFiles[0].options.heightField, "");
  EXPECT_EQ(o.cityFiles[1].file, "bureau.geojson");
  EXPECT_EQ(o.cityFiles[1].options.heightField, "高度");
  EXPECT_EQ(o.cityFiles[1].options.crs, citywall::geo::Crs::gcj02);
  EXPECT_EQ(o.cityFiles[2].options.heightField, "高度");
  EXPECT_EQ(o.cityFiles[2].options.crs, citywall::geo::Crs::wgs84);
  EXPECT_NE(errorOf({"--city", "a.geojson@MARS"}).find("unknown CRS"), std::string::npos);
}

TEST(CommandLine, TilesetsWithAndWithoutAPlacement) {
  const auto o = parse({"--tileset", "a/tileset.json", "--tileset", "b@x/tileset.json@121.5,31.2,3,90,15", "--tileset",
                        "c.json@-75.1,39.9", "--tiles-memory", "64"});
  ASSERT_EQ(o.tilesets.size(), 3u);
  EXPECT_EQ(o.tilesets[0].file, "a/tileset.json");
  EXPECT_FALSE(o.tilesets[0].placement);
  EXPECT_EQ(o.tilesets[1].file, "b@x/tileset.json");
  ASSERT_TRUE(o.tilesets[1].placement);
  EXPECT_EQ(o.tilesets[1].placement->height, 3);
  EXPECT_EQ(o.tilesets[1].placement->heading, 90);
  EXPECT_EQ(o.tilesets[1].placement->scale, 15);
  ASSERT_TRUE(o.tilesets[2].placement);
  EXPECT_EQ(o.tilesets[2].placement->lon, -75.1);
  EXPECT_EQ(o.tilesets[2].placement->scale, 1);
  EXPECT_EQ(o.tilesMemoryMb, 64);
  EXPECT_NE(errorOf({"--tileset", "t.json@121.5"}).find("--tileset"), std::string::npos);
  EXPECT_NE(errorOf({"--tileset", "t.json@121.5,31.2,0,0,-1"}).find("scale must be positive"), std::string::npos);
  EXPECT_NE(errorOf({"--tileset", "t.json", "--tiles-memory", "2"}).find("--tiles-memory"), std::string::npos);
}
