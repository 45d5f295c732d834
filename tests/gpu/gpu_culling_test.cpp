// GPU-driven culling (renderer/vulkan/gpu_culling.h) on the default device
// (lavapipe in CI), validation on: it draws what the CPU's chunk culling
// draws, leaves out what is hidden, and its records describe the city.

#include <gtest/gtest.h>

#include <cstdio>

#include "app/view_setup.h"
#include "assets/city_loader.h"
#include "image_compare.h"
#include "test_cities.h"
#include "renderer/renderer.h"
#include "renderer/vulkan/gpu_culling.h"

using namespace citywall;

namespace {

using test::shanghai;

using Occlusion = renderer::RendererOptions::Occlusion;

std::unique_ptr<renderer::Renderer> make(bool gpu, Occlusion occlusion, uint32_t w, uint32_t h) {
  renderer::RendererOptions o;
  o.validation = true;
  o.gpuCulling = gpu;
  o.occlusion = occlusion;
  auto r = renderer::Renderer::createHeadless(o, w, h);
  r->setCity(shanghai());
  return r;
}

// The views a wall shows: the whole district, a far one (level of detail
// drops buildings), a low one among the towers (most of the city hidden),
// and one looking out of the city (most chunks behind the eye).
std::vector<std::pair<std::string, scene::FrameView>> views(uint32_t w, uint32_t h) {
  const auto& city = shanghai();
  std::vector<std::pair<std::string, scene::FrameView>> out;
  scene::MapCamera cam;
  cam.fitBox(city.boundsMin, city.boundsMax, w, h);
  cam.pitch = 50, cam.heading = -25;
  out.emplace_back("overview", app::frameView(cam, scene::nightTheme(), w, h));
  scene::MapCamera far = cam;
  far.distance *= 4;
  out.emplace_back("far", app::frameView(far, scene::nightTheme(), w, h));
  scene::MapCamera low;
  low.target = (city.boundsMin + city.boundsMax) * 0.5;
  low.target.z = 0;
  low.distance = 300, low.pitch = 88, low.heading = 200;
  out.emplace_back("street", app::frameView(low, scene::nightTheme(), w, h));
  scene::MapCamera out2;
  out2.target = {city.boundsMin.x, city.boundsMin.y, 0};
  out2.distance = 200, out2.pitch = 80, out2.heading = 225;
  out.emplace_back("looking out", app::frameView(out2, scene::nightTheme(), w, h));
  return out;
}

}  // namespace

TEST(GpuCulling, RecordsGiveEachBuildingItsBoxAndIndexRuns) {
  const auto& city = shanghai();
  const auto records = renderer::vulkan::makeCullRecords(city);
  ASSERT_EQ(records.chunks.size(), city.chunks.size());
  ASSERT_EQ(records.buildings.size(), city.buildings.size());
  uint64_t indices = 0, lines = 0;
  for (size_t c = 0; c < city.chunks.size(); ++c) {
    const auto& chunk = city.chunks[c];
    const auto& rec = records.chunks[c];
    EXPECT_EQ(rec.buildingCount, chunk.buildingCount);
    EXPECT_EQ(double(rec.originHigh[0]) + rec.originLow[0], chunk.origin.x);
    for (uint32_t b = rec.firstBuilding; b < rec.firstBuilding + rec.buildingCount; ++b) {
      const auto& br = records.buildings[b];
      EXPECT_EQ(city.buildings[b].chunk, c);
      EXPECT_GE(br.firstIndex, chunk.firstIndex);
      EXPECT_LE(br.firstIndex + br.indexCount, chunk.firstIndex + chunk.indexCount);
      EXPECT_EQ(br.indexCount % 3, 0u);
      EXPECT_EQ(br.lineCount % 2, 0u);
      // Every vertex the building's triangles use is its own and inside its box.
      for (uint32_t i = br.firstIndex; i < br.firstIndex + br.indexCount; ++i) {
        const auto& v = city.vertices[size_t(chunk.vertexOffset + int32_t(city.indices[i]))];
        ASSERT_EQ(v.building, b);
        for (int k = 0; k < 3; ++k) {
          EXPECT_GE(v.position[k], br.lo[k]);
          EXPECT_LE(v.position[k], br.hi[k]);
        }
      }
      // A building's height is its box's top (the chunk origin is on the ground, near enough).
      EXPECT_NEAR(br.hi[2] - br.lo[2], city.buildings[b].height - city.buildings[b].minHeight, 2.0);
      // Its coarse runs lie in the chunk's coarse level and use its own vertices.
      if (br.coarseIndexCount) {
        EXPECT_GE(br.coarseFirstIndex, chunk.coarseFirstIndex);
        EXPECT_LE(br.coarseFirstIndex + br.coarseIndexCount, chunk.coarseFirstIndex + chunk.coarseIndexCount);
      }
      for (uint32_t i = br.coarseFirstIndex; i < br.coarseFirstIndex + br.coarseIndexCount; ++i)
        ASSERT_EQ(city.vertices[size_t(chunk.vertexOffset + int32_t(city.indices[i]))].building, b);
      indices += br.indexCount + br.coarseIndexCount, lines += br.lineCount + br.coarseLineCount;
    }
  }
  // The block levels are drawn whole: no building has a run there.
  for (const auto& c : city.chunks) indices += c.blockIndexCount, lines += c.blockLineCount;
  EXPECT_EQ(indices, city.indices.size()) << "the runs (both levels) and the block levels cover every index once";
  EXPECT_EQ(lines, city.lineIndices.size());
}

