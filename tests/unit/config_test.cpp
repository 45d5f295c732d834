// The deployment configuration: the demo file loads whole, values land where
// they belong, the command line wins, and every mistake names its key.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/config_file.h"
#include "scene/color.h"
#include "scene/theme.h"
#include "test_support.h"

using namespace citywall;
using config::ConfigError;

namespace {

config::AppOptions parse(const std::string& text) { return config::parseConfig(text, "test.toml", "/deploy"); }

// The problems a text has (empty when it loads).
std::vector<std::string> problems(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.problems();
  }
  return {};
}

// Exactly one problem, naming `key` on `line`, containing `words`.
void expectProblem(const std::string& text, const std::string& key, int line, const std::string& words) {
  const auto p = problems(text);
  ASSERT_EQ(p.size(), 1u) << "for:\n" << text << (p.empty() ? "\n(no problem found)" : "\nfirst: " + p[0]);
  EXPECT_NE(p[0].find("test.toml:" + std::to_string(line) + ": " + key + ": "), std::string::npos) << p[0];
  EXPECT_NE(p[0].find(words), std::string::npos) << p[0];
}

}  // namespace

TEST(Config, AnOpen311FeedWithItsOptions) {
  const auto o = parse(R"(
[[feeds]]
kind = "open311"
url = "https://311api.cityofchicago.org/open311/v2/requests.json"
jurisdiction_id = "cityofchicago.org"
api_key = "k"
poll_s = 60
backfill_days = 7
page_size = 500
window = "updated"
crs = "GCJ02"
[feeds.statuses]
Acknowledged = "in_progress"
[feeds.categories]
PHF = "city.road.pothole"
)");
  ASSERT_EQ(o.configFeeds.size(), 1u);
  const auto& f = o.configFeeds[0];
  EXPECT_EQ(f.url, "open311+https://311api.cityofchicago.org/open311/v2/requests.json");
  EXPECT_EQ(f.open311.jurisdictionId, "cityofchicago.org");
  EXPECT_EQ(f.open311.apiKey, "k");
  EXPECT_EQ(f.open311.poll.count(), 60);
  EXPECT_EQ(f.open311.backfillDays, 7);
  EXPECT_EQ(f.open311.pageSize, 500);
  EXPECT_EQ(f.open311.window, feed::Open311Window::updated);
  EXPECT_EQ(f.open311.mapping.crs, "GCJ02");
  EXPECT_EQ(f.open311.mapping.statuses.at("acknowledged"), "in_progress");  // compared in lower case
  EXPECT_EQ(f.open311.mapping.statuses.at("closed"), "closed");            // the defaults stay
  EXPECT_EQ(f.open311.mapping.categories.at("PHF"), "city.road.pothole");
}

TEST(Config, ASensorThingsFeedWithItsOptions) {
  const auto o = parse(R"(
[[feeds]]
kind = "sensorthings"
url = "https://sta.city.cn/FROST-Server/v1.1?mqtt=mqtt://broker.city.cn:1884"
id_prefix = "env:"
default_kind = "noise"
[feeds.metrics]
"PM2.5" = "pm25"
[feeds.kinds]
pm25 = "air_quality"
[feeds.thresholds]
pm25 = { warn = 75, alarm = 150 }
)");
  ASSERT_EQ(o.configFeeds.size(), 1u);
  const auto& f = o.configFeeds[0];
  EXPECT_EQ(f.url, "sta+https://sta.city.cn/FROST-Server/v1.1?mqtt=mqtt://broker.city.cn:1884");
  EXPECT_EQ(f.sensorThings.idPrefix, "env:");
  EXPECT_EQ(f.sensorThings.defaultKind, "noise");
  EXPECT_EQ(f.sensorThings.metrics.at("PM2.5"), "pm25");
  EXPECT_EQ(f.sensorThings.kinds.at("pm25"), "air_quality");
  EXPECT_EQ(*f.sensorThings.thresholds.at("pm25").alarm, 150);
  expectProblem("[[feeds]]\nkind = \"sensorthings\"\nurl = \"https://x/v1.1\"\n[feeds.thresholds]\npm25 = 3\n",
                "feeds[0].thresholds.pm25", 5, "must be a table");
}

