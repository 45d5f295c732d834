// Areas marked on the wall (a cordon, an evacuation zone): the buildings
// whose middle is inside a marked circle are tinted, the city's and the 3D
// Tiles' alike, under the selection's highlight; a mark moves, goes, and
// comes from a drill's step or an operator's command (journaled as JSON).

#include <gtest/gtest.h>

#include <cmath>

#include "config/config_file.h"
#include "config/drill_file.h"
#include "scene/scene.h"
#include "test_support.h"
#include "ui/commands.h"
#include "ui/map_overlay.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kNow = 1795314600000;

// Three 20 m squares along the east axis: at 0, 200 and 1,000 m.
scene::CityModel threeBuildings() {
  const auto& frame = test::bundFrame();
  std::vector<assets::Footprint> fps;
  for (int i = 0; i < 3; ++i) {
    const double x = std::vector<double>{0, 200, 1000}[size_t(i)];
    fps.push_back(test::footprintInMetres(frame, {{x - 10, -10}, {x + 10, -10}, {x + 10, 10}, {x - 10, 10}}, 30, 100 + i));
  }
  return test::extrudedCity(frame, fps);
}

scene::AreaMark markAt(const std::string& id, glm::dvec2 enu, double radius, uint32_t rgba) {
  const auto g = test::bundFrame().toGeodetic({enu.x, enu.y, 0});
  return {id, g.lon, g.lat, radius, rgba};
}

std::map<uint32_t, scene::BuildingStyle> stylesOf(const scene::Scene& s) {
  const scene::FrameView v = s.snapshot({kNow, 0, 0}, {800, 600, 1});
  return {v.buildings.styled.begin(), v.buildings.styled.end()};
}

}  // namespace

TEST(AreaMarks, TheBuildingsInsideAreTintedTheCitysAndTheTilesAlike) {
  const scene::CityModel city = threeBuildings();
  ASSERT_EQ(city.buildings.size(), 3u);
  scene::Scene scene(city, nullptr, {}, kNow);
  // Tile buildings 3, 4 and 5: 60 m north, 900 m east, and one not placed
  // (a wall node's, named by the conductor before its tiles loaded).
  const std::vector<glm::dvec3> places{{0, 60, 0}, {900, 0, 0}, glm::dvec3(NAN)};
  scene.setTileFeaturePlaces(places);
  const uint64_t before = scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version;
  scene.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u)});
  auto styles = stylesOf(scene);
  EXPECT_GT(scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version, before) << "the renderer's table is written again";
  ASSERT_EQ(styles.size(), 3u);
  EXPECT_EQ(styles[0].tintRgba, 0xff3b30a0u);
  EXPECT_EQ(styles[1].tintRgba, 0xff3b30a0u) << "150 m from the centre";
  EXPECT_FALSE(styles.count(2)) << "950 m away";
  EXPECT_EQ(styles[3].tintRgba, 0xff3b30a0u) << "a tile building inside";
  // Two marks overlapping: the later one's colour; the selection's highlight on top.
  scene.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u), markAt("fire", {1000, 0}, 150, 0xffd60affu)});
  scene.selectBuilding(4);
  styles = stylesOf(scene);
  EXPECT_EQ(styles[2].tintRgba, 0xffd60affu);
  EXPECT_EQ(styles[4].tintRgba, 0xffd60affu);
  EXPECT_TRUE(styles[4].highlighted);
  // Each mark's centre has a pin in its colour (opaque, 0xAABBGGRR), drawn on top.
  const scene::FrameView pinned = scene.snapshot({kNow, 0, 0}, {800, 600, 1});
  ASSERT_EQ(pinned.picked.instances.size(), 2u);
  EXPECT_EQ(pinned.picked.changed.size(), 2u);
  EXPECT_NEAR(pinned.picked.instances[1].position[0], 1000, 0.01);
  EXPECT_EQ(pinned.picked.instances[0].color, 0xff303bffu);
  EXPECT_EQ(pinned.picked.instances[1].color, 0xff0ad6ffu);
  for (const auto& pin : pinned.picked.instances)  // on the ground, under a case marker's head at the same spot
    EXPECT_EQ(pin.flags, uint32_t(scene::MarkerShape::diamond) | scene::kMarkerOnTheGround);
  // More tile buildings placed (their tiles loaded): tinted as they come.
  const std::vector<glm::dvec3> more{{0, 60, 0}, {900, 0, 0}, glm::dvec3(NAN), {30, -30, 0}};
  scene.setTileFeaturePlaces(more);
  styles = stylesOf(scene);
  EXPECT_EQ(styles[6].tintRgba, 0xff3b30a0u);
  EXPECT_FALSE(styles.count(5)) << "not placed: not tinted";
  // The marks go: only the selection stays.
  scene.setMarks({});
  styles = stylesOf(scene);
  ASSERT_EQ(styles.size(), 1u);
  EXPECT_TRUE(styles[4].highlighted);
  EXPECT_EQ(styles[4].tintRgba, 0u);
  EXPECT_TRUE(scene.snapshot({kNow, 0, 0}, {800, 600, 1}).picked.empty());
}

