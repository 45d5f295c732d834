// The frame step without a GPU: commands (selection, picking, layers,
// camera moves, the command line's --select), presentation (flights), the
// scene's snapshot and the renderer's feedback, on the null renderer.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "app/frame_loop.h"
#include "app/wall_conductor.h"
#include "app/wall_node.h"
#include "live/store_snapshot.h"
#include "assets/feature_loader.h"
#include "feed/journal.h"
#include "renderer/null_renderer.h"
#include "test_support.h"
#include "ui/map_overlay.h"

using namespace citywall;

namespace {

const geo::GeoFrame& kFrame = test::bundFrame();
constexpr live::TimeMs kNow = 1763770530000;  // 2025-11-22 08:15:30 +08:00
using test::oneTower;

live::CaseUpdate caseAt(const std::string& id, glm::dvec2 enu, int priority = 3) {
  live::CaseUpdate u;
  u.id = id;
  u.time = kNow - 5 * live::kMinute;
  u.category = "city.road";
  const auto g = kFrame.toGeodetic({enu.x, enu.y, 0});
  u.position = live::LonLat{g.lon, g.lat};
  u.priority = uint8_t(priority);
  return u;
}

// A wall with no window, no GPU and no UI: the loop, its store and its renderer.
struct Wall {
  config::AppOptions options;
  scene::CityModel city = oneTower();
  feed::LiveSession live{{}};
  std::unique_ptr<renderer::Renderer> r = renderer::Renderer::createNull(800, 600);
  std::unique_ptr<app::FrameLoop> loop;

