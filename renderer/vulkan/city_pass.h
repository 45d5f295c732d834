#pragma once
// CityPass: the city's GPU resources (buildings, outlines, ground, models,
// the per-building table) and the pipelines that draw them, in pass order:
// ground → sky (on the far plane, where the ground left pixels) →
// buildings → models → outlines. Recorded into the render pass owned by the
// frame (vk_renderer.cpp). With GPU culling and occlusion
// (gpu_culling.h) the frame splits that pass after the buildings drawn
// early: recordGround, then cullLate between the passes, then recordRest.

#include <array>
#include <functional>

#include "renderer/deferred_deleter.h"
#include "renderer/renderer.h"
#include "renderer/vulkan/gpu_culling.h"
#include "renderer/vulkan/resources.h"
#include "renderer/vulkan/model_textures.h"
#include "renderer/vulkan/tile_meshes.h"

namespace citywall::renderer::vulkan {

class CityPass {
 public:
  /// `culling`: cull buildings on the GPU where the device can
  /// (Context::gpuCulling); `occlusion`: when to test the depth pyramid too;
  /// `narrowIndices`: 16-bit building indices where they fit
  /// (RendererOptions::narrowIndices). Textures and 3D Tiles meshes go
  /// through `uploads`.
  CityPass(const Context& ctx, UploadQueue& uploads, vk::RenderPass renderPass, vk::SampleCountFlagBits samples, uint32_t slots,
           bool culling, RendererOptions::Occlusion occlusion, bool narrowIndices = true);

  /// Uploads a city; the old resources go to `deleter` with `lastUse`.
  void setCity(const scene::CityModel& city, DeferredDeleter& deleter, uint64_t lastUse);
  void setBuildingStyle(uint32_t building, const BuildingStyle& style);
  /// This frame's 3D Tiles meshes: new ones uploaded, unused ones retired.
  void setTiles(std::span<const scene::TileDraw> draws, DeferredDeleter& deleter, uint64_t frame) {
    tileMeshes_.update(draws, deleter, frame);
  }
  /// What a streamer's loading workers call to make its meshes' buffers.
  scene::MeshPreparer tileMeshPreparer() const { return tileMeshes_.preparer(); }

  /// Writes this slot's uniforms and building table; call before recording.
  void prepare(uint32_t slot, const scene::FrameView& view, uint32_t targetHeight);
  /// Whether buildings are culled on the GPU (this device, this city).
  bool gpuCulled() const { return culling_ && culling_->active(); }
  /// Whether the frame's render pass must be split for the occlusion test
  /// (early draws → depth pyramid → late draws).
  bool splitsPass() const { return gpuCulled() && culling_->occlusionThisFrame(); }
  /// The depth attachment the occlusion test reads; after each resize.
  void setDepth(vk::ImageView depth, vk::Extent2D extent, vk::SampleCountFlagBits samples) {
    if (culling_) culling_->setDepth(depth, extent, samples);
  }
  /// Before the render pass: the GPU's culling of this frame (early phase).
  void cull(vk::CommandBuffer cmd, uint32_t slot) {
    if (gpuCulled()) culling_->cullEarly(cmd, slot);
  }
  /// Between the split render passes: the depth pyramid and the late phase.
  void cullLate(vk::CommandBuffer cmd, uint32_t slot) {
    if (splitsPass()) culling_->cullLate(cmd, slot);
  }
  /// Records ground, sky, `afterGround` (what lies on the ground, e.g. the
  /// heatmap's drape, before the buildings cover it) and the buildings (all
  /// of them, or those GPU culling draws early); adds to `stats`.
  void recordGround(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, uint32_t targetHeight,
                    FrameStats& stats, const std::function<void()>& afterGround = {});
  /// Records the rest: the late buildings, models and 3D Tiles, outlines.
  void recordRest(vk::CommandBuffer cmd, uint32_t slot, const scene::FrameView& view, FrameStats& stats);
  /// Adds what the GPU culling of the slot's finished frame drew.
  void addFinishedStats(uint32_t slot, FrameStats& stats) {
    if (gpuCulled()) culling_->addStats(slot, stats);
  }

  GpuMemory memory() const {
    GpuMemory m = memory_;
    m.tiles = tileMeshes_.bytes();
    if (gpuCulled()) m.culling = culling_->bytes();
    return m;
  }

