#include "renderer/vulkan/heatmap_pass.h"

#include <algorithm>

#include "renderer/vulkan/pipeline_states.h"
#include <cmath>
#include <cstring>
#include <glm/gtc/matrix_transform.hpp>

namespace citywall::renderer::vulkan {
namespace {

struct Push {
  glm::mat4 transform;
  glm::uvec4 size;  // width, height, points, reach (cells)
  glm::vec4 grid;   // cell (m), σ (cells), clock (s), decay (s)
  glm::vec4 look;   // window (s), domain max, opacity, ramp
  glm::vec4 drape;  // drape mesh origin − grid origin (m)
};
static_assert(sizeof(Push) <= 128);

constexpr auto kAllStages = vk::ShaderStageFlagBits::eCompute | vk::ShaderStageFlagBits::eVertex |
                            vk::ShaderStageFlagBits::eFragment;

Push pushFor(const scene::FrameView& view, uint32_t count) {
  const scene::HeatFrame& heat = view.heat;
  const auto& grid = heat.grid;
  Push p{};
  const glm::dvec3 origin(heat.drape->origin);
  p.transform = view.camera.projection * view.camera.viewRotation *
                glm::translate(glm::mat4(1), glm::vec3(origin - view.camera.eye));
  const float sigma = heat.sigmaCells;
  p.size = {grid.width, grid.height, count, uint32_t(std::ceil(4 * sigma))};
  p.grid = {float(grid.cell), sigma, heat.clockSeconds, heat.decaySeconds};
  const bool field = heat.mode == scene::HeatMode::field;
  p.drape = glm::vec4(float(origin.x - grid.origin.x), float(origin.y - grid.origin.y), field ? 1.0f : 0.0f,
                      heat.fieldReachMetres);
  p.look = {heat.windowSeconds, heat.domainMax, heat.opacity, float(heat.ramp)};
  return p;
}

}  // namespace

HeatmapPass::HeatmapPass(const Context& ctx, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots)
    : ctx_(ctx), slots_(slots) {
  std::vector<vk::DescriptorSetLayoutBinding> bindings;
  for (uint32_t b = 0; b < 5; ++b) bindings.push_back({b, vk::DescriptorType::eStorageBuffer, 1, kAllStages});
  setLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, bindings});
  const vk::PushConstantRange push(kAllStages, 0, sizeof(Push));
  layout_ = ctx.device().createPipelineLayoutUnique({{}, *setLayout_, push});
  const vk::DescriptorPoolSize size(vk::DescriptorType::eStorageBuffer, 5 * slots);
  pool_ = ctx.device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, slots, size});
  for (auto& s : slots_) {
    s.descriptors = std::move(ctx.device().allocateDescriptorSetsUnique({*pool_, *setLayout_})[0]);
    s.maxValue = GpuBuffer::create(ctx, 16, vk::BufferUsageFlagBits::eStorageBuffer | vk::BufferUsageFlagBits::eTransferDst,
                                   vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
    std::memset(s.maxValue.mapped, 0, 16);
  }

  for (auto [name, out] : {std::pair{"heat_splat.comp.spv", &splat_}, {"heat_blur_h.comp.spv", &blurH_},
                           {"heat_blur_v.comp.spv", &blurV_}, {"heat_field.comp.spv", &field_}})
    *out = createComputePipeline(ctx, name, *layout_);

  auto vert = loadShader(ctx, "heat_drape.vert.spv"), frag = loadShader(ctx, "heat_drape.frag.spv");
  const vk::VertexInputAttributeDescription attribute(0, 0, vk::Format::eR32G32B32Sfloat, 0);
  GraphicsPipelineDesc d;
  d.vertex = *vert, d.fragment = *frag;
  d.stride = 12, d.attributes = {&attribute, 1};
  d.depthWrite = false;  // draped on the ground: buildings drawn later cover it
  d.blend = true;
  d.samples = samples, d.layout = *layout_, d.renderPass = renderPass, d.what = "heat drape";
  drape_ = createGraphicsPipeline(ctx, d);
}

bool HeatmapPass::active(const scene::FrameView& view) const {
  return view.heat.present();
}