  explicit Wall(std::function<void(config::AppOptions&)> configure = {}, std::function<void(scene::CityModel&)> build = {}) {
    if (build) build(city);
    options.camera = config::CameraSpec{121.4905, 31.2397, 900, 0, 40};
    options.tour.autoStart = false;
    options.alertFocus.enabled = false;  // "east" is urgent and new: alert focus has its own test
    options.layers.clusters = false;     // marker instances are case slots
    if (configure) configure(options);
    live.setFixedClock(kNow);
    live.store().apply(caseAt("near", {0, 0}));
    live.store().apply(caseAt("east", {150, 60}, 1));
    loop = std::make_unique<app::FrameLoop>(options, city, nullptr, live, *r, nullptr);
  }
  renderer::NullRenderer& null() { return static_cast<renderer::NullRenderer&>(*r); }
  app::FrameOutput step(ui::Commands commands = {}, double time = 0) {
    return loop->step({std::move(commands), 1.0 / 60, time, 800, 600});
  }
  // Where a case's marker head is drawn (26 px above its anchor at UI scale 1).
  glm::dvec2 markerHead(uint32_t slot) {
    const auto& inst = loop->scene().markers().instances()[slot];
    const auto at = scene::projectToPixel(loop->scene().camera().matrices(800, 600),
                                          {inst.position[0], inst.position[1], inst.position[2]}, 800, 600);
    return *at - glm::dvec2(0, 26);
  }
};

// The blocks test tileset (48 buildings, two levels) stood at the frame's origin.
void withBlocksAtTheOrigin(config::AppOptions& o) {
  o.tilesets.push_back({test::sourceDir() + "/tests/data/3dtiles/blocks/tileset.json",
                        assets::tiles3d::TilesetPlacement{121.4905, 31.2397, 0, 0, 1}});
}

// Frames (with a wall's view, for a node) until every tile the view needs is in.
void settleTiles(Wall& w, const std::optional<wall::WallView>& view = {}) {
  for (int i = 0; i < 400 && (i < 2 || w.loop->mapTilesLoading()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    app::FrameInput in{{}, 1.0 / 60, 0, 800, 600};
    in.wallView = view;
    w.loop->step(std::move(in));
  }
  ASSERT_EQ(w.loop->mapTilesLoading(), 0u);
}

}  // namespace

TEST(FrameLoop, EveryStepDrawsTheSceneOfTheStore) {
  Wall w;
  w.step();
  EXPECT_EQ(w.null().frames(), 1u);
  const scene::FrameView& view = w.null().lastView();
  ASSERT_EQ(view.markers.instances.size(), 2u);
  EXPECT_EQ(view.markers.changed.size(), 2u);  // the first frame copies every marker
  w.step();
  EXPECT_TRUE(w.null().lastView().markers.changed.empty());  // nothing changed since
  // A case arriving from a feed changes only its own instance.
  w.live.store().apply(caseAt("new", {-100, 0}));
  w.step();
  EXPECT_EQ(w.null().lastView().markers.instances.size(), 3u);
  EXPECT_EQ(std::vector<uint32_t>(w.null().lastView().markers.changed.begin(), w.null().lastView().markers.changed.end()),
            std::vector<uint32_t>{2});
}

TEST(FrameLoop, SelectingACaseHalosItsMarkerAndFliesThere) {
  Wall w;
  w.step({ui::SelectCase{"east", true}}, 0);
  ASSERT_EQ(w.loop->scene().selection().caseSlot, std::optional<uint32_t>(1));
  EXPECT_TRUE(w.null().lastView().markers.instances[1].flags & scene::kMarkerSelected);  // the same frame
  EXPECT_FALSE(w.null().lastView().markers.instances[0].flags & scene::kMarkerSelected);
  EXPECT_TRUE(w.loop->scene().flying());
  for (double t = 0.5; t < 10 && w.loop->scene().flying(); t += 0.5) w.step({}, t);
  EXPECT_FALSE(w.loop->scene().flying());
  EXPECT_NEAR(w.loop->scene().camera().target.x, 150, 0.01);
  EXPECT_NEAR(w.loop->scene().camera().target.y, 60, 0.01);
  // Another selection moves the halo; clearing removes it.
  w.step({ui::SelectCase{"near", false}}, 11);
  EXPECT_TRUE(w.null().lastView().markers.instances[0].flags & scene::kMarkerSelected);
  EXPECT_FALSE(w.null().lastView().markers.instances[1].flags & scene::kMarkerSelected);
  w.step({ui::ClearSelection{}}, 12);
  EXPECT_TRUE(w.loop->scene().selection().empty());
  EXPECT_FALSE(w.null().lastView().markers.instances[0].flags & scene::kMarkerSelected);
}

TEST(FrameLoop, ScreenshotFlightsLandAtOnce) {
  Wall w;
  w.loop->setAnimate(false);
  w.step({ui::SelectCase{"east", true}});
  EXPECT_FALSE(w.loop->scene().flying());
  EXPECT_NEAR(w.loop->scene().camera().target.x, 150, 0.01);
}

TEST(FrameLoop, ClickingAMarkerSelectsItsCaseAndClickingABuildingHighlightsIt) {
  Wall w;
  w.step();
  const glm::dvec2 head = w.markerHead(0);
  w.step({ui::PickAt{head.x, head.y}});
  EXPECT_EQ(w.loop->scene().selection().caseSlot, std::optional<uint32_t>(0));
  EXPECT_TRUE(w.null().buildingStyles().empty());
  // The tower, seen from above its centre.
  const auto tower = scene::projectToPixel(w.loop->scene().camera().matrices(800, 600), {300, 0, 60}, 800, 600);
  ASSERT_TRUE(tower);
  w.step({ui::PickAt{tower->x, tower->y}});
  EXPECT_EQ(w.loop->scene().selection().building, std::optional<uint32_t>(0));
  EXPECT_FALSE(w.loop->scene().selection().caseSlot);
  ASSERT_EQ(w.null().buildingStyles().size(), 1u);  // the highlight travelled in the frame
  EXPECT_TRUE(w.null().buildingStyles().at(0).highlighted);
  w.step({ui::ClearSelection{}});
  EXPECT_TRUE(w.null().buildingStyles().empty());
}

TEST(FrameLoop, LayerCommandsAndKeysSwitchWhatIsDrawn) {
  Wall w;
  w.step();
  EXPECT_FALSE(w.null().lastView().markers.empty());
  EXPECT_TRUE(w.null().lastView().heat.present());
  w.step({ui::ToggleLayer{ui::LayerId::markers}, ui::SetLayerVisible{ui::LayerId::heat, false}});
  EXPECT_TRUE(w.null().lastView().markers.empty());
  EXPECT_FALSE(w.null().lastView().heat.present());
  // Hidden markers cannot be clicked.
  w.step({ui::ToggleLayer{ui::LayerId::markers}});
  const glm::dvec2 head = w.markerHead(0);
  w.step({ui::ToggleLayer{ui::LayerId::markers}, ui::PickAt{head.x, head.y}});
  EXPECT_FALSE(w.loop->scene().selection().caseSlot);
  // The PM2.5 field takes the heat layer's place.
  w.step({ui::ToggleLayer{ui::LayerId::sensorField}});
  EXPECT_TRUE(w.null().lastView().heat.present());
  EXPECT_EQ(w.null().lastView().heat.mode, scene::HeatMode::field);
  // The base map (Shift+G, the layer panel), and the command as the journal keeps it.
  EXPECT_TRUE(w.null().lastView().basemap);
  w.step({ui::ToggleLayer{ui::LayerId::basemap}});
  EXPECT_FALSE(w.null().lastView().basemap);
  const auto back = ui::commandFromJson(ui::toJson(ui::SetLayerVisible{ui::LayerId::basemap, true}));
  ASSERT_TRUE(back);
  w.step({*back});
  EXPECT_TRUE(w.null().lastView().basemap);
}

TEST(FrameLoop, GovernanceLayersSwitchByNameAndTheirSelectionGoesWithThem) {
  scene::FeatureLayerStyle hospitals;
  hospitals.file = test::sourceDir() + "/data/basemap/shanghai_bund_lujiazui_osm_pois.geojson";
  hospitals.name = "医院";
  hospitals.filterField = "kind", hospitals.filterValues = {"hospital"};
  Wall w({}, [&](scene::CityModel& city) { city.features = assets::loadFeatureLayers({hospitals}, city.frame); });
  w.step();
  ASSERT_EQ(w.null().lastView().features.instances.size(), 2u);
  EXPECT_GT(w.null().lastView().features.instances[0].size, 0);
  EXPECT_EQ(w.null().lastView().featurePaints.size(), 2u);
  w.loop->scene().selectFeature(0);
  w.step({ui::SetFeatureLayerVisible{"医院", false}});
  EXPECT_EQ(w.null().lastView().features.instances[0].size, 0) << "switched off: drawn at size 0";
  EXPECT_FALSE(w.loop->scene().selection().feature) << "a feature of a layer switched off is no longer selected";
  EXPECT_EQ(w.loop->failedCommands(), 0u);
  w.step({ui::SetFeatureLayerVisible{"没有这层", true}});
  EXPECT_EQ(w.loop->failedCommands(), 1u) << "an unknown layer is reported and counted";
  w.step({*ui::commandFromJson(ui::toJson(ui::SetFeatureLayerVisible{"医院", true}))});
  EXPECT_GT(w.null().lastView().features.instances[0].size, 0);
}

TEST(FrameLoop, AHandMovedCameraStopsTheFlightAndTheTour) {
  Wall w([](config::AppOptions& o) {
    o.bookmarks = {{"a", {121.49, 31.24, 800, 0, 45}}, {"b", {121.50, 31.23, 800, 0, 45}}};
  });
  w.step({ui::SetTour{true}}, 0);
  EXPECT_TRUE(w.loop->presenter().touring());
  EXPECT_TRUE(w.loop->scene().flying());
  scene::MapCamera moved = w.loop->scene().camera();
  moved.target.x += 50;
  w.step({ui::SetCamera{moved}}, 0.1);
  EXPECT_FALSE(w.loop->scene().flying());
  EXPECT_FALSE(w.loop->presenter().touring());
  EXPECT_EQ(w.loop->scene().camera().target, moved.target);
  // Keys 1–9 are bookmarks by number; a number without one does nothing.
  w.step({ui::GoToBookmarkNumber{1}}, 0.2);
  EXPECT_TRUE(w.loop->scene().flying());
  w.step({ui::GoToBookmarkNumber{7}}, 0.3);
}

TEST(FrameLoop, SelectOnTheCommandLineIsACommandAndAnUnknownIdFailsTheRun) {
  Wall known([](config::AppOptions& o) { o.selectCase = "east"; });
  known.step();
  EXPECT_EQ(known.loop->scene().selection().caseSlot, std::optional<uint32_t>(1));
  EXPECT_EQ(known.loop->failedCommands(), 0u);
  Wall unknown([](config::AppOptions& o) { o.selectCase = "SR-none"; });
  unknown.step();
  EXPECT_TRUE(unknown.loop->scene().selection().empty());
  EXPECT_EQ(unknown.loop->failedCommands(), 1u);
}

TEST(FrameLoop, TheHeatDomainFollowsWhatTheRendererReportsOnce) {
  Wall w;
  w.loop->setAnimate(false);
  w.step();
  EXPECT_EQ(w.null().lastView().heat.domainMax, 1.0f);  // nothing seen yet
  w.null().setHeatMax(7.5f);
  w.step();
  EXPECT_FLOAT_EQ(w.null().lastView().heat.domainMax, 7.5f);
  // Animated, the domain moves toward a new maximum smoothly, never jumping.
  w.loop->setAnimate(true);
  w.null().setHeatMax(15.0f);
  w.step();
  const float smoothed = w.null().lastView().heat.domainMax;
  EXPECT_GT(smoothed, 7.5f);
  EXPECT_LT(smoothed, 8.0f);
}

TEST(FrameLoop, ThemeLanguageAndPanelTogglesAreCommands) {
  Wall w([](config::AppOptions& o) { o.theme = "night"; });
  w.step({ui::Toggle{ui::Setting::theme}, ui::Toggle{ui::Setting::language}, ui::Toggle{ui::Setting::ui},
          ui::Toggle{ui::Setting::carousel}, ui::Toggle{ui::Setting::stats}});
  EXPECT_EQ(w.null().lastView().theme.name, "day");
  EXPECT_EQ(w.loop->language(), ui::Language::en);
  EXPECT_FALSE(w.loop->showUi());
  EXPECT_TRUE(w.loop->dashboard().carousel);
  EXPECT_TRUE(w.loop->showStats());
  w.step({ui::SetTheme{"night"}, ui::SetLanguage{true}});
  EXPECT_EQ(w.null().lastView().theme.name, "night");
  EXPECT_EQ(w.loop->language(), ui::Language::zh);
}

TEST(FrameLoop, CapturedFramesComeBackAtTheTargetSize) {
  Wall w;
  const auto out = w.loop->step({{}, 0, 0, 320, 200, true});
  ASSERT_TRUE(out.image);
  EXPECT_EQ(out.image->width, 800u);  // the null target keeps its size; the viewport is the frame's
  EXPECT_EQ(w.null().lastView().camera.viewProjection, w.loop->scene().camera().matrices(320, 200).viewProjection);
}

TEST(FrameLoop, ClickingAClusterZoomsIntoIt) {
  Wall w([](config::AppOptions& o) {
    o.layers.clusters = true;
    o.camera = config::CameraSpec{121.4905, 31.2397, 20000, 0, 0};  // far above: nearby cases merge
  });
  for (int i = 0; i < 20; ++i) w.live.store().apply(caseAt("c" + std::to_string(i), {5.0 * i, 3.0 * i}));
  w.step();
  ASSERT_TRUE(w.loop->scene().clustered());
  const auto& clusters = w.loop->scene().clusters().instances();
  ASSERT_FALSE(clusters.empty());
  const auto& c = clusters.front();
  const auto at = scene::projectToPixel(w.loop->scene().camera().matrices(800, 600), {c.position[0], c.position[1], c.position[2]},
                                        800, 600);
  ASSERT_TRUE(at);
  const double before = w.loop->scene().camera().distance;
  w.step({ui::PickAt{at->x, at->y - 26}}, 0);
  EXPECT_TRUE(w.loop->scene().flying());
  EXPECT_TRUE(w.loop->scene().selection().empty());
  for (double t = 0.25; t < 3 && w.loop->scene().flying(); t += 0.25) w.step({}, t);
  EXPECT_NEAR(w.loop->scene().camera().distance, before / 3, 1.0);
}

TEST(FrameLoop, AnUrgentNewCaseTakesTheWallsAttention) {
  Wall w([](config::AppOptions& o) { o.alertFocus.enabled = true; });
  w.step({}, 0);
  ASSERT_TRUE(w.loop->presenter().focused());
  EXPECT_EQ(w.loop->presenter().focused()->id, "east");
  EXPECT_TRUE(w.loop->scene().flying());
}

namespace {
// A wall that journals, with one case: what the operators' actions leave in its journal.
struct JournaledWall {
  std::string dir;
  config::AppOptions options;
  scene::CityModel city = oneTower();
  feed::LiveSession live;
  std::unique_ptr<renderer::Renderer> r = renderer::Renderer::createNull(800, 600);
  std::unique_ptr<app::FrameLoop> loop;

