// gpu_culling.cpp — per-building culling on the GPU (see gpu_culling.h).
//
// [SECTION] Records (CPU, tested without a GPU)
// [SECTION] Pipelines and descriptor layouts
// [SECTION] The city and the depth pyramid's resources
// [SECTION] Per frame

#include "renderer/vulkan/gpu_culling.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "renderer/vulkan/frustum.h"
#include "renderer/vulkan/level_choice.h"
#include "renderer/vulkan/pipeline_states.h"

namespace citywall::renderer::vulkan {

//-----------------------------------------------------------------------------
// [SECTION] Records
//-----------------------------------------------------------------------------

CullRecords makeCullRecords(const scene::CityModel& city) {
  CullRecords r;
  constexpr float kBig = std::numeric_limits<float>::max();
  r.buildings.assign(city.buildings.size(),
                     CullBuildingRecord{{kBig, kBig, kBig, 0}, {-kBig, -kBig, -kBig, 0}, 0, 0, 0, 0, 0, 0, 0, 0});
  uint32_t firstBuilding = 0;
  for (size_t ci = 0; ci < city.chunks.size(); ++ci) {
    const scene::BuildingChunk& c = city.chunks[ci];
    CullChunkRecord rec{};
    const glm::vec3 high(c.origin);
    const glm::vec3 low(c.origin - glm::dvec3(high));
    for (int k = 0; k < 3; ++k) {
      rec.originHigh[k] = high[k], rec.originLow[k] = low[k];
      rec.boundsMin[k] = c.boundsMin[k], rec.boundsMax[k] = c.boundsMax[k];
    }
    rec.boundsMin[3] = c.coarseError;
    rec.boundsMax[3] = c.blockError;
    rec.firstBuilding = firstBuilding;
    rec.buildingCount = c.buildingCount;
    rec.scratchIndex = r.scratchIndices, rec.scratchLine = r.scratchLines;
    r.scratchIndices += c.indexCount, r.scratchLines += c.lineIndexCount;
    rec.vertexOffset = c.vertexOffset;
    rec.indexCount = int32_t(c.indexCount);
    rec.lineCount = int32_t(c.lineIndexCount);
    rec.coarseFirstIndex = c.coarseFirstIndex, rec.coarseIndexCount = c.coarseIndexCount;
    rec.coarseFirstLine = c.coarseFirstLine, rec.coarseLineCount = c.coarseLineCount;
    rec.blockFirstIndex = c.blockFirstIndex, rec.blockIndexCount = c.blockIndexCount;
    rec.blockFirstLine = c.blockFirstLine, rec.blockLineCount = c.blockLineCount;
    for (int k = 0; k < scene::BuildingChunk::kBlockSteps; ++k)
      rec.blockLodSize[k] = c.blockLodSize[k], rec.blockLodIndexCount[k] = c.blockLodIndexCount[k], rec.blockLodLineCount[k] = c.blockLodLineCount[k];
    if (c.blockIndexCount && (c.blockLodIndexCount[scene::BuildingChunk::kBlockSteps - 1] != c.blockIndexCount ||
                              c.blockLodLineCount[scene::BuildingChunk::kBlockSteps - 1] != c.blockLineCount))
      throw std::invalid_argument("chunk " + std::to_string(ci) + "'s block level steps do not end with the level");
    if (uint64_t(c.blockFirstIndex) + c.blockIndexCount > city.indices.size() ||
        uint64_t(c.blockFirstLine) + c.blockLineCount > city.lineIndices.size())
      throw std::invalid_argument("chunk " + std::to_string(ci) + "'s block level runs past the city's indices");
    // Either level is packed into the room of the full one (cull_place.comp).
    if (c.coarseIndexCount > c.indexCount || c.coarseLineCount > c.lineIndexCount)
      throw std::invalid_argument("chunk " + std::to_string(ci) + "'s coarse level is larger than its full one");
    const uint32_t end = firstBuilding + c.buildingCount;
    if (end > city.buildings.size())
      throw std::invalid_argument("chunk " + std::to_string(ci) + " holds more buildings than the city");
    // Each run of indices (triangles, then outlines) must go through the
    // chunk's buildings in order, each building's indices together.
    auto runs = [&](const std::vector<uint32_t>& indices, uint32_t first, uint32_t count, uint32_t perPrimitive, bool lines,
                    bool coarse) {
      uint32_t current = UINT32_MAX;
      for (uint32_t i = first; i < first + count; i += perPrimitive) {
        const size_t v = size_t(int64_t(c.vertexOffset) + indices[i]);
        if (v >= city.vertices.size()) throw std::invalid_argument("an index points past the vertices");
        const uint32_t b = city.vertices[v].building;
        if (b < firstBuilding || b >= end)
          throw std::invalid_argument("chunk " + std::to_string(ci) + " draws a building it does not hold");
        CullBuildingRecord& br = r.buildings[b];
        uint32_t& runFirst = coarse ? (lines ? br.coarseFirstLine : br.coarseFirstIndex) : (lines ? br.firstLine : br.firstIndex);
        uint32_t& runCount = coarse ? (lines ? br.coarseLineCount : br.coarseIndexCount) : (lines ? br.lineCount : br.indexCount);
        if (b != current) {
          if (runCount) throw std::invalid_argument("building " + std::to_string(b) + "'s indices are not one run");
          current = b, runFirst = i;
        }
        runCount += perPrimitive;
      }
    };
    runs(city.indices, c.firstIndex, c.indexCount, 3, false, false);
    runs(city.lineIndices, c.firstLineIndex, c.lineIndexCount, 2, true, false);
    runs(city.indices, c.coarseFirstIndex, c.coarseIndexCount, 3, false, true);
    runs(city.lineIndices, c.coarseFirstLine, c.coarseLineCount, 2, true, true);
    r.chunks.push_back(rec);
    firstBuilding = end;
  }
  // Boxes from the vertices of each building's triangles, relative to their
  // chunk's origin as the vertices are (a coarse level's vertices carry a
  // building's id too, but are not its own).
  for (uint32_t ci = 0; ci < r.chunks.size(); ++ci) {
    const scene::BuildingChunk& c = city.chunks[ci];
    for (uint32_t i = c.firstIndex; i < c.firstIndex + c.indexCount; ++i) {
      const scene::BuildingVertex& v = city.vertices[size_t(int64_t(c.vertexOffset) + city.indices[i])];
      CullBuildingRecord& br = r.buildings[v.building];
      for (int k = 0; k < 3; ++k) br.lo[k] = std::min(br.lo[k], v.position[k]), br.hi[k] = std::max(br.hi[k], v.position[k]);
    }
  }
  for (auto& br : r.buildings)
    if (br.lo[0] > br.hi[0])  // no vertices: an empty box nothing can see
      for (int k = 0; k < 3; ++k) br.lo[k] = br.hi[k] = 0;
  // Each building names its chunk (the shaders read it as the box's w).
  for (uint32_t ci = 0; ci < r.chunks.size(); ++ci)
    for (uint32_t b = r.chunks[ci].firstBuilding; b < r.chunks[ci].firstBuilding + r.chunks[ci].buildingCount; ++b)
      std::memcpy(&r.buildings[b].lo[3], &ci, sizeof(ci));
  return r;
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Pipelines and descriptor layouts
//-----------------------------------------------------------------------------

// Must match shaders/cull.comp.
struct CullUniforms {
  glm::mat4 viewProjection;
  glm::vec4 planes[5];
  glm::vec4 eyeHigh, eyeLow;
  glm::vec4 params;    // pixels per radian, lod pixels, pyramid width, height
  glm::uvec4 counts;   // chunks, -, pyramid levels
  glm::vec4 lod;       // coarse pixels, outline pixels, coarse enter share, block pixels
};
// Must match the push constants of shaders/cull.comp and cull_compact.comp.
struct CullPush {
  uint32_t chunks, phase, triangleRegion, writeLines, buildings, parity, scratchIndices, scratchLines;
};
struct HizDepthPush {
  int32_t depthSize[2], levelSize[2], samples;
};
struct HizReducePush {
  int32_t belowSize[2], levelSize[2];
};
constexpr uint32_t kTotals = 12;  // uints in a slot's totals (shaders/cull_bindings.glsl)
constexpr uint32_t kCommandBytes = sizeof(vk::DrawIndexedIndirectCommand);

uint32_t previousPowerOfTwo(uint32_t v) { return v ? std::bit_floor(v) : 1u; }

// One memory barrier between stages (buffers and the pyramid alike).
void barrier(vk::CommandBuffer cmd, vk::PipelineStageFlags src, vk::AccessFlags srcAccess, vk::PipelineStageFlags dst,
             vk::AccessFlags dstAccess) {
  cmd.pipelineBarrier(src, dst, {}, vk::MemoryBarrier(srcAccess, dstAccess), {}, {});
}

constexpr auto kCompute = vk::PipelineStageFlagBits::eComputeShader;
constexpr auto kDrawInput = vk::PipelineStageFlagBits::eDrawIndirect | vk::PipelineStageFlagBits::eVertexInput;

}  // namespace

GpuCulling::GpuCulling(const Context& ctx, uint32_t slots, RendererOptions::Occlusion occlusion)
    : ctx_(ctx), occlusion_(occlusion) {
  using D = vk::DescriptorType;
  const auto C = vk::ShaderStageFlagBits::eCompute;
  // Bindings as in shaders/cull.comp and cull_compact.comp.
  std::vector<vk::DescriptorSetLayoutBinding> bindings = {{0, D::eUniformBuffer, 1, C}};
  for (uint32_t b = 1; b <= 8; ++b) bindings.push_back({b, D::eStorageBuffer, 1, C});
  bindings.push_back({9, D::eCombinedImageSampler, 1, C});
  for (uint32_t b = 10; b <= 14; ++b) bindings.push_back({b, D::eStorageBuffer, 1, C});
  setLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, bindings});
  const vk::PushConstantRange push(C, 0, sizeof(CullPush));
  layout_ = ctx.device().createPipelineLayoutUnique({{}, *setLayout_, push});
  const vk::DescriptorPoolSize sizes[] = {{D::eUniformBuffer, slots}, {D::eStorageBuffer, 13 * slots}, {D::eCombinedImageSampler, slots}};
  pool_ = ctx.device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, slots, sizes});
  level_ = createComputePipeline(ctx, "cull_level.comp.spv", *layout_);
  cull_ = createComputePipeline(ctx, "cull.comp.spv", *layout_);
  place_ = createComputePipeline(ctx, "cull_place.comp.spv", *layout_);
  copy_ = createComputePipeline(ctx, "cull_copy.comp.spv", *layout_);
  if (ctx.storage16()) copy16_ = createComputePipeline(ctx, "cull_copy16.comp.spv", *layout_);
  compact_ = createComputePipeline(ctx, "cull_compact.comp.spv", *layout_);

  const vk::DescriptorSetLayoutBinding depthBindings[] = {{0, D::eCombinedImageSampler, 1, C}, {1, D::eStorageImage, 1, C}};
  hizDepthLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, depthBindings});
  const vk::DescriptorSetLayoutBinding reduceBindings[] = {{0, D::eStorageImage, 1, C}, {1, D::eStorageImage, 1, C}};
  hizReduceLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, reduceBindings});
  const vk::PushConstantRange depthPush(C, 0, sizeof(HizDepthPush)), reducePush(C, 0, sizeof(HizReducePush));
  hizDepthPipelineLayout_ = ctx.device().createPipelineLayoutUnique({{}, *hizDepthLayout_, depthPush});
  hizReducePipelineLayout_ = ctx.device().createPipelineLayoutUnique({{}, *hizReduceLayout_, reducePush});
  sampler_ = ctx.device().createSamplerUnique(vk::SamplerCreateInfo(
      {}, vk::Filter::eNearest, vk::Filter::eNearest, vk::SamplerMipmapMode::eNearest, vk::SamplerAddressMode::eClampToEdge,
      vk::SamplerAddressMode::eClampToEdge, vk::SamplerAddressMode::eClampToEdge, 0, false, 1, false, vk::CompareOp::eNever,
      0, VK_LOD_CLAMP_NONE));

  using M = vk::MemoryPropertyFlagBits;
  for (uint32_t i = 0; i < slots; ++i) {
    PerSlot s;
    s.uniforms = GpuBuffer::create(ctx, sizeof(CullUniforms), vk::BufferUsageFlagBits::eUniformBuffer, M::eHostVisible | M::eHostCoherent);
    s.totals = GpuBuffer::create(ctx, kTotals * 4, vk::BufferUsageFlagBits::eStorageBuffer, M::eHostVisible | M::eHostCoherent);
    std::memset(s.totals.mapped, 0, kTotals * 4);
    s.set = std::move(ctx.device().allocateDescriptorSetsUnique({*pool_, *setLayout_})[0]);
    slots_.push_back(std::move(s));
  }
  // Until a city and a depth target arrive: placeholders every binding can point at.
  DeferredDeleter none;
  placeholder_ = GpuBuffer::create(ctx, 16, vk::BufferUsageFlagBits::eStorageBuffer | vk::BufferUsageFlagBits::eIndexBuffer,
                                   M::eDeviceLocal);
  setCity(scene::CityModel{}, *placeholder_.buffer, *placeholder_.buffer, 4, none, 0);
  setDepth({}, {1, 1}, vk::SampleCountFlagBits::e1);
}