// A secured SensorThings platform: the credentials in the file, or the
// password in a file of its own (systemd's LoadCredential), never half of them.
TEST(Config, ASensorThingsFeedWithCredentials) {
  const std::string head = "[[feeds]]\nkind = \"sensorthings\"\nurl = \"https://x/v1.1?mqtt=mqtts://x\"\n";
  const auto inline_ = parse(head + "username = \"wall-7\"\npassword = \"s3cret\"\n");
  EXPECT_EQ(inline_.configFeeds.at(0).sensorThings.username, "wall-7");
  EXPECT_EQ(inline_.configFeeds.at(0).sensorThings.password, "s3cret");

  const std::filesystem::path file = std::filesystem::path(test::tempDir("sta-password")) / "password";
  std::ofstream(file) << "from a file\r\nsecond line ignored\n";
  const auto fromFile = parse(head + "username = \"wall-7\"\npassword_file = \"" + file.string() + "\"\n");
  EXPECT_EQ(fromFile.configFeeds.at(0).sensorThings.password, "from a file");

  expectProblem(head + "username = \"wall-7\"\n", "feeds[0]", 1, "needs both username and password");
  expectProblem(head + "username = \"u\"\npassword_file = \"/nonexistent/pw\"\n", "feeds[0].password_file", 5,
                "cannot read \"/nonexistent/pw\"");
  std::ofstream(file, std::ios::trunc).flush();
  expectProblem(head + "username = \"u\"\npassword_file = \"" + file.string() + "\"\n", "feeds[0].password_file", 5,
                "holds no password");
  expectProblem(head + "username = \"u\"\npassword = \"p\"\npassword_file = \"" + file.string() + "\"\n",
                "feeds[0].password_file", 6, "cannot both be given");
  std::filesystem::remove(file);
}

TEST(Config, DemoFileLoadsWhole) {
  const config::AppOptions o = config::loadConfig(CITYWALL_SOURCE_DIR "/config/demo.toml");
  ASSERT_EQ(o.cityFiles.size(), 1u);
  EXPECT_EQ(o.cityFiles[0].file, CITYWALL_SOURCE_DIR "/data/shanghai_bund_lujiazui_osm_buildings.geojson");
  EXPECT_EQ(o.language, ui::Language::zh);
  ASSERT_EQ(o.bookmarks.size(), 3u);
  EXPECT_EQ(o.bookmarks[1].name, "外滩");
  EXPECT_EQ(o.bookmarks[0].dwellSeconds, 20);
  ASSERT_EQ(o.configFeeds.size(), 1u);
  EXPECT_EQ(o.categories.name("safety.fire", ui::Language::en), "Fire");
  EXPECT_EQ(o.layers.heat.radiusMetres, 250);
  EXPECT_FALSE(o.layers.heat.fixedMax);
  EXPECT_EQ(o.layers.field.fixedMax.value_or(0), 250);
  EXPECT_TRUE(o.alertFocus.enabled);
  ASSERT_EQ(o.basemap.size(), 5u) << "land use, water, roads, places, district borders";
  EXPECT_EQ(o.basemap[1].file, CITYWALL_SOURCE_DIR "/data/basemap/shanghai_bund_lujiazui_osm_water.geojson");
  ASSERT_EQ(o.features.size(), 7u) << "hospitals, police and fire, schools, toilets, metro lines and stations, borders";
  EXPECT_EQ(o.features[0].name, "医院药房");
  EXPECT_EQ(o.features[0].filterField, "kind");
}

TEST(Config, BaseMapLayersAreReadAndChecked) {
  const auto o = parse("[[basemap]]\nfile = \"w.geojson\"\nlayer = \"water\"\nschema = \"openmaptiles\"\ncrs = \"GCJ02\"\n"
                       "[[basemap]]\nfile = \"city_roads.geojson\"\n");
  ASSERT_EQ(o.basemap.size(), 2u);
  EXPECT_EQ(o.basemap[0].file, "/deploy/w.geojson");
  EXPECT_EQ(o.basemap[0].layer, "water");
  EXPECT_EQ(o.basemap[0].schema, assets::BaseMapSchema::openmaptiles);
  EXPECT_EQ(o.basemap[0].crs, geo::Crs::gcj02);
  EXPECT_EQ(o.basemap[1].layer, "") << "from the file's name";
  expectProblem("[[basemap]]\nfile = \"mystery.geojson\"\n", "basemap[0].layer", 1, "is required");
  expectProblem("[[basemap]]\nfile = \"city_water.tiff\"\nkind = \"tiff\"\n", "basemap[0].kind", 3, "must be one of");
  expectProblem("[[basemap]]\nlayer = \"water\"\n", "basemap[0].file", 1, "is required");
}

