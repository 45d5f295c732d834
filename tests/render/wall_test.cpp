// A video wall drawn as tiles equals the wall drawn as one picture: each
// panel of tests/data/wall_2x2.toml (2×2 panels of 400×225 px, 12 mm and
// 8 mm bezels at 1 px/mm) rendered alone by the citywall binary, headless
// on lavapipe with validation, is compared with its rectangle of the whole
// canvas (--wall-canvas, 812×458) — the buildings, markers, heat, the
// map's names and the dashboard — and the bezel strips between are what no
// panel shows. Actual, canvas and diff images go to
// <build>/render-results/wall/ on failure.
//
// And the same through the wall's processes: four render nodes on loopback
// following a conductor that draws the whole canvas (--wall-conductor
// --wall-canvas); each node's last frame equals its rectangle of the
// conductor's.
//
// Tolerance as the render tests: a pixel differs when a channel moves by
// more than 8; up to 0.2 % of a panel's pixels may (triangle edges and
// MSAA resolve land on other samples when the frustum is cut; a panel
// drawn with the wrong crop, offset or scale moves far more).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "image_compare.h"
#include "renderer/image.h"
#include "wall/wall_layout.h"

namespace fs = std::filesystem;
using namespace citywall;

namespace {

const std::string kSource = CITYWALL_SOURCE_DIR;
const fs::path kOut = fs::path(CITYWALL_BINARY_DIR) / "render-results" / "wall";

renderer::Image render(const std::string& what, const std::string& name) {
  fs::create_directories(kOut);
  const fs::path png = kOut / (name + ".png");
  const std::string cmd = std::string(CITYWALL_BIN) + " --headless --validation --config " + kSource +
                          "/tests/data/wall_2x2.toml --events " + kSource +
                          "/tests/data/dashboard_events.jsonl --clock 2026-11-22T10:30:00+08:00"
                          " --camera 121.4990,31.2390,2600,30,55 --select SR-20261122-0015 " +
                          what + " --screenshot " + png.string() + " > " + (kOut / (name + ".log")).string() + " 2>&1";
  renderer::Image image;
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << cmd << "\nsee " << (kOut / (name + ".log"));
    return image;
  }
  std::string error;
  EXPECT_TRUE(renderer::loadPng(png.string(), image, error)) << error;
  return image;
}

// tests/data/wall_2x2.toml's geometry.
wall::WallLayout testWall() {
  wall::WallLayout layout;
  layout.rows = 2, layout.columns = 2, layout.panelWidth = 400, layout.panelHeight = 225;
  layout.panelWidthMm = 400, layout.panelHeightMm = 225, layout.bezelXMm = 12, layout.bezelYMm = 8;
  return layout;
}

renderer::Image crop(const renderer::Image& from, const scene::CanvasRect& r) {
  renderer::Image out{uint32_t(r.width), uint32_t(r.height), {}};
  out.rgba.resize(size_t(out.width) * out.height * 4);
  for (uint32_t y = 0; y < out.height; ++y)
    std::copy_n(from.pixel(uint32_t(r.x), uint32_t(r.y) + y), size_t(out.width) * 4, out.rgba.data() + size_t(y) * out.width * 4);
  return out;
}

}  // namespace

TEST(Wall, PanelsStitchedEqualTheWholeCanvasWithTheBezelsCutOut) {
  const wall::WallLayout layout = testWall();
  const renderer::Image canvas = render("--wall-canvas", "canvas");
  ASSERT_EQ(canvas.width, layout.canvasWidth());
  ASSERT_EQ(canvas.height, layout.canvasHeight());
  ASSERT_EQ(canvas.width, 812u);
  for (int panel = 1; panel <= 4; ++panel) {
    SCOPED_TRACE("panel " + std::to_string(panel));
    const renderer::Image tile = render("--wall-panel " + std::to_string(panel), "panel-" + std::to_string(panel));
    ASSERT_EQ(tile.width, 400u);
    ASSERT_EQ(tile.height, 225u);
    const renderer::Image expected = crop(canvas, layout.panelRect(panel));
    const auto diff = test::compareImages(tile, expected, 8);
    ASSERT_TRUE(diff.sameSize);
    std::string error;
    if (diff.fraction > 0.002) {
      renderer::savePng(diff.diff, (kOut / ("diff-" + std::to_string(panel) + ".png")).string(), error);
      ADD_FAILURE() << diff.differing << " pixels (" << diff.fraction * 100 << " %) differ by more than 8 (allowed 0.2 %); see "
                    << kOut;
    }
    // Panel 2 against panel 1's place (a tile drawn without its offset would pass this instead).
    if (panel == 2) {
      EXPECT_GT(test::compareImages(tile, crop(canvas, layout.panelRect(1)), 8).fraction, 0.2);
    }
  }
}

