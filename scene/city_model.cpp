#include "scene/city_model.h"

namespace citywall::scene {

void CityModel::releaseBuildingMesh() {
  if (vertices.empty() && indices.empty() && lineIndices.empty()) return;
  std::vector<BuildingVertex>().swap(vertices);  // swap, not clear: the memory goes back
  std::vector<uint32_t>().swap(indices);
  std::vector<uint32_t>().swap(lineIndices);
  buildingMeshReleased = true;
}

GroundMesh makeGround(const geo::GeoFrame& frame, glm::dvec2 min, glm::dvec2 max, int cells) {
  GroundMesh g;
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

}  // namespace citywall::scene