  JournaledWall(const std::string& name, const std::string& caseId, glm::dvec2 enu)
      : dir(test::tempDir(name)), live({}, {}, feed::JournalOptions{dir}) {
    options.camera = config::CameraSpec{121.4905, 31.2397, 900, 0, 40};
    options.alertFocus.enabled = false;
    live.setFixedClock(kNow);
    live.store().apply(caseAt(caseId, enu));
    loop = std::make_unique<app::FrameLoop>(options, city, nullptr, live, *r, nullptr);
  }
  // Each operator action journaled so far, and its lasting flag.
  std::vector<std::pair<std::string, uint16_t>> actions() {
    live.flushJournal();
    std::vector<std::pair<std::string, uint16_t>> out;
    feed::JournalReader(dir).forEach(0, std::numeric_limits<live::TimeMs>::max(), [&](const feed::JournalRecord& rec) {
      if (rec.channel == feed::JournalChannel::operatorAction) out.emplace_back(rec.bytes, rec.feed);
    });
    return out;
  }
};
}  // namespace

TEST(FrameLoop, OperatorActionsGoIntoTheJournal) {
  JournaledWall w("frame-loop-journal", "a \"quoted\" id", {0, 0});
  app::FrameLoop& loop = *w.loop;
  loop.step({{ui::SelectCase{"a \"quoted\" id", true}, ui::ToggleLayer{ui::LayerId::heat}}, 0, 0, 800, 600});
  // Key X on the tower: the journal names the building, not "the selected one".
  loop.step({{ui::ClearSelection{}, ui::SetCamera{test::lookingAtTheTower()}}, 0, 0, 800, 600});
  const auto tower = scene::projectToPixel(loop.scene().camera().matrices(800, 600), {300, 0, 60}, 800, 600);
  ASSERT_TRUE(tower);
  loop.step({{ui::PickAt{tower->x, tower->y}}, 0, 0, 800, 600});
  ASSERT_EQ(loop.scene().selection().building, std::optional<uint32_t>(0));
  loop.step({{ui::HideSelected{}}, 0, 0, 800, 600});
  std::vector<std::string> actions;
  std::vector<uint16_t> lasting;
  for (const auto& [json, flag] : w.actions()) actions.push_back(json), lasting.push_back(flag);
  ASSERT_EQ(actions.size(), 6u);
  EXPECT_EQ(actions[0], R"({"cmd":"select_case","id":"a \"quoted\" id","fly":true})");
  EXPECT_EQ(actions[1], R"({"cmd":"toggle_layer","layer":"heat"})");
  EXPECT_EQ(actions[5], R"({"cmd":"hide_building","tileset":-1,"number":0,"identity":"","hidden":true})");
  // The actions that set what the wall shows until changed are marked so, for a replay's jumps.
  EXPECT_EQ(lasting, (std::vector<uint16_t>{0, feed::kLastingAction, 0, 0, 0, feed::kLastingAction}));
}

