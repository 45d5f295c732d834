#include "assets/tile_clip.h"

#include "assets/geos_util.h"

namespace citywall::assets {

namespace {

// GEOS is used here as assets/ uses it everywhere, in metres (its helpers
// drop points closer than a millimetre): degrees are scaled to about metres
// for the cut and back after.
constexpr double kMetresPerDegree = 111320.0;

std::vector<glm::dvec2> scaled(std::vector<glm::dvec2> points, double by) {
  for (auto& p : points) p *= by;
  return points;
}

}  // namespace

bool clipToTile(TileFeature& f, const TileBounds& b) {
  const double k = kMetresPerDegree;
  const geos::Box box{b.west * k, b.south * k, b.east * k, b.north * k};
  std::vector<std::vector<glm::dvec2>> parts;
  std::vector<bool> outer;
  switch (f.type) {
    case TileFeature::Type::point:
      for (auto& p : f.parts)
        if (!p.empty() && p[0].x >= b.west && p[0].x < b.east && p[0].y > b.south && p[0].y <= b.north) parts.push_back(p);
      break;
    case TileFeature::Type::line:
      for (const auto& p : f.parts)
        for (auto& piece : geos::clipLine(scaled(p, k), box)) parts.push_back(scaled(std::move(piece), 1 / k));
      break;
    case TileFeature::Type::polygon:
      // Rings in polygons (an outer ring and the holes after it), each cut whole.
      for (size_t i = 0; i < f.parts.size();) {
        std::vector<geos::Ring> rings{geos::cleanRing(scaled(f.parts[i], k))};
        size_t j = i + 1;
        for (; j < f.parts.size() && !f.outer[j]; ++j) rings.push_back(geos::cleanRing(scaled(f.parts[j], k)));
        i = j;
        for (auto& poly : geos::clipPolygon(rings, box))
          for (size_t r = 0; r < poly.rings.size(); ++r) {
            parts.push_back(scaled(std::move(poly.rings[r]), 1 / k));
            outer.push_back(r == 0);
          }
      }
      break;
  }
  f.parts = std::move(parts);
  f.outer = std::move(outer);
  return !f.parts.empty();
}

}  // namespace citywall::assets