 private:
  struct PerSlot {
    GpuBuffer uniforms;
    GpuBuffer table;            // host-visible copy of the building table
    uint64_t tableVersion = 0;  // which version of table_ it holds
    uint64_t cityVersion = 0;   // which city's chunk records its descriptor set points at
    vk::UniqueDescriptorSet descriptors;
  };
  struct Chunk {
    glm::dvec3 origin;
    glm::vec3 boundsMin, boundsMax;
    uint32_t firstIndex, indexCount, firstLine, lineCount;
    int32_t vertexOffset;
    std::array<float, scene::BuildingChunk::kLodSteps> lodSize;
    std::array<uint32_t, scene::BuildingChunk::kLodSteps> lodIndexCount, lodLineCount;
    // The coarse level (count 0: none) and its steps.
    uint32_t coarseFirstIndex, coarseIndexCount, coarseFirstLine, coarseLineCount;
    float coarseError;
    std::array<uint32_t, scene::BuildingChunk::kLodSteps> coarseLodIndexCount, coarseLodLineCount;
    // The block level (count 0: none) and its steps.
    uint32_t blockFirstIndex, blockIndexCount, blockFirstLine, blockLineCount;
    float blockError;
    std::array<float, scene::BuildingChunk::kBlockSteps> blockLodSize;
    std::array<uint32_t, scene::BuildingChunk::kBlockSteps> blockLodIndexCount, blockLodLineCount;
  };
  struct VisibleChunk {
    uint32_t chunk, firstIndex, indexCount, firstLine, lineCount;  // the level of detail chosen for this frame
  };
  struct ModelDraw {
    glm::dvec3 origin;
    glm::mat4 modelToLocal;
    uint32_t mesh;  // index into modelParts_ and modelTextures_
    uint32_t firstIndex;
    int32_t vertexOffset;
  };
  /// Draws a mesh's parts of one kind (blended or not) with their textures.
  void drawParts(vk::CommandBuffer cmd, const glm::mat4& transform, std::span<const scene::ModelPart> parts,
                 std::span<const GpuTexture> textures, uint32_t firstIndex, int32_t vertexOffset, bool blended, bool themed,
                 vk::Pipeline& bound, FrameStats& stats, std::span<const uint32_t> partBases = {});
  /// Draws a point cloud prepared in its packed form (PreparedMesh::points).
  void drawPackedPoints(vk::CommandBuffer cmd, const glm::mat4& transform, const PreparedMesh& mesh,
                        std::span<const scene::ModelPart> parts, vk::Pipeline& bound, FrameStats& stats);
  static constexpr uint32_t kMaxTableEntries = 1u << 24;  // 16.7 M buildings, 256 MB per slot at most
  struct BuildingEntry {
    uint32_t tint, flags;
    float height, pad;
  };

  void createPipelines(vk::RenderPass renderPass, vk::SampleCountFlagBits samples);
  void writeDescriptors(PerSlot& slot);

  const Context& ctx_;
  uint32_t slotCount_;
  vk::UniqueDescriptorSetLayout setLayout_;
  vk::UniquePipelineLayout pipelineLayout_;
  vk::UniqueDescriptorPool descriptorPool_;
  vk::UniquePipeline sky_, ground_, buildings_, outlines_, models_, modelsCulled_, modelsBlended_, modelPoints_, packedPoints_;
  float pointSize_ = 1;  // a point cloud's points, in pixels (as large as the device draws them, up to 3)
  vk::UniquePipeline gpuBuildings_, gpuOutlines_;  // drawn from the GPU culling's indirect draws
  ModelTextures textures_;
  std::vector<PerSlot> slots_;

  // City resources (replaced as a whole by setCity).
  GpuBuffer vertices_, indices_, lines_, groundVertices_, groundIndices_, modelVertices_, modelIndices_;
  uint32_t groundIndexCount_ = 0;
  glm::dvec3 groundOrigin_{0.0};
  std::vector<Chunk> chunks_;
  std::vector<VisibleChunk> visible_;  // this frame's chunks after culling (kept to avoid a per-frame allocation)
  std::vector<uint8_t> levelNow_;      // per chunk: the ChunkLevel it was drawn at last frame (CPU culling)
  // Styled buildings (tinted, hidden, highlighted) are drawn at the full
  // level: how many each chunk holds, and each city building's chunk.
  std::vector<uint32_t> styledInChunk_, buildingChunk_;
  std::vector<ModelDraw> modelDraws_;
  std::vector<std::vector<scene::ModelPart>> modelParts_;  // per city mesh
  std::vector<std::vector<GpuTexture>> modelTextures_;     // per city mesh, by its image index
  TileMeshes tileMeshes_;
  std::unique_ptr<GpuCulling> culling_;  // null: the device cannot, or it was turned off
  bool narrowIndices_ = true;            // RendererOptions::narrowIndices
  vk::IndexType indexType_ = vk::IndexType::eUint32;  // the city's building indices and outlines: 16 bits where they fit
  uint64_t cityVersion_ = 1;
  uint64_t trianglesLoaded_ = 0;
  std::vector<BuildingEntry> table_;
  uint64_t tableVersion_ = 1;
  GpuMemory memory_;
};

}  // namespace citywall::renderer::vulkan
