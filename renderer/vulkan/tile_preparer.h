#pragma once
// TilePreparer: a streamed 3D tile's vertex and index buffers and its
// textures, made on the loading worker that read the tile (Cesium Native's
// "prepare in load thread"), so the frame that first draws it only adopts
// them. Writing a fresh buffer costs its page faults as well as the copy —
// on this project's VMs about 3 ms a megabyte — and a view change that
// brought in 40 MB of tiles at once held one frame for half a second on the
// main thread.
//
// Prepared meshes live in the streamer's content and may outlive the
// renderer (a device lost and rebuilt, a program tearing down in any
// order). So each one is registered with its preparer, and shutdown() —
// the renderer going, its device idle — frees every buffer still held
// while the device exists; after it, what the streamer still holds is
// empty, and a new renderer uploads those meshes itself.

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>

#include "renderer/vulkan/model_textures.h"
#include "renderer/vulkan/resources.h"
#include "renderer/vulkan/upload_queue.h"
#include "scene/city_model.h"

namespace citywall::renderer::vulkan {

class TilePreparer;

/// One mesh's buffers and textures on the GPU, made by a TilePreparer.
struct PreparedMesh {
  std::shared_ptr<TilePreparer> owner;
  GpuBuffer vertices, indices;
  std::vector<GpuTexture> textures;  ///< the mesh's images, in order (their copies and mips made by the next frame)
  uint32_t indexCount = 0;  ///< points: the points (drawn without indices)
  vk::IndexType indexType = vk::IndexType::eUint32;  ///< 16 bits where the vertices fit (ModelMesh::narrowIndices)
  /// Per part: the vertex its 16-bit indices count from (ModelMesh::narrowPartBases); empty where all are 0.
  std::vector<uint32_t> partBases;
  /// A point cloud in PackedPointVertex, without an index buffer; its
  /// positions quantized within `box`, which the draw's transform undoes.
  bool points = false;
  scene::PointBox box;
  uint64_t bytes = 0;  ///< of GPU memory
  ~PreparedMesh();
};

class TilePreparer : public std::enable_shared_from_this<TilePreparer> {
 public:
  TilePreparer(UploadQueue& uploads, ModelTextures& textures) : uploads_(uploads), textures_(textures) {}
  /// Any thread: the mesh's buffers, written now where the device's memory
  /// is the host's, else staged and copied first thing in the next frame;
  /// its textures' images made and their pixels staged.
  /// Null after shutdown(). Throws what allocation throws.
  std::shared_ptr<const PreparedMesh> prepare(const scene::ModelMesh& mesh);
  /// Whether this preparer made `m` (a renderer adopts only its own).
  bool made(const PreparedMesh& m) const { return m.owner.get() == this; }
  /// The renderer is going and its device is idle: every buffer still held
  /// is freed now, and prepare() makes nothing more.
  void shutdown();
  /// GPU bytes of the meshes made and not yet freed, drawn or not.
  uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  friend struct PreparedMesh;
  void release(PreparedMesh& m);

  // Shared while a mesh's buffers are made or freed, unique for shutdown():
  // no buffer is touched once the device may be gone.
  mutable std::shared_mutex lifetime_;
  bool open_ = true;
  UploadQueue& uploads_;
  ModelTextures& textures_;
  mutable std::mutex liveMutex_;
  std::unordered_set<PreparedMesh*> live_;
  std::atomic<uint64_t> bytes_{0};
};

}  // namespace citywall::renderer::vulkan
