#pragma once
// RegionSet: management grid cells (网格) or districts as polygons in the
// city's frame — a fill mesh, outlines, a label point per region (its pole
// of inaccessibility) and the rings for point-in-polygon. Loaded by assets/.

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <optional>
#include <string>
#include <vector>

namespace citywall::scene {

struct Region {
  std::string key;   ///< the source's id (grid id, adcode, NTA code)
  std::string name;  ///< shown as its label
  glm::dvec3 label{0.0};  ///< ENU, on the ground: the point deepest inside
  glm::dvec2 boundsMin{0.0}, boundsMax{0.0};
  std::vector<std::vector<std::vector<glm::dvec2>>> polygons;  ///< ENU rings per polygon ([0] outer)
};

struct RegionVertex {
  float position[3];  ///< relative to RegionSet::origin
  uint32_t region;
};
static_assert(sizeof(RegionVertex) == 16);

struct RegionSet {
  glm::dvec3 origin{0.0};
  std::vector<Region> regions;
  std::vector<RegionVertex> vertices;
  std::vector<uint32_t> fill;     ///< triangles
  std::vector<uint32_t> outline;  ///< line list
  size_t repaired = 0, skipped = 0;

  /// The region containing an ENU point (holes respected), if any.
  std::optional<uint32_t> find(glm::dvec2 p) const;
};

}  // namespace citywall::scene