TEST(Config, ValuesLandWhereTheyBelong) {
  const auto o = parse(R"(
[city]
files = ["city.geojson", "/abs/more.geojson"]
origin = [121.5, 31.2]
[display]
language = "en"
theme = "day"
ui_scale = 2.5
[kiosk]
monitor = "all"
hide_cursor_s = 7
[[feeds]]
url = "wss://feeds.example.cn/v1"
token = "secret"
ca_file = "ca.pem"
timeout_s = 12
[[overdue]]
category = "safety"
hours = 0.5
[[overdue]]
priority = 1
hours = 3
[categories."city.road"]
name_zh = "道路"
icon = "star"
color = "#123456"
[layers.markers]
color_by = "category"
sizes = [40, 30, 20, 10]
[layers.markers.status_colors]
in_progress = "#00ff00"
[layers.heat]
visible = false
radius_m = 400
ramp = "viridis"
max = 12.5
decay_minutes = 30
window_hours = 6
statuses = ["reported"]
categories = ["safety"]
[layers.regions]
file = "grid.geojson"
crs = "GCJ02"
metric = "overdue"
breaks = [1, 5]
colors = ["#000000", "#111111", "#222222"]
[[bookmarks]]
name = "Bund"
lon = 121.49
lat = 31.24
[tour]
auto_start = true
dwell_s = 9
[alert_focus]
max_priority = 2
alarms = false
[store]
closed_retention_hours = 48
utc_offset_minutes = -300
)");
  EXPECT_EQ(o.store.cases.closedRetention, 48 * live::kHour);
  EXPECT_EQ(o.store.cases.utcOffsetMinutes, -300);
  ASSERT_EQ(o.cityFiles.size(), 2u);
  EXPECT_EQ(o.cityFiles[0].file, "/deploy/city.geojson");
  EXPECT_EQ(o.cityFiles[1].file, "/abs/more.geojson");
  ASSERT_TRUE(o.origin);
  EXPECT_EQ(o.origin->lon, 121.5);
  EXPECT_EQ(o.language, ui::Language::en);
  EXPECT_EQ(o.theme, "day");
  EXPECT_FLOAT_EQ(o.uiScale, 2.5f);
  EXPECT_TRUE(o.kiosk.spanAll);
  EXPECT_EQ(o.kiosk.hideCursorSeconds, 7);
  ASSERT_EQ(o.configFeeds.size(), 1u);
  EXPECT_EQ(o.configFeeds[0].token, "secret");
  EXPECT_EQ(o.configFeeds[0].caFile, "/deploy/ca.pem");
  EXPECT_EQ(o.configFeeds[0].idleTimeout.count(), 12000);
  // A rule with a default's key replaces it; a new one is added.
  const auto& rules = o.store.cases.overdue;
  EXPECT_EQ(rules.size(), 5u);
  EXPECT_EQ(rules[0].limit, 3 * live::kHour);
  EXPECT_EQ(rules.back().categoryPrefix, "safety");
  EXPECT_EQ(rules.back().limit, live::kHour / 2);
  EXPECT_EQ(o.categories.name("city.road", ui::Language::zh), "道路");
  EXPECT_EQ(o.categories.rgb("city.road.crack"), 0x123456u);  // a member without its own entry
  EXPECT_TRUE(o.layers.markers.colorByCategory);
  EXPECT_EQ(o.layers.markers.sizeByPriority[0], 40);
  EXPECT_EQ(o.layers.markers.statusRgb[size_t(live::CaseStatus::inProgress)], 0x00ff00u);
  EXPECT_FALSE(o.layers.heat.visible);
  EXPECT_EQ(o.layers.heat.radiusMetres, 400);
  EXPECT_EQ(o.layers.heat.ramp, scene::HeatRamp::viridis);
  EXPECT_EQ(o.layers.heat.fixedMax.value_or(0), 12.5f);
  EXPECT_EQ(o.layers.heat.decayMinutes.value_or(0), 30);
  EXPECT_EQ(o.layers.heat.windowMs.value_or(0), 6 * live::kHour);
  EXPECT_EQ(o.layers.heat.statuses.size(), 1u);
  EXPECT_EQ(o.layers.heat.categories.count("safety"), 1u);
  EXPECT_EQ(o.regionsFile, "/deploy/grid.geojson");
  EXPECT_EQ(o.regionsCrs, "GCJ02");
  EXPECT_EQ(o.regionsMetric, "overdue");
  EXPECT_EQ(o.layers.regions.classRgb.size(), 3u);
  ASSERT_EQ(o.bookmarks.size(), 1u);
  EXPECT_EQ(o.bookmarks[0].view.distance, 1500);  // the default
  EXPECT_TRUE(o.tour.autoStart);
  EXPECT_EQ(o.alertFocus.maxPriority, 2);
  EXPECT_FALSE(o.alertFocus.alarms);
}

