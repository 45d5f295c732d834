// The renderer on the default device (lavapipe in CI), validation on.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>
#include <thread>

#include "app/view_setup.h"
#include "assets/building_extruder.h"
#include "assets/city_loader.h"
#include "assets/tiles3d/tileset_streamer.h"
#include "image_compare.h"
#include "test_cities.h"
#include "renderer/renderer.h"

using namespace citywall;

namespace {

renderer::RendererOptions validated() {
  renderer::RendererOptions o;
  o.validation = true;
  return o;
}

using test::shanghai;

scene::FrameView viewOf(const scene::CityModel& city, double w, double h, double pitch = 50, double heading = -25) {
  scene::MapCamera cam;
  cam.fitBox(city.boundsMin, city.boundsMax, w, h);
  cam.pitch = pitch;
  cam.heading = heading;
  return app::frameView(cam, scene::nightTheme(), w, h);
}

int brightness(const renderer::Image& img, uint32_t x, uint32_t y) {
  const uint8_t* p = img.pixel(x, y);
  return p[0] + p[1] + p[2];
}

// A small tileset seen whole at 320×180: the test data's blocks, or
// (textured) the textured box as a tileset's only content, 40 m wide.
struct TestTileset {
  assets::tiles3d::TilesetSource source;
  scene::CityModel city;
  scene::FrameView view;
  std::filesystem::path dir;  // the textured tileset's, removed after
  explicit TestTileset(bool textured = false) {
    city.frame = geo::GeoFrame({121.5, 31.24, 0});
    city.ground = scene::makeGround(city.frame, {-3000, -3000}, {3000, 3000}, 16);
    scene::MapCamera cam;
    cam.target = {0, 0, 0};
    cam.distance = 900, cam.pitch = 50, cam.heading = -25;
    source.file = std::string(CITYWALL_SOURCE_DIR) + "/tests/data/3dtiles/blocks/tileset.json";
    if (textured) {
      dir = std::filesystem::temp_directory_path() / ("citywall_textured_tileset_" + std::to_string(getpid()));
      std::filesystem::create_directories(dir);
      std::filesystem::copy_file(std::string(CITYWALL_SOURCE_DIR) + "/tests/data/BoxTextured.gltf", dir / "BoxTextured.gltf",
                                 std::filesystem::copy_options::overwrite_existing);
      std::ofstream(dir / "tileset.json") << R"({"asset": {"version": "1.1"}, "geometricError": 10,
        "root": {"boundingVolume": {"box": [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]}, "geometricError": 0, "refine": "ADD",
                 "content": {"uri": "BoxTextured.gltf"}}})";
      source.file = (dir / "tileset.json").string();
      source.placement = assets::tiles3d::TilesetPlacement{121.5, 31.24, 0, 30, 40};
      cam.distance = 120, cam.pitch = 60, cam.heading = 20;
    }
    view = app::frameView(cam, scene::nightTheme(), 320, 180);
  }
  ~TestTileset() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
  TestTileset(const TestTileset&) = delete;
  TestTileset& operator=(const TestTileset&) = delete;
  // Every tile the view needs loaded, and drawn by `into`.
  void loadAll(assets::tiles3d::TilesetStreamer& tiles, scene::FrameView& into) const {
    for (int i = 0; i < 2000 && (i < 3 || tiles.loading() > 0); ++i) {
      tiles.update(view.camera, 180);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(tiles.loading(), 0u);
    ASSERT_FALSE(tiles.draws().empty());
    ASSERT_TRUE(tiles.takeWarnings().empty());
    into.tiles3d = tiles.draws();
    into.buildingCount = tiles.featureEnd();
  }
};

// Uploads staged and copied by the frame, as a discrete GPU needs them, or
// (false) written in place, even when the suite runs staged.
void stageUploads(bool staged) {
  if (staged) setenv("CITYWALL_STAGED_UPLOADS", "1", 1);
  else unsetenv("CITYWALL_STAGED_UPLOADS");
}

}  // namespace

