// The coarse and block levels of the extruded city (scene::BuildingChunk,
// drawn where their errors span under FrameView::coarsePixels and
// blockPixels) on the default device (lavapipe in CI), validation on, with
// the GPU's culling and the CPU's: far away each keeps the picture with
// fewer triangles, near they are not used, a chunk keeps its level inside
// the hysteresis band, and a chunk with a styled building is drawn in full.

#include <gtest/gtest.h>

#include <cstdio>

#include "app/view_setup.h"
#include "image_compare.h"
#include "renderer/renderer.h"
#include "renderer/vulkan/level_choice.h"
#include "test_cities.h"

using namespace citywall;

namespace {

using test::shanghai;

std::unique_ptr<renderer::Renderer> make(bool gpu, uint32_t w, uint32_t h) {
  renderer::RendererOptions o;
  o.validation = true;
  o.gpuCulling = gpu;
  o.occlusion = renderer::RendererOptions::Occlusion::off;
  auto r = renderer::Renderer::createHeadless(o, w, h);
  r->setCity(shanghai());
  return r;
}

// The whole district from `times` the distance that fits it: from afar
// (1.5: every chunk's coarse error under a pixel), from farther still (4:
// the block level's too).
scene::FrameView fitted(uint32_t w, uint32_t h, double times) {
  const auto& city = shanghai();
  scene::MapCamera cam;
  cam.fitBox(city.boundsMin, city.boundsMax, w, h);
  cam.pitch = 45, cam.heading = -25;
  cam.distance *= times;
  return app::frameView(cam, scene::nightTheme(), w, h);
}
scene::FrameView farView(uint32_t w, uint32_t h) { return fitted(w, h, 1.5); }
scene::FrameView fartherView(uint32_t w, uint32_t h) { return fitted(w, h, 4); }

// A view among its towers (no chunk coarse).
scene::FrameView nearView(uint32_t w, uint32_t h) {
  const auto& city = shanghai();
  scene::MapCamera cam;
  cam.target = (city.boundsMin + city.boundsMax) * 0.5;
  cam.target.z = 0;
  cam.distance = 400, cam.pitch = 70, cam.heading = 200;
  return app::frameView(cam, scene::nightTheme(), w, h);
}

uint32_t chunksWithBlockLevel() {
  uint32_t n = 0;
  for (const auto& c : shanghai().chunks) n += c.blockIndexCount > 0;
  return n;
}

// Chunks with a coarse level (the others would save too little: free-standing towers).
uint32_t chunksWithCoarseLevel() {
  uint32_t n = 0;
  for (const auto& c : shanghai().chunks) n += c.coarseIndexCount > 0;
  return n;
}

// Two frames (the second is what a wall shows: the levels have settled).
renderer::Image settle(renderer::Renderer& r, const scene::FrameView& view) {
  r.drawFrame(view, nullptr);
  return r.drawFrameAndRead(view, nullptr);
}

}  // namespace