TEST(Config, TheMarkerLayerUsesTheConfiguredIconAndColour) {
  const auto o = parse("[categories.\"city.road\"]\nicon = \"star\"\ncolor = \"#102030\"\n[layers.markers]\ncolor_by = \"category\"\n");
  scene::CaseMarkerLayer layer(geo::GeoFrame({121.5, 31.2, 0}), o.layers.markers);
  EXPECT_EQ(layer.shapeFor("city.road.pothole"), scene::MarkerShape::star);
  live::CaseRecord c;
  c.category = "city.road.pothole";
  c.position = {121.5, 31.2};
  const auto m = layer.instanceFor(c, 0);
  EXPECT_EQ(m.color & 0xffffff, 0x302010u);  // RGBA bytes: R=0x10, G=0x20, B=0x30
}

TEST(Config, CommandLineWins) {
  config::AppOptions base = parse("[city]\nfiles = [\"a.geojson\"]\n[display]\nlanguage = \"en\"\n[[feeds]]\nurl = \"ws://x:1\"\n"
                               "[[bookmarks]]\nname = \"B\"\nlon = 1\nlat = 2\n");
  const char* argv[] = {"citywall", "--city", "b.geojson", "--lang", "zh", "--feed", "ws://y:2", "--bookmark", "B"};
  const auto o = config::parseCommandLine(9, argv, base);
  ASSERT_EQ(o.cityFiles.size(), 1u);
  EXPECT_EQ(o.cityFiles[0].file, "b.geojson");
  EXPECT_EQ(o.language, ui::Language::zh);
  EXPECT_TRUE(o.configFeeds.empty());
  EXPECT_EQ(o.feeds, std::vector<std::string>{"ws://y:2"});
  EXPECT_EQ(o.bookmark, "B");
  const char* bad[] = {"citywall", "--bookmark", "Nowhere"};
  try {
    config::parseCommandLine(3, bad, base);
    FAIL() << "an unknown bookmark was accepted";
  } catch (const config::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("the configuration has: B"), std::string::npos) << e.what();
  }
}