TEST(GpuCulling, RecordsRefuseBuildingsSplitAcrossRuns) {
  scene::CityModel city = shanghai();
  ASSERT_GT(city.chunks[0].buildingCount, 1u);
  // Swap the first triangle of the chunk with its last: the first building's run is broken.
  const auto& c = city.chunks[0];
  for (int k = 0; k < 3; ++k) std::swap(city.indices[c.firstIndex + k], city.indices[c.firstIndex + c.indexCount - 3 + k]);
  EXPECT_THROW(renderer::vulkan::makeCullRecords(city), std::invalid_argument);
}

// The same pictures with culling on the GPU (with and without occlusion) as
// with the CPU's chunk culling; occlusion draws fewer triangles where the
// towers hide the city.
TEST(GpuCulling, DrawsTheSamePictureAsCpuCullingWithFewerTriangles) {
  constexpr uint32_t w = 480, h = 270;
  auto cpu = make(false, Occlusion::off, w, h);
  auto frustum = make(true, Occlusion::off, w, h);
  auto occlusion = make(true, Occlusion::always, w, h);
  for (auto [name, view] : views(w, h)) {
    for (const float lod : {0.0f, 1.0f}) {
      view.buildingLodPixels = lod;
      view.outlinePixels = lod;  // outlines judged like the buildings (per building on the GPU, per chunk on the CPU)
      const auto expected = cpu->drawFrameAndRead(view, nullptr);
      const auto cpuStats = cpu->lastFrameStats();
      // Two frames each: the second is the one a wall shows (occlusion knows the last frame's visibility).
      frustum->drawFrame(view, nullptr);
      const auto byFrustum = frustum->drawFrameAndRead(view, nullptr);
      const auto frustumStats = frustum->lastFrameStats();
      occlusion->drawFrame(view, nullptr);
      const auto byOcclusion = occlusion->drawFrameAndRead(view, nullptr);
      const auto occlusionStats = occlusion->lastFrameStats();
      const auto d1 = test::compareImages(byFrustum, expected, 24);
      const auto d2 = test::compareImages(byOcclusion, expected, 24);
      std::printf("%-12s lod %.0f px: triangles cpu %llu, gpu %llu, gpu+occlusion %llu of %llu; pixels differing %zu, %zu\n",
                  name.c_str(), lod, (unsigned long long)cpuStats.buildingTriangles, (unsigned long long)frustumStats.buildingTriangles,
                  (unsigned long long)occlusionStats.buildingTriangles, (unsigned long long)occlusionStats.trianglesLoaded,
                  size_t(d1.differing), size_t(d2.differing));
      EXPECT_TRUE(frustumStats.gpuCulled);
      EXPECT_FALSE(cpuStats.gpuCulled);
      EXPECT_EQ(occlusionStats.trianglesLoaded, shanghai().triangleCount());
      // Per building rather than per chunk, the GPU never draws more.
      EXPECT_LE(frustumStats.buildingTriangles, cpuStats.buildingTriangles) << name;
      EXPECT_LE(occlusionStats.buildingTriangles, frustumStats.buildingTriangles) << name;
      // Sub-pixel buildings are judged per building on the GPU and per chunk
      // on the CPU; everything else matches.
      EXPECT_LT(d1.fraction, lod > 0 ? 0.003 : 0.0005) << name;
      EXPECT_LT(d2.fraction, lod > 0 ? 0.003 : 0.0005) << name;
    }
  }
  for (auto* r : {cpu.get(), frustum.get(), occlusion.get()}) {
    r->waitIdle();
    EXPECT_EQ(r->validationMessages(), 0u);
  }
}

