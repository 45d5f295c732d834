// The governance layers (治理要素): configured GeoJSON layers load with their
// filter, CRS and labels; bad features are skipped and counted, bad files
// named; each layer switches and fades by itself; icons, lines and areas
// are picked; the configuration checks every key.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "assets/asset_error.h"
#include "assets/feature_loader.h"
#include "config/config_file.h"
#include "geo/crs.h"
#include "scene/scene.h"
#include "ui/commands.h"
#include "ui/map_labels.h"
#include "test_support.h"

using namespace citywall;

namespace {

const geo::GeoFrame kFrame({121.4990, 31.2390, 0});

std::string bundled(const char* layer) { return test::sourceDir() + "/data/basemap/shanghai_bund_lujiazui_osm_" + layer + ".geojson"; }

scene::FeatureLayerStyle layer(const std::string& file, std::string field = "", std::vector<std::string> values = {}) {
  scene::FeatureLayerStyle s;
  s.file = file;
  s.name = file.substr(file.rfind('/') + 1);
  s.labelField = "name";
  s.filterField = std::move(field);
  s.filterValues = std::move(values);
  return s;
}

const scene::Feature* named(const scene::FeatureSet& set, const std::string& label) {
  for (const auto& f : set.features)
    if (f.label == label) return &f;
  return nullptr;
}

std::string property(const scene::Feature& f, const std::string& key) {
  for (const auto& [k, v] : f.properties)
    if (k == key) return v;
  return "";
}

}  // namespace

TEST(Features, PointsLinesAndAreasLoadFilteredWithTheirProperties) {
  const scene::FeatureSet set = assets::loadFeatureLayers(
      {layer(bundled("pois"), "kind", {"hospital"}), layer(bundled("transit"), "kind", {"subway"}),
       layer(bundled("transit"), "kind", {"station"}), layer(bundled("boundaries"))},
      kFrame);
  ASSERT_EQ(set.layers.size(), 4u);
  // The two hospitals of the 493 points; every other point is counted as filtered, none skipped.
  EXPECT_EQ(set.reports[0].points, 2u);
  EXPECT_EQ(set.reports[0].filtered, 491u);
  EXPECT_EQ(set.reports[0].skipped, 0u);
  // 12 metro route lines, 3 station polygons, 5 district borders (bus stops filtered out).
  EXPECT_EQ(set.reports[1].lines, 12u);
  EXPECT_EQ(set.reports[1].filtered, 6u);
  EXPECT_EQ(set.reports[2].areas, 3u);
  EXPECT_EQ(set.reports[3].lines, 5u);

  const scene::Feature* east = named(set, "上海东方医院");
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->geometry, scene::Feature::Geometry::point);
  EXPECT_EQ(property(*east, "name:en"), "Shanghai East Hospital");
  EXPECT_EQ(property(*east, "kind"), "hospital");
  EXPECT_FALSE(property(*east, "osm_id").empty());
  EXPECT_EQ(property(*east, "osm_id").find('.'), std::string::npos) << "whole numbers as written, not 1234.000000";
  // Where the file puts it: 121.5078201, 31.239746.
  const glm::dvec3 at = kFrame.toLocal({121.5078201, 31.239746, 0});
  EXPECT_NEAR(east->anchor.x, at.x, 0.01);
  EXPECT_NEAR(east->anchor.y, at.y, 0.01);

  // A station's icon and label point lies inside its polygon.
  const scene::Feature* lujiazui = named(set, "陆家嘴");
  ASSERT_NE(lujiazui, nullptr);
  EXPECT_EQ(lujiazui->geometry, scene::Feature::Geometry::area);
  EXPECT_EQ(lujiazui->partCount, 1u);
  scene::FeatureLayers layers(set, 31.239);
  EXPECT_EQ(layers.pickGround(glm::dvec2(lujiazui->anchor), 0.01, 1000), std::optional<uint32_t>(uint32_t(lujiazui - set.features.data())));

  // Ground geometry: layer i's fill is palette entry 2i, its lines 2i + 1.
  ASSERT_FALSE(set.ground.lines.empty());
  ASSERT_FALSE(set.ground.areas.empty());
  for (uint32_t i : set.ground.areas) EXPECT_EQ(set.ground.vertices[i].style & 0xffu, assets::featureFillStyle(2));
  std::vector<uint32_t> lineStyles;
  for (uint32_t i : set.ground.lines) lineStyles.push_back(set.ground.vertices[i].style & 0xffu);
  std::sort(lineStyles.begin(), lineStyles.end());
  lineStyles.erase(std::unique(lineStyles.begin(), lineStyles.end()), lineStyles.end());
  EXPECT_EQ(lineStyles, (std::vector<uint32_t>{assets::featureLineStyle(1), assets::featureLineStyle(2), assets::featureLineStyle(3)}))
      << "metro lines, station outlines, borders; no lines from the points";
  EXPECT_EQ(set.ground.attributions, std::vector<std::string>{"© OpenStreetMap contributors"});
}