//-----------------------------------------------------------------------------
// [SECTION] The city and the depth pyramid's resources
//-----------------------------------------------------------------------------

void GpuCulling::setCity(const scene::CityModel& city, vk::Buffer indices, vk::Buffer lines, uint32_t indexBytes,
                         DeferredDeleter& deleter, uint64_t lastUse) {
  if (indexBytes != 4 && !(indexBytes == 2 && copy16_))
    throw std::invalid_argument("GPU culling cannot copy " + std::to_string(8 * indexBytes) + "-bit indices on this device");
  struct Old {
    GpuBuffer a, b, c, d, e, f, g, h, i;
  };
  deleter.retire(lastUse, Old{std::move(chunks_), std::move(buildings_), std::move(chunkCounts_), std::move(visible_),
                              std::move(commands_), std::move(drawCounts_), std::move(decisions_), std::move(placements_),
                              std::move(levels_)});
  const CullRecords records = makeCullRecords(city);
  using U = vk::BufferUsageFlagBits;
  using M = vk::MemoryPropertyFlagBits;
  chunkCount_ = uint32_t(records.chunks.size());
  buildingCount_ = uint32_t(records.buildings.size());
  indexCount_ = uint32_t(city.indices.size());
  lineCount_ = uint32_t(city.lineIndices.size());
  scratchIndices_ = records.scratchIndices, scratchLines_ = records.scratchLines;
  chunks_ = GpuBuffer::upload(ctx_, bytesOf(records.chunks), U::eStorageBuffer);
  buildings_ = GpuBuffer::upload(ctx_, bytesOf(records.buildings), U::eStorageBuffer);
  // Every building counts as seen at first (both halves: last frame's and
  // this one's): the first frame draws it early and the late phase finds
  // out what is hidden.
  visible_ = GpuBuffer::upload(ctx_, bytesOf(std::vector<uint32_t>(std::max<size_t>(1, 2 * records.buildings.size()), 1u)),
                               U::eStorageBuffer);
  chunkCounts_ = GpuBuffer::create(ctx_, std::max<size_t>(1, chunkCount_) * 16, U::eStorageBuffer, M::eDeviceLocal);
  decisions_ = GpuBuffer::create(ctx_, std::max<size_t>(1, buildingCount_) * 4, U::eStorageBuffer, M::eDeviceLocal);
  placements_ = GpuBuffer::create(ctx_, std::max<size_t>(1, buildingCount_) * 8, U::eStorageBuffer, M::eDeviceLocal);
  commands_ = GpuBuffer::create(ctx_, std::max<size_t>(1, chunkCount_) * 3 * kCommandBytes, U::eStorageBuffer | U::eIndirectBuffer,
                                M::eDeviceLocal);
  drawCounts_ = GpuBuffer::create(ctx_, 16, U::eStorageBuffer | U::eIndirectBuffer, M::eDeviceLocal);
  // Every chunk starts at its full level; no chunk holds a styled building yet.
  levels_ = GpuBuffer::upload(ctx_, bytesOf(std::vector<uint32_t>(std::max<size_t>(1, chunkCount_), 0u)), U::eStorageBuffer);
  styled_.assign(std::max<size_t>(1, chunkCount_), 0u);
  ++styledVersion_;
  indices_ = indices;
  lines_ = lines;
  indexBytes_ = indexBytes;
  ++cityVersion_;
  // A new city: whether occlusion pays is found out again.
  splitMs_ = plainMs_ = -1, hiddenShare_ = 1, framesLearned_ = 0, sinceProbe_ = 0;
}