void HeatmapPass::writeDescriptors(PerSlot& s) {
  const vk::DescriptorBufferInfo infos[] = {{*s.points.buffer, 0, VK_WHOLE_SIZE},
                                            {*bins_.buffer, 0, VK_WHOLE_SIZE},
                                            {*temp_.buffer, 0, VK_WHOLE_SIZE},
                                            {*density_.buffer, 0, VK_WHOLE_SIZE},
                                            {*s.maxValue.buffer, 0, VK_WHOLE_SIZE}};
  std::vector<vk::WriteDescriptorSet> writes;
  for (uint32_t b = 0; b < 5; ++b)
    writes.push_back({*s.descriptors, b, 0, vk::DescriptorType::eStorageBuffer, {}, infos[b]});
  ctx_.device().updateDescriptorSets(writes, {});
  s.descriptorsValid = true;
}

void HeatmapPass::prepare(uint32_t slot, const scene::FrameView& view) {
  if (!active(view)) return;
  const scene::HeatFrame& heat = view.heat;
  const auto& grid = heat.grid;
  using U = vk::BufferUsageFlagBits;
  using M = vk::MemoryPropertyFlagBits;
  // The grid buffers are shared by the frames in flight; a new grid (a new
  // layer) is rare, so waiting for the GPU to go idle is the simple choice.
  if (!bins_ || grid.width != grid_.width || grid.height != grid_.height || grid.cell != grid_.cell ||
      heat.drape != drapeSource_) {
    ctx_.device().waitIdle();
    const vk::DeviceSize cells = vk::DeviceSize(grid.width) * grid.height;
    bins_ = GpuBuffer::create(ctx_, cells * 4, U::eStorageBuffer | U::eTransferDst, M::eDeviceLocal);
    temp_ = GpuBuffer::create(ctx_, cells * 4, U::eStorageBuffer, M::eDeviceLocal);
    density_ = GpuBuffer::create(ctx_, cells * 4, U::eStorageBuffer | U::eTransferSrc, M::eDeviceLocal);
    drapeVertices_ = GpuBuffer::upload(ctx_, bytesOf(heat.drape->positions), U::eVertexBuffer);
    drapeIndices_ = GpuBuffer::upload(ctx_, bytesOf(heat.drape->indices), U::eIndexBuffer);
    drapeIndexCount_ = uint32_t(heat.drape->indices.size());
    grid_ = grid;
    drapeSource_ = heat.drape;
    for (auto& s : slots_) s.descriptorsValid = false, s.pending.clear(), s.capacity = 0;
    densityValid_ = false;
  }
  computeThisFrame_ = !densityValid_ || computedSource_ != heat.source || !heat.changed.empty() ||
                      (heat.clockDependent() && std::abs(heat.clockSeconds - computedClock_) >= 0.5f);
  for (auto& s : slots_) s.pending.insert(s.pending.end(), heat.changed.begin(), heat.changed.end());
  PerSlot& s = slots_[slot];
  const auto& points = heat.points;
  const uint32_t count = uint32_t(points.size());
  bool full = false;
  if (count > s.capacity || !s.points) {
    s.capacity = std::max<uint32_t>(1024, count + count / 2);
    s.points = GpuBuffer::create(ctx_, vk::DeviceSize(s.capacity) * sizeof(scene::HeatPoint), U::eStorageBuffer,
                                 M::eHostVisible | M::eHostCoherent);
    s.descriptorsValid = false;
    full = true;
  }
  auto* dst = static_cast<scene::HeatPoint*>(s.points.mapped);
  if (full || s.pending.size() > count / 2) {
    if (count) std::memcpy(dst, points.data(), size_t(count) * sizeof(scene::HeatPoint));
  } else {
    for (uint32_t i : s.pending)
      if (i < count) dst[i] = points[i];
  }
  s.pending.clear();
  s.count = count;
  if (!s.descriptorsValid) writeDescriptors(s);
}

