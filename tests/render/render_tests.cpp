// Render tests as data (MapLibre style): every tests/render/<feature>/<case>/
// holds scene.json and expected.png. Each case renders headless on the
// default device (lavapipe in CI) with the validation layers on; a validation
// message fails it. On a mismatch, actual.png and diff.png are written to
// <build>/render-results/<feature>/<case>/. CITYWALL_UPDATE_GOLDENS=1 writes
// expected.png instead (for deliberate changes: look at them before committing).
// tests/render/ignores.json lists known failures with a reason.
//
// scene.json:
//   city:       [paths relative to the repository root]
//   models:     [{file, lon, lat, height, heading, scale}]
//   tilesets:   [{file, lon, lat, height, heading, scale}]  (3D Tiles; the placement is optional;
//               streamed for the camera until every tile it needs has loaded)
//   written_tileset: {city, compression: none|draco|meshopt, per_tile}  (the city written as a tileset by
//               citywall-tiles' writer into the results folder, then streamed as `tilesets` are)
//   expected_from: "<feature>/<case>"          (compare with that case's expected.png: the same picture
//               drawn another way; such a case has no golden of its own)
//   tile_buildings: [{id, tint, hidden, highlighted}]  (3D Tiles features by their id property)
//   picked_point: [x, y, z]                    (a point cloud's picked point: its pin, frame metres)
//   marks:      [{id, lon, lat, radius, rgba: "#RRGGBBAA"}]  (marked areas: tint, disc and ring, centre diamond)
//   origin:     [lon, lat]                     (optional)
//   camera:     {lon, lat, distance, heading, pitch}  (optional: fit the city)
//   theme:      "night" | "day"
//   size:       [width, height]
//   overlay:    {lang: "zh"|"en"}              (optional; fixed numbers)
//   loading:    {lang, stage, fraction}        (the window's loading screen instead of the overlay)
//   buildings:  [{osm_id, tint: "#RRGGBBAA", hidden, highlighted}]
//   coarse_pixels: P                           (chunks at their coarse level under P pixels of error; default 1, 0: never)
//   block_pixels: P                            (the same for their block level)
//   cases:      [{id, lon, lat, status, category, priority, minutes_ago}]  (case markers;
//               the clock is fixed, so "new" and overdue pulses are deterministic)
//   show_closed: true                          (closed/cancelled markers too)
//   sensors:    [{id, kind, lon, lat, metric, value, warn, alarm}]  (sensor glyphs)
//   clusters:   true                           (cluster the case markers for this view)
//   sensor_field: true                         (the PM2.5 field between the sensors, AQI ramp)
//   regions:    {file, crs: WGS84|GCJ02|BD09, metric: open|overdue}  (a choropleth of the cases)
//   generated_cases: {count, seed}             (clustered cases around the camera target)
//   heat:       {ramp: viridis|magma|command, radius, decay_minutes, clock_minutes, fixed_max, markers: bool}
//   tolerance:  {max_pixel_diff, allowed_diff_fraction}

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <thread>

#include "renderer/renderer.h"
#include "ui/imgui_host.h"
#include "ui/loading_screen.h"
#include "app/view_setup.h"
#include "image_compare.h"
#include "assets/region_loader.h"
#include "assets/city_loader.h"
#include "assets/tiles3d/tileset_streamer.h"
#include "assets/tiles3d/tileset_writer.h"
#include "scene/layers/case_clusters.h"
#include "scene/layers/feature_layer.h"
#include "scene/layers/sensor_markers.h"
#include "scene/scene.h"

using namespace citywall;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = CITYWALL_SOURCE_DIR;
const fs::path kCases = kSource / "tests/render";
const fs::path kResults = fs::path(CITYWALL_BINARY_DIR) / "render-results";

struct RenderCase {
  std::string id;  // feature/case
};
void PrintTo(const RenderCase& c, std::ostream* os) { *os << c.id; }