void GpuCulling::setDepth(vk::ImageView depth, vk::Extent2D extent, vk::SampleCountFlagBits samples) {
  depthExtent_ = extent;
  depthSamples_ = samples;
  const vk::Extent2D base(previousPowerOfTwo(extent.width), previousPowerOfTwo(extent.height));
  const uint32_t levels = uint32_t(std::bit_width(std::max(base.width, base.height)));
  using U = vk::ImageUsageFlagBits;
  pyramid_ = GpuImage::create(ctx_, base, vk::Format::eR32Sfloat, U::eStorage | U::eSampled, vk::SampleCountFlagBits::e1,
                              vk::ImageAspectFlagBits::eColor, levels);
  levelViews_.clear();
  levelSizes_.clear();
  for (uint32_t l = 0; l < levels; ++l) {
    levelViews_.push_back(ctx_.device().createImageViewUnique(vk::ImageViewCreateInfo(
        {}, *pyramid_.image, vk::ImageViewType::e2D, vk::Format::eR32Sfloat, {},
        vk::ImageSubresourceRange(vk::ImageAspectFlagBits::eColor, l, 1, 0, 1))));
    levelSizes_.push_back({std::max(1u, base.width >> l), std::max(1u, base.height >> l)});
  }
  // The pyramid lives in the general layout: written as storage, read as a texture.
  ctx_.submitAndWait([&](vk::CommandBuffer cmd) {
    const vk::ImageMemoryBarrier toGeneral({}, vk::AccessFlagBits::eShaderRead | vk::AccessFlagBits::eShaderWrite,
                                           vk::ImageLayout::eUndefined, vk::ImageLayout::eGeneral, VK_QUEUE_FAMILY_IGNORED,
                                           VK_QUEUE_FAMILY_IGNORED, *pyramid_.image,
                                           {vk::ImageAspectFlagBits::eColor, 0, levels, 0, 1});
    cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTopOfPipe, kCompute, {}, {}, {}, toGeneral);
  });

  hizSets_.clear();
  hizPool_.reset();
  if (depth && occlusion()) {
    using D = vk::DescriptorType;
    const vk::DescriptorPoolSize sizes[] = {{D::eCombinedImageSampler, 1}, {D::eStorageImage, 2 * levels}};
    hizPool_ = ctx_.device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, levels, sizes});
    if (!hizDepth_) {
      hizDepth_ = createComputePipeline(ctx_, "hiz_depth.comp.spv", *hizDepthPipelineLayout_);
      hizDepthMs_ = createComputePipeline(ctx_, "hiz_depth_ms.comp.spv", *hizDepthPipelineLayout_);
      hizReduce_ = createComputePipeline(ctx_, "hiz_reduce.comp.spv", *hizReducePipelineLayout_);
    }
    for (uint32_t l = 0; l < levels; ++l) {
      const vk::DescriptorSetLayout layout = l == 0 ? *hizDepthLayout_ : *hizReduceLayout_;
      auto set = std::move(ctx_.device().allocateDescriptorSetsUnique({*hizPool_, layout})[0]);
      const vk::DescriptorImageInfo from = l == 0
                                               ? vk::DescriptorImageInfo(*sampler_, depth, vk::ImageLayout::eDepthStencilReadOnlyOptimal)
                                               : vk::DescriptorImageInfo({}, *levelViews_[l - 1], vk::ImageLayout::eGeneral);
      const vk::DescriptorImageInfo to({}, *levelViews_[l], vk::ImageLayout::eGeneral);
      const vk::WriteDescriptorSet writes[] = {
          {*set, 0, 0, l == 0 ? vk::DescriptorType::eCombinedImageSampler : vk::DescriptorType::eStorageImage, from},
          {*set, 1, 0, vk::DescriptorType::eStorageImage, to}};
      ctx_.device().updateDescriptorSets(writes, {});
      hizSets_.push_back(std::move(set));
    }
  }
  ++depthVersion_;
}

