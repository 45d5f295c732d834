// Golden screenshots of the whole dashboard — the product path: the citywall
// binary, headless on lavapipe with validation, the bundled city, a fixed
// store state (tests/data/dashboard_events.jsonl at a fixed clock), one case
// selected — in Chinese and in English; a drill 50 s in over that state (the
// 演练 DRILL banner, its caption, its cases and alarms, the KPIs without
// them); a replay of that state's journal with the timeline; and a base map
// of vector tiles read for the camera. Actual and diff images go to
// <build>/render-results/dashboard/<lang>/ on failure;
// CITYWALL_UPDATE_GOLDENS=1 accepts new images.
//
// Tolerance: a pixel differs when a channel moves by more than 8; up to
// 0.2 % of pixels may (rasterisation of text and thin lines may shift by a
// pixel between Mesa builds; a missing panel, glyph or number moves far more).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "image_compare.h"
#include "renderer/image.h"

namespace fs = std::filesystem;
using namespace citywall;

namespace {

const std::string kSource = CITYWALL_SOURCE_DIR;
const std::string kCity = " --city " + kSource + "/data/shanghai_bund_lujiazui_osm_buildings.geojson";
const std::string kState = " --events " + kSource + "/tests/data/dashboard_events.jsonl --clock 2026-11-22T10:30:00+08:00";

// `name`: the golden's folder; `args`: what the view shows.
void checkDashboard(const std::string& name, const std::string& args) {
  const fs::path out = fs::path(CITYWALL_BINARY_DIR) / "render-results" / "dashboard" / name;
  fs::create_directories(out);
  const fs::path actualPath = out / "actual.png";
  const std::string src = kSource;
  const std::string cmd = std::string(CITYWALL_BIN) + " --headless --validation --size 1280x720" + args +
                          " --screenshot " + actualPath.string() + " > " + (out / "log.txt").string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << "\nsee " << (out / "log.txt");
  renderer::Image actual, expected;
  std::string error;
  ASSERT_TRUE(renderer::loadPng(actualPath.string(), actual, error)) << error;
  const fs::path expectedPath = fs::path(src) / "tests/render/dashboard" / name / "expected.png";
  if (std::getenv("CITYWALL_UPDATE_GOLDENS")) {
    fs::create_directories(expectedPath.parent_path());
    ASSERT_TRUE(renderer::savePng(actual, expectedPath.string(), error)) << error;
    GTEST_SKIP() << "wrote " << expectedPath;
  }
  ASSERT_TRUE(renderer::loadPng(expectedPath.string(), expected, error))
      << error << " (run with CITYWALL_UPDATE_GOLDENS=1 to accept " << actualPath << ")";
  const auto diff = test::compareImages(actual, expected, 8);
  ASSERT_TRUE(diff.sameSize);
  if (diff.fraction > 0.002) {
    renderer::savePng(diff.diff, (out / "diff.png").string(), error);
    FAIL() << name << ": " << diff.differing << " pixels (" << diff.fraction * 100
           << " %) differ by more than 8 (allowed 0.2 %); actual and diff in " << out;
  }
}

}  // namespace

TEST(Dashboard, ChineseGolden) { checkDashboard("zh", " --lang zh" + kCity + kState + " --select SR-20261122-0015"); }
TEST(Dashboard, EnglishGolden) { checkDashboard("en", " --lang en" + kCity + kState + " --select SR-20261122-0015"); }

// The GPU device lost at the second frame (simulated where the submission
// would fail): the renderer is made again — the city's buildings read
// again, the UI's fonts uploaded again — and the wall goes on; the header
// says it recovered. Validation stays silent throughout (a message fails the run).
TEST(Dashboard, ALostGpuDeviceIsRecoveredGolden) {
  ASSERT_EQ(setenv("CITYWALL_TEST_LOSE_DEVICE_AT_FRAME", "2", 1), 0);
  checkDashboard("recovered", " --lang en" + kCity + kState + " --select SR-20261122-0015");
  unsetenv("CITYWALL_TEST_LOSE_DEVICE_AT_FRAME");
  std::ifstream log(fs::path(CITYWALL_BINARY_DIR) / "render-results" / "dashboard" / "recovered" / "log.txt");
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_NE(text.str().find("the GPU device was lost"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("renderer made again on"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("0 validation messages"), std::string::npos) << text.str();
}

TEST(Dashboard, DrillGolden) {
  checkDashboard("drill", " --lang zh" + kCity + kState + " --drill " + kSource + "/drills/chemical_leak.toml --drill-at 50");
}

// The same state as a journal (citywall-journal import), replayed to 08:30:
// the timeline's histogram, its marks and the playhead.
TEST(Dashboard, TimelineGolden) {
  const fs::path journal = fs::path(CITYWALL_BINARY_DIR) / "render-results" / "dashboard" / "timeline-journal";
  fs::remove_all(journal);
  const std::string import = std::string(CITYWALL_JOURNAL_BIN) + " import " + kSource + "/tests/data/dashboard_events.jsonl " +
                             journal.string() + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(import.c_str()), 0) << import;
  checkDashboard("timeline", " --lang zh" + kCity + " --replay " + journal.string() + " --at 2026-11-22T08:30:00+08:00");
}

// The product path: the same city and state with a drill 50 s in and without
// one give the same KPIs in the state dump; the drill's cases, sensors and
// alarm are held beside them.
TEST(Dashboard, ADrillsDataNeverCountsAsReal) {
  const fs::path out = fs::path(CITYWALL_BINARY_DIR) / "render-results" / "dashboard" / "drill-kpis";
  fs::create_directories(out);
  auto dump = [&](const std::string& name, const std::string& args) {
    const fs::path path = out / (name + ".json");
    const std::string cmd = std::string(CITYWALL_BIN) + " --headless" + kCity + kState + args + " --dump-state " +
                            path.string() + " > " + (out / (name + ".log")).string() + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string real = dump("real", ""), drill = dump("drill", " --drill " + kSource + "/drills/chemical_leak.toml --drill-at 50");
  // Every figure of the cases and sensors up to the lists by id.
  auto figures = [](const std::string& d, const std::string& from, const std::string& to) {
    const size_t a = d.find(from), b = d.find(to, a);
    return a == std::string::npos || b == std::string::npos ? std::string("missing") : d.substr(a, b - a);
  };
  for (const auto& [from, to] : {std::pair{"\"cases\":{\"total\"", "\"evicted\""}, {"\"by_status\"", "\"status_by_id\""},
                                  {"\"sensors\":{", "\"observations_before_registration\""}})
    EXPECT_EQ(figures(drill, from, to), figures(real, from, to)) << from;
  EXPECT_NE(drill.find("\"drill\":2"), std::string::npos) << "two drill cases held";
  EXPECT_NE(drill.find("\"DR-HZ-0001\":\"dispatched\""), std::string::npos);
  EXPECT_NE(real.find("\"drill\":0"), std::string::npos);
}

// Offline vector tiles read for the camera on worker threads (no pinned
// zoom): the picture waits for its tiles and for the glyphs of the
// traditional Chinese names they bring; names keep out from under the panels.
TEST(Dashboard, TilesForTheCameraGolden) {
  checkDashboard("tiles", " --lang zh --basemap " + kSource + "/tests/data/taipei_zhongzheng_protomaps2021.mbtiles" +
                              " --camera 121.5194,25.0411,1500,30,50 --clock 2026-11-22T10:30:00+08:00");
}
