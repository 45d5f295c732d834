// The base map: the bundled Shanghai layers load into areas, widened lines
// and names with the right styles; bad features are skipped and counted,
// never fatal; names are placed without overlapping, favour what matters
// and what was shown, and fade rather than flicker.

#include <gtest/gtest.h>

#include <protozero/pbf_writer.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "assets/asset_error.h"
#include "assets/basemap_loader.h"
#include "assets/mbtiles.h"
#include "assets/pmtiles.h"
#include "assets/vector_tile.h"
#include "scene/camera.h"
#include "ui/map_labels.h"
#include "test_support.h"

using namespace citywall;

namespace {

const geo::GeoFrame kFrame({121.4990, 31.2390, 0});

std::vector<assets::BaseMapSource> bundled(std::initializer_list<const char*> layers) {
  std::vector<assets::BaseMapSource> out;
  for (const char* l : layers) {
    assets::BaseMapSource s;
    s.file = test::sourceDir() + "/data/basemap/shanghai_bund_lujiazui_osm_" + l + ".geojson";
    out.push_back(s);
  }
  return out;
}

uint32_t styleOf(const scene::BaseMapVertex& v) { return v.style & 0xffu; }

// Ground area (m²) of the area triangles of one style.
double areaOf(const scene::BaseMap& map, scene::BaseMapStyle style) {
  double sum = 0;
  for (size_t i = 0; i + 2 < map.areas.size(); i += 3) {
    const auto& a = map.vertices[map.areas[i]];
    const auto& b = map.vertices[map.areas[i + 1]];
    const auto& c = map.vertices[map.areas[i + 2]];
    if (styleOf(a) != uint32_t(style)) continue;
    sum += std::abs((b.position[0] - a.position[0]) * (c.position[1] - a.position[1]) -
                    (c.position[0] - a.position[0]) * (b.position[1] - a.position[1])) / 2;
  }
  return sum;
}

const scene::BaseMapLabel* label(const scene::BaseMap& map, const std::string& name) {
  for (const auto& l : map.labels)
    if (l.name == name) return &l;
  return nullptr;
}

// Text as wide as its characters (CJK ones square), as a font would make it.
glm::vec2 measure(std::string_view text, float size) {
  float chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = uint8_t(text[i]);
    if (c < 0x80) chars += 0.55f;
    else if (c >= 0xe0) chars += 1.0f;  // the lead byte of a three-byte (CJK) character
  }
  return {chars * 16 * size, 16 * size};
}

}  // namespace

TEST(BaseMap, TheBundledLayersBecomeWaterStreetsAndNames) {
  const scene::BaseMap map = assets::loadBaseMap(bundled({"landuse", "water", "roads", "places"}), kFrame);
  EXPECT_EQ(map.sources.size(), 4u);
  EXPECT_EQ(map.report.features, 235u + 44 + 1094 + 6);
  EXPECT_EQ(map.report.skipped, 0u);
  // The Huangpu: its water area is about what OpenStreetMap says (Tilezen's
  // `area` for the river polygon is 3.3 km² in web-Mercator m², that is
  // 3.3 × cos²(31.24°) ≈ 2.4 km² on the ground; the bundled tiles cut it).
  const double water = areaOf(map, scene::BaseMapStyle::water);
  EXPECT_GT(water, 1.5e6);
  EXPECT_LT(water, 4.0e6);
  EXPECT_GT(areaOf(map, scene::BaseMapStyle::green), 5e4) << "parks and grass";
  // Lines in drawing order: tunnels, then streets from paths up to highways, bridges last.
  ASSERT_FALSE(map.lines.empty());
  uint32_t level = 0, lastStyle = 0;
  for (size_t i = 0; i < map.lines.size(); i += 3) {
    const auto& v = map.vertices[map.lines[i]];
    const uint32_t l = (v.style & scene::kBaseMapTunnel) ? 0 : (v.style & scene::kBaseMapBridge) ? 2 : 1;
    if (l != level) {
      ASSERT_GT(l, level) << "tunnels, streets, bridges";
      level = l, lastStyle = 0;
    }
    ASSERT_GE(styleOf(v), lastStyle) << "within a level, in style order";
    lastStyle = styleOf(v);
  }
  // A primary road is 18 m wide; a footway 2 m; every line vertex is pushed out by a unit.
  size_t primary = 0;
  for (const auto& v : map.vertices)
    if (styleOf(v) == uint32_t(scene::BaseMapStyle::majorRoad) && v.halfWidth == 9) ++primary;
  EXPECT_GT(primary, 100u);
  for (size_t i = 0; i < map.lines.size(); ++i) {
    const auto& v = map.vertices[map.lines[i]];
    ASSERT_NEAR(std::hypot(v.offset[0], v.offset[1]), std::sqrt(2.0f), 1e-4);
  }
  // Names: the river in both languages, where the data puts its label.
  const auto* huangpu = label(map, "黄浦江");
  ASSERT_TRUE(huangpu);
  EXPECT_EQ(huangpu->nameEn, "Huangpu River");
  EXPECT_EQ(huangpu->kind, scene::BaseMapLabel::Kind::water);
  const glm::dvec3 at = kFrame.toLocal({121.4946, 31.2329, 0});  // near the label point in the file
  EXPECT_LT(glm::distance(glm::dvec2(huangpu->position), glm::dvec2(at)), 1500);
  const auto* road = label(map, "世纪大道");
  ASSERT_TRUE(road);
  EXPECT_EQ(road->kind, scene::BaseMapLabel::Kind::road);
  EXPECT_TRUE(label(map, "十六铺")) << "a locality from the places layer";
  // Credit: OpenStreetMap for all, Who's On First for the neighbourhoods.
  EXPECT_NE(std::find(map.attributions.begin(), map.attributions.end(), "© OpenStreetMap contributors"), map.attributions.end());
  EXPECT_NE(std::find(map.attributions.begin(), map.attributions.end(), "Who's On First"), map.attributions.end());
}

