#pragma once
// A 3D Tiles bounding volume (box, region or sphere) as the tileset writes
// it, and the same volume placed in the city's frame as an oriented box,
// which is all selection needs: its distance from the eye (for the
// screen-space error) and whether it meets the view frustum.

#include <array>
#include <glm/mat3x3.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

namespace citywall::assets::tiles3d {

/// A volume in the tileset's own coordinates (3D Tiles 1.1, "Bounding volumes").
struct BoundingVolume {
  enum class Kind { box, region, sphere } kind = Kind::box;
  /// box: centre (3) then three half-axes (3 each); region: west, south,
  /// east, north (radians), minimum and maximum height (metres above the
  /// WGS84 ellipsoid); sphere: centre (3) and radius.
  std::array<double, 12> v{};

  /// The volume of child (x, y, z) of 2^level × 2^level (× 2^level for an
  /// octree) equal parts: implicit tiling's subdivision. A quadtree splits
  /// a box along its first two axes and a region in longitude and latitude.
  BoundingVolume subdivided(uint32_t level, uint32_t x, uint32_t y, uint32_t z, bool octree) const;
};

/// A volume in the city's frame (ENU metres).
struct FrameBox {
  glm::dvec3 centre{0.0};
  glm::dmat3 halfAxes{0.0};  ///< columns: the three half-axes
  glm::dvec3 min() const;    ///< the axis-aligned box around it
  glm::dvec3 max() const;
  /// Metres from `point` to the box (0 inside).
  double distanceTo(const glm::dvec3& point) const;
};

/// Places a volume in the frame. `toFrame` maps the tileset's coordinates
/// (after the tile's transforms) into the frame; `ecefToFrame` maps ECEF,
/// in which regions are defined, into it.
FrameBox placeVolume(const BoundingVolume& volume, const glm::dmat4& toFrame, const glm::dmat4& ecefToFrame);

/// The view frustum's side and near planes, in the frame relative to the
/// eye (a, b, c, d with a·x + b·y + c·z + d ≥ 0 inside).
using Frustum = std::array<glm::dvec4, 5>;
Frustum frustumFrom(const glm::mat4& viewProjection);
/// Whether any of the box can be inside the frustum (`eye`: the frame
/// point the frustum is relative to).
bool intersects(const Frustum& frustum, const FrameBox& box, const glm::dvec3& eye);

}  // namespace citywall::assets::tiles3d
