// Golden screenshots of the whole dashboard — the product path: the citywall
// binary, headless on lavapipe with validation, the bundled city, a fixed
// store state (tests/data/dashboard_events.jsonl at a fixed clock), one case
// selected — in Chinese and in English. Actual and diff images go to
// <build>/render-results/dashboard/<lang>/ on failure;
// CITYWALL_UPDATE_GOLDENS=1 accepts new images.
//
// Tolerance: a pixel differs when a channel moves by more than 8; up to
// 0.2 % of pixels may (rasterisation of text and thin lines may shift by a
// pixel between Mesa builds; a missing panel, glyph or number moves far more).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "image_compare.h"
#include "renderer/image.h"

namespace fs = std::filesystem;
using namespace citywall;

namespace {

void checkDashboard(const std::string& lang) {
  const fs::path out = fs::path(CITYWALL_BINARY_DIR) / "render-results" / "dashboard" / lang;
  fs::create_directories(out);
  const fs::path actualPath = out / "actual.png";
  const std::string src = CITYWALL_SOURCE_DIR;
  const std::string cmd = std::string(CITYWALL_BIN) + " --headless --validation --size 1280x720 --lang " + lang +
                          " --city " + src + "/data/shanghai_bund_lujiazui_osm_buildings.geojson" +
                          " --events " + src + "/tests/data/dashboard_events.jsonl" +
                          " --clock 2026-11-22T10:30:00+08:00 --select SR-20261122-0015" +
                          " --screenshot " + actualPath.string() + " > " + (out / "log.txt").string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << "\nsee " << (out / "log.txt");
  renderer::Image actual, expected;
  std::string error;
  ASSERT_TRUE(renderer::loadPng(actualPath.string(), actual, error)) << error;
  const fs::path expectedPath = fs::path(src) / "tests/render/dashboard" / lang / "expected.png";
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
    FAIL() << lang << ": " << diff.differing << " pixels (" << diff.fraction * 100
           << " %) differ by more than 8 (allowed 0.2 %); actual and diff in " << out;
  }
}

}  // namespace

TEST(Dashboard, ChineseGolden) { checkDashboard("zh"); }
TEST(Dashboard, EnglishGolden) { checkDashboard("en"); }
