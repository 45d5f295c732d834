#pragma once
// MarkerPass: the case markers, one instanced draw for all of them (plus the
// same draw again, dimmed, for markers behind buildings). Each frame slot
// keeps its own copy of the instances; only instances that changed since
// that slot last drew are copied into it.

#include "renderer/renderer.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

class MarkerPass {
 public:
  MarkerPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots);

  /// Takes this frame's changes and brings `slot`'s instance buffer up to date.
  void prepare(uint32_t slot, const scene::MarkerFrame& markers);
  void record(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, const scene::MarkerFrame& markers,
              vk::Extent2D extent, FrameStats& stats);

 private:
  struct PerSlot {
    GpuBuffer buffer;
    uint32_t capacity = 0;
    uint32_t count = 0;
    std::vector<uint32_t> pending;  // instances changed since this slot was last updated
    const void* source = nullptr;   // the array last copied (clusters and raw markers take turns)
  };
  const Context& ctx_;
  vk::UniquePipelineLayout layout_;
  vk::UniquePipeline visible_, hidden_;
  std::vector<PerSlot> slots_;
};

}  // namespace citywall::renderer::vulkan
