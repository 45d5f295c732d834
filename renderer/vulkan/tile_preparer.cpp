#include "renderer/vulkan/tile_preparer.h"

namespace citywall::renderer::vulkan {

PreparedMesh::~PreparedMesh() {
  if (owner) owner->release(*this);
}

std::shared_ptr<const PreparedMesh> TilePreparer::prepare(const scene::ModelMesh& mesh) {
  // Made before the lock is taken, so that on an early return or a throw
  // the lock is let go before the mesh's destructor takes it again.
  auto m = std::make_shared<PreparedMesh>();
  std::shared_lock lock(lifetime_);
  if (!open_) return nullptr;
  m->owner = shared_from_this();
  {
    std::lock_guard guard(liveMutex_);
    live_.insert(m.get());
  }
  using U = vk::BufferUsageFlagBits;
  // The staged copies (a discrete GPU) keep the mesh alive until they have run.
  // Packed into the GPU's vertex format as it is written.
  if (mesh.pointsOnly()) {
    m->points = true;
    m->box = scene::pointBox(mesh.vertices);
    m->vertices = uploads_.buffer(
        mesh.vertices.size() * sizeof(scene::PackedPointVertex), U::eVertexBuffer,
        [&](std::byte* out) {
          auto* packed = reinterpret_cast<scene::PackedPointVertex*>(out);
          for (size_t i = 0; i < mesh.vertices.size(); ++i) packed[i] = scene::packPoint(mesh.vertices[i], m->box);
        },
        m);
    m->indexCount = uint32_t(mesh.vertices.size());
    m->bytes = m->vertices.size;
    bytes_ += m->bytes;
    return m;
  }
  m->vertices = uploads_.buffer(
      mesh.vertices.size() * sizeof(scene::PackedModelVertex), U::eVertexBuffer,
      [&](std::byte* out) {
        auto* packed = reinterpret_cast<scene::PackedModelVertex*>(out);
        for (size_t i = 0; i < mesh.vertices.size(); ++i) packed[i] = scene::pack(mesh.vertices[i]);
      },
      m);
  if (const auto narrowBases = mesh.narrowPartBases()) {  // 16 bits an index, as ModelMesh::gpuBytes counts them
    m->indexType = vk::IndexType::eUint16;
    const std::vector<uint32_t>& bases = *narrowBases;
    m->indices = uploads_.buffer(
        mesh.indices.size() * 2, U::eIndexBuffer,
        [&](std::byte* out) {
          auto* narrow = reinterpret_cast<uint16_t*>(out);
          for (size_t i = 0; i < mesh.indices.size(); ++i) narrow[i] = uint16_t(mesh.indices[i]);
          // A part of a large mesh counts from the least vertex it names (its draw adds it back).
          for (size_t p = 0; p < bases.size(); ++p) {
            if (!bases[p]) continue;
            const size_t first = mesh.parts[p].firstIndex, last = std::min(first + mesh.parts[p].indexCount, mesh.indices.size());
            for (size_t i = first; i < last; ++i) narrow[i] = uint16_t(mesh.indices[i] - bases[p]);
          }
        },
        m);
    for (const uint32_t b : bases)
      if (b) m->partBases.assign(bases.begin(), bases.end());
  } else {
    m->indices = uploads_.buffer(bytesOf(mesh.indices), U::eIndexBuffer, m);
  }
  m->indexCount = uint32_t(mesh.indices.size());
  m->textures = textures_.uploadGroup(mesh.images, m);
  m->bytes = m->vertices.size + m->indices.size;
  for (const auto& t : m->textures) m->bytes += t.bytes;
  bytes_ += m->bytes;
  return m;
}

void TilePreparer::release(PreparedMesh& m) {
  std::shared_lock lock(lifetime_);
  {
    std::lock_guard guard(liveMutex_);
    if (live_.erase(&m)) bytes_ -= m.bytes;
  }
  // Freed here, under the lock, not by the members' destructors after it:
  // by then shutdown() may have returned and the device be gone.
  m.vertices = {};
  m.indices = {};
  m.textures.clear();
}

void TilePreparer::shutdown() {
  std::unique_lock lock(lifetime_);
  open_ = false;
  std::lock_guard guard(liveMutex_);
  for (PreparedMesh* m : live_) m->vertices = {}, m->indices = {}, m->textures.clear();
  live_.clear();
  bytes_ = 0;
}

}  // namespace citywall::renderer::vulkan