TEST(LevelOfDetail, FarAwayTheCoarseLevelKeepsThePictureWithFewerTriangles) {
  constexpr uint32_t w = 640, h = 360;
  for (const bool gpu : {true, false}) {
    auto r = make(gpu, w, h);
    for (const auto& [name, base] : {std::pair{"far", farView(w, h)}, std::pair{"near", nearView(w, h)}}) {
      scene::FrameView full = base, coarse = base;
      full.coarsePixels = 0;
      coarse.blockPixels = 0;  // the coarse level alone (the next test adds the block level)
      const auto expected = settle(*r, full);
      const auto fullStats = r->lastFrameStats();
      const auto actual = settle(*r, coarse);
      const auto coarseStats = r->lastFrameStats();
      const auto d = test::compareImages(actual, expected, 24);
      std::printf("%s culling, %s: %u of %u chunks coarse, building triangles %llu → %llu, %zu pixels (%.3f %%) differ\n",
                  gpu ? "GPU" : "CPU", name, coarseStats.chunksCoarse, coarseStats.chunksTotal,
                  (unsigned long long)fullStats.buildingTriangles, (unsigned long long)coarseStats.buildingTriangles,
                  size_t(d.differing), d.fraction * 100);
      EXPECT_EQ(fullStats.chunksCoarse, 0u);
      if (std::string(name) == "far") {
        EXPECT_EQ(coarseStats.chunksCoarse, chunksWithCoarseLevel()) << "every chunk's error is under a pixel";
        EXPECT_LT(coarseStats.buildingTriangles, fullStats.buildingTriangles * 95 / 100);
        // The same silhouette and shading within a pixel's error: a few edge pixels differ.
        EXPECT_LT(d.fraction, 0.01);
        std::string error;
        if (d.fraction >= 0.01) renderer::savePng(d.diff, std::string("lod_far_diff_") + (gpu ? "gpu" : "cpu") + ".png", error);
      } else {
        EXPECT_LT(coarseStats.chunksCoarse, chunksWithCoarseLevel()) << "near, the chunks around the eye are drawn in full";
        EXPECT_LT(d.fraction, 0.002);
      }
    }
    r->waitIdle();
    EXPECT_EQ(r->validationMessages(), 0u);
  }
}

// The rule both cullings follow (renderer/vulkan/level_choice.h).
TEST(LevelOfDetail, TheChoiceIsTheCoarsestLevelUnderItsThresholdWithHysteresis) {
  using namespace renderer::vulkan;
  // Errors in pixels: coarse 0.2, block 0.7; thresholds 1 (enter under 0.8).
  EXPECT_EQ(chooseLevel(kFullLevel, 0.2f, 0.7f, 1, 1), kBlockLevel);
  EXPECT_EQ(chooseLevel(kFullLevel, 0.2f, 0.9f, 1, 1), kCoarseLevel) << "0.9 is over the share to enter";
  EXPECT_EQ(chooseLevel(kBlockLevel, 0.2f, 0.9f, 1, 1), kBlockLevel) << "but under the threshold to stay";
  EXPECT_EQ(chooseLevel(kBlockLevel, 0.3f, 1.1f, 1, 1), kCoarseLevel) << "out of the block level: the coarse one counts as held";
  EXPECT_EQ(chooseLevel(kBlockLevel, 0.9f, 3.0f, 1, 1), kCoarseLevel);
  EXPECT_EQ(chooseLevel(kCoarseLevel, 1.1f, 3.0f, 1, 1), kFullLevel);
  EXPECT_EQ(chooseLevel(kFullLevel, -1.f, 0.1f, 1, 1), kBlockLevel) << "a chunk may lack a level";
  EXPECT_EQ(chooseLevel(kFullLevel, 0.2f, -1.f, 1, 1), kCoarseLevel);
  EXPECT_EQ(chooseLevel(kFullLevel, 0.2f, 0.1f, 1, 0), kCoarseLevel) << "block threshold 0: never";
  EXPECT_EQ(chooseLevel(kBlockLevel, 0.2f, 0.1f, 0, 1), kFullLevel) << "coarse threshold 0: every chunk in full";
}

