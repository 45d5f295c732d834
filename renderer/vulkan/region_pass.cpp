#include "renderer/vulkan/region_pass.h"

#include <cstring>
#include <glm/gtc/matrix_transform.hpp>

#include "renderer/vulkan/pipeline_states.h"
#include "scene/color.h"

namespace citywall::renderer::vulkan {
namespace {
struct Push {
  glm::mat4 transform;
  glm::vec4 outline;
};
constexpr auto kStages = vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment;

}  // namespace

RegionPass::RegionPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots)
    : ctx_(ctx), slots_(slots) {
  const vk::DescriptorSetLayoutBinding binding(0, vk::DescriptorType::eStorageBuffer, 1, vk::ShaderStageFlagBits::eFragment);
  setLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, binding});
  const vk::PushConstantRange push(kStages, 0, sizeof(Push));
  layout_ = ctx.device().createPipelineLayoutUnique({{}, *setLayout_, push});
  const vk::DescriptorPoolSize size(vk::DescriptorType::eStorageBuffer, slots);
  pool_ = ctx.device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, slots, size});
  for (auto& s : slots_) s.descriptors = std::move(ctx.device().allocateDescriptorSetsUnique({*pool_, *setLayout_})[0]);

  auto vert = loadShader(ctx, "region.vert.spv");
  const vk::VertexInputAttributeDescription attrs[] = {{0, 0, vk::Format::eR32G32B32Sfloat, 0},
                                                       {1, 0, vk::Format::eR32Uint, 12}};
  GraphicsPipelineDesc d;
  d.vertex = *vert;
  d.stride = sizeof(scene::RegionVertex), d.attributes = attrs;
  d.depthTest = false, d.depthWrite = false, d.depthCompare = vk::CompareOp::eAlways, d.blend = true;
  d.samples = samples, d.layout = *layout_, d.renderPass = renderPass, d.what = "region";
  for (auto [frag, topology, out] : {std::tuple{"region_fill.frag.spv", vk::PrimitiveTopology::eTriangleList, &fill_},
                                     {"region_outline.frag.spv", vk::PrimitiveTopology::eLineList, &outline_}}) {
    auto f = loadShader(ctx, frag);
    d.fragment = *f, d.topology = topology;
    *out = createGraphicsPipeline(ctx, d);
  }
}

void RegionPass::prepare(uint32_t slot, const scene::FrameView& view) {
  const scene::RegionFrame& regions = view.regions;
  if (!regions.present()) return;
  const scene::RegionSet& set = *regions.set;
  if (uploaded_ != &set) {
    // A new region set is rare (a config change): wait for the GPU, then replace.
    ctx_.device().waitIdle();
    using U = vk::BufferUsageFlagBits;
    vertices_ = GpuBuffer::upload(ctx_, bytesOf(set.vertices), U::eVertexBuffer);
    fillIndices_ = GpuBuffer::upload(ctx_, bytesOf(set.fill), U::eIndexBuffer);
    outlineIndices_ = GpuBuffer::upload(ctx_, bytesOf(set.outline), U::eIndexBuffer);
    fillCount_ = uint32_t(set.fill.size()), outlineCount_ = uint32_t(set.outline.size());
    uploaded_ = &set;
    for (auto& s : slots_) s.version = 0, s.count = 0;
  }
  PerSlot& s = slots_[slot];
  const auto colors = regions.colors;
  if (s.count != colors.size()) {
    s.colors = GpuBuffer::create(ctx_, std::max<size_t>(1, colors.size()) * 4, vk::BufferUsageFlagBits::eStorageBuffer,
                                 vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
    s.count = colors.size();
    s.version = 0;
    const vk::DescriptorBufferInfo info(*s.colors.buffer, 0, VK_WHOLE_SIZE);
    ctx_.device().updateDescriptorSets(vk::WriteDescriptorSet(*s.descriptors, 0, 0, vk::DescriptorType::eStorageBuffer, {}, info), {});
  }
  if (s.version != regions.version && !colors.empty()) {  // only when a region changed class
    std::memcpy(s.colors.mapped, colors.data(), colors.size() * 4);
    s.version = regions.version;
  }
}

void RegionPass::draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, FrameStats& stats) {
  const scene::RegionFrame& regions = view.regions;
  if (!regions.present() || !fillCount_ || !slots_[slot].count) return;
  Push push;
  push.transform = view.camera.projection * view.camera.viewRotation *
                   glm::translate(glm::mat4(1), glm::vec3(regions.set->origin - view.camera.eye));
  push.outline = glm::vec4(scene::linearRgb(regions.outlineRgb), 0.75f);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *layout_, 0, *slots_[slot].descriptors, {});
  cmd.pushConstants(*layout_, kStages, 0, sizeof(Push), &push);
  cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
  cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *fill_);
  cmd.bindIndexBuffer(*fillIndices_.buffer, 0, vk::IndexType::eUint32);
  cmd.drawIndexed(fillCount_, 1, 0, 0, 0);
  cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *outline_);
  cmd.bindIndexBuffer(*outlineIndices_.buffer, 0, vk::IndexType::eUint32);
  cmd.drawIndexed(outlineCount_, 1, 0, 0, 0);
  stats.drawCalls += 2;
  stats.triangles += fillCount_ / 3;
}

}  // namespace citywall::renderer::vulkan