// Tiles streaming in under a mark: new tile buildings are tinted as they
// come (a restyle only when one lands inside); a place made finer (a finer
// tile) tints everything again, so a building that moved out loses its
// tint. The set the frame carries is in building order (the renderer
// walks it beside the last), with a style set one by one over a tint.
TEST(AreaMarks, TilesStreamingInUnderAMarkAreTintedAsTheyComeAndAgainWhenPlacedFiner) {
  const scene::CityModel city = threeBuildings();
  scene::Scene scene(city, nullptr, {}, kNow);
  const auto version = [&] { return scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version; };
  scene.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u)});
  std::vector<glm::dvec3> places{{0, 60, 0}};  // tile building 3, inside
  scene.setTileFeaturePlaces(places, 1);
  EXPECT_EQ(stylesOf(scene).at(3).tintRgba, 0xff3b30a0u);
  uint64_t v = version();
  places.push_back({5000, 0, 0});  // 4: far outside, nothing to restyle
  scene.setTileFeaturePlaces(places, 1);
  EXPECT_EQ(version(), v) << "no building joined a mark";
  places.push_back({-40, 20, 0});  // 5: inside
  scene.setTileFeaturePlaces(places, 1);
  EXPECT_GT(version(), v);
  EXPECT_EQ(stylesOf(scene).at(5).tintRgba, 0xff3b30a0u);
  // A finer tile puts 3 outside the mark and 4 inside: tinted anew.
  places[0] = {0, 900, 0}, places[1] = {100, 0, 0};
  scene.setTileFeaturePlaces(places, 2);
  auto styles = stylesOf(scene);
  EXPECT_FALSE(styles.count(3)) << "moved out of the mark";
  EXPECT_EQ(styles.at(4).tintRgba, 0xff3b30a0u) << "moved into it";
  // A building hidden by hand keeps its own style over the tint; the
  // selection is highlighted in its place; the set is in building order.
  scene::BuildingStyle hidden;
  hidden.hidden = true;
  scene.setBuildingStyle(1, hidden);
  scene.selectBuilding(2);
  const scene::FrameView view = scene.snapshot({kNow, 0, 0}, {800, 600, 1});
  std::vector<uint32_t> order;
  for (const auto& [building, style] : view.buildings.styled) order.push_back(building);
  EXPECT_EQ(order, (std::vector<uint32_t>{0, 1, 2, 4, 5}));
  styles = stylesOf(scene);
  EXPECT_TRUE(styles.at(1).hidden);
  EXPECT_EQ(styles.at(1).tintRgba, 0u) << "its own style, not the tint";
  EXPECT_TRUE(styles.at(2).highlighted);
  EXPECT_EQ(styles.at(2).tintRgba, 0u) << "950 m away: highlighted, not tinted";
}

