#pragma once
// HeatmapPass: kernel density of the heat layer's points on the GPU —
// splat (one atomic add per point and neighbour cell, bilinear) → horizontal
// Gaussian → vertical Gaussian (which also finds the maximum) — recorded
// before the render pass, then draped on the ground inside it. Binning then
// a separable blur is the algorithm that matters: the cost follows the
// points and the grid, not the kernel's area.

#include "renderer/renderer.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

class HeatmapPass {
 public:
  HeatmapPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots);

  /// Syncs this slot's points; (re)creates grid buffers when the grid changed.
  void prepare(uint32_t slot, const scene::FrameView& view);
  /// Records the compute passes (outside the render pass).
  void compute(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view);
  /// Records the drape (inside the render pass, after the ground).
  void draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, FrameStats& stats);

  /// The largest density the slot's last finished frame found (for the auto domain).
  float lastMax(uint32_t slot) const;
  /// The density grid of the last finished frame (tests compare it with a CPU reference).
  std::vector<float> readDensity() const;
  uint32_t timestampCount() const { return 4; }

 private:
  struct PerSlot {
    GpuBuffer points, maxValue;
    uint32_t capacity = 0, count = 0;
    std::vector<uint32_t> pending;
    vk::UniqueDescriptorSet descriptors;
    bool descriptorsValid = false;
  };
  void writeDescriptors(PerSlot& s);
  bool active(const scene::FrameView& view) const;

  const Context& ctx_;
  vk::UniqueDescriptorSetLayout setLayout_;
  vk::UniquePipelineLayout layout_;
  vk::UniqueDescriptorPool pool_;
  vk::UniquePipeline splat_, blurH_, blurV_, field_, drape_;
  GpuBuffer bins_, temp_, density_;
  GpuBuffer drapeVertices_, drapeIndices_;
  uint32_t drapeIndexCount_ = 0;
  std::vector<scene::IndexRun> drapeRuns_;  // this frame's cells of the drape (kept: no allocation a frame)
  scene::HeatGrid grid_;
  const scene::GroundMesh* drapeSource_ = nullptr;
  std::vector<PerSlot> slots_;
  // The density is recomputed only when the points changed, or when decay or
  // a time window make it depend on the clock (then at most twice a second).
  bool computeThisFrame_ = false;
  bool densityValid_ = false;
  const void* computedSource_ = nullptr;  // a different layer (cases ↔ sensor field) means recompute
  float computedClock_ = 0;
};

}  // namespace citywall::renderer::vulkan