TEST(BaseMap, BadFeaturesAreSkippedAndCountedAndBadFilesNamed) {
  const std::string dir = test::tempDir("basemap-bad");
  const std::string file = test::writeFile(dir, "odd_roads.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"kind":"major_road","kind_detail":"primary","name":"好路"},
     "geometry":{"type":"LineString","coordinates":[[121.49,31.23],[121.50,31.24]]}},
    {"type":"Feature","properties":{"kind":"major_road"},"geometry":{"type":"LineString","coordinates":[[121.49,31.23]]}},
    {"type":"Feature","properties":{"kind":"major_road"},"geometry":{"type":"LineString","coordinates":[[121.49,"x"],[1,2]]}},
    {"type":"Feature","properties":{"kind":"major_road"},"geometry":{"type":"Curve","coordinates":[[121.49,31.23],[121.5,31.2]]}},
    {"type":"Feature","properties":{"kind":"major_road"},"geometry":{"type":"LineString","coordinates":[[1e300,31.2],[121.5,31.2]]}},
    {"type":"Feature","properties":{"kind":"major_road"}},
    "not a feature",
    {"type":"Feature","properties":{"kind":"teleporter"},"geometry":{"type":"LineString","coordinates":[[121.49,31.23],[121.5,31.2]]}}
  ]})");
  const std::string water = test::writeFile(dir, "odd_water.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"kind":"water"},"geometry":{"type":"Polygon","coordinates":[[[121.49,31.23],[121.50,31.24],[121.50,31.23],[121.49,31.24],[121.49,31.23]]]}},
    {"type":"Feature","properties":{"kind":"water"},"geometry":{"type":"Polygon","coordinates":[[[121.49,31.23],[121.49,31.23],[121.49,31.23]]]}}
  ]})");
  assets::BaseMapSource a, b;
  a.file = file, b.file = water;
  const scene::BaseMap map = assets::loadBaseMap({a, b}, kFrame);
  EXPECT_EQ(map.report.features, 10u);
  EXPECT_EQ(map.report.lines, 1u) << "the one good road";
  EXPECT_EQ(map.report.skipped, 7u) << "a single point, a non-number, an unknown type, out of range, no geometry, "
                                       "not an object, a ring of one point";
  EXPECT_EQ(map.report.unstyled, 1u) << "a kind the style does not draw";
  EXPECT_EQ(map.report.areas, 1u) << "the bow-tie, repaired";
  EXPECT_EQ(map.report.repaired, 1u);

  const std::string notJson = test::writeFile(dir, "broken_water.geojson", "{\"type\":");
  assets::BaseMapSource c;
  c.file = notJson;
  try {
    (void)assets::loadBaseMap({c}, kFrame);
    FAIL() << "a file that is not JSON";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("broken_water.geojson"), std::string::npos) << e.what();
  }
  assets::BaseMapSource unnamed;
  unnamed.file = test::writeFile(dir, "mystery.geojson", R"({"type":"FeatureCollection","features":[]})");
  EXPECT_THROW((void)assets::loadBaseMap({unnamed}, kFrame), assets::AssetError) << "which layer is it?";
  unnamed.layer = "water";
  EXPECT_NO_THROW((void)assets::loadBaseMap({unnamed}, kFrame));
}

