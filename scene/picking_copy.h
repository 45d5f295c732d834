#pragma once
// What the CPU keeps of a 3D Tiles mesh once its GPU copy is made: the
// positions, feature ids and triangles a click's picking reads, compressed.
// A city's tiles stay loaded for hours and the tile memory budget counts
// this copy beside the GPU's, so every byte here is a byte less of city on
// the wall; a click is an event, so picking pays to decode the few meshes
// its ray enters.
//
// Positions are quantized to 16 bits an axis within the mesh's box (a
// 2 km tile: 3 cm; the hit point and the building hit are what picking
// gives, and a pixel is coarser than that at any distance a tile that size
// is drawn from), then the vertices and the indices go through
// meshoptimizer's lossless codecs. Corners a flat-shaded mesh repeats once
// per face are made one first, for they differ only in what picking does
// not read (the normal).

#include <cstddef>
#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

namespace citywall::scene {

/// What picking reads of a vertex.
struct PickVertex {
  float position[3];
  uint32_t feature;
};
static_assert(sizeof(PickVertex) == 16);

/// A mesh's vertices as it holds them: three float positions and a
/// feature id at a stride, read in place (a tile's million vertices are not
/// copied first).
struct VertexView {
  const void* positions = nullptr;  ///< three floats
  const void* features = nullptr;   ///< a uint32
  size_t stride = 0;
  size_t count = 0;
};

class PickingCopy {
 public:
  /// A mesh's picking geometry, decoded.
  struct Geometry {
    std::vector<PickVertex> vertices;
    std::vector<uint32_t> indices;
  };

  PickingCopy() = default;
  /// What the vertices and indices are.
  enum class Kind {
    /// A triangle list whose corners are made one where a vertex repeats
    /// one at the same place with the same feature (the indices
    /// renumbered); a last incomplete triangle is dropped, and an index
    /// past the vertices stays past them (picking skips its triangle).
    triangles,
    /// The same, its corners already one (ModelMesh::weldFacets): not welded again.
    weldedTriangles,
    /// Points: the vertices keep their numbers and the indices are kept as
    /// they are (a picked point's row of properties is found by its number).
    points,
  };
  static PickingCopy make(const VertexView& vertices, std::vector<uint32_t> indices, Kind kind);
  static PickingCopy make(const std::vector<PickVertex>& vertices, std::vector<uint32_t> indices, Kind kind) {
    return make(VertexView{vertices.data() ? vertices.data()->position : nullptr, vertices.data() ? &vertices.data()->feature : nullptr,
                           sizeof(PickVertex), vertices.size()},
                std::move(indices), kind);
  }

  /// Positions within step()/2 an axis of what was given, features and indices exact.
  Geometry decode() const;

  bool empty() const { return vertexCount_ == 0 && indexCount_ == 0; }
  size_t vertexCount() const { return vertexCount_; }
  size_t indexCount() const { return indexCount_; }
  /// The quantization step on each axis, in the mesh's units.
  glm::vec3 step() const { return step_; }
  /// What it holds: the compressed streams.
  size_t bytes() const { return vertexBytes_.size() + indexBytes_.size(); }

 private:
  glm::vec3 min_{0.0f}, step_{0.0f};
  uint32_t vertexCount_ = 0, indexCount_ = 0;
  bool triangles_ = true;  ///< the index codec for triangle lists, else the one for sequences
  std::vector<unsigned char> vertexBytes_, indexBytes_;
};

}  // namespace citywall::scene
