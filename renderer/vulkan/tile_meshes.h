#pragma once
// TileMeshes: the GPU copies of the 3D Tiles meshes a frame draws. A mesh's
// buffers are made by the loading worker that read it (TilePreparer,
// through the streamer's MeshPreparer), else the first frame that draws it
// (by its content id) makes them; they are let go the first frame that does
// not draw it, once the frames in flight are done with them. Either way a
// copy keeps its mesh's room in the streamer's memory budget until it is
// freed, so that budget bounds the GPU's copies too. (Keeping meshes a while
// longer would save uploads when the view wavers, but could hold content
// the streamer has already let go, past the budget.)

#include <span>
#include <unordered_map>

#include "renderer/deferred_deleter.h"
#include "renderer/vulkan/model_textures.h"
#include "renderer/vulkan/resources.h"
#include "renderer/vulkan/tile_preparer.h"
#include "renderer/vulkan/upload_queue.h"
#include "scene/frame_view.h"

namespace citywall::renderer::vulkan {

class TileMeshes {
 public:
  struct Mesh {
    /// The budget's room for the mesh (ModelMesh::room), kept while the
    /// buffers are (declared first: let go after them).
    std::shared_ptr<const void> room;
    std::shared_ptr<const PreparedMesh> buffers;
    std::vector<scene::ModelPart> parts;
    uint64_t lastFrame = 0;
  };

  TileMeshes(ModelTextures& textures, UploadQueue& uploads)
      : preparer_(std::make_shared<TilePreparer>(uploads, textures)) {}
  /// Frees what loading workers prepared and the streamer still holds (the
  /// device is idle by now and still there).
  ~TileMeshes() { preparer_->shutdown(); }
  TileMeshes(const TileMeshes&) = delete;
  TileMeshes& operator=(const TileMeshes&) = delete;
  /// What a streamer's loading workers call to make a mesh's buffers.
  scene::MeshPreparer preparer() const;
  /// Takes (or makes) this frame's new meshes and retires those it no longer draws.
  void update(std::span<const scene::TileDraw> draws, DeferredDeleter& deleter, uint64_t frame);
  /// The GPU copy of a mesh drawn this frame (after update()).
  const Mesh& at(uint64_t id) const { return meshes_.at(id); }
  /// GPU bytes of the tiles' meshes: every one made and not yet freed
  /// (the streamer's loaded content and what frames in flight still draw).
  uint64_t bytes() const { return preparer_->bytes(); }

 private:
  std::shared_ptr<TilePreparer> preparer_;
  std::unordered_map<uint64_t, Mesh> meshes_;
};

}  // namespace citywall::renderer::vulkan