// The bundled names over the whole district, seen from far enough that
// most of them fight for room.
TEST(MapLabels, CrowdedNamesNeverOverlapAndTheImportantOnesWin) {
  const scene::BaseMap map = assets::loadBaseMap(bundled({"landuse", "water", "roads", "places"}), kFrame);
  ASSERT_GT(map.labels.size(), 100u);
  scene::MapCamera cam;
  cam.target = kFrame.toLocal({121.4990, 31.2390, 0});
  cam.distance = 2400;
  cam.pitch = 0;
  cam.normalize();
  const double w = 640, h = 360;
  const scene::CameraMatrices m = cam.matrices(w, h);
  const std::vector<ui::LabelBox> obstacles = {{260, 170, 380, 200}};  // a sensor reading in the middle

  ui::MapLabelPlacer placer;
  auto first = placer.place(map.labels, m, cam.distance, w, h, ui::Language::zh, obstacles, measure, 1.0);
  size_t candidates = 0;
  for (const auto& l : map.labels) {
    const auto at = scene::projectToPixel(m, l.position, w, h);
    candidates += at && at->x >= 0 && at->y >= 0 && at->x <= w && at->y <= h && cam.distance <= l.maxDistance;
  }
  ASSERT_GT(candidates, first.size() + 10) << "crowded: many names had no room";
  ASSERT_GT(first.size(), 8u);
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_FALSE(first[i].box.overlaps(obstacles[0])) << first[i].text;
    for (size_t j = i + 1; j < first.size(); ++j) EXPECT_FALSE(first[i].box.overlaps(first[j].box)) << first[i].text << " / " << first[j].text;
  }
  // Road names follow their roads (Lujiazui's are not all east–west).
  EXPECT_TRUE(std::any_of(first.begin(), first.end(), [](const auto& l) {
    return l.kind == scene::BaseMapLabel::Kind::road && std::abs(l.angle) > 0.2f;
  }));
  for (const auto& l : first) EXPECT_LE(std::abs(l.angle), float(M_PI / 2) + 1e-4f) << l.text << " never upside down";
  // The river's name is the most important one on screen: it is always there.
  EXPECT_TRUE(std::any_of(first.begin(), first.end(), [](const auto& l) { return l.text == "黄浦江"; }));
  // English where the data has it.
  auto en = ui::MapLabelPlacer().place(map.labels, m, cam.distance, w, h, ui::Language::en, obstacles, measure, 1.0);
  EXPECT_TRUE(std::any_of(en.begin(), en.end(), [](const auto& l) { return l.text == "Huangpu River"; }));

  // A small step of the camera keeps (almost) every name where it was: no flicker.
  cam.target.x += 15;
  const auto second = placer.place(map.labels, cam.matrices(w, h), cam.distance, w, h, ui::Language::zh, obstacles, measure, 1.0);
  size_t kept = 0;
  for (const auto& a : first)
    kept += std::any_of(second.begin(), second.end(), [&](const auto& b) { return b.text == a.text && b.alpha == 1; });
  EXPECT_GE(kept, first.size() * 9 / 10) << "names shown stay shown";

  // Fading: a new name comes in over a quarter of a second, not at once.
  ui::MapLabelPlacer fresh;
  const auto start = fresh.place(map.labels, m, cam.distance, w, h, ui::Language::zh, obstacles, measure, 1.0 / 60);
  ASSERT_FALSE(start.empty());
  for (const auto& l : start) EXPECT_LT(l.alpha, 0.1f) << l.text;
}

namespace {

// A tile of the test MBTiles file, read by citywall and by the reference
// reader (tests/unit/mvt_reference.py: Python's sqlite3 and a protobuf
// reader of its own).
const std::string kTaipei = test::sourceDir() + "/tests/data/taipei_zhongzheng_protomaps2021.mbtiles";

std::string run(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
  }
  return out;
}

}  // namespace

