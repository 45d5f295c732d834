#include "scene/city_model.h"

#include <algorithm>
#include <cmath>

#include <meshoptimizer.h>

namespace citywall::scene {

void CityModel::releaseBuildingMesh() {
  if (vertices.empty() && indices.empty() && lineIndices.empty()) return;
  std::vector<BuildingVertex>().swap(vertices);  // swap, not clear: the memory goes back
  std::vector<uint32_t>().swap(indices);
  std::vector<uint32_t>().swap(lineIndices);
  buildingMeshReleased = true;
}

namespace {

// The vertices with one position and feature made one, the indices
// renumbered to them (meshoptimizer's vertex remap: a hash of each
// vertex's bytes). Flat-shaded walls give each corner of a building
// several vertices (one a face, for its normal); picking needs one. The
// remap is of every vertex, not only those the indices name, so an index
// past the end stays past it (picking skips such triangles).
std::vector<PickVertex> weld(const std::vector<PickVertex>& all, std::vector<uint32_t>& indices) {
  std::vector<unsigned int> remap(all.size());
  const size_t unique = meshopt_generateVertexRemap(remap.data(), nullptr, all.size(), all.data(), all.size(), sizeof(PickVertex));
  std::vector<PickVertex> kept(unique);
  meshopt_remapVertexBuffer(kept.data(), all.data(), all.size(), sizeof(PickVertex), remap.data());
  for (uint32_t& i : indices)
    if (i < remap.size()) i = remap[i];
  return kept;
}

}  // namespace

void ModelMesh::keepOnlyWhatPickingReads() {
  if (vertices.empty()) return;
  gpuCopyBytes = gpuBytes();
  std::vector<PickVertex> kept(vertices.size());
  for (size_t i = 0; i < vertices.size(); ++i) {
    const ModelVertex& v = vertices[i];
    kept[i] = {{v.position[0], v.position[1], v.position[2]}, v.feature};
  }
  // A point cloud's points are picked by their number (their row of
  // properties): those keep theirs.
  const bool points = std::any_of(parts.begin(), parts.end(), [](const ModelPart& p) { return p.points; });
  pickVertices = points ? std::move(kept) : weld(kept, indices);
  std::vector<ModelVertex>().swap(vertices);  // swap, not clear: the memory goes back
  std::vector<ModelImage>().swap(images);     // parts keep their image numbers: the GPU copy's
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
