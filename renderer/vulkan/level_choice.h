#pragma once
// Which level of a chunk to draw (scene::BuildingChunk: the full level, the
// coarse one or the block one). The CPU's chunk culling (city_pass.cpp) applies it
// here; the GPU's (shaders/cull_level.comp) the same, given the share in
// its uniforms (gpu_culling.cpp).

namespace citywall::renderer::vulkan {

/// To switch to the coarse level its error must span under this share of
/// the threshold; to switch back, the threshold itself. A chunk whose error
/// hovers at the threshold (a camera resting there, a slow flight) keeps
/// its level instead of flickering between the two.
inline constexpr float kCoarseEnterShare = 0.8f;

/// Whether a chunk is drawn coarse this frame: `errorPixels` is its coarse
/// level's error in pixels at its nearest point, `threshold`
/// FrameView::coarsePixels (0: never).
inline bool drawCoarse(bool wasCoarse, float errorPixels, float threshold) {
  return threshold > 0 && errorPixels < (wasCoarse ? threshold : threshold * kCoarseEnterShare);
}

/// A chunk's levels, coarser as they go (the values the GPU culling keeps per chunk).
enum ChunkLevel : unsigned { kFullLevel = 0, kCoarseLevel = 1, kBlockLevel = 2 };

/// The level a chunk is drawn at this frame, the coarsest whose error spans
/// under its threshold (drawCoarse's rule; a chunk at a coarser level than
/// one counts as being at it). `coarsePixels`, `blockPixels`: the levels'
/// errors in pixels, < 0 where the chunk lacks the level. A coarse
/// threshold of 0 keeps every chunk in full (the block level too).
inline ChunkLevel chooseLevel(ChunkLevel was, float coarsePixels, float blockPixels, float coarseThreshold, float blockThreshold) {
  if (coarseThreshold <= 0) return kFullLevel;
  if (blockPixels >= 0 && drawCoarse(was >= kBlockLevel, blockPixels, blockThreshold)) return kBlockLevel;
  if (coarsePixels >= 0 && drawCoarse(was >= kCoarseLevel, coarsePixels, coarseThreshold)) return kCoarseLevel;
  return kFullLevel;
}

}  // namespace citywall::renderer::vulkan