// On the ground each mark is a faint disc inside a ring at its edge, in its
// colour, drawn by the renderer's base-map pass (FrameView::markGround):
// uploaded again only when the marks change.
TEST(AreaMarks, EachMarkLiesOnTheGroundAsADiscInsideARing) {
  const scene::CityModel city = threeBuildings();
  scene::Scene scene(city, nullptr, {}, kNow);
  auto view = [&] { return scene.snapshot({kNow, 0, 0}, {800, 600, 1}); };
  const uint64_t none = view().markGroundVersion;
  EXPECT_TRUE(view().markGround == nullptr || view().markGround->empty());
  scene.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u), markAt("fire", {1000, 0}, 3000, 0x0a84ffffu)});
  const scene::FrameView v = view();
  EXPECT_GT(v.markGroundVersion, none);
  ASSERT_NE(v.markGround, nullptr);
  const scene::BaseMap& g = *v.markGround;
  ASSERT_FALSE(g.areas.empty());
  ASSERT_FALSE(g.lines.empty());
  EXPECT_EQ(g.areas.size() % 3, 0u);
  EXPECT_EQ(g.lines.size() % 3, 0u);
  // Every vertex of mark 0 (styles 0, 1) is its centre or on its edge, on the ground; the ring's
  // are pushed straight out or in from the centre by half its width (1 % of 250 m, halved).
  size_t disc = 0, ring = 0;
  for (uint32_t i : g.areas) {
    const scene::BaseMapVertex& p = g.vertices[i];
    if (p.style != 0) continue;
    const double r = std::hypot(p.position[0] - 50, p.position[1]);
    EXPECT_TRUE(r < 0.01 || std::abs(r - 250) < 0.01) << r;
    EXPECT_NEAR(p.position[2], test::bundFrame().surfaceZ(p.position[0], p.position[1]), 0.01);
    ++disc;
  }
  for (uint32_t i : g.lines) {
    const scene::BaseMapVertex& p = g.vertices[i];
    if (p.style == 3) {  // mark 1: 1 % of 3 km is 30 m, held to 25 m
      EXPECT_FLOAT_EQ(p.halfWidth, 12.5f);
      continue;
    }
    ASSERT_EQ(p.style, 1u);
    const glm::dvec2 out = glm::normalize(glm::dvec2(p.position[0] - 50, p.position[1]));
    EXPECT_NEAR(std::hypot(p.position[0] - 50, p.position[1]), 250, 0.01);
    EXPECT_NEAR(std::abs(glm::dot(out, glm::dvec2(p.offset[0], p.offset[1]))), 1.0, 1e-4) << "pushed along the radius";
    EXPECT_FLOAT_EQ(p.halfWidth, 1.25f);
    ++ring;
  }
  EXPECT_GT(disc, 3 * 64u) << "a smooth circle";
  EXPECT_GT(ring, 6 * 64u);
  // Discs faint, rings strong with a dark casing, in each mark's colour.
  ASSERT_EQ(v.markPaints.size(), 4u);
  EXPECT_LT(v.markPaints[0].fill.a, 0.25f);
  EXPECT_GT(v.markPaints[1].fill.a, 0.9f);
  EXPECT_GT(v.markPaints[1].casing.a, 0.f);
  EXPECT_GE(v.markPaints[1].minPixels, 2.f) << "readable from the wall's distance";
  EXPECT_NEAR(v.markPaints[1].fill.r, 1.0f, 1e-3);  // 0xff3b30: red
  EXPECT_GT(v.markPaints[3].fill.b, v.markPaints[3].fill.r);  // 0x0a84ff: blue
  // The same marks again: nothing to upload; none: an empty ground.
  scene.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u), markAt("fire", {1000, 0}, 3000, 0x0a84ffffu)});
  EXPECT_EQ(view().markGroundVersion, v.markGroundVersion);
  scene.setMarks({});
  EXPECT_GT(view().markGroundVersion, v.markGroundVersion);
  EXPECT_TRUE(view().markGround->empty());
  EXPECT_TRUE(view().markPaints.empty());
  // More marks than the palette holds: the first 128 are drawn on the ground (all still tint).
  std::vector<scene::AreaMark> many;
  for (int i = 0; i < 130; ++i) many.push_back(markAt("m" + std::to_string(i), {10.0 * i, 0}, 5, 0xff3b30a0u));
  scene.setMarks(many);
  EXPECT_EQ(view().markPaints.size(), 2 * scene::kMaxGroundMarks);
  uint32_t top = 0;
  for (const auto& p : view().markGround->vertices) top = std::max(top, p.style);
  EXPECT_EQ(top, 2 * scene::kMaxGroundMarks - 1);
  // A fresh scene (a replay's jump rebuilds it) never repeats a version the
  // renderer saw from this one: its own marks and styles are uploaded.
  // (As many changes as this scene had, so numbers counted per scene would collide.)
  scene::Scene fresh(city, nullptr, {}, kNow);
  fresh.setMarks({markAt("a", {0, 0}, 50, 0xff3b30a0u)});
  fresh.setMarks({markAt("b", {0, 0}, 60, 0xff3b30a0u)});
  fresh.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u)});
  const scene::FrameView a = scene.snapshot({kNow, 0, 0}, {800, 600, 1}), b = fresh.snapshot({kNow, 0, 0}, {800, 600, 1});
  EXPECT_NE(b.markGroundVersion, a.markGroundVersion);
  EXPECT_NE(b.buildings.version, a.buildings.version);
}