TEST(Config, EveryErrorNamesItsKey) {
  expectProblem("[display]\nlanguag = \"zh\"\n", "display.languag", 2, "unknown key");
  expectProblem("[displya]\n", "displya", 1, "unknown key");
  expectProblem("[display]\nlanguage = \"fr\"\n", "display.language", 2, "must be one of zh, en");
  expectProblem("[display]\nui_scale = 40\n", "display.ui_scale", 2, "between 0 and 16");
  expectProblem("[display]\nui_scale = 0.1\n", "display.ui_scale", 2, "0 (automatic)");
  expectProblem("[display]\nmsaa = 3\n", "display.msaa", 2, "1, 2, 4, 8 or \"auto\"");
  expectProblem("[display]\nmsaa = \"lots\"\n", "display.msaa", 2, "1, 2, 4, 8 or \"auto\"");
  EXPECT_EQ(parse("[display]\nmsaa = \"auto\"\n").msaa, 0);
  EXPECT_EQ(parse("[display]\nmsaa = 2\n").msaa, 2);
  EXPECT_EQ(parse("[display]\nculling = \"frustum\"\n").culling, "frustum");
  expectProblem("[display]\nculling = \"none\"\n", "display.culling", 2, "gpu, frustum, cpu");
  EXPECT_EQ(parse("[display]\ncoarse_pixels = 0\n").coarsePixels, 0.0f);
  EXPECT_EQ(parse("[display]\ncoarse_pixels = 1.5\n").coarsePixels, 1.5f);
  expectProblem("[display]\ncoarse_pixels = 40\n", "display.coarse_pixels", 2, "between 0 and 16");
  expectProblem("[display]\nvsync = \"yes\"\n", "display.vsync", 2, "true or false");
  expectProblem("display = 3\n", "display", 1, "must be a table");
  expectProblem("[city]\nfiles = \"a.geojson\"\n", "city.files", 2, "must be an array");
  expectProblem("[city]\nfiles = [3]\n", "city.files[0]", 2, "must be a string");
  expectProblem("[city]\norigin = [121.5]\n", "city.origin", 2, "[lon, lat]");
  expectProblem("[city]\norigin = [121.5, 95]\n", "city.origin[1]", 2, "between -85 and 85");
  expectProblem("[[city.models]]\nlon = 1\nlat = 2\n", "city.models[0].file", 1, "is required");
  expectProblem("[[city.tilesets]]\nlon = 1\n", "city.tilesets[0].file", 1, "is required");
  expectProblem("[[city.tilesets]]\nfile = \"t.json\"\nlon = 1\n", "city.tilesets[0]", 1, "both lon and lat");
  expectProblem("[[city.tilesets]]\nfile = \"t.json\"\nscale = 2\n", "city.tilesets[0]", 1, "need lon and lat");
  expectProblem("[city]\ntiles_memory_mb = 1\n", "city.tiles_memory_mb", 2, "between 16");
  expectProblem("[kiosk]\nmonitor = 1.5\n", "kiosk.monitor", 2, "whole monitor number");
  expectProblem("[kiosk]\nmonitor = \"left\"\n", "kiosk.monitor", 2, "must be a number");
  expectProblem("[[feeds]]\nurl = \"http://x\"\n", "feeds[0].url", 2, "a ws://, wss://");
  expectProblem("[[feeds]]\nkind = \"open311\"\nurl = \"https://x/requests.json\"\ntoken = \"t\"\n", "feeds[0].token", 4,
                "unknown key");
  expectProblem("[[feeds]]\nkind = \"open311\"\nurl = \"https://x/r.json\"\n[feeds.statuses]\npending = \"waiting\"\n",
                "feeds[0].statuses.pending", 5, "must be a case status");
  expectProblem("[[feeds]]\nkind = \"open311\"\nurl = \"https://x/r.json\"\nwindow = \"modified\"\n", "feeds[0].window", 4,
                "requested");
  expectProblem("[[feeds]]\ntoken = \"t\"\n", "feeds[0].url", 1, "is required");
  expectProblem("[[feeds]]\nurl = \"ws://x\"\ntimeout_s = 0\n", "feeds[0].timeout_s", 3, "between 1 and 3600");
  expectProblem("[[overdue]]\ncategory = \"x\"\n", "overdue[0].hours", 1, "is required");
  expectProblem("[[overdue]]\nhours = 2\npriority = 9\n", "overdue[0].priority", 3, "between 0 and 4");
  expectProblem("[categories]\nfire = 1\n", "categories.fire", 2, "must be a table");
  expectProblem("[categories.fire]\nicon = \"skull\"\n", "categories.fire.icon", 2, "must be one of circle");
  expectProblem("[categories.fire]\ncolor = \"red\"\n", "categories.fire.color", 2, "#rrggbb");
  expectProblem("[categories.fire]\nname = \"x\"\n", "categories.fire.name", 2, "unknown key");
  expectProblem("[layers.markers]\nsizes = [1, 2]\n", "layers.markers.sizes", 2, "must hold 4 numbers");
  expectProblem("[layers.markers]\ncolor_by = \"age\"\n", "layers.markers.color_by", 2, "status, category");
  expectProblem("[layers.markers.status_colors]\nopen = \"#ffffff\"\n", "layers.markers.status_colors.open", 2, "unknown status");
  expectProblem("[layers.heat]\nradius_m = -3\n", "layers.heat.radius_m", 2, "between 5 and 20000, got -3");
  expectProblem("[layers.heat]\nramp = \"rainbow\"\n", "layers.heat.ramp", 2, "viridis, magma, command, aqi");
  expectProblem("[layers.heat]\nopacity = 2\n", "layers.heat.opacity", 2, "between 0 and 1");
  expectProblem("[layers.heat]\nmax = \"big\"\n", "layers.heat.max", 2, "must be a number");
  expectProblem("[layers.heat]\nstatuses = [\"open\"]\n", "layers.heat.statuses[0]", 2, "unknown status");
  expectProblem("[layers.heat]\nradius = 3\n", "layers.heat.radius", 2, "unknown key");
  expectProblem("[layers.sensor_field]\nreach_m = 1\n", "layers.sensor_field.reach_m", 2, "between 10");
  expectProblem("[layers.regions]\ncrs = \"EPSG:3857\"\n", "layers.regions.crs", 2, "WGS84, GCJ02");
  expectProblem("[layers.regions]\nbreaks = [5, 2]\n", "layers.regions.breaks", 2, "ascending");
  expectProblem("[layers.regions]\ncolors = [\"#000000\"]\n", "layers.regions.colors", 2, "one colour more than breaks (6)");
  expectProblem("[layers.regions]\nbreaks = [1, 2]\n", "layers.regions.colors", 2, "is required when breaks change");
  expectProblem("[layers.regions]\nfile = \"\"\n", "layers.regions.file", 2, "must not be empty");
  expectProblem("[[bookmarks]]\nname = \"A\"\nlat = 1\n", "bookmarks[0].lon", 1, "is required");
  expectProblem("[[bookmarks]]\nname = \"A\"\nlon = 1\nlat = 1\npitch = 90\n", "bookmarks[0].pitch", 5, "between 0 and 85");
  expectProblem("[[bookmarks]]\nname = \"A\"\nlon = 1\nlat = 1\n[[bookmarks]]\nname = \"A\"\nlon = 1\nlat = 1\n",
                "bookmarks[1].name", 6, "used by another bookmark");
  expectProblem("[tour]\ndwell_s = 0\n", "tour.dwell_s", 2, "between 1");
  expectProblem("[alert_focus]\nmax_priority = 5\n", "alert_focus.max_priority", 2, "between 1 and 4");
  expectProblem("[alert_focus]\nhold = 5\n", "alert_focus.hold", 2, "unknown key");
  expectProblem("[store]\nclosed_retention_hours = -1\n", "store.closed_retention_hours", 2, "between 0");
}

