#include "scene/picking_copy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <meshoptimizer.h>

namespace citywall::scene {

namespace {

// A vertex as the codec stores it: 16-bit positions within the box (the
// codec wants a multiple of four bytes; the fourth stays 0 and costs next
// to nothing), and the feature, which changes only between buildings.
struct PackedVertex {
  uint16_t q[4];
  uint32_t feature;
};
static_assert(sizeof(PackedVertex) == 12);

constexpr float kLevels = 65535.0f;

const float* positionOf(const VertexView& v, size_t i) {
  return reinterpret_cast<const float*>(static_cast<const unsigned char*>(v.positions) + i * v.stride);
}
uint32_t featureOf(const VertexView& v, size_t i) {
  uint32_t f;
  std::memcpy(&f, static_cast<const unsigned char*>(v.features) + i * v.stride, sizeof f);
  return f;
}

// Which given vertex each kept one is: with `weld`, vertices with one
// position and feature are made one and the indices renumbered to them
// (meshoptimizer's vertex remap, a hash of each vertex's bytes, read in
// place). The remap is of every vertex, not only those the indices name,
// so an index past the end stays past it.
std::vector<uint32_t> keptVertices(const VertexView& v, std::vector<uint32_t>& indices, bool weld) {
  std::vector<uint32_t> source;
  if (!weld) {
    source.resize(v.count);
    for (size_t i = 0; i < v.count; ++i) source[i] = uint32_t(i);
    return source;
  }
  const meshopt_Stream streams[] = {{v.positions, 3 * sizeof(float), v.stride}, {v.features, sizeof(uint32_t), v.stride}};
  // The library takes the vertices as triangles (it asserts a count of
  // three): every vertex in turn, the last repeated to fill the last three.
  std::vector<unsigned int> every(v.count + (3 - v.count % 3) % 3, unsigned(v.count - 1)), remap(v.count);
  for (size_t i = 0; i < v.count; ++i) every[i] = unsigned(i);
  const size_t unique = meshopt_generateVertexRemapMulti(remap.data(), every.data(), every.size(), v.count, streams, 2);
  source.resize(unique);
  for (size_t i = v.count; i-- > 0;) source[remap[i]] = uint32_t(i);  // the first of each, as any would do
  for (uint32_t& i : indices)
    if (i < remap.size()) i = remap[i];
  return source;
}

}  // namespace

PickingCopy PickingCopy::make(const VertexView& v, std::vector<uint32_t> indices, Kind kind) {
  PickingCopy c;
  c.triangles_ = kind != Kind::points;
  if (c.triangles_) indices.resize(indices.size() - indices.size() % 3);
  const std::vector<uint32_t> source = v.count ? keptVertices(v, indices, kind == Kind::triangles) : std::vector<uint32_t>{};
  // The box of the finite positions (a malformed file's NaN is put at the box's corner).
  glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
  for (const uint32_t i : source) {
    const float* p = positionOf(v, i);
    for (int a = 0; a < 3; ++a)
      if (std::isfinite(p[a])) lo[a] = std::min(lo[a], p[a]), hi[a] = std::max(hi[a], p[a]);
  }
  glm::vec3 scale(0.0f);
  for (int a = 0; a < 3; ++a) {
    if (lo[a] > hi[a]) lo[a] = hi[a] = 0.0f;
    c.min_[a] = lo[a];
    c.step_[a] = (hi[a] - lo[a]) / kLevels;
    scale[a] = c.step_[a] > 0.0f ? 1.0f / c.step_[a] : 0.0f;
  }
  std::vector<PackedVertex> packed(source.size());
  for (size_t k = 0; k < source.size(); ++k) {
    const float* p = positionOf(v, source[k]);
    PackedVertex& q = packed[k];
    for (int a = 0; a < 3; ++a) {
      const float level = (p[a] - c.min_[a]) * scale[a] + 0.5f;  // NaN fails both tests below: 0
      q.q[a] = level >= kLevels ? uint16_t(kLevels) : level > 0.0f ? uint16_t(level) : 0;
    }
    q.q[3] = 0;
    q.feature = featureOf(v, source[k]);
  }
  c.vertexCount_ = uint32_t(packed.size());
  c.indexCount_ = uint32_t(indices.size());
  c.vertexBytes_.resize(meshopt_encodeVertexBufferBound(packed.size(), sizeof(PackedVertex)));
  c.vertexBytes_.resize(meshopt_encodeVertexBuffer(c.vertexBytes_.data(), c.vertexBytes_.size(), packed.data(), packed.size(), sizeof(PackedVertex)));
  // The bounds take the vertex count for the largest index; an index past
  // the vertices is larger, so the bound is of the largest index there is.
  const size_t largest = indices.empty() ? 0 : size_t(*std::max_element(indices.begin(), indices.end())) + 1;
  const size_t span = std::max(largest, packed.size());
  c.indexBytes_.resize(c.triangles_ ? meshopt_encodeIndexBufferBound(indices.size(), span) : meshopt_encodeIndexSequenceBound(indices.size(), span));
  c.indexBytes_.resize(c.triangles_ ? meshopt_encodeIndexBuffer(c.indexBytes_.data(), c.indexBytes_.size(), indices.data(), indices.size())
                                    : meshopt_encodeIndexSequence(c.indexBytes_.data(), c.indexBytes_.size(), indices.data(), indices.size()));
  c.vertexBytes_.shrink_to_fit();
  c.indexBytes_.shrink_to_fit();
  return c;
}

PickingCopy::Geometry PickingCopy::decode() const {
  Geometry g;
  std::vector<PackedVertex> packed(vertexCount_);
  if (vertexCount_ && meshopt_decodeVertexBuffer(packed.data(), packed.size(), sizeof(PackedVertex), vertexBytes_.data(), vertexBytes_.size()) != 0)
    return g;  // cannot happen: the bytes are its own
  g.vertices.resize(vertexCount_);
  for (size_t i = 0; i < packed.size(); ++i) {
    PickVertex& v = g.vertices[i];
    for (int a = 0; a < 3; ++a) v.position[a] = min_[a] + float(packed[i].q[a]) * step_[a];
    v.feature = packed[i].feature;
  }
  g.indices.resize(indexCount_);
  if (indexCount_) {
    const int r = triangles_ ? meshopt_decodeIndexBuffer(g.indices.data(), g.indices.size(), sizeof(uint32_t), indexBytes_.data(), indexBytes_.size())
                             : meshopt_decodeIndexSequence(g.indices.data(), g.indices.size(), sizeof(uint32_t), indexBytes_.data(), indexBytes_.size());
    if (r != 0) g.indices.clear();
  }
  return g;
}

}  // namespace citywall::scene
