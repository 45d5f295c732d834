#include "scene/city_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/geometric.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <meshoptimizer.h>

namespace citywall::scene {

void CityModel::releaseBuildingMesh() {
  if (vertices.empty() && indices.empty() && lineIndices.empty()) return;
  std::vector<BuildingVertex>().swap(vertices);  // swap, not clear: the memory goes back
  std::vector<uint32_t>().swap(indices);
  std::vector<uint32_t>().swap(lineIndices);
  buildingMeshReleased = true;
}

PackedModelVertex pack(const ModelVertex& v) {
  PackedModelVertex p;
  std::copy(std::begin(v.position), std::end(v.position), p.position);
  for (int a = 0; a < 3; ++a) {
    const float n = std::isfinite(v.normal[a]) ? std::clamp(v.normal[a], -1.0f, 1.0f) : 0.0f;
    p.normal[a] = int8_t(std::lround(n * 127.0f));
  }
  p.normal[3] = 0;
  std::copy(std::begin(v.uv), std::end(v.uv), p.uv);
  std::copy(std::begin(v.color), std::end(v.color), p.color);
  p.feature = v.feature;
  return p;
}

PointBox pointBox(const std::vector<ModelVertex>& vertices) {
  PointBox box;
  if (vertices.empty()) return box;
  glm::vec3 lo(std::numeric_limits<float>::max()), hi(-std::numeric_limits<float>::max());
  for (const ModelVertex& v : vertices) {
    const glm::vec3 p = glm::make_vec3(v.position);
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) continue;
    lo = glm::min(lo, p), hi = glm::max(hi, p);
  }
  if (lo.x > hi.x) return box;  // nothing finite
  box.min = lo;
  for (int a = 0; a < 3; ++a) box.size[a] = hi[a] > lo[a] ? hi[a] - lo[a] : 1.0f;
  return box;
}

PackedPointVertex packPoint(const ModelVertex& v, const PointBox& box) {
  PackedPointVertex p;
  for (int a = 0; a < 3; ++a) {
    const float t = (v.position[a] - box.min[a]) / box.size[a];
    p.position[a] = uint16_t(std::lround(std::isfinite(t) ? std::clamp(t, 0.0f, 1.0f) * 65535.0f : 0.0f));
  }
  p.position[3] = 0;
  std::copy(std::begin(v.color), std::end(v.color), p.color);
  p.feature = v.feature;
  return p;
}

std::optional<std::vector<uint32_t>> ModelMesh::narrowPartBases() const {
  if (vertexCount() <= 65536) return std::vector<uint32_t>(parts.size(), 0);
  if (parts.empty()) return std::nullopt;  // nothing says which vertices go together
  std::vector<uint32_t> bases;
  bases.reserve(parts.size());
  uint64_t end = 0;  // where the last part's indices ended: parts must not overlap, each gets its own base
  for (const ModelPart& p : parts) {
    const uint64_t first = p.firstIndex, last = std::min<uint64_t>(uint64_t(p.firstIndex) + p.indexCount, indices.size());
    if (p.indexCount && first < end) return std::nullopt;
    uint32_t lo = UINT32_MAX, hi = 0;
    for (uint64_t i = first; i < last; ++i) lo = std::min(lo, indices[i]), hi = std::max(hi, indices[i]);
    if (lo > hi) lo = hi = 0;  // a part with no indices
    if (hi - lo > 0xffffu) return std::nullopt;
    bases.push_back(lo);
    end = std::max(end, last);
  }
  return bases;
}

void ModelMesh::findPointsOnly() {
  pointsOnly_ = false;
  if (pickingOnly() || parts.empty() || indices.size() != vertices.size()) return;
  for (const ModelPart& p : parts)
    if (!p.points) return;
  for (uint32_t i = 0; i < indices.size(); ++i)
    if (indices[i] != i) return;
  pointsOnly_ = true;
}

void ModelMesh::keepOnlyWhatPickingReads() {
  if (vertices.empty()) return;
  gpuCopyBytes = gpuBytes();
  std::vector<ModelImage>().swap(images);  // parts keep their image numbers: the GPU copy's
  // A point cloud's points are picked by their number (their row of
  // properties): those keep theirs.
  const bool points = std::any_of(parts.begin(), parts.end(), [](const ModelPart& p) { return p.points; });
  const auto kind = points ? PickingCopy::Kind::points : faceted ? PickingCopy::Kind::weldedTriangles : PickingCopy::Kind::triangles;
  picking = PickingCopy::make(VertexView{vertices.data()->position, &vertices.data()->feature, sizeof(ModelVertex), vertices.size()},
                              std::move(indices), kind);
  indices = {};
  std::vector<ModelVertex>().swap(vertices);  // swap, not clear: the memory goes back
}

