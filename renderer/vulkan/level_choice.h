#pragma once
// Which level of a chunk to draw (scene::BuildingChunk: the full level or
// the coarse one). The CPU's chunk culling (city_pass.cpp) applies it
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

}  // namespace citywall::renderer::vulkan