// Hundreds of buildings hidden at once (a replay's jump) are one restyle:
// the marks' tint is worked out once, not once per building.
// Each zone says what it is and how far it reaches, in its colour, just
// outside its ring at the edge nearest the viewer; a zone out of view says nothing.
TEST(AreaMarks, EachMarkIsNamedWithItsRadiusBesideItsRing) {
  const scene::CityModel city = threeBuildings();
  scene::Scene scene(city, nullptr, {}, kNow);
  scene.camera().target = {0, 0, 0};
  scene.camera().distance = 3000;
  scene.camera().pitch = 45;
  scene.camera().heading = 0;
  scene.setMarks({markAt("疏散区", {0, 0}, 300, 0xff3b30a0u), markAt("fire", {400, 200}, 1500, 0x0a84ffffu),
                  markAt("far", {90000, 0}, 100, 0xffffffffu)});
  const scene::FrameView view = scene.snapshot({kNow, 0, 0}, {800, 600, 1});
  const auto zh = ui::markLabels(scene, view, 800, 600, ui::Language::zh);
  ASSERT_EQ(zh.size(), 2u) << "the mark 90 km away is out of view";
  EXPECT_EQ(zh[0].text, "疏散区 · 半径 300 米");
  EXPECT_EQ(zh[0].rgb, 0xff3b30u);
  EXPECT_EQ(zh[1].text, "fire · 半径 1.5 公里");
  EXPECT_EQ(zh[1].rgb, 0x0a84ffu);
  // Below the ring's centre on screen (the near edge, looking north), and inside the view.
  const auto centre = scene::projectToPixel(view.camera, {0, 0, 0}, 800, 600);
  ASSERT_TRUE(centre);
  EXPECT_GT(zh[0].y, centre->y + 20);
  EXPECT_NEAR(zh[0].x, centre->x, 40);
  for (const auto& l : zh) EXPECT_TRUE(l.x >= 0 && l.x <= 800 && l.y >= 0 && l.y <= 600) << l.text;
  EXPECT_EQ(ui::markLabels(scene, view, 800, 600, ui::Language::en)[1].text, "fire · radius 1.5 km");
  scene.setMarks({});
  EXPECT_TRUE(ui::markLabels(scene, view, 800, 600, ui::Language::zh).empty());
}