void GpuCulling::writeSet(PerSlot& s) {
  using D = vk::DescriptorType;
  const vk::DescriptorBufferInfo ubo(*s.uniforms.buffer, 0, sizeof(CullUniforms));
  const std::pair<uint32_t, vk::Buffer> storage[] = {
      {1, *chunks_.buffer},      {2, *buildings_.buffer},   {3, indices_},           {4, lines_},
      {5, *decisions_.buffer},   {6, *placements_.buffer},  {7, *chunkCounts_.buffer}, {8, *visible_.buffer},
      {10, *commands_.buffer},   {11, *drawCounts_.buffer}, {12, *s.totals.buffer}, {13, *levels_.buffer},
      {14, *s.styled.buffer}};
  std::vector<vk::DescriptorBufferInfo> infos;
  infos.reserve(std::size(storage));
  for (const auto& [binding, buffer] : storage) infos.emplace_back(buffer, 0, VK_WHOLE_SIZE);
  const vk::DescriptorImageInfo image(*sampler_, *pyramid_.view, vk::ImageLayout::eGeneral);
  std::vector<vk::WriteDescriptorSet> writes = {{*s.set, 0, 0, D::eUniformBuffer, {}, ubo},
                                                {*s.set, 9, 0, D::eCombinedImageSampler, image}};
  for (size_t i = 0; i < std::size(storage); ++i) writes.push_back({*s.set, storage[i].first, 0, D::eStorageBuffer, {}, infos[i]});
  ctx_.device().updateDescriptorSets(writes, {});
  s.cityVersion = cityVersion_;
  s.depthVersion = depthVersion_;
}