// Key Z puts a cordon round the selected case — a marked area named by its
// id at its place — and steps it through 300 m, 500 m, 1 km and off; the
// card's buttons set a size or lift it. The journal keeps the mark itself
// (a replay and the wall's nodes need no selection); with no case selected,
// Z is refused and counted.
TEST(FrameLoop, KeyZPutsACordonRoundTheSelectedCaseAndStepsItsSize) {
  JournaledWall w("frame-loop-cordon", "SR-9", {120, -40});
  app::FrameLoop& loop = *w.loop;
  loop.step({{ui::CordonSelected{}}, 0, 0, 800, 600});
  EXPECT_EQ(loop.failedCommands(), 1u) << "nothing selected";
  EXPECT_TRUE(loop.scene().marks().empty());
  loop.step({{ui::SelectCase{"SR-9", false}}, 0, 0, 800, 600});
  auto radius = [&]() -> double {
    const auto& marks = loop.scene().marks();
    return marks.empty() ? 0.0 : marks[0].radius;
  };
  std::vector<double> sizes;
  for (int i = 0; i < 4; ++i) {
    loop.step({{ui::CordonSelected{}}, 0, 0, 800, 600});
    sizes.push_back(radius());
  }
  EXPECT_EQ(sizes, (std::vector<double>{300, 500, 1000, 0}));
  loop.step({{ui::CordonSelected{800}}, 0, 0, 800, 600});
  ASSERT_EQ(loop.scene().marks().size(), 1u);
  const scene::AreaMark& m = loop.scene().marks()[0];
  EXPECT_EQ(m.id, "SR-9");
  EXPECT_EQ(m.radius, 800);
  const glm::dvec3 at = w.city.frame.toLocal({m.lon, m.lat, 0});
  EXPECT_NEAR(at.x, 120, 0.01);
  EXPECT_NEAR(at.y, -40, 0.01);
  loop.step({{ui::CordonSelected{}}, 0, 0, 800, 600});
  EXPECT_EQ(radius(), 1000) << "the next size up from 800 m";
  loop.step({{ui::CordonSelected{}}, 0, 0, 800, 600});
  EXPECT_EQ(radius(), 0) << "past the largest size: off";
  loop.step({{ui::CordonSelected{500}, ui::CordonSelected{-1}}, 0, 0, 800, 600});
  EXPECT_TRUE(loop.scene().marks().empty()) << "lifted";
  EXPECT_EQ(loop.failedCommands(), 1u);
  std::vector<std::string> actions;
  for (const auto& [json, flag] : w.actions()) actions.push_back(json);
  ASSERT_EQ(actions.size(), 10u) << "select, then every cordon as the mark it made";
  EXPECT_NE(actions[1].find(R"("cmd":"mark_area","id":"SR-9")"), std::string::npos) << actions[1];
  EXPECT_NE(actions[1].find(R"("radius":300.00)"), std::string::npos) << actions[1];
  EXPECT_EQ(actions[4], R"({"cmd":"clear_mark","id":"SR-9"})");
  for (const auto& a : actions) EXPECT_EQ(a.find("cordon_selected"), std::string::npos) << a;
}

