// The video wall's geometry: bezels become the pixels they hide, panels are
// numbered row by row, a layout's mistakes are named, and a panel's cut of
// the canvas's frustum puts every point where the canvas has it, less the
// panel's corner (so tiles read as one picture through the gaps).

#include <gtest/gtest.h>

#include "config/config_file.h"
#include "scene/camera.h"
#include "wall/wall_layout.h"

using namespace citywall;

namespace {
wall::WallLayout threeByTwo() {
  wall::WallLayout w;
  w.rows = 2, w.columns = 3, w.panelWidth = 3840, w.panelHeight = 2160;
  w.panelWidthMm = 1209.6, w.panelHeightMm = 680.4;  // a 55-inch panel's picture
  w.bezelXMm = 3.5, w.bezelYMm = 1.8;
  return w;
}
}  // namespace

TEST(WallLayout, BezelsBecomeThePixelsTheyHide) {
  const auto w = threeByTwo();
  // 3.5 mm at 3840 px / 1209.6 mm = 11.1 px; 1.8 mm at 2160 / 680.4 = 5.7 px.
  EXPECT_EQ(w.gapX(), 11u);
  EXPECT_EQ(w.gapY(), 6u);
  EXPECT_EQ(w.canvasWidth(), 3 * 3840u + 2 * 11u);
  EXPECT_EQ(w.canvasHeight(), 2 * 2160u + 6u);
  const auto p5 = w.panelRect(5);  // second row, middle column
  EXPECT_EQ(p5.x, 3840 + 11);
  EXPECT_EQ(p5.y, 2160 + 6);
  EXPECT_EQ(p5.width, 3840);
  EXPECT_EQ(p5.height, 2160);
  EXPECT_EQ(w.panelRect(1).x, 0);
  EXPECT_EQ(w.panelRect(3).x, 2 * (3840 + 11));
}

TEST(WallLayout, ABlockOfPanelsIsShownSideBySideWithoutTheBezels) {
  const auto w = threeByTwo();  // gaps of 11 and 6 px
  EXPECT_TRUE(w.isBlock({2, 3, 5, 6}));
  EXPECT_TRUE(w.isBlock({4}));
  EXPECT_FALSE(w.isBlock({1, 3}));     // a panel between them is not theirs
  EXPECT_FALSE(w.isBlock({1, 2, 4}));  // an L
  EXPECT_FALSE(w.isBlock({1, 1}));
  EXPECT_FALSE(w.isBlock({7}));
  const auto out = w.outputOf({6, 2, 3, 5});  // any order
  EXPECT_EQ(out.width, 2 * 3840u);
  EXPECT_EQ(out.height, 2 * 2160u);
  ASSERT_EQ(out.pieces.size(), 4u);
  const auto span = w.spanOf({2, 3, 5, 6});
  EXPECT_EQ(span.width, 2 * 3840 + 11);
  for (const auto& p : out.pieces) {
    SCOPED_TRACE(p.panel);
    // From the span: where the panel hangs on the wall, less the span's corner.
    EXPECT_EQ(p.fromX, w.panelRect(p.panel).x - span.x);
    EXPECT_EQ(p.fromY, w.panelRect(p.panel).y - span.y);
  }
  EXPECT_EQ(out.pieces[0].panel, 6);
  EXPECT_EQ(out.pieces[0].toX, 3840u);  // right column, bottom row: no gap in the window
  EXPECT_EQ(out.pieces[0].toY, 2160u);
  EXPECT_EQ(out.pieces[0].fromX, 3840u + 11);
  EXPECT_EQ(out.pieces[0].fromY, 2160u + 6);
  EXPECT_EQ(wall::panelList({2, 3}), "[2, 3]");
  EXPECT_EQ(wall::panelList({4}), "4");
}

TEST(WallLayout, MistakesAreNamed) {
  auto w = threeByTwo();
  w.nodes = {{"a", {1}}, {"b", {1}}, {"a", {9}}};
  const auto p = w.problems();
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NE(p[0].find("panel 1 is driven by both \"a\" and \"b\""), std::string::npos) << p[0];
  EXPECT_NE(p[1].find("two nodes are named \"a\""), std::string::npos) << p[1];
  EXPECT_NE(p[2].find("panel 9 is not on the wall (1 to 6)"), std::string::npos) << p[2];
}