//-----------------------------------------------------------------------------
// [SECTION] Per frame
//-----------------------------------------------------------------------------

void GpuCulling::prepare(uint32_t slot, const CullView& view) {
  PerSlot& s = slots_[slot];
  if (!active()) return;
  // This slot's previous frame has finished: its copy of the styled chunks may change.
  if (s.styledVersion != styledVersion_) {
    const vk::DeviceSize bytes = styled_.size() * 4;
    if (!s.styled || s.styled.size != bytes) {
      s.styled = GpuBuffer::create(ctx_, bytes, vk::BufferUsageFlagBits::eStorageBuffer,
                                   vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
      s.cityVersion = 0;  // its descriptor set must point at the new buffer
    }
    std::memcpy(s.styled.mapped, styled_.data(), bytes);
    s.styledVersion = styledVersion_;
  }
  if (s.cityVersion != cityVersion_ || s.depthVersion != depthVersion_) writeSet(s);
  // The slot's last frame was read (addStats): its totals start again.
  std::memset(s.totals.mapped, 0, kTotals * 4);
  split_ = chooseOcclusion();
  CullUniforms u{};
  u.viewProjection = view.viewProjection;
  const auto planes = frustumPlanes(view.viewProjection);
  std::copy(planes.begin(), planes.end(), u.planes);
  const glm::vec3 high(view.eye);
  u.eyeHigh = glm::vec4(high, 0);
  u.eyeLow = glm::vec4(glm::vec3(view.eye - glm::dvec3(high)), 0);
  u.params = glm::vec4(view.pixelsPerRadian, view.lodPixels, float(pyramid_.extent.width), float(pyramid_.extent.height));
  u.counts = glm::uvec4(chunkCount_, 0, uint32_t(levelSizes_.size()), 0);
  u.lod = glm::vec4(view.coarsePixels, view.outlinePixels, kCoarseEnterShare, view.blockPixels);
  std::memcpy(s.uniforms.mapped, &u, sizeof(u));
}

void GpuCulling::setChunkStyled(uint32_t chunk, bool styled) {
  if (chunk >= chunkCount_ || styled_[chunk] == uint32_t(styled)) return;
  styled_[chunk] = styled;
  ++styledVersion_;
}

bool GpuCulling::chooseOcclusion() {
  using O = RendererOptions::Occlusion;
  if (occlusion_ == O::off || hizSets_.empty()) return false;
  if (occlusion_ == O::always) return true;
  constexpr uint32_t kProbeEvery = 30;  // frames: a wall at 60 Hz looks again twice a second
  constexpr double kWorthHiding = 0.05;
  // It must save a tenth of the frame: a frame's time varies by more than
  // a few per cent, and without occlusion the frame is simpler.
  constexpr double kMustSave = 0.9;
  const bool pays = hiddenShare_ >= kWorthHiding && (splitMs_ < 0 || plainMs_ < 0 || splitMs_ <= plainMs_ * kMustSave);
  // Now and then the way not taken, so both figures follow the view.
  if (++sinceProbe_ >= kProbeEvery || (hiddenShare_ >= kWorthHiding && (splitMs_ < 0 || plainMs_ < 0))) {
    sinceProbe_ = 0;
    if (splitMs_ < 0) return true;
    if (plainMs_ < 0) return false;
    return !split_;
  }
  return pays;
}

void GpuCulling::dispatchCull(vk::CommandBuffer cmd, uint32_t slot, uint32_t phase) {
  PerSlot& s = slots_[slot];
  const CullPush push{chunkCount_, phase, phase == 2 ? 1u : 0u, phase == 1 ? 0u : 1u, buildingCount_, parity_, indexCount_, lineCount_};
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout_, 0, *s.set, {});
  cmd.pushConstants(*layout_, vk::ShaderStageFlagBits::eCompute, 0, sizeof(push), &push);
  const uint32_t buildingGroups = (buildingCount_ + 63) / 64, chunkGroups = (chunkCount_ + 63) / 64;
  // The chunks' levels are chosen once a frame, in its early phase; the late phase draws at the same.
  const std::pair<vk::Pipeline, uint32_t> passes[] = {{phase == 2 ? vk::Pipeline{} : *level_, chunkGroups},
                                                      {*cull_, buildingGroups},
                                                      {*place_, chunkGroups},
                                                      {indexBytes_ == 2 ? *copy16_ : *copy_, buildingGroups},
                                                      {*compact_, 1}};
  for (size_t i = 0; i < std::size(passes); ++i) {
    if (!passes[i].first) continue;
    if (i > 1 || (i == 1 && passes[0].first))
      barrier(cmd, kCompute, vk::AccessFlagBits::eShaderWrite, kCompute, vk::AccessFlagBits::eShaderRead);
    cmd.bindPipeline(vk::PipelineBindPoint::eCompute, passes[i].first);
    cmd.dispatch(passes[i].second, 1, 1);
  }
  // The draws read what was written (commands, their count, the indices);
  // the CPU reads the totals once the frame's fence has signalled.
  barrier(cmd, kCompute, vk::AccessFlagBits::eShaderWrite, kDrawInput | vk::PipelineStageFlagBits::eHost,
          vk::AccessFlagBits::eIndirectCommandRead | vk::AccessFlagBits::eIndexRead | vk::AccessFlagBits::eHostRead);
}

