#include "renderer/vulkan/basemap_pass.h"

#include <algorithm>
#include <cstring>

#include "renderer/vulkan/pipeline_states.h"

namespace citywall::renderer::vulkan {
namespace {

// Matches shaders/basemap.glsl.
struct Palette {
  glm::vec4 fill[BaseMapPass::kPaletteSize], casing[BaseMapPass::kPaletteSize], sizes[BaseMapPass::kPaletteSize];
};
static_assert(scene::kBaseMapStyles <= BaseMapPass::kPaletteSize);
static_assert(2 * scene::kMaxFeatureLayers <= BaseMapPass::kPaletteSize);
static_assert(sizeof(Palette) <= 16384);  // the smallest maxUniformBufferRange Vulkan allows
struct Push {
  glm::mat4 viewProjection;
  glm::vec4 originFromEye, fog, params;
};
static_assert(sizeof(Push) <= 128);

}  // namespace

BaseMapPass::BaseMapPass(const Context& ctx, UploadQueue& uploads, vk::RenderPass renderPass, vk::SampleCountFlagBits samples,
                         uint32_t slots)
    : ctx_(ctx), uploads_(uploads), slots_(slots) {
  const vk::DescriptorSetLayoutBinding binding(0, vk::DescriptorType::eUniformBuffer, 1, vk::ShaderStageFlagBits::eVertex);
  setLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, binding});
  const vk::PushConstantRange push(vk::ShaderStageFlagBits::eVertex, 0, sizeof(Push));
  layout_ = ctx.device().createPipelineLayoutUnique({{}, *setLayout_, push});
  const vk::DescriptorPoolSize size(vk::DescriptorType::eUniformBuffer, slots);
  pool_ = ctx.device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, slots, size});
  for (auto& s : slots_) {
    s.descriptors = std::move(ctx.device().allocateDescriptorSetsUnique({*pool_, *setLayout_})[0]);
    s.palette = GpuBuffer::create(ctx, sizeof(Palette), vk::BufferUsageFlagBits::eUniformBuffer,
                                  vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
    std::memset(s.palette.mapped, 0, sizeof(Palette));  // entries no frame gives: transparent
    const vk::DescriptorBufferInfo info(*s.palette.buffer, 0, sizeof(Palette));
    ctx.device().updateDescriptorSets(vk::WriteDescriptorSet(*s.descriptors, 0, 0, vk::DescriptorType::eUniformBuffer, {}, info), {});
  }

  auto vert = loadShader(ctx, "basemap.vert.spv"), frag = loadShader(ctx, "basemap.frag.spv");
  using F = vk::Format;
  const vk::VertexInputAttributeDescription attrs[] = {
      {0, 0, F::eR32G32B32Sfloat, offsetof(scene::BaseMapVertex, position)},
      {1, 0, F::eR32G32Sfloat, offsetof(scene::BaseMapVertex, offset)},
      {2, 0, F::eR32Sfloat, offsetof(scene::BaseMapVertex, halfWidth)},
      {3, 0, F::eR32Uint, offsetof(scene::BaseMapVertex, style)}};
  GraphicsPipelineDesc d;
  d.vertex = *vert, d.fragment = *frag;
  d.stride = sizeof(scene::BaseMapVertex), d.attributes = attrs;
  d.depthTest = false, d.depthWrite = false, d.depthCompare = vk::CompareOp::eAlways, d.blend = true;
  d.samples = samples, d.layout = *layout_, d.renderPass = renderPass, d.what = "basemap";
  pipeline_ = createGraphicsPipeline(ctx, d);
}

void BaseMapPass::setBaseMap(const scene::BaseMap& map, DeferredDeleter& deleter, uint64_t lastUse) {
  struct Old {
    GpuBuffer a, b, c;
  };
  deleter.retire(lastUse, Old{std::move(vertices_), std::move(areas_), std::move(lines_)});
  using U = vk::BufferUsageFlagBits;
  vertices_ = uploads_.buffer(bytesOf(map.vertices), U::eVertexBuffer);
  areas_ = uploads_.buffer(bytesOf(map.areas), U::eIndexBuffer);
  lines_ = uploads_.buffer(bytesOf(map.lines), U::eIndexBuffer);
  areaCount_ = uint32_t(map.areas.size()), lineCount_ = uint32_t(map.lines.size());
  origin_ = map.origin;
}

void BaseMapPass::prepare(uint32_t slot, std::span<const scene::BaseMapPaint> paints) {
  if (empty()) return;
  // Only the entries given are written: the rest stay as they were (unused).
  auto* p = static_cast<Palette*>(slots_[slot].palette.mapped);
  for (size_t i = 0; i < std::min(paints.size(), kPaletteSize); ++i) {
    const scene::BaseMapPaint& paint = paints[i];
    p->fill[i] = paint.fill, p->casing[i] = paint.casing;
    p->sizes[i] = {paint.minPixels, paint.casingPixels, paint.fadeFrom, paint.fadeTo};
  }
}

void BaseMapPass::draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, uint32_t viewportHeight, FrameStats& stats) {
  if (empty()) return;
  Push push;
  push.viewProjection = view.camera.viewProjection;
  push.originFromEye = glm::vec4(glm::vec3(origin_ - view.camera.eye), 0);
  push.fog = glm::vec4(view.theme.skyHorizon, view.theme.fogDensity);
  // Metres per pixel at clip w = 1: the view's height at unit depth over its pixels.
  const float height = float(std::max<uint32_t>(1, viewportHeight));
  push.params = glm::vec4(2.0f / (std::abs(view.camera.projection[1][1]) * height), float(view.cameraDistance), 0, 0);
  cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *pipeline_);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *layout_, 0, *slots_[slot].descriptors, {});
  cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
  auto drawList = [&](const GpuBuffer& indices, uint32_t count, bool casing) {
    if (!count) return;
    push.params.z = casing ? 1.0f : 0.0f;
    cmd.pushConstants(*layout_, vk::ShaderStageFlagBits::eVertex, 0, sizeof(Push), &push);
    cmd.bindIndexBuffer(*indices.buffer, 0, vk::IndexType::eUint32);
    cmd.drawIndexed(count, 1, 0, 0, 0);
    stats.drawCalls += 1, stats.triangles += count / 3;
  };
  drawList(areas_, areaCount_, false);
  drawList(lines_, lineCount_, true);  // casings (glow at night) under every line
  drawList(lines_, lineCount_, false);
}

}  // namespace citywall::renderer::vulkan