TEST(Features, BadFeaturesAreSkippedAndCountedBadFilesNamed) {
  const std::string dir = test::tempDir("features_bad");
  const std::string good = test::writeFile(dir, "mixed.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Point","coordinates":[121.49,31.24]}},
    {"type":"Feature","properties":{"name":"no geometry"}},
    {"type":"Feature","properties":{"name":"null geometry"},"geometry":null},
    {"type":"Feature","properties":{"name":"bad coordinates"},"geometry":{"type":"Point","coordinates":[500,31.24]}},
    {"type":"Feature","properties":{"name":"unknown type"},"geometry":{"type":"Circle","coordinates":[121.49,31.24]}},
    {"type":"Feature","properties":{"name":"one-point line"},"geometry":{"type":"LineString","coordinates":[[121.49,31.24]]}},
    {"type":"Feature","properties":{"name":"flat polygon"},"geometry":{"type":"Polygon","coordinates":[[[121.49,31.24],[121.491,31.241],[121.49,31.24],[121.491,31.241],[121.49,31.24]]]}},
    "not an object",
    {"type":"Feature","properties":{"name":"also ok"},"geometry":{"type":"LineString","coordinates":[[121.49,31.24],[121.50,31.24]]}}
  ]})");
  const scene::FeatureSet set = assets::loadFeatureLayers({layer(good)}, kFrame);
  EXPECT_EQ(set.reports[0].points, 1u);
  EXPECT_EQ(set.reports[0].lines, 1u);
  EXPECT_EQ(set.reports[0].areas, 0u);
  EXPECT_EQ(set.reports[0].skipped, 7u);
  EXPECT_NE(named(set, "ok"), nullptr);
  EXPECT_NE(named(set, "also ok"), nullptr);

  const std::string notJson = test::writeFile(dir, "broken.geojson", "{\"type\": \"FeatureCollection\", \"features\": [");
  const std::string notCollection = test::writeFile(dir, "point.geojson", R"({"type":"Point","coordinates":[121.49,31.24]})");
  for (const std::string& file : {notJson, notCollection, dir + "/missing.geojson"}) {
    try {
      assets::loadFeatureLayers({layer(good), layer(file)}, kFrame);
      ADD_FAILURE() << file << " loaded";
    } catch (const assets::AssetError& e) {
      EXPECT_EQ(e.file(), file);
    }
  }
}

TEST(Features, SourcesInGcj02AreConvertedAtTheDoor) {
  const std::string dir = test::tempDir("features_gcj");
  // The same point given in GCJ-02 (as Chinese map services publish) and in WGS84.
  const geo::LonLat wgs{121.4900, 31.2400};
  const geo::LonLat gcj = geo::wgs84ToGcj02(wgs);
  char text[512];
  std::snprintf(text, sizeof text,
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"hydrant"},"geometry":{"type":"Point","coordinates":[%.9f,%.9f]}}]})",
                gcj.lon, gcj.lat);
  auto style = layer(test::writeFile(dir, "hydrants.geojson", text));
  style.crs = geo::Crs::gcj02;
  const scene::FeatureSet set = assets::loadFeatureLayers({style}, kFrame);
  ASSERT_EQ(set.features.size(), 1u);
  const glm::dvec3 want = kFrame.toLocal({wgs.lon, wgs.lat, 0});
  EXPECT_LT(glm::distance(glm::dvec2(set.features[0].anchor), glm::dvec2(want)), 1.0) << "within a metre of the WGS84 spot";
  EXPECT_GT(glm::distance(glm::dvec2(kFrame.toLocal({gcj.lon, gcj.lat, 0})), glm::dvec2(want)), 100.0)
      << "unconverted, it would sit hundreds of metres off";
}