TEST(VectorTiles, AnMbTilesTileDecodesAsAnIndependentReaderReadsIt) {
  if (run("command -v python3").empty()) GTEST_SKIP() << "python3 is not installed (scripts/test.sh installs it)";
  const assets::TileId id{14, 13722, (1u << 14) - 1 - 9370};
  const std::string reference =
      run("python3 " + test::sourceDir() + "/tests/unit/mvt_reference.py " + kTaipei + " 14 13722 " + std::to_string(id.y));
  ASSERT_NE(reference.find("layer roads"), std::string::npos) << reference;

  assets::MbTiles file(kTaipei);
  EXPECT_EQ(file.info().format, "pbf");
  EXPECT_EQ(file.info().maxZoom, 14u);
  EXPECT_EQ(file.info().attribution, "© OpenStreetMap contributors");
  // The tile covering Taipei Main Station, found by its lon/lat.
  const auto tiles = file.tiles(14, 121.5160, 25.0470, 121.5175, 25.0480);
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0].id.x, id.x);
  EXPECT_EQ(tiles[0].id.y, id.y);
  const assets::DecodedTile tile = assets::decodeVectorTile(tiles[0].data, tiles[0].id);
  EXPECT_EQ(tile.dropped, 0u);

  std::istringstream lines(reference);
  std::string word;
  size_t layers = 0, firsts = 0;
  double extent = 4096;
  while (lines >> word) {
    if (word == "layer") {
      std::string name;
      size_t count;
      lines >> name >> count >> extent;
      const auto it = std::find_if(tile.layers.begin(), tile.layers.end(), [&](const auto& l) { return l.name == name; });
      ASSERT_NE(it, tile.layers.end()) << name;
      EXPECT_EQ(it->features.size(), count) << name;
      ++layers;
    } else if (word == "first") {
      std::string layer, property;
      int type;
      double x0, y0;
      lines >> layer >> type >> x0 >> y0 >> property;
      const std::string name = property.substr(5);  // "name=…"
      const auto& l = *std::find_if(tile.layers.begin(), tile.layers.end(), [&](const auto& t) { return t.name == layer; });
      const auto f = std::find_if(l.features.begin(), l.features.end(), [&](const auto& t) {
        auto n = t.properties.find("name");
        return n != t.properties.end() && n->second == name;
      });
      ASSERT_NE(f, l.features.end()) << layer << " " << name;
      EXPECT_EQ(int(f->type), type) << name;
      // The first vertex, projected here from the reference's tile coordinates.
      const double n = std::pow(2.0, 14);
      const double lon = (id.x + x0 / extent) / n * 360 - 180;
      const double lat = std::atan(std::sinh(M_PI * (1 - 2 * (id.y + y0 / extent) / n))) * 180 / M_PI;
      ASSERT_FALSE(f->parts.empty());
      EXPECT_NEAR(f->parts[0][0].x, lon, 1e-9) << name;
      EXPECT_NEAR(f->parts[0][0].y, lat, 1e-9) << name;
      ++firsts;
    }
  }
  EXPECT_EQ(layers, tile.layers.size());
  EXPECT_GE(firsts, 8u);
}