bool ModelMesh::weldFacets() {
  if (vertices.empty() || indices.size() % 3 != 0 || pickingOnly()) return false;
  if (std::any_of(parts.begin(), parts.end(), [](const ModelPart& p) { return p.points; })) return false;
  // Within about 2.5 degrees: a normal stored in 8 or 10 bits an axis
  // (Draco, meshopt's filters) is that far from the face's.
  constexpr float kSame = 0.999f;
  for (size_t t = 0; t < indices.size(); t += 3) {
    const uint32_t a = indices[t], b = indices[t + 1], c = indices[t + 2];
    if (a >= vertices.size() || b >= vertices.size() || c >= vertices.size()) return false;
    const glm::vec3 pa = glm::make_vec3(vertices[a].position), pb = glm::make_vec3(vertices[b].position), pc = glm::make_vec3(vertices[c].position);
    const glm::vec3 face = glm::cross(pb - pa, pc - pa);
    const float area = glm::length(face);
    if (!(area > 0.0f)) continue;  // no face to see: any normal will do
    const glm::vec3 n = face / area;
    // Either way round: a face wound against its normal (a writer's slip)
    // is lit from the side the viewer sees, as the shader turns it.
    for (const uint32_t k : {a, b, c})
      if (!(std::abs(glm::dot(n, glm::make_vec3(vertices[k].normal))) > kSame)) return false;
  }
  for (ModelVertex& v : vertices) v.normal[0] = v.normal[1] = v.normal[2] = 0.0f;
  std::vector<unsigned int> remap(vertices.size());
  const size_t unique = meshopt_generateVertexRemap(remap.data(), indices.data(), indices.size(), vertices.data(), vertices.size(), sizeof(ModelVertex));
  std::vector<ModelVertex> kept(unique);
  meshopt_remapVertexBuffer(kept.data(), vertices.data(), vertices.size(), sizeof(ModelVertex), remap.data());
  meshopt_remapIndexBuffer(indices.data(), indices.data(), indices.size(), remap.data());
  vertices = std::move(kept);
  faceted = true;
  return true;
}

GroundMesh makeGround(const geo::GeoFrame& frame, glm::dvec2 min, glm::dvec2 max, int cells) {
  GroundMesh g;
  g.min = min, g.max = max, g.cells = cells;
  const glm::dvec2 centre = (min + max) * 0.5;
  g.origin = {centre.x, centre.y, frame.surfaceZ(centre.x, centre.y)};
  const int n = cells + 1;
  g.positions.reserve(size_t(n) * n * 3);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      const double x = min.x + (max.x - min.x) * i / cells;
      const double y = min.y + (max.y - min.y) * j / cells;
      g.positions.push_back(float(x - g.origin.x));
      g.positions.push_back(float(y - g.origin.y));
      g.positions.push_back(float(frame.surfaceZ(x, y) - g.origin.z));
    }
  }
  for (int j = 0; j < cells; ++j) {
    for (int i = 0; i < cells; ++i) {
      const uint32_t a = j * n + i, b = a + 1, c = a + n, d = c + 1;
      g.indices.insert(g.indices.end(), {a, b, d, a, d, c});  // counter-clockwise seen from above
    }
  }
  return g;
}

void groundCellsWithin(const GroundMesh& ground, glm::dvec2 lo, glm::dvec2 hi, std::vector<IndexRun>& runs) {
  runs.clear();
  const glm::dvec2 size = ground.max - ground.min;
  if (ground.cells <= 0 || size.x <= 0 || size.y <= 0 || lo.x > hi.x || lo.y > hi.y) return;
  if (hi.x < ground.min.x || hi.y < ground.min.y || lo.x > ground.max.x || lo.y > ground.max.y) return;
  const int n = ground.cells;
  auto cellOf = [&](double v, double from, double extent) { return std::clamp(int(std::floor((v - from) / extent * n)), 0, n - 1); };
  const int i0 = cellOf(lo.x, ground.min.x, size.x), i1 = cellOf(hi.x, ground.min.x, size.x);
  const int j0 = cellOf(lo.y, ground.min.y, size.y), j1 = cellOf(hi.y, ground.min.y, size.y);
  for (int j = j0; j <= j1; ++j) runs.push_back({uint32_t((j * n + i0) * 6), uint32_t((i1 - i0 + 1) * 6)});
}

}  // namespace citywall::scene
