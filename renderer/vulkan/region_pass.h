#pragma once
// RegionPass: the choropleth — region fills coloured from a per-region
// table and their outlines, laid on the ground under the buildings. Drawn
// without a depth test: large flat triangles would dip under the curved
// ground; the buildings drawn after still cover them.

#include "renderer/renderer.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

class RegionPass {
 public:
  RegionPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots);
  void prepare(uint32_t slot, const scene::FrameView& view);
  void draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, FrameStats& stats);

 private:
  struct PerSlot {
    GpuBuffer colors;
    uint64_t version = 0;
    size_t count = 0;
    vk::UniqueDescriptorSet descriptors;
  };
  const Context& ctx_;
  vk::UniqueDescriptorSetLayout setLayout_;
  vk::UniquePipelineLayout layout_;
  vk::UniqueDescriptorPool pool_;
  vk::UniquePipeline fill_, outline_;
  GpuBuffer vertices_, fillIndices_, outlineIndices_;
  uint32_t fillCount_ = 0, outlineCount_ = 0;
  const scene::RegionSet* uploaded_ = nullptr;
  std::vector<PerSlot> slots_;
};

}  // namespace citywall::renderer::vulkan