TEST(VectorTiles, BadTilesLoseWhatIsBadAndKeepTheRest) {
  assets::MbTiles file(kTaipei);
  const auto tiles = file.tiles(14, 121.5160, 25.0470, 121.5175, 25.0480);
  ASSERT_EQ(tiles.size(), 1u);
  const std::string raw = assets::gunzip(tiles[0].data);
  const assets::DecodedTile whole = assets::decodeVectorTile(raw, tiles[0].id);
  size_t features = 0;
  for (const auto& l : whole.layers) features += l.features.size();
  // Corrupt gzip: refused with a message (the loader skips and counts the tile).
  std::string corrupt = tiles[0].data;
  for (size_t i = 20; i < corrupt.size(); i += 97) corrupt[i] = char(~corrupt[i]);
  EXPECT_THROW((void)assets::decodeVectorTile(corrupt, tiles[0].id), std::runtime_error);
  EXPECT_THROW((void)assets::gunzip(std::string_view(tiles[0].data).substr(0, tiles[0].data.size() / 2)), std::runtime_error);
  // Cut protobuf: what comes before the cut is kept.
  for (size_t cut : {raw.size() / 3, raw.size() / 2, raw.size() - 7}) {
    const assets::DecodedTile part = assets::decodeVectorTile(std::string_view(raw).substr(0, cut), tiles[0].id);
    size_t kept = 0;
    for (const auto& l : part.layers) kept += l.features.size();
    EXPECT_GT(kept, 0u) << cut;
    EXPECT_LT(kept, features) << cut;
    EXPECT_GT(part.dropped, 0u) << cut;
  }
  // Garbage: not a tile.
  EXPECT_THROW((void)assets::decodeVectorTile(std::string("\x0b\xff\xff\xff\xff\xff", 6), tiles[0].id), std::runtime_error);
  // An unknown geometry type (4) and a command running past its data: those features alone are dropped.
  std::string tile;
  {
    protozero::pbf_writer t(tile);
    protozero::pbf_writer layer(t, 3);
    layer.add_string(1, "roads");
    layer.add_uint32(5, 4096);
    layer.add_string(3, "name");
    {
      protozero::pbf_writer value(layer, 4);
      value.add_string(1, "好路");
    }
    const uint32_t line[] = {(1u << 3) | 1, 10, 10, (2u << 3) | 2, 20, 0, 0, 20};
    const uint32_t tags[] = {0, 0};
    for (uint32_t type : {2u, 4u, 2u}) {
      protozero::pbf_writer f(layer, 2);
      f.add_packed_uint32(2, std::begin(tags), std::end(tags));
      f.add_enum(3, int32_t(type));
      f.add_packed_uint32(4, std::begin(line), std::end(line));
    }
    {
      protozero::pbf_writer f(layer, 2);  // LineTo of 9 points with data for 2
      const uint32_t past[] = {(1u << 3) | 1, 10, 10, (9u << 3) | 2, 20, 0, 0, 20};
      f.add_enum(3, 2);
      f.add_packed_uint32(4, std::begin(past), std::end(past));
    }
  }
  const assets::DecodedTile made = assets::decodeVectorTile(tile, {14, 13722, 7013});
  ASSERT_EQ(made.layers.size(), 1u);
  EXPECT_EQ(made.layers[0].features.size(), 2u);
  EXPECT_EQ(made.dropped, 2u);
  EXPECT_EQ(made.layers[0].features[0].properties.at("name"), "好路");
}

