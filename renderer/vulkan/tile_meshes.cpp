#include "renderer/vulkan/tile_meshes.h"

namespace citywall::renderer::vulkan {

scene::MeshPreparer TileMeshes::preparer() const {
  return [p = preparer_](const scene::ModelMesh& mesh) -> std::shared_ptr<const void> { return p->prepare(mesh); };
}

void TileMeshes::update(std::span<const scene::TileDraw> draws, DeferredDeleter& deleter, uint64_t frame) {
  for (const auto& d : draws) {
    if (auto known = meshes_.find(d.id); known != meshes_.end()) {
      known->second.lastFrame = frame;
      continue;
    }
    // Prepared by this renderer on the worker that loaded it; else (a
    // streamer without a preparer, or content loaded before a device was
    // lost and this renderer made) made here. A throw keeps nothing half made.
    // Content whose CPU copy keeps only what picking reads and whose GPU
    // copy went with a lost renderer is not drawn: the streamer reads it
    // again at its next update.
    auto buffers = std::static_pointer_cast<const PreparedMesh>(d.mesh->prepared);
    if (!buffers || !preparer_->made(*buffers)) buffers = d.mesh->pickingOnly() ? nullptr : preparer_->prepare(*d.mesh);
    Mesh m;
    m.room = d.mesh->room;  // buffers a worker made carry it already; these may be the frame's own
    m.buffers = std::move(buffers);
    m.parts = d.mesh->parts.empty() && m.buffers ? std::vector<scene::ModelPart>{{0, m.buffers->indexCount}} : d.mesh->parts;
    m.lastFrame = frame;
    meshes_.emplace(d.id, std::move(m));
  }
  for (auto it = meshes_.begin(); it != meshes_.end();) {
    if (it->second.lastFrame == frame) {
      ++it;
      continue;
    }
    // The frames in flight may still draw it: it goes when the last submitted one is done.
    deleter.retire(frame - 1, std::move(it->second));
    it = meshes_.erase(it);
  }
}

}  // namespace citywall::renderer::vulkan