// Farther still, chunks go to their block level (buildings merged into
// blocks, towers kept): fewer triangles than the full level, the same
// silhouette within a few edge pixels of the full level, the GPU's choice
// the CPU's.
TEST(LevelOfDetail, FartherTheBlockLevelKeepsTheSilhouetteWithFewerTriangles) {
  constexpr uint32_t w = 640, h = 360;
  ASSERT_GT(chunksWithBlockLevel(), 0u);
  uint32_t blockChunks[2] = {};
  for (const bool gpu : {true, false}) {
    auto r = make(gpu, w, h);
    scene::FrameView full = fartherView(w, h), coarse = full, block = full;
    full.coarsePixels = 0;
    coarse.blockPixels = 0;
    const auto expected = settle(*r, full);
    const auto fullStats = r->lastFrameStats();
    settle(*r, coarse);
    const auto coarseStats = r->lastFrameStats();
    const auto actual = settle(*r, block);
    const auto blockStats = r->lastFrameStats();
    const auto d = test::compareImages(actual, expected, 24);
    std::printf("%s culling, farther: %u chunks at the block level (of %u with one), building triangles %llu (full) → %llu "
                "(coarse) → %llu (block), %zu pixels (%.3f %%) differ from the full level\n",
                gpu ? "GPU" : "CPU", blockStats.chunksBlock, chunksWithBlockLevel(), (unsigned long long)fullStats.buildingTriangles,
                (unsigned long long)coarseStats.buildingTriangles, (unsigned long long)blockStats.buildingTriangles,
                size_t(d.differing), d.fraction * 100);
    blockChunks[gpu ? 0 : 1] = blockStats.chunksBlock;
    EXPECT_EQ(coarseStats.chunksBlock, 0u);
    EXPECT_EQ(blockStats.chunksBlock, chunksWithBlockLevel()) << "every chunk's block error is under a pixel";
    EXPECT_LT(blockStats.buildingTriangles, fullStats.buildingTriangles);
    // Per chunk the CPU draws fewer; the GPU culls the coarse level per
    // building (sub-pixel ones left out one by one), the block level per
    // chunk, so on a district of towers (Shanghai's blocks are few) the two
    // come out about even. Manhattan's overview: BENCHMARKS.md.
    if (!gpu) {
      EXPECT_LT(blockStats.buildingTriangles, coarseStats.buildingTriangles);
    }
    EXPECT_LT(blockStats.buildingTriangles, coarseStats.buildingTriangles * 11 / 10);
    EXPECT_LT(d.fraction, 0.01);
    std::string error;
    if (d.fraction >= 0.01) renderer::savePng(d.diff, std::string("lod_block_diff_") + (gpu ? "gpu" : "cpu") + ".png", error);
    r->waitIdle();
    EXPECT_EQ(r->validationMessages(), 0u);
  }
  EXPECT_EQ(blockChunks[0], blockChunks[1]);
}

// Inside the band between four fifths of the threshold and the threshold, a
// chunk stays at the level it had: a wall coming from afar keeps more chunks
// coarse than one coming from near, at the same view, frame after frame;
// and the GPU's rule is the CPU's.
TEST(LevelOfDetail, AChunkInTheHysteresisBandKeepsItsLevel) {
  constexpr uint32_t w = 640, h = 360;
  auto gpu = make(true, w, h), cpu = make(false, w, h);
  const scene::FrameView base = farView(w, h);
  bool banded = false;
  // Thresholds a fifth apart, so every chunk's error falls in some band
  // [0.8 T, T) (the errors of this view lie between them).
  for (float threshold = 0.05f; threshold < 0.11f; threshold *= 1.2f) {
    uint32_t counts[2][2] = {};  // [renderer][from far, from near]
    for (int which = 0; which < 2; ++which) {
      renderer::Renderer& r = which ? *cpu : *gpu;
      for (int from = 0; from < 2; ++from) {
        scene::FrameView start = base;
        start.coarsePixels = from == 0 ? 16.f : 0.f;  // every chunk coarse, or none
        settle(r, start);
        scene::FrameView view = base;
        view.coarsePixels = threshold;
        settle(r, view);
        counts[which][from] = r.lastFrameStats().chunksCoarse;
        r.drawFrame(view, nullptr);
        r.waitIdle();
        EXPECT_EQ(r.lastFrameStats().chunksCoarse, counts[which][from]) << "a still view keeps its levels";
      }
      EXPECT_GE(counts[which][0], counts[which][1]);
    }
    std::printf("threshold %.2f px: coarse chunks coming from afar %u (GPU) %u (CPU), from near %u (GPU) %u (CPU)\n", threshold,
                counts[0][0], counts[1][0], counts[0][1], counts[1][1]);
    EXPECT_EQ(counts[0][0], counts[1][0]);
    EXPECT_EQ(counts[0][1], counts[1][1]);
    banded = banded || counts[0][0] > counts[0][1];
  }
  EXPECT_TRUE(banded) << "some chunk lies in the band at one of the thresholds";
  EXPECT_EQ(gpu->validationMessages(), 0u);
  EXPECT_EQ(cpu->validationMessages(), 0u);
}

