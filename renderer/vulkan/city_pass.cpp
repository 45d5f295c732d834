// city_pass.cpp — the city's GPU data and its draws.
//
// [SECTION] Uniform layout (matches shaders/frame.glsl)
// [SECTION] Pipelines
// [SECTION] Upload
// [SECTION] Per-frame update and culling
// [SECTION] Recording

#include "renderer/vulkan/city_pass.h"

#include <cstring>

#include "renderer/vulkan/frustum.h"
#include "renderer/vulkan/level_choice.h"
#include "renderer/vulkan/narrow_indices.h"
#include "renderer/vulkan/pipeline_states.h"
#include <glm/gtc/matrix_transform.hpp>

namespace citywall::renderer::vulkan {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Uniform layout (matches shaders/frame.glsl)
//-----------------------------------------------------------------------------

struct FrameUniforms {
  glm::mat4 viewProjection;
  glm::mat4 inverseViewProjection;
  glm::vec4 skyTop, skyHorizon, ground, gridLine, wallBase, wallTop, roof, edge, tallAccent, sun, camera, groundOrigin;
  glm::vec4 eyeHigh, eyeLow;
};

struct Push {
  glm::mat4 transform;
  glm::vec4 material{-1, 0, 0, 0};  // models: alpha cutoff (< 0: opaque), blended
};

//-----------------------------------------------------------------------------
// [SECTION] Per-frame update and culling helpers
//-----------------------------------------------------------------------------

constexpr vk::ShaderStageFlags kPushStages = vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment;

// Pixels a radian spans at the view's centre (level of detail in pixels).
float pixelsPerRadian(const scene::FrameView& view, uint32_t targetHeight) {
  return float(targetHeight) * std::abs(view.camera.projection[1][1]) * 0.5f;
}

glm::mat4 eyeRelative(const glm::dvec3& origin, const glm::dvec3& eye) {
  return glm::translate(glm::mat4(1), glm::vec3(origin - eye));
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Pipelines
//-----------------------------------------------------------------------------

CityPass::CityPass(const Context& ctx, UploadQueue& uploads, vk::RenderPass renderPass, vk::SampleCountFlagBits samples,
                   uint32_t slots, bool culling, RendererOptions::Occlusion occlusion, bool narrowIndices)
    : ctx_(ctx), slotCount_(slots), textures_(ctx, uploads), tileMeshes_(textures_, uploads), narrowIndices_(narrowIndices) {
  using D = vk::DescriptorType;
  // 0: the frame, 1: the building table, 2: the chunks' records (GPU-culled draws).
  const vk::DescriptorSetLayoutBinding bindings[] = {
      {0, D::eUniformBuffer, 1, vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment},
      {1, D::eStorageBuffer, 1, vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment},
      {2, D::eStorageBuffer, 1, vk::ShaderStageFlagBits::eVertex | vk::ShaderStageFlagBits::eFragment}};
  if (culling && ctx.gpuCulling()) culling_ = std::make_unique<GpuCulling>(ctx, slots, occlusion);
  setLayout_ = ctx.device().createDescriptorSetLayoutUnique({{}, bindings});
  const vk::PushConstantRange push(kPushStages, 0, sizeof(Push));
  // Set 0: the frame and the building table; set 1: a model's texture.
  const vk::DescriptorSetLayout layouts[] = {*setLayout_, textures_.layout()};
  pipelineLayout_ = ctx.device().createPipelineLayoutUnique({{}, layouts, push});
  if (ctx.physical().getFeatures().largePoints) pointSize_ = std::min(3.0f, ctx.properties().limits.pointSizeRange[1]);
  const vk::DescriptorPoolSize sizes[] = {{D::eUniformBuffer, slots}, {D::eStorageBuffer, 2 * slots}};
  descriptorPool_ = ctx.device().createDescriptorPoolUnique(
      {vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, slots, sizes});
  createPipelines(renderPass, samples);

  for (uint32_t i = 0; i < slots; ++i) {
    PerSlot s;
    s.uniforms = GpuBuffer::create(ctx, sizeof(FrameUniforms), vk::BufferUsageFlagBits::eUniformBuffer,
                                   vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
    s.descriptors = std::move(ctx.device().allocateDescriptorSetsUnique({*descriptorPool_, *setLayout_})[0]);
    slots_.push_back(std::move(s));
  }
  table_.assign(1, BuildingEntry{0, 0, 0, 0});  // never empty: a zero-size storage buffer is invalid
}

void CityPass::createPipelines(vk::RenderPass renderPass, vk::SampleCountFlagBits samples) {
  struct Spec {
    const char* vert;
    const char* frag;
    std::vector<vk::VertexInputAttributeDescription> attributes;
    uint32_t stride;
    vk::PrimitiveTopology topology;
    bool depthWrite, depthTest, blend, cull;
    vk::UniquePipeline* out;
    bool gpuCulled = false;  // the vertex shader's kGpuCulled
  };
  using F = vk::Format;
  const std::vector<vk::VertexInputAttributeDescription> buildingAttrs = {
      {0, 0, F::eR32G32B32Sfloat, offsetof(scene::BuildingVertex, position)},
      {1, 0, F::eR8G8B8A8Snorm, offsetof(scene::BuildingVertex, normal)},
      {2, 0, F::eR32Uint, offsetof(scene::BuildingVertex, building)}};
  const std::vector<vk::VertexInputAttributeDescription> outlineAttrs = {buildingAttrs[0], buildingAttrs[2]};
  const std::vector<vk::VertexInputAttributeDescription> modelAttrs = {
      {0, 0, F::eR32G32B32Sfloat, offsetof(scene::PackedModelVertex, position)},
      {1, 0, F::eR8G8B8A8Snorm, offsetof(scene::PackedModelVertex, normal)},
      {2, 0, F::eR8G8B8A8Unorm, offsetof(scene::PackedModelVertex, color)},
      {3, 0, F::eR32Uint, offsetof(scene::PackedModelVertex, feature)},
      {4, 0, F::eR32G32Sfloat, offsetof(scene::PackedModelVertex, uv)}};
  const std::vector<vk::VertexInputAttributeDescription> pointAttrs = {
      {0, 0, F::eR16G16B16A16Unorm, offsetof(scene::PackedPointVertex, position)},
      {2, 0, F::eR8G8B8A8Unorm, offsetof(scene::PackedPointVertex, color)},
      {3, 0, F::eR32Uint, offsetof(scene::PackedPointVertex, feature)}};
  using T = vk::PrimitiveTopology;
  Spec specs[] = {
      // Tested against the far plane, not written: drawn after the ground, it fills what the ground left.
      {"sky.vert.spv", "sky.frag.spv", {}, 0, T::eTriangleList, false, true, false, false, &sky_},
      {"ground.vert.spv", "ground.frag.spv", {{0, 0, F::eR32G32B32Sfloat, 0}}, 12, T::eTriangleList, true, true, false, true, &ground_},
      {"buildings.vert.spv", "buildings.frag.spv", buildingAttrs, sizeof(scene::BuildingVertex), T::eTriangleList, true, true, false, true, &buildings_},
      {"outlines.vert.spv", "outlines.frag.spv", outlineAttrs, sizeof(scene::BuildingVertex), T::eLineList, false, true, true, false, &outlines_},
      {"buildings.vert.spv", "buildings.frag.spv", buildingAttrs, sizeof(scene::BuildingVertex), T::eTriangleList, true, true, false, true, &gpuBuildings_, true},
      {"outlines.vert.spv", "outlines.frag.spv", outlineAttrs, sizeof(scene::BuildingVertex), T::eLineList, false, true, true, false, &gpuOutlines_, true},
      // Models may come with any winding, so they are drawn two-sided.
      {"model.vert.spv", "model.frag.spv", modelAttrs, sizeof(scene::PackedModelVertex), T::eTriangleList, true, true, false, false, &models_},
      // Single-sided glTF materials: back faces culled (glTF's front faces are counter-clockwise, as ours).
      {"model.vert.spv", "model.frag.spv", modelAttrs, sizeof(scene::PackedModelVertex), T::eTriangleList, true, true, false, true, &modelsCulled_},
      // glTF BLEND: over what is drawn, without hiding what comes after.
      {"model.vert.spv", "model.frag.spv", modelAttrs, sizeof(scene::PackedModelVertex), T::eTriangleList, false, true, true, false, &modelsBlended_},
      // A 3D Tiles point cloud: one point a vertex.
      {"model.vert.spv", "model.frag.spv", modelAttrs, sizeof(scene::PackedModelVertex), T::ePointList, true, true, false, false, &modelPoints_},
      // … packed: 16 bytes a point, no index (PreparedMesh::points).
      {"points.vert.spv", "model.frag.spv", pointAttrs, sizeof(scene::PackedPointVertex), T::ePointList, true, true, false, false, &packedPoints_},
  };
  const VkBool32 yes = VK_TRUE;
  const vk::SpecializationMapEntry entry(0, 0, sizeof(VkBool32));
  const vk::SpecializationInfo gpuCulled(1, &entry, sizeof(yes), &yes);
  for (auto& s : specs) {
    auto vert = loadShader(ctx_, s.vert), frag = loadShader(ctx_, s.frag);
    GraphicsPipelineDesc d;
    if (s.gpuCulled) d.vertexConstants = &gpuCulled;
    d.vertex = *vert, d.fragment = *frag;
    d.stride = s.stride, d.attributes = s.attributes, d.topology = s.topology;
    d.cullBack = s.cull, d.depthTest = s.depthTest, d.depthWrite = s.depthWrite, d.blend = s.blend;
    d.samples = samples, d.layout = *pipelineLayout_, d.renderPass = renderPass, d.what = s.vert;
    *s.out = createGraphicsPipeline(ctx_, d);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Upload
//-----------------------------------------------------------------------------

void CityPass::setCity(const scene::CityModel& city, DeferredDeleter& deleter, uint64_t lastUse) {
  struct Old {
    GpuBuffer a, b, c, d, e, f, g;
    std::vector<std::vector<GpuTexture>> textures;
  };
  deleter.retire(lastUse, Old{std::move(vertices_), std::move(indices_), std::move(lines_), std::move(groundVertices_),
                              std::move(groundIndices_), std::move(modelVertices_), std::move(modelIndices_),
                              std::move(modelTextures_)});
  using U = vk::BufferUsageFlagBits;
  vertices_ = GpuBuffer::upload(ctx_, bytesOf(city.vertices), U::eVertexBuffer);
  // GPU culling copies the indices of the buildings it draws from culled
  // chunks into scratch room after the city's (GpuCulling).
  const auto [scratchIndices, scratchLines] = culling_ ? cullScratch(city) : std::pair<size_t, size_t>{0, 0};
  // 16 bits an index where every one fits and the culling's compute passes
  // can copy 16-bit values: half the memory, and a city's indices are most
  // of it (narrow_indices.h).
  const bool narrow = narrowIndices_ && (!culling_ || ctx_.storage16()) && fitIn16Bits(city.indices) &&
                      fitIn16Bits(city.lineIndices);
  const uint32_t indexBytes = narrow ? 2 : 4;
  indexType_ = narrow ? vk::IndexType::eUint16 : vk::IndexType::eUint32;
  const auto usage = U::eIndexBuffer | U::eStorageBuffer;
  if (narrow) {
    indices_ = GpuBuffer::upload(ctx_, bytesOf(narrowed(city.indices)), usage, (city.indices.size() + scratchIndices) * 2);
    lines_ = GpuBuffer::upload(ctx_, bytesOf(narrowed(city.lineIndices)), usage, (city.lineIndices.size() + scratchLines) * 2);
  } else {
    indices_ = GpuBuffer::upload(ctx_, bytesOf(city.indices), usage, (city.indices.size() + scratchIndices) * 4);
    lines_ = GpuBuffer::upload(ctx_, bytesOf(city.lineIndices), usage, (city.lineIndices.size() + scratchLines) * 4);
  }
  if (culling_) {
    culling_->setCity(city, *indices_.buffer, *lines_.buffer, indexBytes, deleter, lastUse);
    ++cityVersion_;
  }
  trianglesLoaded_ = city.triangleCount();
  groundVertices_ = GpuBuffer::upload(ctx_, bytesOf(city.ground.positions), U::eVertexBuffer);
  groundIndices_ = GpuBuffer::upload(ctx_, bytesOf(city.ground.indices), U::eIndexBuffer);
  groundIndexCount_ = uint32_t(city.ground.indices.size());
  groundOrigin_ = city.ground.origin;

  chunks_.clear();
  for (const auto& c : city.chunks) {
    Chunk chunk{c.origin, c.boundsMin, c.boundsMax, c.firstIndex, c.indexCount, c.firstLineIndex, c.lineIndexCount,
                c.vertexOffset, {}, {}, {}, c.coarseFirstIndex, c.coarseIndexCount, c.coarseFirstLine, c.coarseLineCount,
                c.coarseError, {}, {}, c.blockFirstIndex, c.blockIndexCount, c.blockFirstLine, c.blockLineCount, c.blockError, {}, {}, {}};
    std::copy(std::begin(c.lodSize), std::end(c.lodSize), chunk.lodSize.begin());
    std::copy(std::begin(c.lodIndexCount), std::end(c.lodIndexCount), chunk.lodIndexCount.begin());
    std::copy(std::begin(c.lodLineCount), std::end(c.lodLineCount), chunk.lodLineCount.begin());
    std::copy(std::begin(c.coarseLodIndexCount), std::end(c.coarseLodIndexCount), chunk.coarseLodIndexCount.begin());
    std::copy(std::begin(c.coarseLodLineCount), std::end(c.coarseLodLineCount), chunk.coarseLodLineCount.begin());
    std::copy(std::begin(c.blockLodSize), std::end(c.blockLodSize), chunk.blockLodSize.begin());
    std::copy(std::begin(c.blockLodIndexCount), std::end(c.blockLodIndexCount), chunk.blockLodIndexCount.begin());
    std::copy(std::begin(c.blockLodLineCount), std::end(c.blockLodLineCount), chunk.blockLodLineCount.begin());
    chunks_.push_back(chunk);
  }
  levelNow_.assign(chunks_.size(), kFullLevel);
  styledInChunk_.assign(chunks_.size(), 0);
  buildingChunk_.resize(city.buildings.size());
  for (size_t i = 0; i < city.buildings.size(); ++i) buildingChunk_[i] = city.buildings[i].chunk;

  // All models share one vertex and one index buffer.
  std::vector<scene::PackedModelVertex> mv;
  std::vector<uint32_t> mi;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // first index, vertex offset per mesh
  for (const auto& m : city.models) {
    ranges.emplace_back(uint32_t(mi.size()), uint32_t(mv.size()));
    for (const auto& v : m.vertices) mv.push_back(scene::pack(v));
    mi.insert(mi.end(), m.indices.begin(), m.indices.end());
  }
  modelVertices_ = GpuBuffer::upload(ctx_, bytesOf(mv), U::eVertexBuffer);
  modelIndices_ = GpuBuffer::upload(ctx_, bytesOf(mi), U::eIndexBuffer);
  modelDraws_.clear();
  for (const auto& inst : city.modelInstances)
    modelDraws_.push_back({inst.origin, inst.modelToLocal, inst.mesh, ranges[inst.mesh].first, int32_t(ranges[inst.mesh].second)});
  modelParts_.clear();
  modelTextures_.clear();
  uint64_t textureBytes = 0;
  for (const auto& m : city.models) {
    modelParts_.push_back(m.parts.empty() ? std::vector<scene::ModelPart>{{0, uint32_t(m.indices.size())}} : m.parts);
    auto& textures = modelTextures_.emplace_back();
    for (const auto& image : m.images) textureBytes += textures.emplace_back(textures_.upload(image)).bytes;
  }

  table_.assign(std::max<size_t>(1, city.buildings.size()), BuildingEntry{0, 0, 0, 0});
  for (size_t i = 0; i < city.buildings.size(); ++i) table_[i].height = city.buildings[i].height;
  ++tableVersion_;

  memory_ = {};
  memory_.buildingVertices = vertices_.size;
  memory_.buildingIndices = (city.indices.size() + city.lineIndices.size()) * indexBytes;  // the scratch room counts as culling's
  memory_.buildingTable = table_.size() * sizeof(BuildingEntry) * slotCount_;
  memory_.models = modelVertices_.size + modelIndices_.size + textureBytes;
  memory_.ground = groundVertices_.size + groundIndices_.size;
}

void CityPass::setBuildingStyle(uint32_t building, const BuildingStyle& style) {
  // 3D Tiles buildings are numbered after the city's: the table grows to them.
  if (building >= kMaxTableEntries) return;
  if (building >= table_.size()) table_.resize(building + 1, BuildingEntry{0, 0, 0, 0});
  auto& e = table_[building];
  const bool wasStyled = e.tint || e.flags;
  e.tint = style.tintRgba;
  e.flags = (style.hidden ? 1u : 0u) | (style.highlighted ? 2u : 0u);
  const bool styled = e.tint || e.flags;
  if (styled != wasStyled && building < buildingChunk_.size()) {
    uint32_t& n = styledInChunk_[buildingChunk_[building]];
    n = styled ? n + 1 : n - 1;
    if (culling_) culling_->setChunkStyled(buildingChunk_[building], n > 0);
  }
  ++tableVersion_;
}

void CityPass::writeDescriptors(PerSlot& s) {
  const vk::DescriptorBufferInfo ubo(*s.uniforms.buffer, 0, sizeof(FrameUniforms));
  const vk::DescriptorBufferInfo ssbo(*s.table.buffer, 0, VK_WHOLE_SIZE);
  // Without GPU culling nothing reads the chunks' records; any buffer will do.
  const vk::DescriptorBufferInfo chunks(culling_ ? culling_->chunkRecords() : *s.table.buffer, 0, VK_WHOLE_SIZE);
  const vk::WriteDescriptorSet writes[] = {{*s.descriptors, 0, 0, vk::DescriptorType::eUniformBuffer, {}, ubo},
                                           {*s.descriptors, 1, 0, vk::DescriptorType::eStorageBuffer, {}, ssbo},
                                           {*s.descriptors, 2, 0, vk::DescriptorType::eStorageBuffer, {}, chunks}};
  ctx_.device().updateDescriptorSets(writes, {});
  s.cityVersion = cityVersion_;
}

//-----------------------------------------------------------------------------
// [SECTION] Per-frame update
//-----------------------------------------------------------------------------

void CityPass::prepare(uint32_t slot, const scene::FrameView& view, uint32_t targetHeight) {
  PerSlot& s = slots_[slot];
  if (view.buildingCount > table_.size() && view.buildingCount <= kMaxTableEntries) {
    // Grown by half again at least: tiles number their buildings a few at a time.
    table_.resize(std::min<size_t>(kMaxTableEntries, std::max<size_t>(view.buildingCount, table_.size() * 3 / 2)),
                  BuildingEntry{0, 0, 0, 0});
    ++tableVersion_;
  }
  // This slot's previous frame has finished (its fence was waited), so its
  // own table copy and descriptor set are free to change.
  const vk::DeviceSize tableBytes = table_.size() * sizeof(BuildingEntry);
  if (!s.table || s.table.size != tableBytes) {
    s.table = GpuBuffer::create(ctx_, tableBytes, vk::BufferUsageFlagBits::eStorageBuffer,
                                vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent);
    s.tableVersion = 0;
    writeDescriptors(s);
  } else if (s.cityVersion != cityVersion_) {
    writeDescriptors(s);
  }
  if (s.tableVersion != tableVersion_) {  // only when a style or the city changed
    std::memcpy(s.table.mapped, table_.data(), tableBytes);
    s.tableVersion = tableVersion_;
  }

  const scene::Theme& t = view.theme;
  FrameUniforms u;
  u.viewProjection = view.camera.viewProjection;
  u.inverseViewProjection = glm::inverse(view.camera.viewProjection);
  u.skyTop = glm::vec4(t.skyTop, 1);
  u.skyHorizon = glm::vec4(t.skyHorizon, t.fogDensity);
  u.ground = glm::vec4(t.ground, 1);
  u.gridLine = t.gridLine;
  u.wallBase = glm::vec4(t.wallBase, t.ambient);
  u.wallTop = glm::vec4(t.wallTop, 1);
  u.roof = glm::vec4(t.roof, 1);
  u.edge = t.edge;
  u.tallAccent = glm::vec4(t.tallAccent, 1);
  u.sun = glm::vec4(t.sunDirection, t.sunStrength);
  u.camera = glm::vec4(float(view.cameraDistance), float(view.camera.eye.z - groundOrigin_.z), 0, 0);
  u.groundOrigin = glm::vec4(float(groundOrigin_.x), float(groundOrigin_.y), 0, 0);
  const glm::vec3 eyeHigh(view.camera.eye);
  u.eyeHigh = glm::vec4(eyeHigh, 0);
  u.eyeLow = glm::vec4(glm::vec3(view.camera.eye - glm::dvec3(eyeHigh)), 0);
  std::memcpy(s.uniforms.mapped, &u, sizeof(u));
  if (gpuCulled()) {
    CullView cv;
    cv.viewProjection = view.camera.viewProjection;
    cv.eye = view.camera.eye;
    cv.pixelsPerRadian = pixelsPerRadian(view, targetHeight);
    cv.lodPixels = view.buildingLodPixels;
    cv.coarsePixels = view.coarsePixels;
    cv.blockPixels = view.blockPixels;
    cv.outlinePixels = view.outlinePixels;
    culling_->prepare(slot, cv);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Recording
//-----------------------------------------------------------------------------

void CityPass::recordGround(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, uint32_t targetHeight,
                            FrameStats& stats, const std::function<void()>& afterGround) {
  const glm::dvec3 eye = view.camera.eye;
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *pipelineLayout_, 0, *slots_[slot].descriptors, {});
  auto push = [&](const glm::mat4& m) {
    const Push p{m};
    cmd.pushConstants(*pipelineLayout_, kPushStages, 0, sizeof(Push), &p);
  };

  if (groundIndexCount_) {
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *ground_);
    cmd.bindVertexBuffers(0, *groundVertices_.buffer, vk::DeviceSize(0));
    cmd.bindIndexBuffer(*groundIndices_.buffer, 0, vk::IndexType::eUint32);
    push(eyeRelative(groundOrigin_, eye));
    cmd.drawIndexed(groundIndexCount_, 1, 0, 0, 0);
    stats.drawCalls += 1, stats.triangles += groundIndexCount_ / 3;
  }
  // The sky after the ground, on the far plane: only the pixels the ground
  // left are shaded (a software rasteriser shades every pixel it is given).
  cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *sky_);
  push(glm::mat4(1));
  cmd.draw(3, 1, 0, 0);
  stats.drawCalls += 1, stats.triangles += 1;
  if (afterGround) {
    afterGround();
    // The callback bound its own pipeline and descriptors: restore ours.
    cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *pipelineLayout_, 0, *slots_[slot].descriptors, {});
  }
  stats.chunksTotal = uint32_t(chunks_.size());
  stats.trianglesLoaded = trianglesLoaded_;
  visible_.clear();

  if (gpuCulled()) {
    // The GPU chose the buildings (GpuCulling::cullEarly); the count of
    // what it drew arrives with the finished frame (addFinishedStats).
    stats.gpuCulled = true;
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *gpuBuildings_);
    cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
    culling_->drawEarly(cmd);
    return;
  }

  // Chunk culling: per chunk, never per building, so CPU time does not grow
  // with the number of buildings. Each visible chunk draws the prefix of its
  // buildings (largest first) that still span view.buildingLodPixels at its
  // nearest point (smaller ones would not cover a pixel), and outlines the
  // prefix that spans view.outlinePixels.
  std::vector<VisibleChunk>& visible = visible_;
  const auto planes = frustumPlanes(view.camera.viewProjection);
  const float pixelsAcross = pixelsPerRadian(view, targetHeight);
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    const Chunk& c = chunks_[i];
    const glm::vec3 offset(c.origin - eye);
    const glm::vec3 nearest = glm::clamp(glm::vec3(0.0f), c.boundsMin + offset, c.boundsMax + offset);
    const float distance = std::max(glm::length(nearest), 1e-3f);
    // The level: the coarsest whose error spans under its threshold (with
    // hysteresis), never a coarser one with a styled building in the chunk.
    const bool coarser = !styledInChunk_[i] && pixelsAcross > 0;
    const ChunkLevel level =
        coarser ? chooseLevel(ChunkLevel(levelNow_[i]), c.coarseIndexCount ? c.coarseError * pixelsAcross / distance : -1.f,
                              c.blockIndexCount ? c.blockError * pixelsAcross / distance : -1.f, view.coarsePixels, view.blockPixels)
                : kFullLevel;
    levelNow_[i] = uint8_t(level);
    stats.chunksCoarse += level != kFullLevel, stats.chunksBlock += level == kBlockLevel;
    if (!boxVisible(planes, c.boundsMin + offset, c.boundsMax + offset)) continue;
    const bool coarse = level == kCoarseLevel, block = level == kBlockLevel;
    VisibleChunk v = block    ? VisibleChunk{i, c.blockFirstIndex, c.blockIndexCount, c.blockFirstLine, c.blockLineCount}
                     : coarse ? VisibleChunk{i, c.coarseFirstIndex, c.coarseIndexCount, c.coarseFirstLine, c.coarseLineCount}
                              : VisibleChunk{i, c.firstIndex, c.indexCount, c.firstLine, c.lineCount};
    // The prefix of its buildings (largest first; at the block level its
    // regions) that spans each threshold: to draw, to outline.
    const std::span<const float> sizes = block ? std::span<const float>(c.blockLodSize) : std::span<const float>(c.lodSize);
    const std::span<const uint32_t> indexSteps = block ? std::span<const uint32_t>(c.blockLodIndexCount)
                                                 : coarse ? std::span<const uint32_t>(c.coarseLodIndexCount)
                                                          : std::span<const uint32_t>(c.lodIndexCount);
    const std::span<const uint32_t> lineSteps = block ? std::span<const uint32_t>(c.blockLodLineCount)
                                                : coarse ? std::span<const uint32_t>(c.coarseLodLineCount)
                                                         : std::span<const uint32_t>(c.lodLineCount);
    auto step = [&](float pixels) -> int {
      if (pixels <= 0 || pixelsAcross <= 0) return -1;  // all
      const float smallest = pixels * distance / pixelsAcross;  // metres that span the threshold
      for (size_t k = 0; k < sizes.size(); ++k)
        if (indexSteps[k] && sizes[k] <= smallest) return int(k);
      return -1;
    };
    if (const int k = step(view.buildingLodPixels); k >= 0) v.indexCount = indexSteps[size_t(k)];
    if (const int k = step(std::max(view.buildingLodPixels, view.outlinePixels)); k >= 0) v.lineCount = lineSteps[size_t(k)];
    visible.push_back(v);
  }
  stats.chunksDrawn = uint32_t(visible.size());

  if (!visible.empty()) {
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *buildings_);
    cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
    cmd.bindIndexBuffer(*indices_.buffer, 0, indexType_);
    for (const VisibleChunk& v : visible) {
      const Chunk& c = chunks_[v.chunk];
      push(eyeRelative(c.origin, eye));
      cmd.drawIndexed(v.indexCount, 1, v.firstIndex, c.vertexOffset, 0);
      stats.drawCalls += 1, stats.triangles += v.indexCount / 3, stats.buildingTriangles += v.indexCount / 3;
    }
  }
}