void GpuCulling::cullEarly(vk::CommandBuffer cmd, uint32_t slot) {
  if (!active()) return;
  parity_ ^= 1u;  // what the last frame's late phase wrote is this frame's "seen before"
  // After the previous frame: its draws have read the drawn indices and
  // commands, its late phase has written the visibility and read the
  // pyramid, before this frame writes them.
  barrier(cmd, kCompute | kDrawInput, vk::AccessFlagBits::eShaderWrite, kCompute,
          vk::AccessFlagBits::eShaderRead | vk::AccessFlagBits::eShaderWrite);
  dispatchCull(cmd, slot, occlusionThisFrame() ? 1 : 0);
}

void GpuCulling::buildPyramid(vk::CommandBuffer cmd) {
  const vk::Extent2D base = levelSizes_[0];
  const HizDepthPush first{{int32_t(depthExtent_.width), int32_t(depthExtent_.height)},
                           {int32_t(base.width), int32_t(base.height)},
                           int32_t(depthSamples_)};
  const bool multisampled = depthSamples_ != vk::SampleCountFlagBits::e1;
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, multisampled ? *hizDepthMs_ : *hizDepth_);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *hizDepthPipelineLayout_, 0, *hizSets_[0], {});
  cmd.pushConstants(*hizDepthPipelineLayout_, vk::ShaderStageFlagBits::eCompute, 0, sizeof(first), &first);
  cmd.dispatch((base.width + 7) / 8, (base.height + 7) / 8, 1);
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *hizReduce_);
  for (size_t l = 1; l < levelSizes_.size(); ++l) {
    barrier(cmd, kCompute, vk::AccessFlagBits::eShaderWrite, kCompute, vk::AccessFlagBits::eShaderRead);
    const vk::Extent2D below = levelSizes_[l - 1], size = levelSizes_[l];
    const HizReducePush push{{int32_t(below.width), int32_t(below.height)}, {int32_t(size.width), int32_t(size.height)}};
    cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *hizReducePipelineLayout_, 0, *hizSets_[l], {});
    cmd.pushConstants(*hizReducePipelineLayout_, vk::ShaderStageFlagBits::eCompute, 0, sizeof(push), &push);
    cmd.dispatch((size.width + 7) / 8, (size.height + 7) / 8, 1);
  }
}

