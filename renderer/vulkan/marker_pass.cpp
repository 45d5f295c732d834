#include "renderer/vulkan/marker_pass.h"

#include <algorithm>

#include "renderer/vulkan/pipeline_states.h"
#include <cstring>

namespace citywall::renderer::vulkan {
namespace {

struct Push {
  glm::mat4 viewProjection;
  glm::vec4 origin;    // layer origin − eye
  glm::vec4 viewport;  // width, height, time, pin height
  glm::vec4 style;     // alpha factor, UI scale
};
static_assert(sizeof(Push) <= 128);

constexpr float kPinPixels = scene::kCasePinPixels;  // how far a marker's head floats above its ground point
constexpr float kHiddenAlpha = 0.35f;

}  // namespace

MarkerPass::MarkerPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots)
    : ctx_(ctx), slots_(slots) {
  const vk::PushConstantRange push(vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment, 0, sizeof(Push));
  layout_ = ctx.device().createPipelineLayoutUnique({{}, {}, push});
  auto vert = loadShader(ctx, "markers.vert.spv"), frag = loadShader(ctx, "markers.frag.spv");
  using F = vk::Format;
  const vk::VertexInputAttributeDescription attributes[] = {
      {0, 0, F::eR32G32B32Sfloat, offsetof(scene::MarkerInstance, position)},
      {1, 0, F::eR8G8B8A8Unorm, offsetof(scene::MarkerInstance, color)},
      {2, 0, F::eR32Sfloat, offsetof(scene::MarkerInstance, size)},
      {3, 0, F::eR32Uint, offsetof(scene::MarkerInstance, flags)}};
  GraphicsPipelineDesc d;
  d.vertex = *vert, d.fragment = *frag;
  d.stride = sizeof(scene::MarkerInstance), d.rate = vk::VertexInputRate::eInstance, d.attributes = attributes;
  d.depthWrite = false, d.blend = true;
  d.samples = samples, d.layout = *layout_, d.renderPass = renderPass, d.what = "marker";
  // Reversed-Z: "in front of what is drawn" is greater-or-equal; the hidden
  // pass draws exactly the complement, dimmed.
  for (auto [compare, out] : {std::pair{vk::CompareOp::eGreaterOrEqual, &visible_}, {vk::CompareOp::eLess, &hidden_}}) {
    d.depthCompare = compare;
    *out = createGraphicsPipeline(ctx, d);
  }
}

void MarkerPass::prepare(uint32_t slot, const scene::MarkerFrame& markers) {
  const auto instances = markers.instances;
  if (instances.empty()) {
    // Hidden or empty: changes meanwhile are not tracked, so the next
    // frame that shows the layer copies it whole.
    for (auto& s : slots_) s.source = nullptr, s.pending.clear();
    slots_[slot].count = 0;
    return;
  }
  for (auto& s : slots_) s.pending.insert(s.pending.end(), markers.changed.begin(), markers.changed.end());
  PerSlot& s = slots_[slot];
  const uint32_t count = uint32_t(instances.size());
  // This slot's previous frame is finished (its fence was waited), so its
  // buffer may be rewritten or replaced.
  bool full = s.source != markers.source;
  s.source = markers.source;
  if (count > s.capacity) {
    s.capacity = std::max<uint32_t>(1024, count + count / 2);
    s.buffer = GpuBuffer::create(ctx_, vk::DeviceSize(s.capacity) * sizeof(scene::MarkerInstance),
                                 vk::BufferUsageFlagBits::eVertexBuffer,
                                 vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
    full = true;
  }
  auto* dst = static_cast<scene::MarkerInstance*>(s.buffer.mapped);
  if (full || s.pending.size() > count / 2) {
    std::memcpy(dst, instances.data(), size_t(count) * sizeof(scene::MarkerInstance));
  } else {
    for (uint32_t i : s.pending)
      if (i < count) dst[i] = instances[i];
  }
  s.pending.clear();
  s.count = count;
}

void MarkerPass::record(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view,
                        const scene::MarkerFrame& markers, vk::Extent2D extent, FrameStats& stats) {
  const PerSlot& s = slots_[slot];
  if (!s.count) return;
  Push push;
  push.viewProjection = view.camera.viewProjection;
  push.origin = glm::vec4(glm::vec3(markers.origin - view.camera.eye), 0);
  push.viewport = glm::vec4(float(extent.width), float(extent.height), float(std::fmod(view.timeSeconds, 3600.0)),
                            markers.pinned ? kPinPixels : 0.0f);
  cmd.bindVertexBuffers(0, *s.buffer.buffer, vk::DeviceSize(0));
  for (auto [pipeline, alpha] : {std::pair{*hidden_, kHiddenAlpha}, {*visible_, 1.0f}}) {
    push.style = glm::vec4(alpha, view.uiScale, 0, 0);
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, pipeline);
    cmd.pushConstants(*layout_, vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment, 0, sizeof(Push), &push);
    cmd.draw(12, s.count, 0, 0);  // 6 vertices of pin + 6 of head, per case
    stats.drawCalls += 1;
    stats.triangles += uint64_t(s.count) * 4;
  }
  stats.markers += s.count;
}

}  // namespace citywall::renderer::vulkan