// One node driving a block of panels through one window across its
// outputs: the panels' rectangles of the canvas side by side, the bezel
// strips between them cut out (not squeezed: each panel's pixels are the
// canvas's there).
TEST(Wall, ABlockOfPanelsShowsThemSideBySideWithoutTheBezels) {
  const wall::WallLayout layout = testWall();
  const renderer::Image canvas = render("--wall-canvas", "canvas-for-block");
  ASSERT_EQ(canvas.width, layout.canvasWidth());
  const renderer::Image block = render("--wall-panel 1,2,3,4", "block-1-2-3-4");
  ASSERT_EQ(block.width, 800u);
  ASSERT_EQ(block.height, 450u);
  renderer::Image expected{800, 450, std::vector<uint8_t>(size_t(800) * 450 * 4)};
  for (int panel = 1; panel <= 4; ++panel) {
    const renderer::Image piece = crop(canvas, layout.panelRect(panel));
    const uint32_t x = uint32_t(panel - 1) % 2 * 400, y = uint32_t(panel - 1) / 2 * 225;
    for (uint32_t row = 0; row < piece.height; ++row)
      std::copy_n(piece.pixel(0, row), size_t(piece.width) * 4, expected.rgba.data() + (size_t(y + row) * 800 + x) * 4);
  }
  const auto diff = test::compareImages(block, expected, 8);
  ASSERT_TRUE(diff.sameSize);
  if (diff.fraction > 0.002) {
    std::string error;
    renderer::savePng(diff.diff, (kOut / "diff-block.png").string(), error);
    renderer::savePng(expected, (kOut / "expected-block.png").string(), error);
    ADD_FAILURE() << diff.differing << " pixels (" << diff.fraction * 100 << " %) differ by more than 8 (allowed 0.2 %); see "
                  << kOut;
  }
  // A block drawn without the bezels (the panels' pixels run on across the gap) would not pass.
  renderer::Image squeezed = crop(canvas, {0, 0, 800, 450});
  EXPECT_GT(test::compareImages(block, squeezed, 8).fraction, 0.05);
}

TEST(Wall, FourNodeProcessesShowTheConductorsCanvas) {
  const wall::WallLayout layout = testWall();
  fs::create_directories(kOut);
  const std::string common = std::string(CITYWALL_BIN) + " --validation --config " + kSource +
                             "/tests/data/wall_2x2.toml --camera 121.4990,31.2390,2600,30,55";
  const char* names[] = {"top-left", "top-right", "bottom-left", "bottom-right"};
  // The nodes first; the conductor publishes 90 frames (a state fixed by
  // the recorded events and the clock); the nodes are stopped at once, and
  // each writes its panel as its last frame drew it.
  std::string script = "pids=''; ";
  for (const char* n : names)
    script += common + " --wall-node " + n + " --screenshot " + (kOut / (std::string("node-") + n + ".png")).string() + " > " +
              (kOut / (std::string("node-") + n + ".log")).string() + " 2>&1 & pids=\"$pids $!\"; ";
  script += "sleep 1; " + common + " --headless --wall-conductor --wall-canvas --events " + kSource +
            "/tests/data/dashboard_events.jsonl --clock 2026-11-22T10:30:00+08:00 --select SR-20261122-0015 --frames 90"
            " --screenshot " + (kOut / "conductor.png").string() + " > " + (kOut / "conductor.log").string() +
            " 2>&1; rc=$?; kill -TERM $pids; for p in $pids; do wait $p || rc=1; done; exit $rc";
  const std::string cmd = "bash -c '" + script + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << "\nsee " << kOut;
  renderer::Image canvas;
  std::string error;
  ASSERT_TRUE(renderer::loadPng((kOut / "conductor.png").string(), canvas, error)) << error;
  ASSERT_EQ(canvas.width, layout.canvasWidth());
  for (int panel = 1; panel <= 4; ++panel) {
    SCOPED_TRACE(names[panel - 1]);
    renderer::Image tile;
    ASSERT_TRUE(renderer::loadPng((kOut / (std::string("node-") + names[panel - 1] + ".png")).string(), tile, error)) << error;
    const auto diff = test::compareImages(tile, crop(canvas, layout.panelRect(panel)), 8);
    ASSERT_TRUE(diff.sameSize);
    if (diff.fraction > 0.002) {
      renderer::savePng(diff.diff, (kOut / (std::string("node-diff-") + names[panel - 1] + ".png")).string(), error);
      ADD_FAILURE() << diff.differing << " pixels (" << diff.fraction * 100 << " %) differ by more than 8; see " << kOut;
    }
  }
}
