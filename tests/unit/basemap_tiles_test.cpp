// The base map's tiles chosen by the camera: the zoom that fits a view
// (overzoomed past the deepest level, coarser when a view would need too
// many), built on worker threads into the same map a one-off load gives,
// old tiles kept over the gaps while new ones load, bad tiles counted.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "assets/basemap_tiles.h"
#include "assets/vector_tile.h"
#include "test_support.h"

using namespace citywall;

namespace {

const std::string kTaipei = test::sourceDir() + "/tests/data/taipei_zhongzheng_protomaps2021.mbtiles";
const geo::GeoFrame kTaipeiFrame({121.5194, 25.0411, 0});

assets::BaseMapSource taipei(const std::string& file = kTaipei) {
  assets::BaseMapSource s;
  s.file = file, s.kind = assets::BaseMapKind::mbtiles;
  return s;
}

// Collects until nothing the view asked for is loading (10 s at most).
void settle(assets::BaseMapTiles& tiles) {
  for (int i = 0; i < 1000 && tiles.loading(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    tiles.collect();
  }
  tiles.collect();
  ASSERT_EQ(tiles.loading(), 0u) << "tiles still loading after 10 s";
}

// The ground 1.5 km around Taipei Main Station's district.
const assets::LonLatBox kCentre = assets::areaAround(kTaipeiFrame, glm::dvec2(-1500), glm::dvec2(1500));
// Ground inside the archive's two z14 tiles (x 13722, y 7013–7014).
const assets::LonLatBox kInside = assets::areaAround(kTaipeiFrame, glm::dvec2(-800, -1500), glm::dvec2(800, 1500));

}  // namespace

TEST(BaseMapTiles, TheZoomFitsTheGroundResolution) {
  // At the equator a 512-pixel tile of zoom z spans 40,075 km / 2^z.
  for (int z : {0, 10, 14, 18}) EXPECT_NEAR(assets::zoomForResolution(40075016.686 / (512.0 * std::pow(2.0, z)), 0), z, 1e-9);
  EXPECT_NEAR(assets::zoomForResolution(1.0, 60), std::log2(40075016.686 * 0.5 / 512), 1e-9) << "half the metres at 60°";
  const auto tiles = assets::tilesCovering(kCentre, 14);
  ASSERT_FALSE(tiles.empty());
  for (const auto& t : tiles) EXPECT_EQ(t.z, 14u);
  EXPECT_EQ(assets::tilesCovering(kCentre, 0).size(), 1u);
}

TEST(BaseMapTiles, AViewGetsTheSameMapAsAOneOffLoadOfItsTiles) {
  assets::BaseMapTiles tiles({taipei()}, kTaipeiFrame, 2);
  // 0.5 m a pixel wants zoom 17; the archive stops at 14: its z14 tiles, drawn larger.
  tiles.want({kInside, 0.5});
  EXPECT_EQ(tiles.zoom(), 14u);
  settle(tiles);
  EXPECT_GT(tiles.version(), 0u);
  const scene::BaseMap& map = tiles.map();
  EXPECT_EQ(map.report.tiles, 2u) << "the archive's two z14 tiles";
  EXPECT_EQ(map.report.badTiles, 0u);

  assets::BaseMapSource pinned = taipei();
  pinned.zoom = 14;
  const scene::BaseMap once = assets::loadBaseMap({pinned}, kTaipeiFrame, kInside);
  EXPECT_EQ(map.vertices.size(), once.vertices.size());
  EXPECT_EQ(map.areas.size(), once.areas.size());
  EXPECT_EQ(map.lines.size(), once.lines.size());
  // Names: a road crossing the seam is named in each tile, then once within
  // 400 m; which pieces carry its names may differ from a one-off load.
  EXPECT_NEAR(double(map.labels.size()), double(once.labels.size()), once.labels.size() * 0.005);
  EXPECT_EQ(map.attributions, once.attributions);

  // Nothing new to want, nothing new to show.
  const uint64_t version = tiles.version();
  tiles.want({kInside, 0.5});
  EXPECT_FALSE(tiles.collect());
  EXPECT_EQ(tiles.version(), version);
}

TEST(BaseMapTiles, AHoleInTheArchiveIsFilledFromAnAncestorCutToIt) {
  assets::BaseMapTiles tiles({taipei()}, kTaipeiFrame, 2);
  // ±1.5 km reaches past the two z14 tiles into four the archive lacks:
  // their z13 or z12 ancestors stand in, each cut to the missing tile's box.
  tiles.want({kCentre, 0.5});
  settle(tiles);
  const scene::BaseMap& map = tiles.map();
  EXPECT_EQ(map.report.tiles, 6u) << "2 of their own, 4 from ancestors";
  const auto wanted = assets::tilesCovering(kCentre, 14);
  double west = 180, south = 90, east = -180, north = -90;
  for (const auto& t : wanted) {
    const auto b = assets::tileBounds(t);
    west = std::min(west, b.west), south = std::min(south, b.south), east = std::max(east, b.east), north = std::max(north, b.north);
  }
  // Areas only inside the tiles asked for (an ancestor's wider ground is cut away).
  for (uint32_t i : map.areas) {
    const auto& v = map.vertices[i];
    const auto g = kTaipeiFrame.toGeodetic({v.position[0], v.position[1], 0});
    ASSERT_TRUE(g.lon > west - 1e-6 && g.lon < east + 1e-6 && g.lat > south - 1e-6 && g.lat < north + 1e-6) << g.lon << ", " << g.lat;
  }
  // And nothing of an ancestor drawn again over a tile that has its own:
  // the ground of the two real z14 tiles holds as much as they alone give.
  assets::BaseMapSource pinned = taipei();
  pinned.zoom = 14;
  const scene::BaseMap own = assets::loadBaseMap({pinned}, kTaipeiFrame, kInside);
  size_t inOwn = 0;
  const auto a = assets::tileBounds({14, 13722, 7013}), b = assets::tileBounds({14, 13722, 7014});
  for (size_t i = 0; i + 2 < map.areas.size(); i += 3) {
    glm::dvec2 c(0.0);
    for (int k = 0; k < 3; ++k) c += glm::dvec2(map.vertices[map.areas[i + k]].position[0], map.vertices[map.areas[i + k]].position[1]);
    const auto g = kTaipeiFrame.toGeodetic({c.x / 3, c.y / 3, 0});
    inOwn += g.lon > a.west && g.lon < a.east && g.lat > b.south && g.lat < a.north;
  }
  EXPECT_EQ(inOwn, own.areas.size() / 3);
}

TEST(BaseMapTiles, PullingBackSwapsLevelsWithoutAHole) {
  assets::BaseMapTiles tiles({taipei()}, kTaipeiFrame, 1);
  tiles.want({kCentre, 0.5});
  settle(tiles);
  ASSERT_FALSE(tiles.map().vertices.empty());
  // 60 m a pixel: zoom 10, one tile over the whole district.
  tiles.want({kCentre, 60});
  EXPECT_EQ(tiles.zoom(), 10u);
  for (int i = 0; i < 1000 && tiles.loading(); ++i) {
    tiles.collect();
    ASSERT_FALSE(tiles.map().vertices.empty()) << "while zoom 10 loads, the z14 tiles stay";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  settle(tiles);
  EXPECT_EQ(tiles.tilesShown(), 1u) << "only the z10 tile once it is ready";
  EXPECT_EQ(tiles.map().report.tiles, 1u);

  // A view of far more ground than 48 tiles of its zoom: a coarser zoom.
  const auto wide = assets::areaAround(kTaipeiFrame, glm::dvec2(-60000), glm::dvec2(60000));
  tiles.want({wide, 2});
  EXPECT_LE(assets::tilesCovering(wide, tiles.zoom()).size(), assets::BaseMapTiles::kMaxTilesPerView);
  EXPECT_LT(tiles.zoom(), 14u);
}

TEST(BaseMapTiles, ABadTileIsCountedAndTheRestDrawn) {
  if (std::system("command -v python3 > /dev/null") != 0) GTEST_SKIP() << "python3 is not installed (scripts/test.sh installs it)";
  const std::string dir = test::tempDir("basemap-tiles-bad");
  const std::string copy = dir + "/taipei.mbtiles";
  std::filesystem::copy_file(kTaipei, copy, std::filesystem::copy_options::overwrite_existing);
  // One z14 tile's bytes replaced by garbage (a corrupt gzip stream).
  ASSERT_EQ(std::system(("python3 -c \"import sqlite3; c=sqlite3.connect('" + copy +
                         "'); c.execute(\\\"UPDATE tiles SET tile_data=x'1f8b0800deadbeef' WHERE zoom_level=14 AND "
                         "tile_row=9370\\\"); c.commit()\"").c_str()),
            0);
  assets::BaseMapTiles tiles({taipei(copy)}, kTaipeiFrame, 2);
  tiles.want({kInside, 0.5});
  settle(tiles);
  EXPECT_EQ(tiles.map().report.badTiles, 1u);
  EXPECT_EQ(tiles.map().report.tiles, 1u);
  EXPECT_FALSE(tiles.map().vertices.empty());

  // An archive that cannot be opened is an error naming it, at start.
  EXPECT_THROW(assets::BaseMapTiles({taipei(test::writeFile(dir, "not.mbtiles", "hello"))}, kTaipeiFrame), std::exception);
}
