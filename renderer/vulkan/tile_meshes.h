#pragma once
// TileMeshes: the GPU copies of the 3D Tiles meshes a frame draws. A mesh
// is uploaded the first frame that draws it (by its content id) and retired
// the first frame that does not, once the frames in flight are done with
// it; so the GPU holds no more than the streamer's drawn set, which its
// memory budget bounds. (Keeping meshes a while longer would save uploads
// when the view wavers, but could hold content the streamer has already
// let go, past the budget.)

#include <span>
#include <unordered_map>

#include "renderer/deferred_deleter.h"
#include "renderer/vulkan/model_textures.h"
#include "renderer/vulkan/resources.h"
#include "renderer/vulkan/upload_queue.h"
#include "scene/frame_view.h"

namespace citywall::renderer::vulkan {

class TileMeshes {
 public:
  struct Mesh {
    GpuBuffer vertices, indices;
    uint32_t indexCount = 0;
    std::vector<scene::ModelPart> parts;
    std::vector<GpuTexture> textures;
    uint64_t bytes = 0;
    uint64_t lastFrame = 0;
  };

  TileMeshes(const Context& ctx, ModelTextures& textures, UploadQueue& uploads)
      : ctx_(ctx), textures_(textures), uploads_(uploads) {}
  /// Uploads this frame's new meshes and retires those it no longer draws.
  void update(std::span<const scene::TileDraw> draws, DeferredDeleter& deleter, uint64_t frame);
  /// The GPU copy of a mesh drawn this frame (after update()).
  const Mesh& at(uint64_t id) const { return meshes_.at(id); }
  uint64_t bytes() const { return bytes_; }

 private:
  const Context& ctx_;
  ModelTextures& textures_;
  UploadQueue& uploads_;
  std::unordered_map<uint64_t, Mesh> meshes_;
  uint64_t bytes_ = 0;
};

}  // namespace citywall::renderer::vulkan