// The Taipei tiles as a base map: streets, parks and names through the same
// styles as the GeoJSON layers; a corrupt tile is skipped and counted.
TEST(VectorTiles, AnMbTilesFileBecomesABaseMap) {
  const geo::GeoFrame taipei({121.5194, 25.0411, 0});
  assets::BaseMapSource source;
  source.file = kTaipei;
  source.kind = assets::BaseMapKind::mbtiles;
  const scene::BaseMap map = assets::loadBaseMap({source}, taipei, assets::areaAround(taipei, glm::dvec2(-3000), glm::dvec2(3000)));
  EXPECT_EQ(map.report.tiles, 2u) << "the two z14 tiles";
  EXPECT_EQ(map.report.badTiles, 0u);
  EXPECT_GT(map.report.lines, 1000u);
  EXPECT_GT(areaOf(map, scene::BaseMapStyle::green), 1e5) << "228 Peace Park, Chiang Kai-shek Memorial Hall's gardens";
  EXPECT_TRUE(label(map, "中正紀念公園") || label(map, "二二八和平公園")) << "park names";
  EXPECT_NE(std::find(map.attributions.begin(), map.attributions.end(), "© OpenStreetMap contributors"), map.attributions.end());

  // One tile's bytes damaged in a copy of the file: the other still draws.
  const std::string dir = test::tempDir("basemap-bad-tiles");
  const std::string copy = dir + "/damaged.mbtiles";
  std::filesystem::copy_file(kTaipei, copy, std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(std::system(("python3 -c \"import sqlite3; c=sqlite3.connect('" + copy +
                         "'); c.execute(\\\"UPDATE tiles SET tile_data=substr(tile_data,1,40)||zeroblob(100) WHERE zoom_level=14 AND tile_row=9369\\\"); c.commit()\"")
                            .c_str()),
            0);
  source.file = copy;
  const scene::BaseMap damaged = assets::loadBaseMap({source}, taipei, assets::areaAround(taipei, glm::dvec2(-3000), glm::dvec2(3000)));
  EXPECT_EQ(damaged.report.tiles, 1u);
  EXPECT_EQ(damaged.report.badTiles, 1u);
  EXPECT_GT(damaged.report.lines, 100u);
}

namespace {

// A PMTiles v1 archive of the test MBTiles file's tiles, laid out as the
// spec has it: "PM", version 1, the metadata's length, the number of root
// entries, the metadata, 17-byte entries (z, x, y on 3 bytes, offset on 6,
// length on 4; little-endian), the tile data from byte 512,000.
std::string pmtilesV1Of(const std::string& mbtiles, const std::string& path) {
  assets::MbTiles file(mbtiles);
  std::vector<assets::MbTile> tiles;
  for (uint32_t z = file.info().minZoom; z <= file.info().maxZoom; ++z)
    for (auto& t : file.tiles(z, -180, -85, 180, 85)) tiles.push_back(std::move(t));
  const std::string metadata = R"({"format":"pbf","attribution":"© OpenStreetMap contributors"})";
  std::string out = "PM";
  auto put = [&](uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out += char((v >> (8 * i)) & 0xff);
  };
  put(1, 2), put(metadata.size(), 4), put(tiles.size(), 2);
  out += metadata;
  uint64_t offset = 512000;
  for (const auto& t : tiles) {
    const std::string data = assets::gunzip(t.data);  // the 2021 samples hold tiles uncompressed
    put(t.id.z, 1), put(t.id.x, 3), put(t.id.y, 3), put(offset, 6), put(data.size(), 4);
    offset += data.size();
  }
  out.resize(512000, '\0');
  for (const auto& t : tiles) out += assets::gunzip(t.data);
  std::ofstream(path, std::ios::binary) << out;
  return path;
}

}  // namespace

TEST(VectorTiles, APmTilesArchiveGivesTheSameBaseMapAsItsMbTiles) {
  const std::string dir = test::tempDir("basemap-pmtiles");
  const geo::GeoFrame taipei({121.5194, 25.0411, 0});
  const auto area = assets::areaAround(taipei, glm::dvec2(-3000), glm::dvec2(3000));
  assets::BaseMapSource mb, pm;
  mb.file = kTaipei, mb.kind = assets::BaseMapKind::mbtiles;
  pm.file = pmtilesV1Of(kTaipei, dir + "/taipei.pmtiles"), pm.kind = assets::BaseMapKind::pmtiles;
  pm.schema = assets::BaseMapSchema::protomaps, pm.schemaGiven = true;  // the v1 metadata above has no layer list
  const scene::BaseMap a = assets::loadBaseMap({mb}, taipei, area), b = assets::loadBaseMap({pm}, taipei, area);
  EXPECT_EQ(b.report.tiles, 2u);
  EXPECT_EQ(b.report.lines, a.report.lines);
  EXPECT_EQ(b.report.areas, a.report.areas);
  EXPECT_EQ(b.vertices.size(), a.vertices.size());
  EXPECT_EQ(b.labels.size(), a.labels.size());
  assets::PmTiles file(pm.file);
  EXPECT_EQ(file.info().maxZoom, 14u);
  EXPECT_EQ(file.info().minZoom, 0u);

  // The PMTiles project's own sample, when the team's data is beside the repository.
  const std::string sample = test::sourceDir() + "/../shared/data/basemap/taipei_zhongzheng_protomaps2021.pmtiles";
  if (std::filesystem::exists(sample)) {
    assets::BaseMapSource real;
    real.file = sample, real.kind = assets::BaseMapKind::pmtiles;
    real.schema = assets::BaseMapSchema::protomaps, real.schemaGiven = true;
    const scene::BaseMap c = assets::loadBaseMap({real}, taipei, area);
    EXPECT_EQ(c.report.tiles, 2u);
    EXPECT_EQ(c.report.lines, a.report.lines) << "the same tiles as the MBTiles copy";
  } else {
    std::printf("skipped: the PMTiles sample (%s is absent)\n", sample.c_str());
  }

  // Not an archive, a newer version, cut short: errors that name the file.
  const std::string bad = test::writeFile(dir, "bad.pmtiles", "PMTiles\x04" + std::string(200, '\0'));
  try {
    assets::PmTiles v4(bad);
    FAIL();
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("version 4"), std::string::npos) << e.what();
    EXPECT_EQ(e.file(), bad);
  }
  EXPECT_THROW(assets::PmTiles(test::writeFile(dir, "text.pmtiles", "hello, world")), assets::AssetError);
  std::string cut;
  {
    std::ifstream in(pm.file, std::ios::binary);
    cut.assign(std::istreambuf_iterator<char>(in), {});
  }
  cut.resize(600000);
  std::ofstream(dir + "/cut.pmtiles", std::ios::binary) << cut;
  assets::BaseMapSource shortFile = pm;
  shortFile.file = dir + "/cut.pmtiles";
  const scene::BaseMap d = assets::loadBaseMap({shortFile}, taipei, area);
  EXPECT_EQ(d.report.tiles, 0u);
  EXPECT_EQ(d.report.badTiles, 2u) << "both z14 tiles lie past the cut: skipped and counted";
}

