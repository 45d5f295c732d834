#pragma once
// BaseMapPass: the city under the data — water, green space and land use
// as filled areas, streets as lines widened on the GPU (metres, or a
// minimum in pixels) with a casing under them — laid on the ground after
// the ground mesh and before the choropleth, the heat and the buildings.
// Three draws a frame. Drawn without a depth test, like the regions: flat
// triangles would dip under the curved ground; what comes after covers them.
// The governance layers' lines and areas are drawn by a second BaseMapPass
// with their own palette (two entries per layer) after the heat.

#include <span>

#include "renderer/deferred_deleter.h"
#include "renderer/renderer.h"
#include "renderer/vulkan/resources.h"
#include "renderer/vulkan/upload_queue.h"

namespace citywall::renderer::vulkan {

class BaseMapPass {
 public:
  /// Its buffers go through `uploads` (a piece of the map for a new view never waits for the GPU).
  BaseMapPass(const Context& ctx, UploadQueue& uploads, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots);
  /// The most palette entries a frame may give (shaders/basemap.glsl).
  static constexpr size_t kPaletteSize = 256;
  /// Uploads the city's base map (the old buffers retire once the GPU is done with them).
  void setBaseMap(const scene::BaseMap& map, DeferredDeleter& deleter, uint64_t lastUse);
  /// This frame's palette, by style (at most kPaletteSize entries).
  void prepare(uint32_t slot, std::span<const scene::BaseMapPaint> paints);
  void draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, uint32_t viewportHeight, FrameStats& stats);
  bool empty() const { return !areaCount_ && !lineCount_; }
  vk::DeviceSize memoryBytes() const { return vertices_.size + areas_.size + lines_.size; }

 private:
  struct PerSlot {
    GpuBuffer palette;
    vk::UniqueDescriptorSet descriptors;
  };
  const Context& ctx_;
  UploadQueue& uploads_;
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