void HeatmapPass::compute(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view) {
  if (!active(view) || !slots_[slot].descriptorsValid || !computeThisFrame_) return;
  densityValid_ = true;
  computedSource_ = view.heat.source;
  computedClock_ = view.heat.clockSeconds;
  const PerSlot& s = slots_[slot];
  const Push push = pushFor(view, s.count);
  using S = vk::PipelineStageFlagBits;
  using A = vk::AccessFlagBits;
  auto barrier = [&](vk::PipelineStageFlags src, vk::AccessFlags srcAccess, vk::PipelineStageFlags dst,
                     vk::AccessFlags dstAccess) {
    cmd.pipelineBarrier(src, dst, {}, vk::MemoryBarrier(srcAccess, dstAccess), {}, {});
  };
  // Earlier frames' drape reads and compute passes finish before we clear.
  barrier(S::eFragmentShader | S::eComputeShader, A::eShaderRead | A::eShaderWrite, S::eTransfer | S::eComputeShader,
          A::eTransferWrite | A::eShaderWrite | A::eShaderRead);
  cmd.fillBuffer(*bins_.buffer, 0, VK_WHOLE_SIZE, 0);
  cmd.fillBuffer(*s.maxValue.buffer, 0, VK_WHOLE_SIZE, 0);
  barrier(S::eTransfer, A::eTransferWrite, S::eComputeShader, A::eShaderRead | A::eShaderWrite);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout_, 0, *s.descriptors, {});
  cmd.pushConstants(*layout_, kAllStages, 0, sizeof(Push), &push);
  const uint32_t tx = (grid_.width + 15) / 16, ty = (grid_.height + 15) / 16;
  if (view.heat.mode == scene::HeatMode::field) {
    cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *field_);
    cmd.dispatch(tx, ty, 1);
    barrier(S::eComputeShader, A::eShaderWrite, S::eFragmentShader | S::eHost | S::eTransfer,
            A::eShaderRead | A::eHostRead | A::eTransferRead);
    return;
  }
  if (s.count) {
    // 2D dispatch: some devices cap a dimension at 65,535 groups.
    const uint32_t groups = (s.count + 255) / 256;
    const uint32_t gx = std::min(groups, 65535u), gy = (groups + gx - 1) / gx;
    cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *splat_);
    cmd.dispatch(gx, gy, 1);
  }
  barrier(S::eComputeShader, A::eShaderWrite, S::eComputeShader, A::eShaderRead | A::eShaderWrite);
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *blurH_);
  cmd.dispatch(tx, ty, 1);
  barrier(S::eComputeShader, A::eShaderWrite, S::eComputeShader, A::eShaderRead | A::eShaderWrite);
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *blurV_);
  cmd.dispatch(tx, ty, 1);
  barrier(S::eComputeShader, A::eShaderWrite, S::eFragmentShader | S::eHost | S::eTransfer,
          A::eShaderRead | A::eHostRead | A::eTransferRead);
}

void HeatmapPass::draw(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, FrameStats& stats) {
  if (!active(view) || !slots_[slot].descriptorsValid || !drapeIndexCount_ || !densityValid_) return;
  const Push push = pushFor(view, slots_[slot].count);
  cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *drape_);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *layout_, 0, *slots_[slot].descriptors, {});
  cmd.pushConstants(*layout_, kAllStages, 0, sizeof(Push), &push);
  cmd.bindVertexBuffers(0, *drapeVertices_.buffer, vk::DeviceSize(0));
  cmd.bindIndexBuffer(*drapeIndices_.buffer, 0, vk::IndexType::eUint32);
  // Only the drape's cells where the density can show: the rest would be
  // sampled and discarded pixel by pixel (the grid has a 3 km margin).
  const scene::HeatFrame& heat = view.heat;
  const glm::dvec2 origin = heat.grid.origin;
  scene::groundCellsWithin(*heat.drape, origin + glm::dvec2(heat.reachMin), origin + glm::dvec2(heat.reachMax), drapeRuns_);
  for (const scene::IndexRun& run : drapeRuns_) {
    cmd.drawIndexed(run.count, 1, run.first, 0, 0);
    stats.drawCalls += 1;
    stats.triangles += run.count / 3;
  }
  stats.heatPoints = slots_[slot].count;
}

float HeatmapPass::lastMax(uint32_t slot) const {
  uint32_t bits = 0;
  std::memcpy(&bits, slots_[slot].maxValue.mapped, 4);
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

std::vector<float> HeatmapPass::readDensity() const {
  std::vector<float> out;
  if (!density_) return out;
  ctx_.device().waitIdle();
  const vk::DeviceSize bytes = vk::DeviceSize(grid_.width) * grid_.height * 4;
  GpuBuffer staging = GpuBuffer::create(ctx_, bytes, vk::BufferUsageFlagBits::eTransferDst,
                                        vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
  ctx_.submitAndWait([&](vk::CommandBuffer cmd) {
    cmd.copyBuffer(*density_.buffer, *staging.buffer, vk::BufferCopy(0, 0, bytes));
    cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eHost, {},
                        vk::MemoryBarrier(vk::AccessFlagBits::eTransferWrite, vk::AccessFlagBits::eHostRead), {}, {});
  });
  out.resize(size_t(grid_.width) * grid_.height);
  std::memcpy(out.data(), staging.mapped, bytes);
  return out;
}

}  // namespace citywall::renderer::vulkan