TEST(WallLayout, APanelsCutOfTheFrustumShowsWhatTheCanvasShowsThere) {
  const auto w = threeByTwo();
  scene::MapCamera c;
  c.target = {100, 200, 0}, c.distance = 3000, c.heading = 30, c.pitch = 60;
  const double cw = w.canvasWidth(), ch = w.canvasHeight();
  const auto canvas = c.matrices(cw, ch);
  for (int panel : {1, 5, 6}) {
    const auto r = w.panelRect(panel);
    const auto tile = scene::cropToTile(canvas, cw, ch, r);
    for (const glm::dvec3 p : {glm::dvec3(100, 200, 0), glm::dvec3(900, -400, 50), glm::dvec3(-1500, 900, 200)}) {
      const auto onCanvas = scene::projectToPixel(canvas, p, cw, ch);
      const auto onTile = scene::projectToPixel(tile, p, r.width, r.height);
      ASSERT_TRUE(onCanvas && onTile);
      EXPECT_NEAR(onTile->x, onCanvas->x - r.x, 0.02) << "panel " << panel;
      EXPECT_NEAR(onTile->y, onCanvas->y - r.y, 0.02) << "panel " << panel;
    }
    EXPECT_EQ(tile.eye, canvas.eye);
    // A pixel size (what markers and the level of detail use) is the canvas's.
    EXPECT_NEAR(std::abs(tile.projection[1][1]) * r.height, std::abs(canvas.projection[1][1]) * ch, 1e-2);
  }
}

TEST(WallLayout, ReadFromTheConfigurationAndChecked) {
  const auto o = config::parseConfig(
      "[wall]\nrows = 2\ncolumns = 3\npanel_pixels = [3840, 2160]\npanel_mm = [1209.6, 680.4]\nbezel_mm = [3.5, 1.8]\n"
      "conductor = \"10.0.0.5:5560\"\nbarrier_ms = 30\n[[wall.nodes]]\nname = \"n1\"\npanel = 1\n[[wall.nodes]]\nname = \"n2\"\npanel = 6\n",
      "test.toml", "/deploy");
  ASSERT_TRUE(o.wall);
  EXPECT_EQ(o.wall->canvasWidth(), threeByTwo().canvasWidth());
  EXPECT_EQ(o.wall->conductor, "10.0.0.5:5560");
  EXPECT_EQ(o.wall->barrierMs, 30);
  ASSERT_EQ(o.wall->nodes.size(), 2u);
  EXPECT_EQ(o.wall->nodes[1].name, "n2");
  EXPECT_EQ(o.wall->nodes[1].panels, (std::vector<int>{6}));
  const auto problems = [](const std::string& text) -> std::string {
    try {
      config::parseConfig(text, "test.toml", "/deploy");
    } catch (const config::ConfigError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(problems("[wall]\nrows = 1.5\n").find("test.toml:2: wall.rows: must be a whole number"), std::string::npos);
  EXPECT_NE(problems("[wall]\nbezel_mm = [3, 3]\n").find("wall.bezel_mm: needs panel_mm"), std::string::npos);
  EXPECT_NE(problems("[wall]\nconductor = \"host\"\n").find("wall.conductor: must be HOST:PORT"), std::string::npos);
  EXPECT_NE(problems("[wall]\ncolumns = 2\n[[wall.nodes]]\nname = \"x\"\npanel = 3\n").find("panel 3 is not on the wall (1 to 2)"),
            std::string::npos);
  EXPECT_NE(problems("[wall]\n[[wall.nodes]]\nname = \"x\"\n").find("needs a panel"), std::string::npos);
  // A node of a block of panels; a block must be a rectangle.
  const auto block = config::parseConfig("[wall]\nrows = 2\ncolumns = 3\n[[wall.nodes]]\nname = \"x\"\npanels = [2, 3, 5, 6]\n",
                                         "test.toml", "/deploy");
  EXPECT_EQ(block.wall->nodes[0].panels, (std::vector<int>{2, 3, 5, 6}));
  EXPECT_NE(problems("[wall]\nrows = 2\ncolumns = 3\n[[wall.nodes]]\nname = \"x\"\npanels = [1, 2, 4]\n")
                .find("its panels must form a rectangle"),
            std::string::npos);
  EXPECT_NE(problems("[wall]\ncolumns = 2\n[[wall.nodes]]\nname = \"x\"\npanel = 1\npanels = [1, 2]\n").find("panel or panels, not both"),
            std::string::npos);
  EXPECT_NE(problems("[wall]\nrow = 2\n").find("wall.row: unknown key"), std::string::npos);
  // Where the dashboard sits: the panels each part spans.
  const auto placed = config::parseConfig(
      "[wall]\nrows = 2\ncolumns = 3\n[wall.dashboard]\nheader = [1, 2, 3]\nleft = [4]\nright = [6]\n", "test.toml", "/deploy");
  EXPECT_EQ(placed.wall->headerPanels, (std::vector<int>{1, 2, 3}));
  const auto header = placed.wall->spanOf(placed.wall->headerPanels);
  EXPECT_EQ(header.width, placed.wall->canvasWidth());
  EXPECT_EQ(header.height, placed.wall->panelHeight);
  EXPECT_EQ(placed.wall->spanOf({6}).x, placed.wall->panelRect(6).x);
  EXPECT_NE(problems("[wall]\n[wall.dashboard]\nheader = [1]\n").find("give header, left and right together"), std::string::npos);
  EXPECT_NE(problems("[wall]\n[wall.dashboard]\nheader = [1]\nleft = [1]\nright = [2]\n").find("panel 2 is not on the wall"),
            std::string::npos);
}
