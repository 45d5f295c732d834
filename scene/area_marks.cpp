#include "scene/area_marks.h"

#include <glm/geometric.hpp>

namespace citywall::scene {

void tintMarkedBuildings(std::span<const AreaMark> marks, const geo::GeoFrame& frame, std::span<const BuildingInfo> buildings,
                         std::span<const glm::dvec3> tileFeatures, uint32_t firstTileFeature,
                         std::map<uint32_t, BuildingStyle>& styles) {
  for (const AreaMark& mark : marks) {
    const glm::dvec3 c = frame.toLocal({mark.lon, mark.lat, 0});
    const glm::dvec2 centre(c.x, c.y);
    const double r2 = mark.radius * mark.radius;
    auto inside = [&](const glm::dvec3& p) {
      const glm::dvec2 d = glm::dvec2(p) - centre;
      return glm::dot(d, d) <= r2;
    };
    for (uint32_t b = 0; b < buildings.size(); ++b)
      if (inside(buildings[b].centroid)) styles[b].tintRgba = mark.rgba;
    for (uint32_t f = 0; f < tileFeatures.size(); ++f)
      if (inside(tileFeatures[f])) styles[firstTileFeature + f].tintRgba = mark.rgba;
  }
}

}  // namespace citywall::scene
