#include "scene/regions.h"

namespace citywall::scene {
namespace {
bool inside(const std::vector<glm::dvec2>& ring, glm::dvec2 p) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const auto& a = ring[i];
    const auto& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}
}  // namespace

std::optional<uint32_t> RegionSet::find(glm::dvec2 p) const {
  for (uint32_t r = 0; r < regions.size(); ++r) {
    const Region& region = regions[r];
    if (p.x < region.boundsMin.x || p.y < region.boundsMin.y || p.x > region.boundsMax.x || p.y > region.boundsMax.y)
      continue;
    for (const auto& poly : region.polygons) {
      if (poly.empty() || !inside(poly[0], p)) continue;
      bool inHole = false;
      for (size_t h = 1; h < poly.size() && !inHole; ++h) inHole = inside(poly[h], p);
      if (!inHole) return r;
    }
  }
  return std::nullopt;
}

}  // namespace citywall::scene
