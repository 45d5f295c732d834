#pragma once
// GpuCulling: the extruded city culled per building on the GPU, so the CPU
// does the same small, fixed work each frame however large the city is.
//
// Each frame compute passes (shaders/cull_bindings.glsl) test every
// building against the view frustum, the level-of-detail threshold and,
// with occlusion on, a depth pyramid (Hi-Z). A chunk whose buildings all
// pass is drawn from the city's indices; of the others, the indices of the
// buildings that pass are packed into scratch room after the city's
// indices (CityPass sizes the buffers: cullScratch). One indirect draw per chunk
// with something to draw, drawn with vkCmdDrawIndexedIndirectCount. Occlusion runs in two phases:
//   early: buildings seen last frame are drawn (CityPass, first render pass);
//   the pyramid is built from that depth (the render pass is split there);
//   late:  every building is tested against it; those seen now but not drawn
//          early are drawn (second render pass), and what was seen is kept
//          for the next frame.
// So a building hidden last frame that comes into sight is drawn the same
// frame, and nothing pops.
//
// Main thread only; the scratch rooms are shared by the frames in flight
// (barriers order a frame's culling after the previous frame's draws).

#include <array>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "renderer/deferred_deleter.h"
#include "renderer/renderer.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

/// A chunk as the culling shaders see it (shaders/culling.glsl).
struct CullChunkRecord {
  float originHigh[4];  ///< the origin rounded to float
  float originLow[4];   ///< the remainder: origin = high + low
  float boundsMin[4], boundsMax[4];  ///< relative to the origin
  /// Its buildings, and where its drawn indices go in the scratch rooms
  /// (each chunk has room for its full level there, packed in chunk order).
  uint32_t firstBuilding, buildingCount, scratchIndex, scratchLine;
  int32_t vertexOffset, indexCount, lineCount, pad;  ///< the chunk's triangle and outline indices
  /// The coarse level's indices (count 0: none); its error is boundsMin[3].
  uint32_t coarseFirstIndex, coarseIndexCount, coarseFirstLine, coarseLineCount;
  /// The block level's indices (count 0: none), drawn whole or a prefix of
  /// its regions (largest first); its error is boundsMax[3].
  uint32_t blockFirstIndex, blockIndexCount, blockFirstLine, blockLineCount;
  /// Its prefix steps (scene::BuildingChunk::blockLod*).
  float blockLodSize[8];
  uint32_t blockLodIndexCount[8], blockLodLineCount[8];
};
static_assert(sizeof(CullChunkRecord) == 224);
static_assert(scene::BuildingChunk::kBlockSteps == 8, "shaders/culling.glsl holds eight block steps");

/// A building: its box relative to its chunk's origin and its index runs.
struct CullBuildingRecord {
  float lo[4], hi[4];  ///< lo[3]: its chunk (the uint's bits)
  uint32_t firstIndex, indexCount, firstLine, lineCount;
  uint32_t coarseFirstIndex, coarseIndexCount, coarseFirstLine, coarseLineCount;  ///< at its chunk's coarse level
};
static_assert(sizeof(CullBuildingRecord) == 64);

struct CullRecords {
  std::vector<CullChunkRecord> chunks;
  std::vector<CullBuildingRecord> buildings;  ///< by building index
  uint32_t scratchIndices = 0, scratchLines = 0;  ///< the scratch rooms' sizes: every chunk's full level
};

/// The scratch room GPU culling needs after a city's indices and outline
/// indices (CityPass sizes its index buffers so): the full levels' counts.
inline std::pair<size_t, size_t> cullScratch(const scene::CityModel& city) {
  size_t indices = 0, lines = 0;
  for (const auto& c : city.chunks) indices += c.indexCount, lines += c.lineIndexCount;
  return {indices, lines};
}

/// The records of a city: each building's box (from its vertices) and its
/// runs of triangle and outline indices at both levels. Throws
/// std::invalid_argument when a chunk's buildings or a building's indices
/// are not one contiguous run, or a coarse level is larger than its full
/// one (the extruder and the city cache always write them so).
CullRecords makeCullRecords(const scene::CityModel& city);

/// What the culling needs of this frame's view.
struct CullView {
  glm::mat4 viewProjection;  ///< world − eye → clip
  glm::dvec3 eye;            ///< ENU metres
  float pixelsPerRadian = 0;
  float lodPixels = 0;       ///< buildings spanning fewer pixels are left out; 0: none
  float coarsePixels = 0;    ///< FrameView::coarsePixels
  float blockPixels = 0;     ///< FrameView::blockPixels
  float outlinePixels = 0;   ///< FrameView::outlinePixels
};

class GpuCulling {
 public:
  GpuCulling(const Context& ctx, uint32_t slots, RendererOptions::Occlusion occlusion);

  /// Takes a new city. `indices` and `lines` are its index buffers: the
  /// city's indices, then the scratch room (cullScratch); storage use
  /// allowed; `indexBytes` 4, or 2 where the device has 16-bit storage
  /// (Context::storage16). The old buffers retire after `lastUse`.
  void setCity(const scene::CityModel& city, vk::Buffer indices, vk::Buffer lines, uint32_t indexBytes,
               DeferredDeleter& deleter, uint64_t lastUse);
  /// The depth attachment the pyramid is built from; call after every
  /// (re)creation of the attachments, while no frame is in flight.
  void setDepth(vk::ImageView depth, vk::Extent2D extent, vk::SampleCountFlagBits samples);