std::vector<RenderCase> discoverCases() {
  std::vector<RenderCase> out;
  for (const auto& feature : fs::directory_iterator(kCases)) {
    if (!feature.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(feature.path()))
      if (fs::exists(c.path() / "scene.json"))
        out.push_back({feature.path().filename().string() + "/" + c.path().filename().string()});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

double num(simdjson::dom::element e) {
  double d = 0;
  if (e.get_double().get(d)) throw std::runtime_error("expected a number");
  return d;
}

std::string ignoredReason(const std::string& id) {
  std::ifstream in(kCases / "ignores.json");
  if (!in) return "";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view reason;
  if (parser.parse(text).get(doc) || doc[id].get_string().get(reason)) return "";
  return std::string(reason);
}

class RenderTest : public testing::TestWithParam<RenderCase> {};

TEST_P(RenderTest, MatchesExpectedImage) {
  const std::string id = GetParam().id;
  if (const auto reason = ignoredReason(id); !reason.empty()) GTEST_SKIP() << "known failure: " << reason;
  const fs::path dir = kCases / id;
  simdjson::dom::parser parser;
  simdjson::dom::element scene;
  ASSERT_FALSE(parser.load((dir / "scene.json").string()).get(scene)) << "scene.json is not valid JSON";

  config::AppOptions o;
  o.headless = true;
  if (simdjson::dom::array cities; !scene["city"].get_array().get(cities))
    for (auto c : cities) o.cityFiles.push_back((kSource / std::string(std::string_view(c))).string());
  if (simdjson::dom::array models; !scene["models"].get_array().get(models))
    for (auto m : models)
      o.models.push_back({(kSource / std::string(std::string_view(m["file"]))).string(),
                          {num(m["lon"]), num(m["lat"]), num(m["height"]), num(m["heading"]), num(m["scale"])}});
  if (simdjson::dom::array sets; !scene["tilesets"].get_array().get(sets))
    for (auto t : sets) {
      assets::tiles3d::TilesetSource source{(kSource / std::string(std::string_view(t["file"]))).string(), std::nullopt};
      if (double lon; !t["lon"].get_double().get(lon)) {
        assets::tiles3d::TilesetPlacement p{lon, num(t["lat"])};
        if (double v; !t["height"].get_double().get(v)) p.height = v;
        if (double v; !t["heading"].get_double().get(v)) p.heading = v;
        if (double v; !t["scale"].get_double().get(v)) p.scale = v;
        source.placement = p;
      }
      o.tilesets.push_back(source);
    }
  if (simdjson::dom::element w; !scene["written_tileset"].get(w)) {
    assets::CitySpec spec;
    spec.buildings.emplace_back((kSource / std::string(std::string_view(w["city"]))).string());
    assets::tiles3d::TilesetWriteOptions options;
    std::string_view compression = "none";
    if (w["compression"].get_string().get(compression)) compression = "none";
    options.compression = compression == "draco"     ? assets::tiles3d::Compression::draco
                          : compression == "meshopt" ? assets::tiles3d::Compression::meshopt
                                                     : assets::tiles3d::Compression::none;
    if (double per; !w["per_tile"].get_double().get(per)) options.buildingsPerTile = uint32_t(per);
    const fs::path written = kResults / id / "tileset";
    fs::remove_all(written);
    assets::tiles3d::writeTileset(assets::loadCity(spec), written.string(), options);
    o.tilesets.push_back({(written / "tileset.json").string(), std::nullopt});
  }
  if (simdjson::dom::array layers; !scene["basemap"].get_array().get(layers))
    for (auto l : layers) {
      assets::BaseMapSource source;
      source.file = (kSource / std::string(std::string_view(l))).string();
      if (source.file.ends_with(".mbtiles")) source.kind = assets::BaseMapKind::mbtiles;
      if (source.file.ends_with(".pmtiles")) source.kind = assets::BaseMapKind::pmtiles;
      // Tiles read once at a pinned zoom (a window reads them for its camera as it moves).
      if (double z; !scene["basemap_zoom"].get_double().get(z)) source.zoom = uint32_t(z);
      o.basemap.push_back(source);
    }
  // Governance layers: {"file", "color", "icon", "filter": {"field": [values]}, "line_width_m", "fill_opacity", "min_zoom"}.
  if (simdjson::dom::array layers; !scene["features"].get_array().get(layers))
    for (auto l : layers) {
      scene::FeatureLayerStyle f;
      f.file = (kSource / std::string(std::string_view(l["file"]))).string();
      f.name = f.file;
      if (std::string_view c; !l["color"].get_string().get(c)) f.rgb = uint32_t(std::stoul(std::string(c.substr(1)), nullptr, 16));
      if (int64_t icon = 0; !l["icon"].get_int64().get(icon)) f.icon = scene::MarkerShape(icon);
      if (double v; !l["line_width_m"].get_double().get(v)) f.lineMetres = float(v);
      if (double v; !l["fill_opacity"].get_double().get(v)) f.fillOpacity = float(v);
      if (double v; !l["min_zoom"].get_double().get(v)) f.minZoom = v;
      if (simdjson::dom::object filter; !l["filter"].get_object().get(filter))
        for (auto [field, values] : filter) {
          f.filterField = std::string(field);
          for (auto v : values.get_array()) f.filterValues.emplace_back(std::string_view(v));
        }
      o.features.push_back(f);
    }
  if (simdjson::dom::array origin; !scene["origin"].get_array().get(origin))
    o.origin = geo::LonLatHeight{num(origin.at(0)), num(origin.at(1)), 0};
  if (simdjson::dom::object cam; !scene["camera"].get_object().get(cam))
    o.camera = config::CameraSpec{num(cam["lon"]), num(cam["lat"]), num(cam["distance"]), num(cam["heading"]), num(cam["pitch"])};
  if (std::string_view theme; !scene["theme"].get_string().get(theme)) o.theme = std::string(theme);
  simdjson::dom::array size;
  ASSERT_FALSE(scene["size"].get_array().get(size)) << "scene.json needs size";
  o.width = uint32_t(num(size.at(0)));
  o.height = uint32_t(num(size.at(1)));
  ASSERT_LE(o.width * o.height, 1920u * 1080u) << "render tests stay at or below 1080p";
  int threshold = 8;
  double allowed = 0.00015;
  if (simdjson::dom::object tol; !scene["tolerance"].get_object().get(tol)) {
    if (double v; !tol["max_pixel_diff"].get_double().get(v)) threshold = int(v);
    if (double v; !tol["allowed_diff_fraction"].get_double().get(v)) allowed = v;
  }

  const scene::CityModel city = assets::loadCity(app::citySpecFrom(o));
  ASSERT_LE(city.buildings.size(), 10000u) << "render tests stay at or below 10k buildings";
  renderer::RendererOptions ro;
  ro.validation = true;
  auto r = renderer::Renderer::createHeadless(ro, o.width, o.height);
  r->setCity(city);
  std::vector<std::pair<uint32_t, scene::BuildingStyle>> styled;  // travels in the frame
  if (simdjson::dom::array styles; !scene["buildings"].get_array().get(styles))
    for (auto s : styles) {
      int64_t osm = 0;
      ASSERT_FALSE(s["osm_id"].get_int64().get(osm));
      renderer::BuildingStyle style;
      if (std::string_view tint; !s["tint"].get_string().get(tint)) style.tintRgba = uint32_t(std::stoul(std::string(tint.substr(1)), nullptr, 16));
      if (bool b; !s["hidden"].get_bool().get(b)) style.hidden = b;
      if (bool b; !s["highlighted"].get_bool().get(b)) style.highlighted = b;
      bool found = false;
      for (uint32_t i = 0; i < city.buildings.size(); ++i)
        if (city.buildings[i].id == osm) styled.emplace_back(i, style), found = true;
      ASSERT_TRUE(found) << "no building with osm_id " << osm;
    }

  const scene::Theme theme = *scene::themeByName(o.theme);
  scene::FrameView view = app::frameView(app::initialCamera(o, city, o.width, o.height), theme, o.width, o.height);
  view.buildings = {styled, 1};
  if (double p; !scene["coarse_pixels"].get_double().get(p)) view.coarsePixels = float(p);
  if (double p; !scene["block_pixels"].get_double().get(p)) view.blockPixels = float(p);
  // 3D Tiles: the tiles this camera needs, every one loaded (the workers take a moment).
  std::optional<assets::tiles3d::TilesetStreamer> tilesets;
  if (!o.tilesets.empty()) {
    assets::tiles3d::StreamOptions so;
    so.firstFeature = uint32_t(city.buildings.size());
    so.prepare = r->meshPreparer();  // as the app does: buffers made by the loading workers
    tilesets.emplace(o.tilesets, city.frame, so);
    for (int i = 0; i < 2000; ++i) {
      tilesets->update(view.camera, o.height);
      if (tilesets->loading() == 0 && i > 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(tilesets->loading(), 0u) << "3D Tiles still loading after 10 s";
    ASSERT_TRUE(tilesets->takeWarnings().empty());
    view.tiles3d = tilesets->draws();
    view.buildingCount = tilesets->featureEnd();
    if (simdjson::dom::array styles; !scene["tile_buildings"].get_array().get(styles)) {
      for (auto s : styles) {
        const std::string id{std::string_view(s["id"])};
        renderer::BuildingStyle style;
        if (std::string_view tint; !s["tint"].get_string().get(tint)) style.tintRgba = uint32_t(std::stoul(std::string(tint.substr(1)), nullptr, 16));
        if (bool b; !s["hidden"].get_bool().get(b)) style.hidden = b;
        if (bool b; !s["highlighted"].get_bool().get(b)) style.highlighted = b;
        bool found = false;
        for (uint32_t n = so.firstFeature; n < tilesets->featureEnd(); ++n)
          if (tilesets->feature(n)->key == id) styled.emplace_back(n, style), found = true;
        ASSERT_TRUE(found) << "no 3D Tiles feature with id " << id;
      }
      view.buildings = {styled, 1};
    }
  }
  // A picked point of a point cloud: its pin, as the scene makes it.
  std::vector<scene::MarkerInstance> pin;
  const uint32_t first[] = {0};
  if (simdjson::dom::array at; !scene["picked_point"].get_array().get(at)) {
    std::vector<double> xyz;
    for (auto v : at) xyz.push_back(num(v));
    ASSERT_EQ(xyz.size(), 3u) << "picked_point is [x, y, z] in the frame";
    pin.push_back(scene::pickedPointPin({xyz[0], xyz[1], xyz[2]}));
    view.picked = {pin, first, glm::dvec3(0.0), &pin, true};
  }
  // Marked areas (a cordon, an evacuation zone) as the scene makes them: the
  // buildings inside tinted, a disc and a ring on the ground, a diamond at the centre.
  std::vector<scene::AreaMark> marks;
  scene::BaseMap markGround;
  std::vector<scene::BaseMapPaint> markPaints;
  std::vector<uint32_t> pinIndices;
  if (simdjson::dom::array list; !scene["marks"].get_array().get(list)) {
    for (auto m : list) {
      const std::string_view rgba = m["rgba"];
      marks.push_back({std::string(std::string_view(m["id"])), num(m["lon"]), num(m["lat"]), num(m["radius"]),
                       uint32_t(std::stoul(std::string(rgba.substr(1)), nullptr, 16))});
      pin.push_back(scene::areaMarkPin(marks.back(), city.frame));
    }
    std::map<uint32_t, scene::BuildingStyle> tinted(styled.begin(), styled.end());
    std::vector<scene::MarkTint> tints;
    scene::tintMarkedBuildings(marks, city.frame, city.buildings, {}, 0, tints);
    for (const auto& [building, rgba] : tints) tinted[building].tintRgba = rgba;
    styled.assign(tinted.begin(), tinted.end());
    view.buildings = {styled, 1};
    markGround = scene::markGround(marks, city.frame);
    markPaints = scene::markGroundPaints(marks);
    view.markGround = &markGround, view.markGroundVersion = 1, view.markPaints = markPaints;
    pinIndices.resize(pin.size());
    std::iota(pinIndices.begin(), pinIndices.end(), 0u);
    view.picked = {pin, pinIndices, glm::dvec3(0.0), &pin, true};
  }
  // Case markers from a store filled with the scene's cases at a fixed clock.
  constexpr live::TimeMs kNow = 1763770530000;
  live::CaseStore cases;
  scene::CaseMarkerStyle markerStyle;
  if (bool b; !scene["show_closed"].get_bool().get(b)) markerStyle.showClosed = b;
  scene::CaseMarkerLayer markers(city.frame, markerStyle);
  if (simdjson::dom::array list; !scene["cases"].get_array().get(list)) {
    cases.tick(kNow);
    for (auto c : list) {
      live::CaseUpdate u;
      u.id = std::string(std::string_view(c["id"]));
      u.time = kNow - live::TimeMs(num(c["minutes_ago"]) * live::kMinute);
      ASSERT_TRUE(live::parseCaseStatus(std::string_view(c["status"]), u.status));
      u.category = std::string(std::string_view(c["category"]));
      u.position = live::LonLat{num(c["lon"]), num(c["lat"])};
      u.priority = uint8_t(num(c["priority"]));
      ASSERT_FALSE(cases.apply(u));
    }
  }
  if (simdjson::dom::object gen; !scene["generated_cases"].get_object().get(gen)) {
    // Three clusters and a sprinkle around the camera target, fixed by the seed.
    std::mt19937 rng(uint32_t(num(gen["seed"])));
    std::normal_distribution<double> cluster(0, 180);
    std::uniform_real_distribution<double> uniform(-2500, 2500);
    std::uniform_int_distribution<int> priority(1, 4), minutes(0, 240);
    const glm::dvec3 target = app::initialCamera(o, city, o.width, o.height).target;
    const glm::dvec2 centres[] = {{-700, 400}, {600, -300}, {200, 900}};
    cases.tick(kNow);
    for (int i = 0; i < int(num(gen["count"])); ++i) {
      const glm::dvec2 d = i % 5 == 4 ? glm::dvec2(uniform(rng), uniform(rng)) : centres[i % 3] + glm::dvec2(cluster(rng), cluster(rng));
      const auto g = city.frame.toGeodetic({target.x + d.x, target.y + d.y, 0});
      live::CaseUpdate u;
      u.id = "G-" + std::to_string(i);
      u.time = kNow - minutes(rng) * live::kMinute;
      u.category = "city.road.pothole";
      u.position = live::LonLat{g.lon, g.lat};
      u.priority = uint8_t(priority(rng));
      ASSERT_FALSE(cases.apply(u));
    }
  }
  cases.tick(kNow);
  markers.update(cases, kNow);
  view.timeSeconds = 0.25;  // a fixed phase of the pulses
  std::optional<scene::HeatLayer> heat;
  if (simdjson::dom::object h; !scene["heat"].get_object().get(h)) {
    scene::HeatStyle hs;
    std::string_view ramp = "command";
    if (h["ramp"].get_string().get(ramp)) ramp = "command";
    hs.ramp = ramp == "viridis" ? scene::HeatRamp::viridis : ramp == "magma" ? scene::HeatRamp::magma : scene::HeatRamp::command;
    if (double v; !h["radius"].get_double().get(v)) hs.radiusMetres = v;
    if (double v; !h["decay_minutes"].get_double().get(v)) hs.decayMinutes = v;
    if (double v; !h["fixed_max"].get_double().get(v)) hs.fixedMax = float(v);
    const glm::dvec3 target = app::initialCamera(o, city, o.width, o.height).target;
    heat.emplace(city.frame, glm::dvec2(target) - 3500.0, glm::dvec2(target) + 3500.0, hs, kNow - 6 * live::kHour);
    heat->update(cases, kNow);
    double clockMinutes = 0;
    if (h["clock_minutes"].get_double().get(clockMinutes)) clockMinutes = 0;
    view.heat = heat->frame(heat->clockSeconds(kNow + live::TimeMs(clockMinutes * live::kMinute)), hs.fixedMax.value_or(1.0f));
    bool showMarkers = true;
    if (h["markers"].get_bool().get(showMarkers)) showMarkers = true;
    if (!showMarkers) markers = scene::CaseMarkerLayer(city.frame, markerStyle);
  }
  if (!markers.instances().empty()) view.markers = markers.frame();
  scene::FeatureLayers features(city.features, city.frame.origin().lat);
  features.update(view.cameraDistance);
  view.features = features.frame();
  view.featurePaints = features.paints();
  scene::CaseClusterLayer clusters;
  if (bool on; !scene["clusters"].get_bool().get(on) && on) {
    clusters.update(cases, markers);
    clusters.setView(2 * view.cameraDistance * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / o.height);
    if (clusters.level() >= 0) view.markers = clusters.frame(markers.origin());
  }
  std::optional<scene::RegionSet> regionSet;
  std::optional<scene::RegionLayer> regionLayer;
  if (simdjson::dom::object reg; !scene["regions"].get_object().get(reg)) {
    assets::RegionOptions ro;
    std::string_view crs = "WGS84";
    if (reg["crs"].get_string().get(crs)) crs = "WGS84";
    ASSERT_TRUE(geo::parseCrs(crs, ro.crs));
    regionSet = assets::loadRegions((kSource / std::string(std::string_view(reg["file"]))).string(), city.frame, ro);
    regionLayer.emplace(*regionSet, city.frame);
    regionLayer->update(cases);
    view.regions = regionLayer->frame();
  }
  live::SensorStore sensorStore;
  scene::SensorMarkerLayer sensorLayer(city.frame);
  if (simdjson::dom::array list; !scene["sensors"].get_array().get(list)) {
    for (auto s : list) {
      const std::string id{std::string_view(s["id"])};
      const std::string metric{std::string_view(s["metric"])};
      sensorStore.apply(live::SensorUpdate{id, std::string(std::string_view(s["kind"])), {num(s["lon"]), num(s["lat"])},
                                           std::nullopt, {{metric, num(s["warn"]), num(s["alarm"])}}});
      sensorStore.apply(live::Observation{id, kNow, {{metric, num(s["value"])}}});
    }
    sensorLayer.update(sensorStore);
    view.sensors = sensorLayer.frame();
  }
  std::optional<scene::HeatLayer> field;
  if (bool on; !scene["sensor_field"].get_bool().get(on) && on) {
    scene::HeatStyle fs;
    fs.mode = scene::HeatMode::field;
    fs.ramp = scene::HeatRamp::aqi;
    fs.fixedMax = 250;
    fs.cellMetres = 20;
    fs.opacity = 0.55f;
    fs.fieldReachMetres = 2500;
    const glm::dvec3 target = app::initialCamera(o, city, o.width, o.height).target;
    field.emplace(city.frame, glm::dvec2(target) - 3000.0, glm::dvec2(target) + 3000.0, fs);
    field->updateFromSensors(sensorStore);
    view.heat = field->frame(0, 250);
  }
  std::unique_ptr<ui::ImGuiHost> ui;
  ui::OverlayInfo info;
  std::optional<ui::LoadProgress> loading;
  ui::Language loadingLanguage = ui::Language::zh;
  if (simdjson::dom::object l; !scene["loading"].get_object().get(l)) {
    if (std::string_view v; !l["lang"].get_string().get(v)) ui::parseLanguage(std::string(v), loadingLanguage);
    loading = ui::LoadProgress{std::string(std::string_view(l["stage"])), num(l["fraction"])};
    ui = std::make_unique<ui::ImGuiHost>(ui::UiDeviceHooks{[&] { r->initUi(); }, [&] { r->shutdownUi(); }}, r->height(), nullptr,
                                         1.0f, theme, loadingLanguage);
  }
  if (simdjson::dom::object overlay; !scene["overlay"].get_object().get(overlay)) {
    ui::Language lang = ui::Language::zh;
    if (std::string_view l; !overlay["lang"].get_string().get(l)) ui::parseLanguage(std::string(l), lang);
    ui = std::make_unique<ui::ImGuiHost>(ui::UiDeviceHooks{[&] { r->initUi(); }, [&] { r->shutdownUi(); }}, r->height(), nullptr, 1.0f, theme, lang);
    // Fixed numbers: the image must not depend on how fast this machine is.
    const auto eye = city.frame.toGeodetic(view.camera.eye);
    info = {16.7, 4.25, city.buildings.size(), city.triangleCount(), 42, eye.lon, eye.lat, eye.height, "test device", city.attributions, {}, {}, {}, {}};
  }
  auto buildUi = [&]() -> ImDrawData* {
    if (!ui) return nullptr;
    if (loading)
      return ui->build([&] { ui::drawLoadingScreen(*loading, loadingLanguage, ui->scale()); }, o.width, o.height, 1.0 / 60);
    return ui->build(info, o.width, o.height, 1.0 / 60);
  };
  // Two frames: ImGui sizes auto-fitting windows on the first.
  r->drawFrame(view, buildUi());
  const renderer::Image actual = r->drawFrameAndRead(view, buildUi());
  ui.reset();
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u) << "Vulkan validation reported problems (see stderr)";

  std::string_view expectedFrom;
  const bool borrowed = !scene["expected_from"].get_string().get(expectedFrom);
  const fs::path expectedPath = borrowed ? kCases / std::string(expectedFrom) / "expected.png" : dir / "expected.png";
  std::string error;
  if (std::getenv("CITYWALL_UPDATE_GOLDENS") && !borrowed) {
    ASSERT_TRUE(renderer::savePng(actual, expectedPath.string(), error)) << error;
    std::printf("updated %s\n", expectedPath.c_str());
    return;
  }
  renderer::Image expected;
  const fs::path out = kResults / id;
  if (!renderer::loadPng(expectedPath.string(), expected, error)) {
    renderer::savePng(actual, (out / "actual.png").string(), error);
    FAIL() << "no expected.png for " << id << "; actual image written to " << (out / "actual.png")
           << " (run with CITYWALL_UPDATE_GOLDENS=1 to accept it)";
  }
  const auto diff = test::compareImages(actual, expected, threshold);
  ASSERT_TRUE(diff.sameSize) << "size " << actual.width << "x" << actual.height << " vs expected " << expected.width
                             << "x" << expected.height;
  if (diff.fraction > allowed) {
    renderer::savePng(actual, (out / "actual.png").string(), error);
    renderer::savePng(diff.diff, (out / "diff.png").string(), error);
    FAIL() << id << ": " << diff.differing << " pixels (" << diff.fraction * 100 << " %) differ by more than "
           << threshold << " (allowed " << allowed * 100 << " %); max difference " << diff.maxChannelDiff
           << ". See " << out / "actual.png" << " and " << out / "diff.png";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, RenderTest, testing::ValuesIn(discoverCases()),
                         [](const testing::TestParamInfo<RenderCase>& info) {
                           std::string name = info.param.id;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