TEST(AreaMarks, ManyStylesAtOnceAreOneRestyleUnderTheMarks) {
  const scene::CityModel city = threeBuildings();
  scene::Scene scene(city, nullptr, {}, kNow);
  scene.setMarks({markAt("evacuation", {50, 0}, 250, 0xff3b30a0u)});
  const uint64_t before = scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version;
  const std::vector<std::pair<uint32_t, scene::BuildingStyle>> hide{{0, {0, true}}, {2, {0, true}}};
  scene.setBuildingStyles(hide);
  const uint64_t once = scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version;
  EXPECT_EQ(once, before + 1) << "one restyle (versions count up, one a restyle)";
  auto styles = stylesOf(scene);
  EXPECT_TRUE(styles[0].hidden);
  EXPECT_TRUE(styles[2].hidden);
  EXPECT_EQ(styles[1].tintRgba, 0xff3b30a0u) << "still tinted by the mark";
  // {} puts a building back as it was: under the mark again.
  const std::vector<std::pair<uint32_t, scene::BuildingStyle>> show{{0, {}}, {2, {}}};
  scene.setBuildingStyles(show);
  const uint64_t twice = scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version;
  EXPECT_NE(twice, once);
  styles = stylesOf(scene);
  EXPECT_FALSE(styles[0].hidden);
  EXPECT_EQ(styles[0].tintRgba, 0xff3b30a0u);
  EXPECT_FALSE(styles.count(2));
  scene.setBuildingStyles({});
  EXPECT_EQ(scene.snapshot({kNow, 0, 0}, {800, 600, 1}).buildings.version, twice) << "nothing to change: no restyle";
}

TEST(AreaMarks, DrillStepsMarkAndUnmarkAndBadOnesAreRefusedWithTheirLine) {
  const feed::DrillScript script = config::parseDrill(R"toml(
[drill]
name = "cordon"
[[step]]
at = 1
mark = { id = "疏散区", lon = 121.4935, lat = 31.2470, radius_m = 300, color = "#ff9500", opacity = 0.5 }
[[step]]
at = 2
mark = { id = "cordon", lon = 121.49, lat = 31.24 }
[[step]]
at = 9
unmark = "疏散区"
)toml", "cordon.toml");
  ASSERT_EQ(script.steps.size(), 3u);
  const feed::DrillStep& m = script.steps[0];
  EXPECT_EQ(m.kind, feed::DrillStep::Kind::mark);
  EXPECT_EQ(m.text, "疏散区");
  EXPECT_DOUBLE_EQ(m.view[0], 121.4935);
  EXPECT_DOUBLE_EQ(m.view[2], 300);
  EXPECT_EQ(m.rgba, 0xff950080u);
  EXPECT_EQ(script.steps[1].rgba, 0xff3b30a6u) << "red at 0.65 unless it says";
  EXPECT_DOUBLE_EQ(script.steps[1].view[2], 300);
  EXPECT_EQ(script.steps[2].kind, feed::DrillStep::Kind::unmark);
  EXPECT_EQ(script.steps[2].text, "疏散区");
  try {
    config::parseDrill(R"toml(
[drill]
name = "bad"
[[step]]
at = 1
mark = { id = "x", lon = 121.49, lat = 31.24, radius_m = -5 }
[[step]]
at = 2
mark = { lon = 121.49, lat = 31.24 }
[[step]]
at = 3
mark = { id = "y", lon = 121.49, lat = 31.24, color = "red" }
)toml", "bad.toml");
    FAIL() << "bad marks loaded";
  } catch (const config::ConfigError& e) {
    ASSERT_EQ(e.problems().size(), 3u) << e.what();
    EXPECT_NE(e.problems()[0].find("bad.toml:6: step.mark: id, lon and lat are required"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[1].find("bad.toml:9:"), std::string::npos) << e.what();
    EXPECT_NE(e.problems()[2].find("bad.toml:12:"), std::string::npos) << e.what();
  }
}

// (Both commands also round-trip in Commands.EveryReplayedCommandRoundTripsThroughJson.)
TEST(AreaMarks, AMarkCommandKeepsItsNameAndColourThroughTheJournalsJson) {
  const auto back = ui::commandFromJson(ui::toJson(ui::MarkArea{{"疏散 \"A\"", 121.4935, 31.247, 300.5, 0xff3b30a0u}}));
  ASSERT_TRUE(back);
  const auto mark = std::get<ui::MarkArea>(*back).mark;
  EXPECT_EQ(mark.id, "疏散 \"A\"");
  EXPECT_EQ(mark.rgba, 0xff3b30a0u);
  EXPECT_FALSE(ui::commandFromJson(R"({"cmd":"mark_area","id":"x","lon":1,"lat":2,"radius":3})")) << "no colour";
}
