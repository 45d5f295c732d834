#include "scene/area_marks.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <glm/geometric.hpp>

#include "scene/color.h"

namespace citywall::scene {

void tintMarkedBuildings(std::span<const AreaMark> marks, const geo::GeoFrame& frame, std::span<const BuildingInfo> buildings,
                         std::span<const glm::dvec3> tileFeatures, uint32_t firstTileFeature, std::vector<MarkTint>& tints) {
  if (marks.empty()) return;
  struct Circle {
    glm::dvec2 centre;
    double r2;
    uint32_t rgba;
  };
  std::vector<Circle> circles;
  for (const AreaMark& mark : marks) {
    const glm::dvec3 c = frame.toLocal({mark.lon, mark.lat, 0});
    circles.push_back({glm::dvec2(c.x, c.y), mark.radius * mark.radius, mark.rgba});
  }
  // Building by building, so the tints come out in building order (the
  // renderer and the scene merge them without sorting), the last mark's last.
  const auto tintOf = [&](const glm::dvec3& p) {
    uint32_t rgba = 0;
    for (const Circle& c : circles) {
      const glm::dvec2 d = glm::dvec2(p) - c.centre;
      if (glm::dot(d, d) <= c.r2) rgba = c.rgba;
    }
    return rgba;
  };
  for (uint32_t b = 0; b < buildings.size(); ++b)
    if (const uint32_t rgba = tintOf(buildings[b].centroid)) tints.emplace_back(b, rgba);
  for (uint32_t f = 0; f < tileFeatures.size(); ++f)
    if (const uint32_t rgba = tintOf(tileFeatures[f])) tints.emplace_back(firstTileFeature + f, rgba);
}

namespace {
// Segments of a mark's circle: smooth at the wall's distances, and the
// corners' miter (1 / cos(π / 128)) differs from 1 by less than a thousandth.
constexpr int kSegments = 128;
}  // namespace

BaseMap markGround(std::span<const AreaMark> marks, const geo::GeoFrame& frame) {
  BaseMap map;
  const size_t count = std::min(marks.size(), kMaxGroundMarks);
  // Discs first (the areas), then the rings (the lines), each in the marks' order.
  for (size_t m = 0; m < count; ++m) {
    const AreaMark& mark = marks[m];
    const glm::dvec3 c = frame.toLocal({mark.lon, mark.lat, 0});
    const auto style = uint32_t(2 * m);
    auto ground = [&](double x, double y, glm::vec2 push, float halfWidth, uint32_t s) {
      return BaseMapVertex{{float(x), float(y), float(frame.surfaceZ(x, y))}, {push.x, push.y}, halfWidth, s};
    };
    const auto centre = uint32_t(map.vertices.size());
    map.vertices.push_back(ground(c.x, c.y, {0, 0}, 0, style));
    for (int k = 0; k < kSegments; ++k) {
      const double a = 2 * std::numbers::pi * k / kSegments;
      map.vertices.push_back(ground(c.x + mark.radius * std::cos(a), c.y + mark.radius * std::sin(a), {0, 0}, 0, style));
    }
    for (uint32_t k = 0; k < kSegments; ++k)
      map.areas.insert(map.areas.end(), {centre, centre + 1 + k, centre + 1 + (k + 1) % kSegments});
  }
  for (size_t m = 0; m < count; ++m) {
    const AreaMark& mark = marks[m];
    const glm::dvec3 c = frame.toLocal({mark.lon, mark.lat, 0});
    const auto style = uint32_t(2 * m + 1);
    const float halfWidth = float(std::clamp(mark.radius * 0.01, 1.0, 25.0)) / 2;
    const auto first = uint32_t(map.vertices.size());
    for (int k = 0; k < kSegments; ++k) {
      const double a = 2 * std::numbers::pi * k / kSegments;
      const glm::vec2 out(float(std::cos(a)), float(std::sin(a)));
      const double x = c.x + mark.radius * std::cos(a), y = c.y + mark.radius * std::sin(a);
      const float z = float(frame.surfaceZ(x, y));
      map.vertices.push_back({{float(x), float(y), z}, {out.x, out.y}, halfWidth, style});    // outer edge
      map.vertices.push_back({{float(x), float(y), z}, {-out.x, -out.y}, halfWidth, style});  // inner edge
    }
    for (uint32_t k = 0; k < kSegments; ++k) {
      const uint32_t a = first + 2 * k, b = first + 2 * ((k + 1) % kSegments);
      map.lines.insert(map.lines.end(), {a, a + 1, b, b, a + 1, b + 1});
    }
  }
  return map;
}

std::vector<BaseMapPaint> markGroundPaints(std::span<const AreaMark> marks) {
  std::vector<BaseMapPaint> paints;
  for (size_t m = 0; m < std::min(marks.size(), kMaxGroundMarks); ++m) {
    const glm::vec3 rgb = linearRgb(marks[m].rgba >> 8);
    BaseMapPaint disc, ring;
    disc.fill = glm::vec4(rgb, 0.14f);
    ring.fill = glm::vec4(rgb, 0.95f);
    ring.casing = glm::vec4(0, 0, 0, 0.55f);
    ring.minPixels = 3, ring.casingPixels = 1.5f;
    paints.push_back(disc), paints.push_back(ring);
  }
  return paints;
}

}  // namespace citywall::scene