TEST(VectorTiles, TheHilbertTileIdsAreThoseOfTheSpecification) {
  // The PMTiles v3 specification's examples.
  EXPECT_EQ(assets::pmtilesTileId(0, 0, 0), 0u);
  EXPECT_EQ(assets::pmtilesTileId(1, 0, 0), 1u);
  EXPECT_EQ(assets::pmtilesTileId(1, 0, 1), 2u);
  EXPECT_EQ(assets::pmtilesTileId(1, 1, 1), 3u);
  EXPECT_EQ(assets::pmtilesTileId(1, 1, 0), 4u);
  EXPECT_EQ(assets::pmtilesTileId(2, 0, 0), 5u);
  EXPECT_EQ(assets::pmtilesTileId(12, 3423, 1763), 19078479u);
  EXPECT_EQ(assets::pmtilesTileId(15, 27360, 15138), 1222593891u);
  // And back.
  for (const auto& [z, x, y] : {std::tuple{0u, 0u, 0u}, {1u, 1u, 0u}, {12u, 3423u, 1763u}, {15u, 27360u, 15138u}, {14u, 13722u, 7014u}}) {
    const assets::TileId t = assets::pmtilesTileAt(assets::pmtilesTileId(z, x, y));
    EXPECT_EQ(t.z, z);
    EXPECT_EQ(t.x, x);
    EXPECT_EQ(t.y, y);
  }
}

namespace {

std::string bytesOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

// PMTiles v3 archives written from the test MBTiles by a second, Python
// implementation of the specification (tests/unit/pmtiles_v3_writer.py).
TEST(VectorTiles, APmTilesVersion3ArchiveIsReadWithItsLeavesAndRuns) {
  if (run("command -v python3").empty()) GTEST_SKIP() << "python3 is not installed (scripts/test.sh installs it)";
  const std::string dir = test::tempDir("basemap-pmtiles-v3");
  const std::string writer = "python3 " + test::sourceDir() + "/tests/unit/pmtiles_v3_writer.py " + kTaipei + " ";
  const std::string leaves = dir + "/leaves.pmtiles", runs = dir + "/runs.pmtiles";
  ASSERT_EQ(std::system((writer + leaves + " --root-entries 4").c_str()), 0);
  ASSERT_EQ(std::system((writer + runs + " --internal none --run-after 14/13722/7014").c_str()), 0);

  // gzip directories, 17 tiles in five leaves under the root: the same base
  // map as the MBTiles file, the schema told by the metadata alike.
  const geo::GeoFrame taipei({121.5194, 25.0411, 0});
  const auto area = assets::areaAround(taipei, glm::dvec2(-3000), glm::dvec2(3000));
  assets::BaseMapSource mb, pm;
  mb.file = kTaipei, mb.kind = assets::BaseMapKind::mbtiles;
  pm.file = leaves, pm.kind = assets::BaseMapKind::pmtiles;
  const scene::BaseMap a = assets::loadBaseMap({mb}, taipei, area), b = assets::loadBaseMap({pm}, taipei, area);
  EXPECT_EQ(b.report.tiles, 2u);
  EXPECT_EQ(b.report.badTiles, 0u);
  EXPECT_EQ(b.report.lines, a.report.lines);
  EXPECT_EQ(b.report.areas, a.report.areas);
  EXPECT_EQ(b.vertices.size(), a.vertices.size());
  EXPECT_EQ(b.labels.size(), a.labels.size());
  EXPECT_EQ(b.attributions, a.attributions);
  {
    assets::PmTiles file(leaves);
    EXPECT_EQ(file.info().minZoom, 0u);
    EXPECT_EQ(file.info().maxZoom, 14u);
    EXPECT_EQ(file.info().format, "pbf");
    EXPECT_NE(file.info().json.find("vector_layers"), std::string::npos);
    size_t all = 0;
    for (uint32_t z = 0; z <= 14; ++z) all += file.tiles(z, -180, -85, 180, 85).size();
    EXPECT_EQ(all, 17u) << "every tile found through the leaves";
    assets::MbTiles mbFile(kTaipei);
    const auto want = mbFile.tiles(13, -180, -85, 180, 85), got = file.tiles(13, -180, -85, 180, 85);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& g : got) {
      const auto w = std::find_if(want.begin(), want.end(), [&](const auto& t) { return t.id.x == g.id.x && t.id.y == g.id.y; });
      ASSERT_NE(w, want.end()) << g.id.x << "/" << g.id.y;
      EXPECT_TRUE(g.data == w->data) << "byte for byte: " << g.id.x << "/" << g.id.y;
    }
  }