TEST(GpuCulling, OcclusionLeavesOutTheHiddenCityInAStreetView) {
  constexpr uint32_t w = 480, h = 270;
  auto frustum = make(true, Occlusion::off, w, h);
  auto occlusion = make(true, Occlusion::always, w, h);
  const auto view = views(w, h)[2].second;  // among the towers
  frustum->drawFrame(view, nullptr);
  frustum->drawFrame(view, nullptr);
  frustum->waitIdle();
  occlusion->drawFrame(view, nullptr);
  occlusion->drawFrame(view, nullptr);
  occlusion->waitIdle();
  const auto all = frustum->lastFrameStats().buildingTriangles, seen = occlusion->lastFrameStats().buildingTriangles;
  std::printf("street view: %llu triangles in the frustum, %llu not hidden\n", (unsigned long long)all, (unsigned long long)seen);
  EXPECT_LT(seen, all * 3 / 4) << "at least a quarter of what is in view is hidden";
  EXPECT_EQ(occlusion->validationMessages(), 0u);
}

// A building that was hidden (its style) and comes back shows the same
// frame; a camera that turns around finds what the last frame did not see.
TEST(GpuCulling, WhatComesIntoViewShowsTheSameFrame) {
  constexpr uint32_t w = 320, h = 180;
  auto cpu = make(false, Occlusion::off, w, h);
  auto occlusion = make(true, Occlusion::always, w, h);
  const auto vs = views(w, h);
  // Looking out of the city, then straight back over it: the early phase
  // knows none of what is now in view; the late phase must draw it.
  for (auto [name, view] : {vs[3], vs[0], vs[2], vs[1]}) {
    view.buildingLodPixels = 0;  // the CPU judges sub-pixel buildings per chunk, the GPU per building
    view.outlinePixels = 0;      // … and small buildings' outlines
    const auto expected = cpu->drawFrameAndRead(view, nullptr);
    const auto actual = occlusion->drawFrameAndRead(view, nullptr);
    const auto d = test::compareImages(actual, expected, 24);
    std::printf("first frame after a jump to %s: %zu pixels differ\n", name.c_str(), size_t(d.differing));
    EXPECT_LT(d.fraction, 0.0005) << name;
  }
  occlusion->waitIdle();
  EXPECT_EQ(occlusion->validationMessages(), 0u);
}

// Left to itself, occlusion is tested only while it pays: a view where it
// hides nothing (every roof seen from above) soon draws without it, and a
// view down the avenues, where it hides much, tests it again within the
// probe interval.
TEST(GpuCulling, OcclusionRestsWhereItHidesNothing) {
  constexpr uint32_t w = 320, h = 180;
  auto r = make(true, Occlusion::whenItPays, w, h);
  const auto vs = views(w, h);
  auto view = vs[1].second;  // far: every building seen
  r->drawFrame(view, nullptr);
  r->waitIdle();
  EXPECT_TRUE(r->lastFrameStats().occlusionTested) << "the first frame finds out";
  for (int i = 0; i < 4; ++i) r->drawFrame(view, nullptr);
  r->waitIdle();
  EXPECT_FALSE(r->lastFrameStats().occlusionTested) << "hiding nothing, it rests";
  int tested = 0;
  for (int i = 0; i < 40; ++i) {
    r->drawFrame(vs[2].second, nullptr);  // the street: most of the city hidden
    r->waitIdle();
    tested += r->lastFrameStats().occlusionTested ? 1 : 0;
  }
  EXPECT_GT(tested, 0) << "tried again within the probe interval";
  EXPECT_EQ(r->validationMessages(), 0u);
}