TEST(Config, AllProblemsAreReportedAtOnce) {
  EXPECT_EQ(problems("[display]\nlanguage = \"fr\"\ntheme = \"dusk\"\n[layers.heat]\nopacity = 3\n").size(), 3u);
}

TEST(Config, SyntaxErrorsNameTheLine) {
  const auto p = problems("[display]\nlanguage = \"zh\"\ntheme = \n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].rfind("test.toml:3: ", 0), 0u) << p[0];
}

TEST(Config, AMissingFileSaysSo) {
  try {
    config::loadConfig("/nonexistent/citywall.toml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/citywall.toml: cannot be read"), std::string::npos);
  }
}

TEST(Config, ABookmarkSavedFromTheWallLoadsBackAndKeepsTheFile) {
  const std::string path = testing::TempDir() + "/citywall_bookmarks.toml";
  {
    std::ofstream f(path);
    f << "# our wall\n[display]\nlanguage = \"en\"\n[[bookmarks]]\nname = \"A\"\nlon = 1\nlat = 2\n";
  }
  ui::Bookmark b{"外滩 \"north\"", {121.49, 31.24, 1500, 75.5, 62}, 0};
  std::string error;
  ASSERT_TRUE(config::appendBookmark(path, b, error)) << error;
  const auto o = config::loadConfig(path);
  ASSERT_EQ(o.bookmarks.size(), 2u);
  EXPECT_EQ(o.bookmarks[1].name, b.name);
  EXPECT_NEAR(o.bookmarks[1].view.lon, 121.49, 1e-6);
  EXPECT_EQ(o.bookmarks[1].view.heading, 75.5);
  EXPECT_EQ(o.language, ui::Language::en);
  EXPECT_FALSE(config::appendBookmark("/proc/citywall/none.toml", b, error));
  EXPECT_NE(error.find("cannot save the bookmark"), std::string::npos);
}