// Tint, hide and highlight live in the per-building table, which the coarse
// level shares; a chunk holding a styled building is still drawn in full, so
// a selection looks the same at every distance.
TEST(LevelOfDetail, AChunkWithAStyledBuildingIsDrawnInFull) {
  constexpr uint32_t w = 640, h = 360;
  for (const bool gpu : {true, false}) {
    auto r = make(gpu, w, h);
    scene::FrameView view = farView(w, h);
    settle(*r, view);
    const uint32_t before = r->lastFrameStats().chunksCoarse;
    ASSERT_GT(before, 0u);
    // A building of a chunk that is coarse from afar.
    uint32_t building = 0;
    while (!shanghai().chunks[shanghai().buildings[building].chunk].coarseIndexCount) ++building;
    const std::pair<uint32_t, scene::BuildingStyle> styled[] = {{building, {0xff3030ffu, false, true}}};
    view.buildings = {styled, 1};
    settle(*r, view);
    EXPECT_EQ(r->lastFrameStats().chunksCoarse, before - 1) << (gpu ? "GPU" : "CPU");
    view.buildings = {{}, 2};
    settle(*r, view);
    EXPECT_EQ(r->lastFrameStats().chunksCoarse, before) << "unstyled, it may go coarse again";
    r->waitIdle();
    EXPECT_EQ(r->validationMessages(), 0u);
  }
}

// Buildings spanning fewer pixels than FrameView::outlinePixels are drawn
// without outlines (per building on the GPU, per step of the chunk's
// largest-first order on the CPU): the smallest lose theirs, the large keep
// them, and the two ways mostly agree on which.
TEST(LevelOfDetail, SmallBuildingsAreDrawnWithoutOutlines) {
  constexpr uint32_t w = 640, h = 360;
  auto gpu = make(true, w, h), cpu = make(false, w, h);
  scene::FrameView view = farView(w, h);
  view.coarsePixels = 0;
  view.buildingLodPixels = 0;  // every building drawn: only the outlines differ
  view.outlinePixels = 0;
  const auto all = settle(*gpu, view);
  view.outlinePixels = 1e6f;  // none
  const auto none = settle(*gpu, view);
  view.outlinePixels = 2;
  const auto some = settle(*gpu, view);
  const auto someCpu = settle(*cpu, view);
  const auto allVsNone = test::compareImages(none, all, 24), gpuVsCpu = test::compareImages(some, someCpu, 24);
  const auto someVsAll = test::compareImages(some, all, 24);
  std::printf("pixels differing: no outlines against all %.3f %%, 2 px against all %.3f %%, GPU against CPU at 2 px %.3f %%\n",
              allVsNone.fraction * 100, someVsAll.fraction * 100, gpuVsCpu.fraction * 100);
  EXPECT_GT(allVsNone.fraction, 0.01) << "outlines show";
  EXPECT_GT(someVsAll.fraction, 0.0) << "some buildings lose theirs";
  EXPECT_LT(someVsAll.fraction, allVsNone.fraction) << "the big ones keep theirs";
  EXPECT_LT(gpuVsCpu.fraction, someVsAll.fraction) << "per building and per chunk step mostly agree";
  EXPECT_EQ(gpu->validationMessages(), 0u);
  EXPECT_EQ(cpu->validationMessages(), 0u);
}