void CityPass::recordRest(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, FrameStats& stats) {
  const glm::dvec3 eye = view.camera.eye;
  // A split render pass starts with nothing bound.
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *pipelineLayout_, 0, *slots_[slot].descriptors, {});
  if (splitsPass()) {
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *gpuBuildings_);
    cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
    culling_->drawLate(cmd);
  }

  // Models and 3D Tiles: opaque and masked parts, then the blended ones over them.
  vk::Pipeline bound;  // parts choose theirs (culled or two-sided, blended); bound only when it changes
  for (const bool blended : {false, true}) {
    if (!modelDraws_.empty()) {
      cmd.bindVertexBuffers(0, *modelVertices_.buffer, vk::DeviceSize(0));
      cmd.bindIndexBuffer(*modelIndices_.buffer, 0, vk::IndexType::eUint32);
      for (const auto& m : modelDraws_)
        drawParts(cmd, eyeRelative(m.origin, eye) * m.modelToLocal, modelParts_[m.mesh], modelTextures_[m.mesh], m.firstIndex,
                  m.vertexOffset, blended, false, bound, stats);
    }
    // 3D Tiles: the streamer chose and culled them; each has its own buffers.
    for (const auto& d : view.tiles3d) {
      const TileMeshes::Mesh& m = tileMeshes_.at(d.id);
      if (!m.buffers || !m.buffers->indexCount) continue;
      cmd.bindVertexBuffers(0, *m.buffers->vertices.buffer, vk::DeviceSize(0));
      const glm::mat4 transform = eyeRelative(d.origin, eye) * d.modelToLocal;
      if (m.buffers->points) {
        if (!blended) drawPackedPoints(cmd, transform, *m.buffers, m.parts, bound, stats);
        continue;
      }
      cmd.bindIndexBuffer(*m.buffers->indices.buffer, 0, m.buffers->indexType);
      drawParts(cmd, transform, m.parts, m.buffers->textures, 0, 0, blended, d.themed, bound, stats, m.buffers->partBases);
    }
  }

  if (!lines_.size) return;
  if (gpuCulled()) {
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *gpuOutlines_);
    cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
    culling_->drawLines(cmd);
  } else if (!visible_.empty()) {
    cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *outlines_);
    cmd.bindVertexBuffers(0, *vertices_.buffer, vk::DeviceSize(0));
    cmd.bindIndexBuffer(*lines_.buffer, 0, indexType_);
    for (const VisibleChunk& v : visible_) {
      const Chunk& c = chunks_[v.chunk];
      if (!v.lineCount) continue;
      const Push p{eyeRelative(c.origin, eye)};
      cmd.pushConstants(*pipelineLayout_, kPushStages, 0, sizeof(Push), &p);
      cmd.drawIndexed(v.lineCount, 1, v.firstLine, c.vertexOffset, 0);
      stats.drawCalls += 1;
    }
  }
}

