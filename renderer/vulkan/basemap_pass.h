#pragma once
// BaseMapPass: the city under the data — water, green space and land use
// as filled areas, streets as lines widened on the GPU (metres, or a
// minimum in pixels) with a casing under them — laid on the ground after
// the ground mesh and before the choropleth, the heat and the buildings.
// Three draws a frame. Drawn without a depth test, like the regions: flat
// triangles would dip under the curved ground; what comes after covers them.

#include "renderer/deferred_deleter.h"
#include "renderer/renderer.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

class BaseMapPass {
 public:
  BaseMapPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots);
  /// Uploads the city's base map (the old buffers retire once the GPU is done with them).
  void setBaseMap(const scene::BaseMap& map, DeferredDeleter& deleter, uint64_t lastUse);
  void prepare(uint32_t slot, const scene::FrameView& view);
  void draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, uint32_t viewportHeight, FrameStats& stats);
  vk::DeviceSize memoryBytes() const { return vertices_.size + areas_.size + lines_.size; }

 private:
  struct PerSlot {
    GpuBuffer palette;
    vk::UniqueDescriptorSet descriptors;
  };
  const Context& ctx_;
  vk::UniqueDescriptorSetLayout setLayout_;
  vk::UniquePipelineLayout layout_;
  vk::UniqueDescriptorPool pool_;
  vk::UniquePipeline pipeline_;
  GpuBuffer vertices_, areas_, lines_;
  uint32_t areaCount_ = 0, lineCount_ = 0;
  glm::dvec3 origin_{0.0};
  std::vector<PerSlot> slots_;
};

}  // namespace citywall::renderer::vulkan
