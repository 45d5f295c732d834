#include "renderer/vulkan/tile_meshes.h"

namespace citywall::renderer::vulkan {

void TileMeshes::update(std::span<const scene::TileDraw> draws, DeferredDeleter& deleter, uint64_t frame) {
  using U = vk::BufferUsageFlagBits;
  for (const auto& d : draws) {
    auto [it, added] = meshes_.try_emplace(d.id);
    it->second.lastFrame = frame;
    if (!added) continue;
    it->second.vertices = uploads_.buffer(bytesOf(d.mesh->vertices), U::eVertexBuffer);
    it->second.indices = uploads_.buffer(bytesOf(d.mesh->indices), U::eIndexBuffer);
    it->second.indexCount = uint32_t(d.mesh->indices.size());
    it->second.parts = d.mesh->parts.empty() ? std::vector<scene::ModelPart>{{0, it->second.indexCount}} : d.mesh->parts;
    it->second.bytes = it->second.vertices.size + it->second.indices.size;
    for (const auto& image : d.mesh->images) it->second.bytes += it->second.textures.emplace_back(textures_.upload(image)).bytes;
    bytes_ += it->second.bytes;
  }
  for (auto it = meshes_.begin(); it != meshes_.end();) {
    if (it->second.lastFrame == frame) {
      ++it;
      continue;
    }
    bytes_ -= it->second.bytes;
    // The frames in flight may still draw it: it goes when the last submitted one is done.
    deleter.retire(frame - 1, std::move(it->second));
    it = meshes_.erase(it);
  }
}

}  // namespace citywall::renderer::vulkan