// 3D Tiles stream for the camera inside the frame step: the frame draws
// them once they have loaded, and the wall says what is still loading.
TEST(FrameLoop, TilesetsStreamForTheCameraInTheFrameStep) {
  const std::string tileset = test::sourceDir() + "/tests/data/3dtiles/blocks/tileset.json";
  // The blocks tileset stands at 121.5 E, 31.24 N; put it at the frame's origin instead.
  Wall wall([&](config::AppOptions& o) {
    o.tilesets.push_back({tileset, assets::tiles3d::TilesetPlacement{121.4905, 31.2397, 0, 0, 1}});
  });
  wall.step();
  EXPECT_GT(wall.loop->mapTilesLoading(), 0u);  // the first frame asks for the root's subtree
  for (int i = 0; i < 400 && wall.loop->mapTilesLoading(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    wall.step();
  }
  wall.step();
  ASSERT_EQ(wall.loop->mapTilesLoading(), 0u);
  // 900 m away the fine level (three tiles of 16 buildings) is chosen.
  const auto& drawn = wall.null().lastView().tiles3d;
  EXPECT_EQ(drawn.size(), 3u);
  for (const auto& d : drawn) EXPECT_LT(glm::length(glm::dvec2(d.origin)), 250.0);
  ASSERT_NE(wall.loop->tilesets(), nullptr);
  EXPECT_EQ(wall.loop->tilesets()->stats().drawnTiles, 3u);
  EXPECT_EQ(wall.loop->tilesets()->attributions(), std::vector<std::string>{"citywall test data (generated)"});
}

// Clicking a point of a streamed point cloud selects it with its own row of
// the cloud's table (the survey's classification and intensity), and the
// card says so, in both languages.
TEST(FrameLoop, ClickingAPointCloudShowsThePointsProperties) {
  const std::string tileset = test::sourceDir() + "/tests/data/3dtiles/points/tileset.json";
  Wall wall([&](config::AppOptions& o) {
    o.tilesets.push_back({tileset, assets::tiles3d::TilesetPlacement{121.4905, 31.2397, 0, 0, 1}});
  });
  wall.step();
  for (int i = 0; i < 400 && wall.loop->mapTilesLoading(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    wall.step();
  }
  wall.step();
  ASSERT_EQ(wall.null().lastView().tiles3d.size(), 1u);
  // The top of the round tower (its ring of 20 m about (25, 10), 78 m up), on its side towards the camera.
  const auto top = scene::projectToPixel(wall.loop->scene().camera().matrices(800, 600), {25, -10, 78}, 800, 600);
  ASSERT_TRUE(top);
  wall.step({ui::PickAt{top->x, top->y}});
  const auto& picked = wall.loop->scene().selection().tilePoint;
  ASSERT_TRUE(picked) << "a point of the cloud is selected";
  EXPECT_NEAR(picked->where.z, 78, 2.5);
  ASSERT_GE(picked->properties.size(), 2u);
  EXPECT_EQ(picked->properties[0], (std::pair<std::string, std::string>{"Classification", "6"}));  // ASPRS: building
  EXPECT_EQ(picked->properties[1].first, "Intensity");
  EXPECT_GE(std::stoi(picked->properties[1].second), 3380);  // the tower's top rings
  const auto card = ui::describeSelection(wall.loop->scene(), wall.live.store(), ui::Language::en);
  ASSERT_EQ(card.size(), 3u);
  EXPECT_EQ(card[0].rfind("Point-cloud point  survey.pnts  #", 0), 0u) << card[0];
  EXPECT_EQ(card[1], "    Classification  6");
  EXPECT_EQ(ui::describeSelection(wall.loop->scene(), wall.live.store(), ui::Language::zh)[0].rfind("选中点云点  survey.pnts  第 ", 0), 0u);
  // A wall's render node shows the same point, pin and card, though its
  // own tiles load in their own order (the point travels whole).
  Wall node;
  app::FrameInput in{{}, 1.0 / 60, 0, 0, 0};
  in.wallView = wall.loop->wallView();
  node.loop->step(std::move(in));
  ASSERT_TRUE(node.loop->scene().selection().tilePoint);
  EXPECT_EQ(*node.loop->scene().selection().tilePoint, *picked);
  EXPECT_EQ(node.null().lastView().picked.instances.size(), 1u);
  EXPECT_EQ(ui::describeSelection(node.loop->scene(), node.live.store(), ui::Language::en), card);
  // Open ground beside the cloud picks nothing and clears it.
  wall.step({ui::PickAt{5, 5}});
  EXPECT_TRUE(wall.loop->scene().selection().empty());
}

// A building of a 3D Tiles tileset selected on the conductor is selected on
// a render node too, though the node numbers the tileset's buildings in the
// order its own tiles load: the building travels by its identity, the node
// gives it a number before its tiles are in, and the tiles take it.
TEST(FrameLoop, ATileBuildingSelectedOnTheConductorIsSelectedOnTheNodes) {
  Wall conductor(withBlocksAtTheOrigin);
  settleTiles(conductor);
  // Building 1000, the tileset's south-west corner (its roof is 20 m up or more).
  const auto at = scene::projectToPixel(conductor.loop->scene().camera().matrices(800, 600), {-175, -175, 12}, 800, 600);
  ASSERT_TRUE(at);
  conductor.step({ui::PickAt{at->x, at->y}});
  const auto& chosen = conductor.loop->scene().selection().building;
  ASSERT_TRUE(chosen);
  ASSERT_GE(*chosen, conductor.city.buildings.size()) << "a tile building, not the city's";
  const auto feature = conductor.loop->tilesets()->feature(*chosen);
  ASSERT_TRUE(feature);
  EXPECT_EQ(feature->key, "1000");
  const wall::WallView view = conductor.loop->wallView();
  EXPECT_FALSE(view.building) << "its number is the conductor's own";
  ASSERT_TRUE(view.tileFeature);
  EXPECT_EQ(*view.tileFeature, *feature);
  const auto card = conductor.loop->describeSelection();
  ASSERT_GE(card.size(), 2u);
  EXPECT_EQ(card[1], "    building_id  1000");

  // A node whose tiles are not in yet: the building is selected at once, its
  // card read from what the conductor sent.
  Wall node(withBlocksAtTheOrigin);
  app::FrameInput in{{}, 1.0 / 60, 0, 800, 600};
  in.wallView = view;
  node.loop->step(std::move(in));
  const auto& mine = node.loop->scene().selection().building;
  ASSERT_TRUE(mine);
  const auto adopted = node.loop->tilesets()->feature(*mine);
  ASSERT_TRUE(adopted);
  EXPECT_TRUE(adopted->sameAs(*feature));
  EXPECT_EQ(node.loop->wallView().tileFeature, view.tileFeature);
  EXPECT_EQ(node.loop->describeSelection(), card);
  // Its tiles load, in the node's own order: the building's vertices carry
  // the number the node gave it, and it stays selected (the highlight is the
  // renderer's per-building table, by that number).
  settleTiles(node, view);
  EXPECT_EQ(node.loop->scene().selection().building, mine);
  size_t carrying = 0;
  for (const auto& d : node.null().lastView().tiles3d)
    for (const auto& v : d.mesh->vertices) carrying += v.feature == *mine;
  EXPECT_GT(carrying, 0u) << "the node's tiles took the number it gave the building";
  const auto styled = node.null().lastView().buildings.styled;
  ASSERT_EQ(styled.size(), 1u);
  EXPECT_EQ(styled[0].first, *mine);
  EXPECT_TRUE(styled[0].second.highlighted);
  EXPECT_EQ(node.loop->describeSelection(), card);
  // The conductor clears it; so does the node. A node without the tileset
  // selects nothing for it.
  conductor.step({ui::PickAt{5, 5}});
  app::FrameInput cleared{{}, 1.0 / 60, 0, 800, 600};
  cleared.wallView = conductor.loop->wallView();
  EXPECT_FALSE(cleared.wallView->tileFeature);
  node.loop->step(std::move(cleared));
  EXPECT_TRUE(node.loop->scene().selection().empty());
  Wall plain;
  app::FrameInput without{{}, 1.0 / 60, 0, 800, 600};
  without.wallView = view;
  plain.loop->step(std::move(without));
  EXPECT_TRUE(plain.loop->scene().selection().empty());
}

// An area marked by a command tints the city's and the streamed tileset's
// buildings inside it — tile buildings as their tiles load, by the places
// the streamer found — and a wall node tints its own, numbered its own way.
TEST(FrameLoop, AMarkedAreaTintsTheBuildingsInsideItOnEveryNode) {
  // The tile buildings a 160 m circle round (-175, -175) covers, by where the streamer put them.
  auto inside = [](const Wall& w) {
    std::set<std::string> keys;
    const auto* t = w.loop->tilesets();
    for (uint32_t n = uint32_t(w.city.buildings.size()); n < t->featureEnd(); ++n) {
      const auto f = t->feature(n);
      if (f && f->where && glm::length(glm::dvec2(*f->where) - glm::dvec2(-175, -175)) <= 160) keys.insert(f->key);
    }
    return keys;
  };
  auto tinted = [](Wall& w) {
    std::set<std::string> keys;
    for (const auto& [n, style] : w.null().lastView().buildings.styled)
      if (style.tintRgba == 0xff3b30a0u) {
        const auto f = n >= w.city.buildings.size() ? w.loop->tilesets()->feature(n) : std::nullopt;
        keys.insert(f ? f->key : "city " + std::to_string(n));
      }
    return keys;
  };
  const auto centre = kFrame.toGeodetic({-175, -175, 0});
  Wall conductor(withBlocksAtTheOrigin);
  conductor.step({ui::MarkArea{{"cordon", centre.lon, centre.lat, 160, 0xff3b30a0u}}});
  settleTiles(conductor);
  const auto expected = inside(conductor);
  EXPECT_GE(expected.size(), 4u);
  EXPECT_LT(expected.size(), 48u);
  EXPECT_TRUE(expected.count("1000")) << "the corner building, at the circle's centre (its place the fine tile's, not its block's)";
  EXPECT_FALSE(expected.count("1015")) << "(-25, -25): 212 m away";
  for (uint32_t n = uint32_t(conductor.city.buildings.size()); n < conductor.loop->tilesets()->featureEnd(); ++n)
    if (const auto f = conductor.loop->tilesets()->feature(n); f->key == "1000") {
      ASSERT_TRUE(f->where);
      EXPECT_NEAR(glm::length(glm::dvec2(*f->where) - glm::dvec2(-175, -175)), 0, 1) << "the building's own place, not its block's";
    }
  EXPECT_EQ(tinted(conductor), expected) << "the tiles that loaded after the mark are tinted too";
  // A bad mark is refused and counted; the good one stays.
  conductor.step({ui::MarkArea{{"", centre.lon, centre.lat, 150, 0xff0000ffu}}, ui::MarkArea{{"far", 0, 0, 1e9, 0xff0000ffu}}});
  EXPECT_EQ(conductor.loop->failedCommands(), 2u);
  ASSERT_EQ(conductor.loop->scene().marks().size(), 1u);

  // A node: its tiles load in its own order; it tints the same buildings.
  Wall node(withBlocksAtTheOrigin);
  settleTiles(node, conductor.loop->wallView());
  EXPECT_EQ(node.loop->scene().marks(), conductor.loop->scene().marks());
  EXPECT_EQ(tinted(node), expected);
  // The conductor takes the mark off; so does the node.
  conductor.step({ui::ClearMark{"cordon"}});
  EXPECT_TRUE(conductor.null().lastView().buildings.styled.empty());
  app::FrameInput in{{}, 1.0 / 60, 0, 800, 600};
  in.wallView = conductor.loop->wallView();
  node.loop->step(std::move(in));
  EXPECT_TRUE(node.null().lastView().buildings.styled.empty());
}

// Key X takes the selected building off the wall (a tower in front of the
// case being briefed): it is not drawn, a click goes through it to what
// stands behind, a wall node hides the same building (a tile building by
// its identity, before its tiles are in, numbered the node's own way), and
// Shift+X brings every one back.
TEST(FrameLoop, AHiddenBuildingIsOffTheWallAndClicksGoThroughItOnEveryNode) {
  Wall conductor(withBlocksAtTheOrigin);
  settleTiles(conductor);
  auto pixelOf = [](Wall& w, glm::dvec3 enu) {
    return *scene::projectToPixel(w.loop->scene().camera().matrices(800, 600), enu, 800, 600);
  };
  auto hiddenOf = [](Wall& w) {
    std::set<uint32_t> out;
    for (const auto& [n, style] : w.null().lastView().buildings.styled)
      if (style.hidden) out.insert(n);
    return out;
  };
  // Building 1000 of the tileset, the south-west corner.
  const glm::dvec2 corner = pixelOf(conductor, {-175, -175, 12});
  conductor.step({ui::PickAt{corner.x, corner.y}});
  const auto picked = conductor.loop->scene().selection().building;
  ASSERT_TRUE(picked);
  ASSERT_EQ(conductor.loop->tilesets()->feature(*picked)->key, "1000");
  conductor.step({ui::HideSelected{}});
  EXPECT_TRUE(conductor.loop->scene().selection().empty()) << "a hidden building is not selected";
  EXPECT_EQ(hiddenOf(conductor), std::set<uint32_t>{*picked});
  ASSERT_EQ(conductor.loop->hiddenBuildings().size(), 1u);
  const scene::BuildingRef named = conductor.loop->hiddenBuildings()[0];
  EXPECT_EQ(named.tileset, 0);
  EXPECT_EQ(named.identity, conductor.loop->tilesets()->feature(*picked)->identity);
  conductor.step({ui::PickAt{corner.x, corner.y}});
  EXPECT_NE(conductor.loop->scene().selection().building, picked) << "the click went through it";
  // The city's tower too, by its number; with nothing selected, X is refused and counted.
  conductor.step({ui::ClearSelection{}});
  conductor.step({ui::HideSelected{}});
  EXPECT_EQ(conductor.loop->failedCommands(), 1u);
  conductor.step({ui::HideBuilding{{-1, 0, {}}}, ui::HideBuilding{{-1, 7, {}}}, ui::HideBuilding{{3, 0, "x"}}});
  EXPECT_EQ(conductor.loop->failedCommands(), 3u) << "no building 7 in the city, no tileset 3";
  EXPECT_EQ(hiddenOf(conductor), (std::set<uint32_t>{0, *picked}));

  // A node with none of its tiles in yet: the same buildings, by its own numbers.
  Wall node(withBlocksAtTheOrigin);
  const wall::WallView view = conductor.loop->wallView();
  ASSERT_EQ(view.hidden.size(), 2u);
  settleTiles(node, view);
  EXPECT_EQ(node.loop->hiddenBuildings(), conductor.loop->hiddenBuildings());
  std::set<std::string> keys;
  for (uint32_t n : hiddenOf(node))
    keys.insert(n < node.city.buildings.size() ? "city " + std::to_string(n) : node.loop->tilesets()->feature(n)->key);
  EXPECT_EQ(keys, (std::set<std::string>{"city 0", "1000"}));
  const glm::dvec2 nodeCorner = pixelOf(node, {-175, -175, 12});
  node.step({ui::PickAt{nodeCorner.x, nodeCorner.y}});
  const auto through = node.loop->scene().selection().building;
  EXPECT_TRUE(!through || !node.loop->tilesets()->feature(*through) || node.loop->tilesets()->feature(*through)->key != "1000");

  // Shift+X: all back, on the conductor and the node; a click selects it again.
  conductor.step({ui::ShowAllBuildings{}});
  EXPECT_TRUE(hiddenOf(conductor).empty());
  conductor.step({ui::PickAt{corner.x, corner.y}});
  EXPECT_EQ(conductor.loop->scene().selection().building, picked);
  app::FrameInput in{{}, 1.0 / 60, 0, 800, 600};
  in.wallView = conductor.loop->wallView();
  node.loop->step(std::move(in));
  EXPECT_TRUE(hiddenOf(node).empty());
}

TEST(Scene, ReadersOfOneStoreDoNotStealEachOthersChanges) {
  const scene::CityModel city = oneTower();
  live::Store store;
  store.apply(caseAt("a", {0, 0}));
  scene::Scene first(city, nullptr, {}, kNow), second(city, nullptr, {}, kNow);
  const scene::FrameClock clock{kNow, 0, 0};
  first.update(store, clock, {800, 600, 1});
  second.update(store, clock, {800, 600, 1});  // the store was not drained by the first
  EXPECT_EQ(first.snapshot(clock, {800, 600, 1}).markers.instances.size(), 1u);
  EXPECT_EQ(second.snapshot(clock, {800, 600, 1}).markers.changed.size(), 1u);
  EXPECT_EQ(second.snapshot(clock, {800, 600, 1}).heat.changed.size(), 1u);
}

// A wall's render node takes on the conductor's view each frame — camera,
// theme, layers, selection, the console's identify and blank — and follows
// its store through snapshots and recorded changes; it draws its panel of
// the canvas's frustum.
TEST(FrameLoop, ARenderNodeShowsWhatTheConductorShows) {
  Wall conductor;
  std::vector<live::StoreOp> ops;
  conductor.live.store().record(&ops);
  conductor.step({ui::SelectCase{"east", false}, ui::SetLayerVisible{ui::LayerId::heat, false}, ui::SetTheme{"day"},
                  ui::WallIdentify{true}, ui::WallBlank{2, true}});
  wall::WallLayout layout;
  layout.rows = 2, layout.columns = 2, layout.panelWidth = 400, layout.panelHeight = 300;
  layout.nodes = {{"n2", {2}}};
  Wall node([&](config::AppOptions& o) {
    o.wall = layout, o.wallNode = "n2", o.wallPanels = {2};
  });
  node.live.followWall();
  std::string error;
  ASSERT_TRUE(node.live.restoreWallStore(live::saveSnapshot(conductor.live.store()), error)) << error;
  // A case arrives at the conductor: recorded, applied on the node.
  ops.clear();
  conductor.live.store().apply(caseAt("west", {-200, 30}, 2));
  conductor.step();
  node.live.applyWallOps(ops);
  EXPECT_EQ(app::storeDigest(node.live.store()), app::storeDigest(conductor.live.store()));
  app::FrameInput in{{}, 1.0 / 60, 0, 0, 0};
  in.wallView = conductor.loop->wallView();
  node.loop->step(std::move(in));
  const wall::WallView seen = node.loop->wallView();
  EXPECT_TRUE(seen == conductor.loop->wallView());
  EXPECT_EQ(seen.theme, "day");
  EXPECT_FALSE(seen.heat);
  EXPECT_EQ(seen.caseSlot, conductor.live.store().cases().slotOf("east"));
  EXPECT_TRUE(seen.identify);
  ASSERT_GE(seen.blanked.size(), 2u);
  EXPECT_TRUE(seen.blanked[1]);
  // The node draws panel 2's cut of the canvas (820 × 600 here: no bezels).
  const auto canvas = node.loop->scene().camera().matrices(layout.canvasWidth(), layout.canvasHeight());
  EXPECT_EQ(node.null().lastView().camera.viewProjection,
            scene::cropToTile(canvas, layout.canvasWidth(), layout.canvasHeight(), layout.panelRect(2)).viewProjection);
  // A node's pump neither drains nor ticks: its store moves only with the conductor's.
  const uint64_t before = app::storeDigest(node.live.store());
  node.live.pump(kNow + live::kHour);
  EXPECT_EQ(app::storeDigest(node.live.store()), before);
}

// A node driving a block of panels follows a conductor over loopback: it
// joins, applies the frames, draws its block's span of the canvas, and
// sends a small picture of its panels that the console then shows.
TEST(FrameLoop, ANodeOfABlockFollowsTheConductorAndSendsItsPicture) {
  wall::WallLayout layout;
  layout.rows = 2, layout.columns = 2, layout.panelWidth = 400, layout.panelHeight = 300;
  layout.panelWidthMm = 400, layout.panelHeightMm = 300, layout.bezelXMm = 10, layout.bezelYMm = 6;
  layout.nodes = {{"bottom", {3, 4}}};
  layout.conductor = "127.0.0.1:27593";
  layout.barrierMs = 500;
  Wall conductor([&](config::AppOptions& o) { o.wall = layout; });
  app::WallConductor link(conductor.options, conductor.live);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> drawn{0};
  scene::CameraMatrices drawnWith;
  std::thread nodeThread([&] {
    Wall node([&](config::AppOptions& o) {
      o.wall = layout, o.wallNode = "bottom", o.wallPanels = {3, 4}, o.wallNodeAddress = layout.conductor;
      o.width = 800, o.height = 300;
    });
    node.live.followWall();
    app::WallNode wallNode(node.options, node.live, *node.loop, nullptr);
    while (!stop) {
      wallNode.turn();
      drawn = wallNode.framesDrawn();
    }
    drawnWith = node.null().lastView().camera;
  });
  std::vector<wall::NodeHealth> health;
  for (int i = 0; i < 400; ++i) {
    link.beforeStep();
    conductor.loop->step({{}, 1.0 / 30, i / 30.0, 800, 600});
    link.afterStep(*conductor.loop, 1.0 / 30, i / 30.0);
    health = link.link().nodes();
    if (health.at(0).picture && drawn >= 5) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  nodeThread.join();
  ASSERT_EQ(health.size(), 1u);
  EXPECT_EQ(health[0].panels, (std::vector<int>{3, 4}));
  EXPECT_TRUE(health[0].inStep);
  EXPECT_GE(drawn.load(), 5u);
  // The picture: 128 px across per panel, the block's shape (the null renderer's is blank).
  ASSERT_TRUE(health[0].picture);
  EXPECT_EQ(health[0].picture->width, 256u);
  EXPECT_EQ(health[0].picture->height, 96u);
  const ui::WallConsoleInfo console = link.console(*conductor.loop);
  ASSERT_EQ(console.nodes.size(), 1u);
  EXPECT_EQ(console.nodes[0].panelNames, "[3, 4]");
  ASSERT_TRUE(console.nodes[0].picture);
  EXPECT_EQ(console.nodes[0].picture->size(), 256u * 96 * 3);
  // The node drew its block's span of the canvas: both panels and the bezel between.
  const auto span = layout.spanOf({3, 4});
  EXPECT_EQ(span.width, 810);
  const auto canvas = conductor.loop->scene().camera().matrices(layout.canvasWidth(), layout.canvasHeight());
  EXPECT_EQ(drawnWith.viewProjection,
            scene::cropToTile(canvas, layout.canvasWidth(), layout.canvasHeight(), span).viewProjection);
}