TEST(Features, EachLayerSwitchesAndFadesByItself) {
  auto hospitals = layer(bundled("pois"), "kind", {"hospital"});
  auto toilets = layer(bundled("pois"), "kind", {"toilets"});
  toilets.minZoom = 16;
  auto metro = layer(bundled("transit"), "kind", {"subway"});
  const scene::FeatureSet set = assets::loadFeatureLayers({hospitals, toilets, metro}, kFrame);
  scene::FeatureLayers layers(set, 31.239);
  const float reach = scene::distanceForZoom(16, 31.239);
  EXPECT_NEAR(layers.reach(1), reach, 1);
  EXPECT_GT(layers.reach(0), 1e8f) << "no min_zoom: at every distance";

  auto iconsOf = [&](uint32_t l) {
    size_t shown = 0;
    for (size_t i = 0; i < layers.icons().size(); ++i)
      shown += set.features[layers.featureOfIcon(uint32_t(i))].layer == l && layers.icons()[i].size > 0;
    return shown;
  };
  layers.update(500);
  EXPECT_EQ(iconsOf(0), 2u);
  EXPECT_EQ(iconsOf(1), 24u);
  EXPECT_FLOAT_EQ(layers.paints()[assets::featureLineStyle(2)].fill.a, 0.95f);
  EXPECT_EQ(layers.frame().pinned, false) << "icons sit on their spot: a pin means a case";
  EXPECT_EQ(layers.frame().changed.size(), layers.icons().size()) << "the first update sends every icon";

  // Nothing changed: nothing to send again.
  layers.update(500);
  EXPECT_TRUE(layers.frame().changed.empty());

  // Past the toilets' reach they are gone, the rest stay; half way through the fade they are half there.
  layers.update(reach * 1.01);
  EXPECT_EQ(iconsOf(1), 0u);
  EXPECT_EQ(iconsOf(0), 2u);
  EXPECT_NEAR(layers.shown(1, reach * 0.9), 0.5f, 1e-3);
  EXPECT_FLOAT_EQ(layers.shown(1, reach * 0.5), 1.0f);

  // Switching the metro off: its lines' paint goes transparent, the others do not.
  layers.setVisible(2, false);
  layers.update(500);
  EXPECT_EQ(layers.paints()[assets::featureLineStyle(2)].fill.a, 0.0f);
  EXPECT_EQ(layers.paints()[assets::featureLineStyle(2)].casing.a, 0.0f);
  EXPECT_GT(layers.paints()[assets::featureLineStyle(0)].fill.a, 0.0f);
  EXPECT_EQ(iconsOf(0), 2u);

  // A selected hospital's icon carries the halo.
  const auto east = uint32_t(named(set, "上海东方医院") - set.features.data());
  layers.select(east);
  layers.update(500);
  for (size_t i = 0; i < layers.icons().size(); ++i)
    EXPECT_EQ((layers.icons()[i].flags & scene::kMarkerSelected) != 0, layers.featureOfIcon(uint32_t(i)) == east);
}

TEST(Features, LinesAreasAndHolesArePickedOnTheGround) {
  const std::string dir = test::tempDir("features_pick");
  // A pipeline along y = 0 (ENU ~ 121.49 E) and a square shelter zone with a square hole.
  auto lonlat = [](double x, double y) {
    const auto g = kFrame.toGeodetic({x, y, 0});
    char buf[64];
    std::snprintf(buf, sizeof buf, "[%.9f,%.9f]", g.lon, g.lat);
    return std::string(buf);
  };
  const std::string pipe = test::writeFile(dir, "pipes.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"main"},"geometry":{"type":"LineString","coordinates":[)" +
          lonlat(-500, 0) + "," + lonlat(500, 0) + "]}}]}");
  const std::string zone = test::writeFile(dir, "zones.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"zone"},"geometry":{"type":"Polygon","coordinates":[[)" +
          lonlat(100, 100) + "," + lonlat(400, 100) + "," + lonlat(400, 400) + "," + lonlat(100, 400) + "," + lonlat(100, 100) + "],[" +
          lonlat(200, 200) + "," + lonlat(300, 200) + "," + lonlat(300, 300) + "," + lonlat(200, 300) + "," + lonlat(200, 200) + "]]}}]}");
  const scene::FeatureSet set = assets::loadFeatureLayers({layer(pipe), layer(zone)}, kFrame);
  ASSERT_EQ(set.features.size(), 2u);
  scene::FeatureLayers layers(set, 31.239);
  EXPECT_EQ(layers.pickGround({0, 4}, 5, 1000), std::optional<uint32_t>(0)) << "4 m from the pipe, 5 m allowed";
  EXPECT_EQ(layers.pickGround({0, 6}, 5, 1000), std::nullopt);
  EXPECT_EQ(layers.pickGround({150, 150}, 5, 1000), std::optional<uint32_t>(1)) << "inside the zone";
  EXPECT_EQ(layers.pickGround({250, 250}, 5, 1000), std::nullopt) << "in its hole";
  EXPECT_EQ(layers.pickGround({100, 250}, 5, 1000), std::optional<uint32_t>(1)) << "on its edge";
  // The zone's icon and label point is in the zone, not in the hole.
  const glm::dvec2 a(set.features[1].anchor);
  EXPECT_TRUE(a.x > 100 && a.x < 400 && a.y > 100 && a.y < 400 && !(a.x > 200 && a.x < 300 && a.y > 200 && a.y < 300)) << a.x << ", " << a.y;
  layers.setVisible(1, false);
  EXPECT_EQ(layers.pickGround({150, 150}, 5, 1000), std::nullopt) << "a layer switched off is not picked";
}