TEST(Config, TheBaseMapTakesADeploymentsOwnColours) {
  const auto o = parse(R"([basemap_style.night]
water = "#0b3d91"
major_road = { color = "#ffb000", opacity = 0.8, casing = "#000000", min_px = 3 }
[basemap_style.day]
green = "#a8d5a2"
)");
  ASSERT_EQ(o.basemapStyle.size(), 2u);
  const scene::Theme night = scene::withBaseMapStyle(*scene::themeByName("night"), o.basemapStyle);
  const scene::Theme plain = *scene::themeByName("night");
  const auto& water = night.basemap[size_t(scene::BaseMapStyle::water)];
  EXPECT_NEAR(water.fill.b, scene::linearRgb(0x0b3d91).b, 1e-6);
  EXPECT_EQ(water.fill.a, plain.basemap[size_t(scene::BaseMapStyle::water)].fill.a) << "opacity kept when not given";
  const auto& road = night.basemap[size_t(scene::BaseMapStyle::majorRoad)];
  EXPECT_FLOAT_EQ(road.fill.a, 0.8f);
  EXPECT_EQ(road.minPixels, 3);
  EXPECT_EQ(glm::vec3(road.casing), glm::vec3(0));
  EXPECT_EQ(night.basemap[size_t(scene::BaseMapStyle::green)].fill, plain.basemap[size_t(scene::BaseMapStyle::green)].fill)
      << "the day's override leaves the night alone";
  const scene::Theme day = scene::withBaseMapStyle(*scene::themeByName("day"), o.basemapStyle);
  EXPECT_NEAR(day.basemap[size_t(scene::BaseMapStyle::green)].fill.g, scene::linearRgb(0xa8d5a2).g, 1e-6);

  expectProblem("[basemap_style.night]\nlake = \"#000000\"\n", "basemap_style.night.lake", 2, "unknown style");
  expectProblem("[basemap_style.night]\nwater = \"blue\"\n", "basemap_style.night.water", 2, "colour");
  expectProblem("[basemap_style.night]\nwater = { color = \"#000000\", width = 3 }\n", "basemap_style.night.water.width", 2,
                "unknown key");
  expectProblem("[basemap_style.dusk]\n", "basemap_style.dusk", 1, "unknown key");
}

TEST(Config, BuildingSourcesSayWhereTheirHeightsAre) {
  const auto o = parse(R"([city]
files = ["osm.geojson"]
[[city.sources]]
file = "bureau/buildings.geojson"
height_field = "高度"
min_height_field = "底高"
levels_field = "层数"
crs = "GCJ02"
default_height = 12
metres_per_level = 3.3
)");
  ASSERT_EQ(o.cityFiles.size(), 2u);
  EXPECT_EQ(o.cityFiles[0].options.heightField, "");
  const auto& b = o.cityFiles[1];
  EXPECT_EQ(b.file, "/deploy/bureau/buildings.geojson");
  EXPECT_EQ(b.options.heightField, "高度");
  EXPECT_EQ(b.options.minHeightField, "底高");
  EXPECT_EQ(b.options.levelsField, "层数");
  EXPECT_EQ(b.options.crs, geo::Crs::gcj02);
  EXPECT_EQ(b.options.defaultHeight, 12);
  EXPECT_DOUBLE_EQ(b.options.metresPerLevel, 3.3);
  expectProblem("[[city.sources]]\nheight_field = \"h\"\n", "city.sources[0].file", 1, "is required");
  expectProblem("[[city.sources]]\nfile = \"a.geojson\"\ncrs = \"MARS\"\n", "city.sources[0].crs", 3, "must be one of");
}

TEST(Config, TilesetsAreReadWithTheirPlacement) {
  const auto o = parse("[city]\ntiles_memory_mb = 256\ntiles_error_px = 8\n"
                       "[[city.tilesets]]\nfile = \"city/tileset.json\"\n"
                       "[[city.tilesets]]\nfile = \"/data/t.json\"\nlon = 121.5\nlat = 31.2\nheight = 4\nheading = 30\nscale = 2\n");
  ASSERT_EQ(o.tilesets.size(), 2u);
  EXPECT_EQ(o.tilesets[0].file, "/deploy/city/tileset.json");
  EXPECT_FALSE(o.tilesets[0].placement);
  ASSERT_TRUE(o.tilesets[1].placement);
  EXPECT_EQ(o.tilesets[1].placement->heading, 30);
  EXPECT_EQ(o.tilesets[1].placement->scale, 2);
  EXPECT_EQ(o.tilesMemoryMb, 256);
  EXPECT_EQ(o.tilesErrorPx, 8);
}