  /// Whether there is anything to cull (a city with buildings).
  bool active() const { return chunkCount_ > 0; }
  bool occlusion() const { return occlusion_ != RendererOptions::Occlusion::off; }
  /// Whether this frame tests occlusion (and so splits its render pass);
  /// chosen in prepare() (RendererOptions::occlusion says how).
  bool occlusionThisFrame() const { return split_; }
  /// The chunk records the culled draws' vertex shader reads (binding 2).
  vk::Buffer chunkRecords() const { return *chunks_.buffer; }
  /// A chunk that holds a styled building stays at its full level.
  void setChunkStyled(uint32_t chunk, bool styled);

  /// Writes this slot's uniforms; the slot's previous frame has finished.
  void prepare(uint32_t slot, const CullView& view);
  /// Outside a render pass, before the first: the early phase (or the only
  /// one without occlusion) and its draw commands.
  void cullEarly(vk::CommandBuffer cmd, uint32_t slot);
  /// Between the two render passes (occlusion only): the depth pyramid from
  /// the early draw, then the late phase and its draw commands.
  void cullLate(vk::CommandBuffer cmd, uint32_t slot);
  /// Inside a render pass with the culled buildings' pipeline bound: the
  /// early (or only) triangles, the late triangles, the outlines.
  void drawEarly(vk::CommandBuffer cmd) const { draw(cmd, 0, indices_); }
  void drawLate(vk::CommandBuffer cmd) const { draw(cmd, 1, indices_); }
  void drawLines(vk::CommandBuffer cmd) const { draw(cmd, 2, lines_); }

  /// Adds what the slot's finished frame drew (triangles, draws) to
  /// `stats`, and learns from it (and its stats.gpuMs) whether occlusion pays.
  void addStats(uint32_t slot, FrameStats& stats);
  uint64_t bytes() const;

 private:
  struct PerSlot {
    GpuBuffer uniforms, totals;
    GpuBuffer styled;  // host-visible copy of styled_ (per chunk)
    uint64_t styledVersion = 0;
    vk::UniqueDescriptorSet set;
    uint64_t cityVersion = 0, depthVersion = 0;  // what its descriptor set points at
  };
  void draw(vk::CommandBuffer cmd, uint32_t region, vk::Buffer indices) const;
  bool chooseOcclusion();
  void writeSet(PerSlot& s);
  void buildPyramid(vk::CommandBuffer cmd);
  void dispatchCull(vk::CommandBuffer cmd, uint32_t slot, uint32_t phase);

  const Context& ctx_;
  RendererOptions::Occlusion occlusion_;
  vk::UniqueDescriptorSetLayout setLayout_, hizDepthLayout_, hizReduceLayout_;
  vk::UniquePipelineLayout layout_, hizDepthPipelineLayout_, hizReducePipelineLayout_;
  vk::UniqueDescriptorPool pool_, hizPool_;
  vk::UniquePipeline level_, cull_, place_, copy_, compact_, hizDepth_, hizDepthMs_, hizReduce_;
  vk::UniquePipeline copy16_;  // cull_copy.comp for 16-bit indices; null without 16-bit storage
  vk::UniqueSampler sampler_;
  std::vector<PerSlot> slots_;

  // The city (replaced by setCity).
  GpuBuffer chunks_, buildings_, chunkCounts_, visible_, commands_, drawCounts_, decisions_, placements_, levels_, placeholder_;
  std::vector<uint32_t> styled_;  // per chunk: 1 while it holds a styled building
  uint64_t styledVersion_ = 1;
  vk::Buffer indices_, lines_;  // CityPass's
  uint32_t indexBytes_ = 4;     // theirs: 2 or 4
  uint32_t chunkCount_ = 0, buildingCount_ = 0, indexCount_ = 0, lineCount_ = 0;  // the city's (the scratch rooms start there)
  uint32_t scratchIndices_ = 0, scratchLines_ = 0;  // the scratch rooms' sizes
  uint32_t parity_ = 0;  // which half of visible_ holds the last frame's
  // Whether occlusion pays (Occlusion::whenItPays): GPU ms of recent frames
  // with it and without it (moving averages; < 0: not measured yet), the
  // share of what was in view it hid last time, frames since the way not
  // taken was tried.
  double splitMs_ = -1, plainMs_ = -1, hiddenShare_ = 1;
  uint32_t sinceProbe_ = 0;
  uint32_t framesLearned_ = 0;  // the first few frames' times (shaders warming up) are not counted
  bool split_ = false;  // this frame's choice (made in prepare)
  uint64_t cityVersion_ = 1;

  // The depth pyramid (replaced by setDepth).
  GpuImage pyramid_;
  std::vector<vk::UniqueImageView> levelViews_;
  std::vector<vk::UniqueDescriptorSet> hizSets_;  // [0]: depth → level 0; [k]: level k−1 → level k
  std::vector<vk::Extent2D> levelSizes_;
  vk::Extent2D depthExtent_;
  vk::SampleCountFlagBits depthSamples_ = vk::SampleCountFlagBits::e1;
  uint64_t depthVersion_ = 0;
};

}  // namespace citywall::renderer::vulkan