void CityPass::drawPackedPoints(vk::CommandBuffer cmd, const glm::mat4& transform, const PreparedMesh& mesh,
                                std::span<const scene::ModelPart> parts, vk::Pipeline& bound, FrameStats& stats) {
  if (*packedPoints_ != bound) cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *packedPoints_), bound = *packedPoints_;
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *pipelineLayout_, 1, textures_.white(), {});
  // The positions come as 0–1 across the mesh's box: the box is the first
  // step of the transform.
  const glm::mat4 unpack = glm::scale(glm::translate(glm::mat4(1.0f), mesh.box.min), mesh.box.size);
  const Push p{transform * unpack, {-1.f, 0.f, 0.f, pointSize_}};
  cmd.pushConstants(*pipelineLayout_, kPushStages, 0, sizeof(Push), &p);
  // A part's indices are its points' numbers (ModelMesh::pointsOnly).
  for (const auto& part : parts) {
    const uint32_t end = std::min(part.firstIndex + part.indexCount, mesh.indexCount);
    if (part.firstIndex >= end) continue;
    cmd.draw(end - part.firstIndex, 1, part.firstIndex, 0);
    stats.drawCalls += 1;
  }
}

void CityPass::drawParts(vk::CommandBuffer cmd, const glm::mat4& transform, std::span<const scene::ModelPart> parts,
                         std::span<const GpuTexture> textures, uint32_t firstIndex, int32_t vertexOffset, bool blended,
                         bool themed, vk::Pipeline& bound, FrameStats& stats, std::span<const uint32_t> partBases) {
  for (size_t i = 0; i < parts.size(); ++i) {
    const scene::ModelPart& part = parts[i];
    if ((part.alpha == scene::AlphaMode::blend) != blended || !part.indexCount) continue;
    const vk::Pipeline pipeline = part.points ? *modelPoints_ : blended ? *modelsBlended_ : part.doubleSided ? *models_ : *modelsCulled_;
    if (pipeline != bound) cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, pipeline), bound = pipeline;
    const bool textured = part.image >= 0 && size_t(part.image) < textures.size();
    const vk::DescriptorSet set = textured ? *textures[size_t(part.image)].set : textures_.white();
    cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *pipelineLayout_, 1, set, {});
    const Push p{transform, {part.alpha == scene::AlphaMode::mask ? part.alphaCutoff : -1.f, blended && !part.points ? 1.f : 0.f,
                             themed && part.flat ? 1.f : 0.f, part.points ? pointSize_ : part.unlit ? -1.f : 0.f}};
    cmd.pushConstants(*pipelineLayout_, kPushStages, 0, sizeof(Push), &p);
    const int32_t base = i < partBases.size() ? int32_t(partBases[i]) : 0;  // a 16-bit part of a large mesh
    cmd.drawIndexed(part.indexCount, 1, firstIndex + part.firstIndex, vertexOffset + base, 0);
    stats.drawCalls += 1, stats.triangles += part.points ? 0 : part.indexCount / 3;
  }
}

}  // namespace citywall::renderer::vulkan