  // Plain directories and a run: 14/13722/7014 stored once for itself and
  // the next tile along the curve.
  {
    assets::PmTiles file(runs);
    const auto z14 = file.tiles(14, -180, -85, 180, 85);
    ASSERT_EQ(z14.size(), 3u);
    const assets::MbTile* stored = nullptr;
    for (const auto& t : z14)
      if (t.id.x == 13722 && t.id.y == 7014) stored = &t;
    ASSERT_NE(stored, nullptr);
    size_t copies = 0;
    for (const auto& t : z14)
      if (&t != stored && t.data == stored->data) {
        ++copies;
        EXPECT_EQ(assets::pmtilesTileId(14, t.id.x, t.id.y), assets::pmtilesTileId(14, 13722, 7014) + 1);
      }
    EXPECT_EQ(copies, 1u);
  }

  // Damage: a leaf section cut short costs its tiles (skipped and counted),
  // not the archive; a corrupt root is an error naming the file.
  std::string cut = bytesOf(leaves);
  const uint64_t leavesOffset = [&] {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(uint8_t(cut[40 + i])) << (8 * i);
    return v;
  }();
  cut.resize(size_t(leavesOffset) + 3);
  std::ofstream(dir + "/cut.pmtiles", std::ios::binary) << cut;
  assets::BaseMapSource shortFile = pm;
  shortFile.file = dir + "/cut.pmtiles";
  const scene::BaseMap d = assets::loadBaseMap({shortFile}, taipei, area);
  EXPECT_EQ(d.report.tiles, 0u);
  // Under a lost leaf no one can tell which tiles exist: every tile of the
  // city's box asked for is counted as unreadable (none silently dropped).
  const assets::TileId nw = assets::tileAt(area.west, area.north, 14), se = assets::tileAt(area.east, area.south, 14);
  EXPECT_EQ(d.report.badTiles, size_t(se.x - nw.x + 1) * (se.y - nw.y + 1));

  std::string broken = bytesOf(leaves);
  for (size_t i = 127 + 10; i < 127 + 20; ++i) broken[i] = char(0x5a);  // inside the root's gzip stream
  const std::string brokenPath = dir + "/broken.pmtiles";
  std::ofstream(brokenPath, std::ios::binary) << broken;
  try {
    assets::PmTiles file(brokenPath);
    FAIL() << "a corrupt root directory was read";
  } catch (const assets::AssetError& e) {
    EXPECT_EQ(e.file(), brokenPath);
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos) << e.what();
  }
}

TEST(BaseMap, DistrictsAreNamedEitherSideOfTheirBorders) {
  const scene::BaseMap map = assets::loadBaseMap(bundled({"boundaries"}), kFrame);
  EXPECT_TRUE(map.vertices.empty()) << "borders draw nothing of their own here";
  EXPECT_EQ(map.report.unstyled, 0u);
  const scene::BaseMapLabel* huangpu = label(map, "黄浦区");
  const scene::BaseMapLabel* pudong = label(map, "浦东新区");
  const scene::BaseMapLabel* hongkou = label(map, "虹口区");
  ASSERT_TRUE(huangpu && pudong && hongkou);
  EXPECT_EQ(huangpu->kind, scene::BaseMapLabel::Kind::district);
  EXPECT_EQ(pudong->nameEn, "Pudong New District");
  // The Huangpu river parts them: Huangpu District on the Bund (west), Pudong east, Hongkou north.
  EXPECT_LT(huangpu->position.x, pudong->position.x);
  EXPECT_GT(hongkou->position.y, huangpu->position.y);
  EXPECT_EQ(huangpu->priority, 100.0f) << "districts above every other name";
  EXPECT_GT(huangpu->minDistance, 0) << "a district's name is for the view from afar";
  size_t districts = 0;
  for (const auto& l : map.labels) districts += l.kind == scene::BaseMapLabel::Kind::district;
  EXPECT_EQ(districts, 4u) << "虹口区, 黄浦区, 浦东新区, 杨浦区: each once";
}