TEST(Renderer, Renders8KOffscreen) {
  scene::CityModel empty;
  empty.frame = geo::GeoFrame({121.5, 31.24, 0});
  empty.ground = scene::makeGround(empty.frame, {-5000, -5000}, {5000, 5000}, 8);
  auto r = renderer::Renderer::createHeadless(validated(), 7680, 4320);
  r->setCity(empty);
  scene::MapCamera cam;
  cam.distance = 3000;
  cam.pitch = 75;
  const auto image = r->drawFrameAndRead(app::frameView(cam, scene::nightTheme(), 7680, 4320), nullptr);
  EXPECT_EQ(image.width, 7680u);
  EXPECT_EQ(image.height, 4320u);
  // The top row is the dark blue night sky near the horizon; the ground below differs.
  EXPECT_LT(brightness(image, 3840, 5), 120);
  EXPECT_GT(image.pixel(3840, 5)[2], image.pixel(3840, 5)[0]);
  EXPECT_NE(brightness(image, 3840, 5), brightness(image, 3840, 4300));
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST(Renderer, RejectsImagesLargerThanTheDeviceAllows) {
  try {
    renderer::Renderer::createHeadless({}, 1u << 20, 64);
    FAIL() << "expected a RendererError";
  } catch (const renderer::RendererError& e) {
    EXPECT_NE(std::string(e.what()).find("is outside what"), std::string::npos) << e.what();
  }
}

TEST(Renderer, DrawsBuildingsInChunksAndCullsThoseBehindTheCamera) {
  const auto& city = shanghai();
  auto options = validated();
  options.gpuCulling = false;  // the CPU's chunk culling (GpuCulling tests the GPU's)
  auto r = renderer::Renderer::createHeadless(options, 320, 180);
  r->setCity(city);
  scene::FrameView all = viewOf(city, 320, 180);
  all.coarsePixels = 0;  // every chunk at its full level (LevelOfDetail tests the others)
  r->drawFrame(all, nullptr);
  r->waitIdle();
  const auto whole = r->lastFrameStats();
  EXPECT_EQ(whole.chunksTotal, city.chunks.size());
  EXPECT_EQ(whole.chunksDrawn, city.chunks.size());
  EXPECT_GE(whole.triangles, city.triangleCount());
  EXPECT_LE(whole.drawCalls, 2 + 2 * city.chunks.size());
  EXPECT_GE(whole.gpuMs, 0.0);

  // Close to the ground at one edge, looking out of the city: most chunks are behind.
  scene::MapCamera cam;
  cam.target = {city.boundsMin.x, city.boundsMin.y, 0};
  cam.distance = 200;
  cam.pitch = 80;
  cam.heading = 225;  // south-west, away from the city
  r->drawFrame(app::frameView(cam, scene::nightTheme(), 320, 180), nullptr);
  r->waitIdle();
  EXPECT_LT(r->lastFrameStats().chunksDrawn, city.chunks.size() / 2);
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST(Renderer, ReplacingTheCityWhileFramesAreInFlightIsSafe) {
  const auto& city = shanghai();
  auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
  r->setCity(city);
  const auto view = viewOf(city, 320, 180);
  r->drawFrame(view, nullptr);
  scene::CityModel empty;
  empty.frame = city.frame;
  empty.ground = city.ground;
  r->setCity(empty);  // the first frame may still be running: its buffers must live on
  r->drawFrame(view, nullptr);
  const auto without = r->drawFrameAndRead(view, nullptr);
  r->setCity(city);
  const auto with = r->drawFrameAndRead(view, nullptr);
  EXPECT_NE(without.rgba, with.rgba);
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST(Renderer, BuildingTableHidesAndHighlightsSingleBuildings) {
  const auto& city = shanghai();
  size_t tallest = 0;
  for (size_t i = 0; i < city.buildings.size(); ++i)
    if (city.buildings[i].height > city.buildings[tallest].height) tallest = i;
  scene::MapCamera cam;
  cam.target = city.buildings[tallest].centroid + glm::dvec3(0, 0, 300);
  cam.distance = 1500;
  cam.pitch = 80;
  auto view = app::frameView(cam, scene::nightTheme(), 200, 200);
  auto r = renderer::Renderer::createHeadless(validated(), 200, 200);
  r->setCity(city);
  const auto normal = r->drawFrameAndRead(view, nullptr);
  // Building styles travel in the frame: the whole set, with a version.
  std::vector<std::pair<uint32_t, scene::BuildingStyle>> styled = {{uint32_t(tallest), {0, false, true}}};
  view.buildings = {styled, 1};
  const auto highlighted = r->drawFrameAndRead(view, nullptr);
  styled = {{uint32_t(tallest), {0, true, false}}};
  view.buildings = {styled, 2};
  const auto hidden = r->drawFrameAndRead(view, nullptr);
  view.buildings = {{}, 3};  // the set empties: the tower is drawn plainly again
  const auto restored = r->drawFrameAndRead(view, nullptr);
  // Exact but for a pixel or two: where two buildings' faces coincide, the
  // GPU culling's late draws (after its early ones) may win the tie.
  const auto back = test::compareImages(restored, normal, 0);
  EXPECT_LE(back.differing, 2u);
  // The tower fills the centre of the view.
  const uint8_t* n = normal.pixel(100, 100);
  const uint8_t* h = highlighted.pixel(100, 100);
  EXPECT_GT(h[0], n[0] + 40) << "highlight turns the tower warm";
  EXPECT_NE(hidden.rgba, normal.rgba);
  EXPECT_NE(brightness(hidden, 100, 100), brightness(normal, 100, 100));
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST(Renderer, OffscreenResizeKeepsRendering) {
  const auto& city = shanghai();
  auto r = renderer::Renderer::createHeadless(validated(), 160, 90);
  r->setCity(city);
  r->drawFrame(viewOf(city, 160, 90), nullptr);
  r->resize(320, 240);
  const auto img = r->drawFrameAndRead(viewOf(city, 320, 240), nullptr);
  EXPECT_EQ(img.width, 320u);
  EXPECT_EQ(img.height, 240u);
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST(Renderer, ReportsTheDevicesItSaw) {
  auto r = renderer::Renderer::createHeadless({}, 16, 16);
  ASSERT_FALSE(r->devicesSeen().empty());
  EXPECT_NE(r->devicesSeen()[0].find(": chosen"), std::string::npos);
  EXPECT_GE(r->sampleCount(), 4u);
}

TEST(Renderer, NamesTheDevicesWhenNoneMatches) {
  renderer::RendererOptions o;
  o.deviceFilter = "no such gpu";
  try {
    renderer::Renderer::createHeadless(o, 16, 16);
    FAIL();
  } catch (const renderer::RendererError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("no usable Vulkan device. Devices seen:"), std::string::npos) << msg;
    EXPECT_NE(msg.find("rejected: name does not match the requested device"), std::string::npos) << msg;
  }
}

// Level of detail: far away, the buildings smaller than a pixel are left
// out; the picture keeps its silhouette (a few pixels differ) while far
// fewer triangles are drawn. Near, nothing is left out.
TEST(Renderer, FarBuildingsBelowAPixelAreLeftOutWithoutChangingThePicture) {
  for (const bool gpu : {false, true}) {
  auto options = validated();
  options.gpuCulling = gpu;  // per chunk on the CPU, per building on the GPU
  auto r = renderer::Renderer::createHeadless(options, 640, 360);
  r->setCity(shanghai());
  for (const double distanceFactor : {4.0, 0.25}) {
    scene::FrameView view = viewOf(shanghai(), 640, 360);
    scene::MapCamera cam;
    cam.fitBox(shanghai().boundsMin, shanghai().boundsMax, 640, 360);
    cam.pitch = 50, cam.heading = -25, cam.distance *= distanceFactor;
    view = app::frameView(cam, scene::nightTheme(), 640, 360);
    view.buildingLodPixels = 0;
    const auto all = r->drawFrameAndRead(view, nullptr);
    const uint64_t trianglesAll = r->lastFrameStats().buildingTriangles;
    view.buildingLodPixels = 1;
    const auto lod = r->drawFrameAndRead(view, nullptr);
    const uint64_t trianglesLod = r->lastFrameStats().buildingTriangles;
    const auto diff = test::compareImages(lod, all, 24);
    if (distanceFactor > 1) {
      EXPECT_LT(trianglesLod, trianglesAll * 9 / 10) << "far: at least a tenth fewer triangles";
      EXPECT_LT(diff.fraction, 0.002) << diff.differing << " pixels differ";
    } else {
      // Near, the CPU keeps every building of a chunk; the GPU, judging each
      // building, still leaves out the odd kiosk smaller than a pixel.
      if (gpu) EXPECT_GE(trianglesLod, trianglesAll * 99 / 100) << "near: nearly every building";
      else EXPECT_EQ(trianglesLod, trianglesAll) << "near: every building";
      EXPECT_EQ(diff.differing, 0u);
    }
    std::printf("%s, distance × %.2f: %llu of %llu triangles, %zu pixels differ\n", gpu ? "GPU" : "CPU", distanceFactor,
                (unsigned long long)trianglesLod, (unsigned long long)trianglesAll, size_t(diff.differing));
  }
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
  }
}

// Once uploaded, the city's CPU mesh can go: the frames drawn after are the
// same, styles still reach single buildings, and a second upload of the
// released city is refused with a message rather than drawing nothing.
TEST(Renderer, ACityReleasedAfterUploadDrawsTheSame) {
  scene::CityModel city = shanghai();
  const auto view = viewOf(city, 320, 180);
  auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
  r->setCity(city);
  const auto kept = r->drawFrameAndRead(view, nullptr);
  city.releaseBuildingMesh();
  ASSERT_TRUE(city.buildingMeshReleased);
  const auto released = r->drawFrameAndRead(view, nullptr);
  EXPECT_EQ(kept.rgba, released.rgba);
  auto hidden = view;
  std::vector<std::pair<uint32_t, scene::BuildingStyle>> styled;
  for (uint32_t b = 0; b < city.buildings.size(); b += 2) styled.push_back({b, {0, true, false}});
  hidden.buildings = {styled, 1};
  EXPECT_NE(r->drawFrameAndRead(hidden, nullptr).rgba, kept.rgba);
  try {
    r->setCity(city);
    FAIL() << "expected a RendererError";
  } catch (const renderer::RendererError& e) {
    EXPECT_NE(std::string(e.what()).find("released"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r->drawFrameAndRead(view, nullptr).rgba, kept.rgba) << "the refused upload leaves the city drawn";
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

namespace {

// The second of two frames of `city` (the one a wall shows: occlusion has
// learned from the first), and the renderer's memory after it.
renderer::Image drawTwice(const scene::CityModel& city, const scene::FrameView& view, bool gpuCulling, bool narrowIndices,
                          renderer::GpuMemory& memory) {
  auto o = validated();
  o.gpuCulling = gpuCulling;
  o.narrowIndices = narrowIndices;
  auto r = renderer::Renderer::createHeadless(o, 320, 180);
  r->setCity(city);
  r->drawFrame(view, nullptr);
  auto image = r->drawFrameAndRead(view, nullptr);
  EXPECT_EQ(r->lastFrameStats().gpuCulled, gpuCulling);
  EXPECT_GT(r->lastFrameStats().buildingTriangles, 10000u) << "the city is drawn";
  memory = r->gpuMemory();
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
  return image;
}

// `city` drawn with 16-bit indices asked for and with 32-bit ones, with GPU
// culling and without: the same picture each time, and the indices asked
// for take `bytesEach` bytes apiece (so do the culling's scratch rooms).
void expectIndicesOf(const scene::CityModel& city, uint64_t bytesEach) {
  const auto view = viewOf(city, 320, 180);
  const uint64_t indices = city.indices.size() + city.lineIndices.size();
  for (const bool gpu : {true, false}) {
    renderer::GpuMemory asked, wide;
    const auto a = drawTwice(city, view, gpu, true, asked);
    const auto b = drawTwice(city, view, gpu, false, wide);
    EXPECT_EQ(a.rgba, b.rgba) << (gpu ? "GPU culling" : "CPU culling");
    EXPECT_EQ(asked.buildingIndices, indices * bytesEach);
    EXPECT_EQ(wide.buildingIndices, indices * 4);
    if (gpu && bytesEach < 4) {
      EXPECT_LT(asked.culling, wide.culling) << "the scratch rooms the culled indices are copied to narrow too";
    } else {
      EXPECT_EQ(asked.culling, wide.culling);
    }
  }
}

}  // namespace

// A city's building indices go to the GPU as 16 bits (every chunk's fit):
// half the memory, the city's and the culling's scratch rooms, and the
// picture 32-bit indices draw, with GPU culling and without.
TEST(Renderer, SixteenBitIndicesDrawWhatThirtyTwoBitOnesDraw) { expectIndicesOf(shanghai(), 2); }

// A chunk whose vertices outnumber what 16 bits count keeps 32-bit indices:
// narrowed, they would wrap and draw the wrong corners. Here 4,900 round
// towers (16 corners each) in one 512 m cell: 156,800 corners.
TEST(Renderer, AChunkPastSixteenBitsKeepsThirtyTwoBitIndices) {
  scene::CityModel city;
  city.frame = geo::GeoFrame({121.5, 31.24, 0});
  std::vector<assets::Footprint> towers;
  for (int i = 0; i < 70 * 70; ++i) {
    const glm::dvec2 centre(20 + 7.0 * (i % 70), 20 + 7.0 * (i / 70));
    std::vector<glm::dvec2> ring;
    for (int k = 0; k <= 16; ++k) {
      const double a = 2 * 3.14159265358979 * (k % 16) / 16;
      const auto g = city.frame.toGeodetic({centre.x + 2.5 * std::cos(a), centre.y + 2.5 * std::sin(a), 0});
      ring.emplace_back(g.lon, g.lat);
    }
    assets::Footprint f;
    f.polygons.push_back({{ring}});
    f.height = 10 + (i * 37) % 50;
    towers.push_back(std::move(f));
  }
  assets::addBuildings(towers, city);
  ASSERT_EQ(city.chunks.size(), 1u);
  ASSERT_GT(*std::max_element(city.indices.begin(), city.indices.end()), 0xffffu) << "the test needs a chunk past 16 bits";
  expectIndicesOf(city, 4);
}

// Streamed 3D Tiles content and textures are copied by the frame's own
// command buffer (renderer/vulkan/upload_queue.h). With the staging a
// discrete GPU needs forced on lavapipe, a tile's buffers are copied in the
// frame that first draws it, and the picture is the one written in place.
TEST(Renderer, UploadsCopiedByTheFrameDrawTheSameAsUploadsInPlace) {
  const TestTileset blocks;
  assets::tiles3d::TilesetStreamer tiles({blocks.source}, blocks.city.frame, {});
  scene::FrameView view = blocks.view;
  blocks.loadAll(tiles, view);
  const scene::CityModel& city = blocks.city;

  auto draw = [&](bool staged, renderer::FrameStats& stats) {
    stageUploads(staged);
    auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
    unsetenv("CITYWALL_STAGED_UPLOADS");
    r->setCity(city);
    auto image = r->drawFrameAndRead(view, nullptr);
    stats = r->lastFrameStats();
    EXPECT_EQ(r->drawFrameAndRead(view, nullptr).rgba, image.rgba) << "the next frame, with nothing new to copy";
    EXPECT_EQ(r->lastFrameStats().uploads, 0u);
    r->waitIdle();
    EXPECT_EQ(r->validationMessages(), 0u);
    return image;
  };
  renderer::FrameStats inPlace, staged;
  const auto a = draw(false, inPlace);
  const auto b = draw(true, staged);
  EXPECT_EQ(inPlace.uploads, 0u) << "lavapipe's memory is the host's: buffers are written in place";
  EXPECT_GE(staged.uploads, 2 * tiles.draws().size()) << "each tile's vertices and indices copied by the frame";
  EXPECT_EQ(a.rgba, b.rgba);
  EXPECT_GT(staged.triangles, 0u);
}

// A tile mesh of more than 65,536 vertices whose parts each name fewer
// (a tile of many glTF primitives) is drawn from 16-bit indices counted
// from each part's first vertex: the picture its parts make drawn as
// meshes of their own.
TEST(Renderer, ALargeTileMeshOfSmallPartsDrawsWhatItsPartsDraw) {
  // A 100 × 240 grid of quads, 40 m across, each quad its own four corners:
  // two parts of 120 rows, 48,000 vertices each (96,000 in all: past 16 bits).
  constexpr int kCols = 100, kRows = 240, kSplit = 120;
  auto grid = [&](int row0, int row1) {
    scene::ModelMesh m;
    for (int r = row0; r < row1; ++r)
      for (int c = 0; c < kCols; ++c) {
        const uint32_t v = uint32_t(m.vertices.size());
        const float x = -20.f + 40.f * c / kCols, y = -16.f + 32.f * r / kRows, s = 40.f / kCols * 0.8f;
        const uint8_t shade = uint8_t(80 + (r * 7 + c * 13) % 170);
        for (const auto& [dx, dy] : {std::pair{0.f, 0.f}, {s, 0.f}, {s, s}, {0.f, s}})
          m.vertices.push_back(scene::ModelVertex{{x + dx, y + dy, 2.f}, {0, 0, 1}, {0, 0}, {shade, 255, 255, 255}, 0});
        m.indices.insert(m.indices.end(), {v, v + 1, v + 2, v, v + 2, v + 3});
      }
    scene::ModelPart p;
    p.indexCount = uint32_t(m.indices.size());
    m.parts = {p};
    return m;
  };
  const scene::ModelMesh lower = grid(0, kSplit), upper = grid(kSplit, kRows);
  scene::ModelMesh whole = lower;
  const uint32_t offset = uint32_t(whole.vertices.size());
  whole.vertices.insert(whole.vertices.end(), upper.vertices.begin(), upper.vertices.end());
  scene::ModelPart second = upper.parts[0];
  second.firstIndex = uint32_t(whole.indices.size());
  for (const uint32_t i : upper.indices) whole.indices.push_back(i + offset);
  whole.parts.push_back(second);
  ASSERT_GT(whole.vertexCount(), 65536u);
  ASSERT_EQ(whole.narrowPartBases(), (std::vector<uint32_t>{0, offset}));

  scene::CityModel city;
  city.frame = geo::GeoFrame({121.5, 31.24, 0});
  city.ground = scene::makeGround(city.frame, {-300, -300}, {300, 300}, 8);
  scene::MapCamera cam;
  cam.target = {0, 0, 0};
  cam.distance = 60, cam.pitch = 30, cam.heading = 10;
  scene::FrameView view = app::frameView(cam, scene::nightTheme(), 320, 180);
  auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
  r->setCity(city);
  std::vector<scene::TileDraw> draws;
  auto draw = [&](std::vector<std::pair<const scene::ModelMesh*, uint64_t>> meshes) {
    draws.clear();
    for (const auto& [mesh, id] : meshes) draws.push_back(scene::TileDraw{mesh, id, {0, 0, 0}, glm::mat4(1), false});
    view.tiles3d = draws;
    return r->drawFrameAndRead(view, nullptr);
  };
  const auto apart = draw({{&lower, 1}, {&upper, 2}});
  const auto together = draw({{&whole, 3}});
  EXPECT_EQ(together.rgba, apart.rgba);
  EXPECT_GT(r->lastFrameStats().triangles, 40000u) << "the grid is drawn";
  const auto lowerOnly = draw({{&lower, 1}});
  EXPECT_NE(lowerOnly.rgba, apart.rgba) << "the second part shows";
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

// Tile buffers a frame makes itself (no loading worker made them: a streamer
// without a preparer, or content loaded before the device was lost) keep
// their content's room in the streamer's memory budget, as the workers'
// copies do: the streamer may let a tile go while frames in flight still
// draw it, and the budget counts those bytes until the copy is freed.
TEST(Renderer, TileBuffersMadeByTheFrameKeepTheirRoomInTheBudget) {
  const TestTileset set;
  auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
  r->setCity(set.city);
  scene::FrameView view = set.view;
  std::vector<std::weak_ptr<const void>> rooms;
  {
    assets::tiles3d::TilesetStreamer tiles({set.source}, set.city.frame, {});  // no preparer
    set.loadAll(tiles, view);
    for (const auto& d : view.tiles3d) {
      EXPECT_FALSE(d.mesh->prepared);
      ASSERT_TRUE(d.mesh->room) << "the streamer gives each mesh its content's room";
      rooms.push_back(d.mesh->room);
    }
    r->drawFrameAndRead(view, nullptr);
    EXPECT_GT(r->gpuMemory().tiles, 0u);
    // What the budget counts a mesh's copy to be (16-bit indices where its
    // vertices fit) is what the copy holds.
    std::set<const scene::ModelMesh*> meshes;
    size_t counted = 0;
    for (const auto& d : view.tiles3d)
      if (meshes.insert(d.mesh).second) counted += d.mesh->gpuBytes();
    EXPECT_EQ(r->gpuMemory().tiles, counted);
    EXPECT_GT(tiles.stats().heldBytes, 0u);
  }  // the streamer and its content go; the renderer still has the copies
  view.tiles3d = {};
  for (const auto& room : rooms) EXPECT_FALSE(room.expired()) << "held by the frame's copy";
  for (int i = 0; i < 3; ++i) r->drawFrameAndRead(view, nullptr);  // frames that no longer draw them
  for (const auto& room : rooms) EXPECT_TRUE(room.expired()) << "let go with the copy";
  EXPECT_EQ(r->gpuMemory().tiles, 0u);
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

// A tile's buffers and textures made by the loading worker that read it
// (Renderer::meshPreparer, as the app streams) draw the picture the frame's
// own uploads draw, in place and staged, and the frame makes none of the
// buffers itself (a texture's copy and mips it still records). Meshes that
// outlive their renderer (a device lost and the renderer made again, or a
// teardown in another order) are emptied while its device still exists —
// no validation message when it goes. The CPU kept only what picking
// reads of them, so the next renderer leaves them out until the streamer
// has read them again for it, and then draws the same picture.
TEST(Renderer, TileBuffersMadeByTheLoadingWorkersDrawTheSameAndOutliveTheirRenderer) {
  for (const bool textured : {false, true}) {
    const TestTileset set(textured);
    for (const bool staged : {false, true}) {
      SCOPED_TRACE(std::string(textured ? "textured box, " : "blocks, ") + (staged ? "staged" : "in place"));
      stageUploads(staged);
      renderer::Image expected, withoutTiles;
      {
        auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
        r->setCity(set.city);
        withoutTiles = r->drawFrameAndRead(set.view, nullptr);
        assets::tiles3d::TilesetStreamer tiles({set.source}, set.city.frame, {});
        scene::FrameView view = set.view;
        set.loadAll(tiles, view);
        expected = r->drawFrameAndRead(view, nullptr);
        ASSERT_NE(expected.rgba, withoutTiles.rgba);
        r->waitIdle();
        EXPECT_EQ(r->validationMessages(), 0u);
      }
      auto r = renderer::Renderer::createHeadless(validated(), 320, 180);
      r->setCity(set.city);
      assets::tiles3d::StreamOptions so;
      so.prepare = r->meshPreparer();
      ASSERT_TRUE(so.prepare) << "the Vulkan renderer prepares meshes";
      assets::tiles3d::TilesetStreamer tiles({set.source}, set.city.frame, so);
      scene::FrameView view = set.view;
      set.loadAll(tiles, view);
      size_t images = 0;
      for (const auto& d : view.tiles3d) {
        EXPECT_TRUE(d.mesh->prepared) << "made by the worker that loaded it";
        EXPECT_TRUE(d.mesh->pickingOnly()) << "the CPU keeps only what picking reads";
        EXPECT_TRUE(d.mesh->images.empty()) << "the images live on the GPU alone";
        for (const auto& p : d.mesh->parts) images = std::max(images, size_t(p.image + 1));
      }
      EXPECT_EQ(images, textured ? 1u : 0u);
      EXPECT_GT(r->gpuMemory().tiles, 0u) << "counted from when the workers made them, before a frame draws them";
      const renderer::Image drawn = r->drawFrameAndRead(view, nullptr);
      EXPECT_EQ(drawn.rgba, expected.rgba);
      if (const char* out = std::getenv("CITYWALL_TEST_SAVE_PNG"); out && textured && !staged) {
        std::string error;
        renderer::savePng(drawn, out, error);
      }
      // In place, the worker wrote the buffers and the frame records only
      // the textures' copies; staged, it also records the buffers' copies
      // the worker queued.
      if (staged) EXPECT_GE(r->lastFrameStats().uploads, 2 * view.tiles3d.size() + images);
      else EXPECT_EQ(r->lastFrameStats().uploads, images);
      r->waitIdle();
      EXPECT_EQ(r->validationMessages(), 0u);

      // The renderer goes while the streamer still holds what it prepared.
      testing::internal::CaptureStderr();
      r.reset();
      const std::string said = testing::internal::GetCapturedStderr();
      EXPECT_EQ(said.find("[vulkan validation]"), std::string::npos) << said;

      // A new renderer (a device lost) cannot make those meshes from what
      // the CPU kept: it leaves them out until the streamer has read them
      // again for it.
      auto again = renderer::Renderer::createHeadless(validated(), 320, 180);
      again->setCity(set.city);
      EXPECT_EQ(again->drawFrameAndRead(view, nullptr).rgba, withoutTiles.rgba) << "the old renderer's meshes left out";
      tiles.setPreparer(again->meshPreparer());
      scene::FrameView reread = set.view;
      set.loadAll(tiles, reread);
      EXPECT_GE(tiles.stats().readAgain, view.tiles3d.size()) << "each content the lost renderer had made read again";
      for (const auto& d : reread.tiles3d) EXPECT_TRUE(d.mesh->prepared && d.mesh->pickingOnly());
      EXPECT_EQ(again->drawFrameAndRead(reread, nullptr).rgba, expected.rgba) << "the meshes read again for the new renderer";
      again->waitIdle();
      EXPECT_EQ(again->validationMessages(), 0u);
    }
  }
  unsetenv("CITYWALL_STAGED_UPLOADS");
}