void GpuCulling::cullLate(vk::CommandBuffer cmd, uint32_t slot) {
  if (!active() || !occlusionThisFrame() || hizSets_.empty()) return;
  buildPyramid(cmd);
  // The pyramid is complete, and the early draws have read the scratch
  // indices the late phase now overwrites.
  barrier(cmd, kCompute | kDrawInput, vk::AccessFlagBits::eShaderWrite, kCompute,
          vk::AccessFlagBits::eShaderRead | vk::AccessFlagBits::eShaderWrite);
  dispatchCull(cmd, slot, 2);
}

void GpuCulling::draw(vk::CommandBuffer cmd, uint32_t region, vk::Buffer indices) const {
  if (!active()) return;
  cmd.bindIndexBuffer(indices, 0, indexBytes_ == 2 ? vk::IndexType::eUint16 : vk::IndexType::eUint32);
  cmd.drawIndexedIndirectCount(*commands_.buffer, vk::DeviceSize(region) * chunkCount_ * kCommandBytes, *drawCounts_.buffer,
                               region * 4, chunkCount_, kCommandBytes);
}

void GpuCulling::addStats(uint32_t slot, FrameStats& stats) {
  if (!active()) return;
  uint32_t t[kTotals];
  std::memcpy(t, slots_[slot].totals.mapped, sizeof(t));
  const bool split = t[7] != 0;
  if (split) hiddenShare_ = double(t[6]) / double(std::max<uint64_t>(1, uint64_t(t[0]) + t[1]));
  // The first frames of a city pay for first use (shaders, memory): their times would mislead.
  constexpr uint32_t kWarmUpFrames = 3;
  if (stats.gpuMs >= 0 && ++framesLearned_ > kWarmUpFrames) {
    double& average = split ? splitMs_ : plainMs_;
    average = average < 0 ? stats.gpuMs : average * 0.7 + stats.gpuMs * 0.3;
  }
  stats.occlusionTested = split;
  stats.chunksCoarse = t[8];
  stats.chunksBlock = t[9];
  stats.hiddenTriangles = t[6] / 3;
  stats.triangles += (uint64_t(t[0]) + t[1]) / 3;
  stats.buildingTriangles += (uint64_t(t[0]) + t[1]) / 3;
  stats.drawCalls += t[3] + t[4] + t[5];
  stats.chunksDrawn = t[5] ? t[5] : t[3] + t[4];  // chunks with outlines drawn: every chunk that showed a building
}

uint64_t GpuCulling::bytes() const {
  // With the scratch rooms of the city's index buffers.
  return chunks_.size + buildings_.size + (uint64_t(scratchIndices_) + scratchLines_) * indexBytes_ + chunkCounts_.size + visible_.size +
         decisions_.size + placements_.size + commands_.size + drawCounts_.size + levels_.size + pyramid_.bytes;
}

}  // namespace citywall::renderer::vulkan