TEST(Features, TheSceneSelectsAnIconALineAndClearsThemWithTheirLayer) {
  scene::CityModel city;
  city.frame = kFrame;
  city.features = assets::loadFeatureLayers(
      {layer(bundled("pois"), "kind", {"hospital"}), layer(bundled("transit"), "kind", {"subway"})}, kFrame);
  scene::Scene scene(city, nullptr, {}, 0);
  const scene::Viewport viewport{800, 600, 1};
  const scene::Feature* east = named(city.features, "上海东方医院");
  ASSERT_NE(east, nullptr);
  scene.camera().target = east->anchor;
  scene.camera().distance = 600;
  scene.camera().pitch = 0;
  scene.update(live::Store{}, {}, viewport);
  const scene::PickResult hit = scene.pick({400.5, 300.5}, viewport);
  ASSERT_EQ(hit.kind, scene::PickKind::feature);
  EXPECT_EQ(hit.index, uint32_t(east - city.features.features.data()));
  scene.selectFeature(hit.index);
  EXPECT_TRUE(scene.selection().feature);
  scene.update(live::Store{}, {}, viewport);
  const scene::FrameView view = scene.snapshot({}, viewport);
  ASSERT_EQ(view.featurePaints.size(), 4u);
  EXPECT_FALSE(view.features.pinned);

  // A metro line a few pixels from the pointer is picked where nothing stands.
  const scene::FeaturePart& part = city.features.parts[city.features.features.back().firstPart];
  const glm::dvec2 p0 = city.features.partPoints[part.first], p1 = city.features.partPoints[part.first + 1];
  const glm::dvec2 mid = (p0 + p1) / 2.0;
  scene.camera().target = {mid.x, mid.y, 0};
  scene.update(live::Store{}, {}, viewport);
  const scene::PickResult line = scene.pick({402.5, 300.5}, viewport);
  ASSERT_EQ(line.kind, scene::PickKind::feature);
  EXPECT_EQ(city.features.features[line.index].layer, 1u);
}

TEST(Features, LabelsSitUnderTheirIconsInTheirLayersColour) {
  scene::MapCamera camera;
  camera.distance = 1000;
  const scene::CameraMatrices m = camera.matrices(800, 600);
  scene::BaseMapLabel l;
  l.kind = scene::BaseMapLabel::Kind::feature;
  l.name = "消防栓";
  l.rgb = 0xff5d73;
  l.belowPixels = 11;
  ui::MapLabelPlacer placer;
  placer.uiScale = 2;
  const ui::MeasureText measure = [](std::string_view, float) { return glm::vec2(60, 20); };
  const auto placed = placer.place({l}, m, 1000, 800, 600, ui::Language::zh, {}, measure, 1.0);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_NEAR(placed[0].x, 400, 1);
  EXPECT_NEAR(placed[0].y, 300 + 22 + 10, 1) << "below the icon: 11 px × UI scale 2, plus half the text's height";
  EXPECT_EQ(placed[0].rgb, 0xff5d73u);
}

TEST(Features, TheConfigurationReadsAndChecksEveryKey) {
  const auto o = config::parseConfig(R"([[layers.features]]
file = "gov/cameras.geojson"
name = "视频监控"
name_en = "Video cameras"
icon = "square"
color = "#33ccff"
label = "code"
min_zoom = 15
crs = "GCJ02"
visible = false
icon_px = 14
line_width_m = 2
line_px = 3
fill_opacity = 0.2
filter = { type = ["camera", "dome"] }
[[layers.features]]
file = "gov/hydrants.geojson"
name = "消火栓"
filter = { kind = "hydrant" }
)",
                                     "test.toml", "/deploy");
  ASSERT_EQ(o.features.size(), 2u);
  const scene::FeatureLayerStyle& c = o.features[0];
  EXPECT_EQ(c.file, "/deploy/gov/cameras.geojson");
  EXPECT_EQ(c.name, "视频监控");
  EXPECT_EQ(c.nameEn, "Video cameras");
  EXPECT_EQ(c.icon, scene::MarkerShape::square);
  EXPECT_EQ(c.rgb, 0x33ccffu);
  EXPECT_EQ(c.labelField, "code");
  EXPECT_EQ(c.minZoom, 15);
  EXPECT_EQ(c.crs, geo::Crs::gcj02);
  EXPECT_FALSE(c.visible);
  EXPECT_EQ(c.iconPixels, 14);
  EXPECT_EQ(c.lineMetres, 2);
  EXPECT_EQ(c.linePixels, 3);
  EXPECT_FLOAT_EQ(c.fillOpacity, 0.2f);
  EXPECT_EQ(c.filterField, "type");
  EXPECT_EQ(c.filterValues, (std::vector<std::string>{"camera", "dome"}));
  EXPECT_EQ(o.features[1].filterValues, std::vector<std::string>{"hydrant"});

  auto problems = [](const std::string& text) {
    try {
      config::parseConfig(text, "test.toml", "/deploy");
    } catch (const config::ConfigError& e) {
      return e.problems();
    }
    return std::vector<std::string>{};
  };
  auto expectOne = [&](const std::string& text, const std::string& words) {
    const auto p = problems(text);
    ASSERT_EQ(p.size(), 1u) << text;
    EXPECT_NE(p[0].find(words), std::string::npos) << p[0];
  };
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\n", "layers.features[0].name: is required");
  expectOne("[[layers.features]]\nname = \"A\"\n", "layers.features[0].file: is required");
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\nname = \"A\"\nicon = \"camera\"\n", "layers.features[0].icon");
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\nname = \"A\"\ncolor = \"red\"\n", "layers.features[0].color");
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\nname = \"A\"\nmin_zoom = 30\n", "layers.features[0].min_zoom");
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\nname = \"A\"\nfilter = { a = \"x\", b = \"y\" }\n", "must name one property");
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\nname = \"A\"\nfilter = { a = [1, 2] }\n", "must be a string");
  expectOne("[[layers.features]]\nfile = \"a.geojson\"\nname = \"A\"\nshape = \"x\"\n", "layers.features[0].shape");
}

TEST(Features, TheSwitchCommandSurvivesTheJournal) {
  const ui::Command c = ui::SetFeatureLayerVisible{"视频监控", false};
  const auto back = ui::commandFromJson(ui::toJson(c));
  ASSERT_TRUE(back);
  const auto* s = std::get_if<ui::SetFeatureLayerVisible>(&*back);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "视频监控");
  EXPECT_FALSE(s->visible);
}

TEST(Features, LabelledFeaturesGiveTheMapTheirNames) {
  auto hospitals = layer(bundled("pois"), "kind", {"hospital"});
  hospitals.rgb = 0xff5d73;
  auto schools = layer(bundled("pois"), "kind", {"school"});
  schools.minZoom = 16;
  const scene::FeatureSet set = assets::loadFeatureLayers({hospitals, schools}, kFrame);
  scene::FeatureLayers layers(set, 31.239);
  size_t schoolNames = 0;
  for (size_t i = 0; i < layers.labels().size(); ++i) schoolNames += layers.layerOfLabel(i) == 1;
  EXPECT_EQ(schoolNames, 5u);
  const scene::BaseMapLabel* east = nullptr;
  for (size_t i = 0; i < layers.labels().size(); ++i)
    if (layers.labels()[i].name == "上海东方医院") {
      east = &layers.labels()[i];
      EXPECT_EQ(layers.layerOfLabel(i), 0u);
    }
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->nameEn, "Shanghai East Hospital") << "name:en beside the label's field";
  EXPECT_EQ(east->kind, scene::BaseMapLabel::Kind::feature);
  EXPECT_EQ(east->rgb, 0xff5d73u);
  EXPECT_GT(east->belowPixels, hospitals.iconPixels / 2) << "under its icon";
  EXPECT_EQ(east->maxDistance, 6000.0f) << "no min_zoom: out to 6 km";
  for (size_t i = 0; i < layers.labels().size(); ++i)
    if (layers.layerOfLabel(i) == 1) {
      EXPECT_EQ(layers.labels()[i].maxDistance, layers.reach(1));
    }
}
