#include "assets/tiles3d/bounding_volume.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/matrix.hpp>
#include <limits>

#include "geo/geo_frame.h"

namespace citywall::assets::tiles3d {

BoundingVolume BoundingVolume::subdivided(uint32_t level, uint32_t x, uint32_t y, uint32_t z, bool octree) const {
  const double parts = std::ldexp(1.0, int(level));
  BoundingVolume out = *this;
  if (kind == Kind::region) {
    const double w = v[0], s = v[1], e = v[2], n = v[3];
    out.v[0] = w + (e - w) * x / parts, out.v[2] = w + (e - w) * (x + 1) / parts;
    out.v[1] = s + (n - s) * y / parts, out.v[3] = s + (n - s) * (y + 1) / parts;
    if (octree) {
      const double lo = v[4], hi = v[5];
      out.v[4] = lo + (hi - lo) * z / parts, out.v[5] = lo + (hi - lo) * (z + 1) / parts;
    }
    return out;
  }
  // A box: each split axis shrinks to 1/parts, the centre moves to the part's middle.
  const uint32_t index[3] = {x, y, z};
  for (int axis = 0; axis < (octree ? 3 : 2); ++axis) {
    const double t = (2.0 * (index[axis] + 0.5)) / parts - 1.0;  // −1 … 1 along the axis
    for (int k = 0; k < 3; ++k) {
      out.v[size_t(k)] += v[size_t(3 + axis * 3 + k)] * t;
      out.v[size_t(3 + axis * 3 + k)] = v[size_t(3 + axis * 3 + k)] / parts;
    }
  }
  return out;
}

glm::dvec3 FrameBox::min() const {
  glm::dvec3 r(0.0);
  for (int k = 0; k < 3; ++k) r += glm::abs(halfAxes[k]);
  return centre - r;
}
glm::dvec3 FrameBox::max() const {
  glm::dvec3 r(0.0);
  for (int k = 0; k < 3; ++k) r += glm::abs(halfAxes[k]);
  return centre + r;
}

double FrameBox::distanceTo(const glm::dvec3& point) const {
  // In the box's own axes the distance is the length of what sticks out.
  const glm::dvec3 d = point - centre;
  double sum = 0;
  for (int k = 0; k < 3; ++k) {
    const double len = glm::length(halfAxes[k]);
    if (len <= 0) continue;
    const double along = std::abs(glm::dot(d, halfAxes[k]) / len);
    if (along > len) sum += (along - len) * (along - len);
  }
  return std::sqrt(sum);
}

FrameBox placeVolume(const BoundingVolume& volume, const glm::dmat4& toFrame, const glm::dmat4& ecefToFrame) {
  const auto& v = volume.v;
  FrameBox out;
  switch (volume.kind) {
    case BoundingVolume::Kind::box: {
      out.centre = glm::dvec3(toFrame * glm::dvec4(v[0], v[1], v[2], 1.0));
      const glm::dmat3 linear(toFrame);
      for (int k = 0; k < 3; ++k)
        out.halfAxes[k] = linear * glm::dvec3(v[size_t(3 + 3 * k)], v[size_t(4 + 3 * k)], v[size_t(5 + 3 * k)]);
      break;
    }
    case BoundingVolume::Kind::sphere: {
      out.centre = glm::dvec3(toFrame * glm::dvec4(v[0], v[1], v[2], 1.0));
      // A scaled sphere: its radius grows with the transform's largest axis.
      const glm::dmat3 linear(toFrame);
      const double scale = std::max({glm::length(linear[0]), glm::length(linear[1]), glm::length(linear[2])});
      out.halfAxes = glm::dmat3(v[3] * scale);
      break;
    }
    case BoundingVolume::Kind::region: {
      // Points over the region (corners, edge middles, centre, at both
      // heights) in the frame, boxed along the frame's axes: a city-sized
      // region is nearly flat, and the box around it is what selection needs.
      glm::dvec3 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
      for (int i = 0; i <= 2; ++i)
        for (int j = 0; j <= 2; ++j)
          for (int h = 0; h <= 1; ++h) {
            const double lon = v[0] + (v[2] - v[0]) * i / 2.0, lat = v[1] + (v[3] - v[1]) * j / 2.0;
            const glm::dvec3 ecef = geo::geodeticToEcef({lon * 180 / M_PI, lat * 180 / M_PI, h ? v[5] : v[4]});
            const glm::dvec3 p(ecefToFrame * glm::dvec4(ecef, 1.0));
            lo = glm::min(lo, p), hi = glm::max(hi, p);
          }
      out.centre = (lo + hi) * 0.5;
      out.halfAxes = glm::dmat3(1.0);
      for (int k = 0; k < 3; ++k) out.halfAxes[k][k] = (hi[k] - lo[k]) * 0.5;
      break;
    }
  }
  return out;
}

Frustum frustumFrom(const glm::mat4& viewProjection) {
  // Rows of the matrix (glm is column-major); clip space is Vulkan's with
  // reversed Z: inside means −w ≤ x, y ≤ w and z ≤ w (near); the far plane
  // is at infinity, so there is none.
  const glm::dmat4 m(viewProjection);
  auto row = [&](int r) { return glm::dvec4(m[0][r], m[1][r], m[2][r], m[3][r]); };
  return {row(3) + row(0), row(3) - row(0), row(3) + row(1), row(3) - row(1), row(3) - row(2)};
}

bool intersects(const Frustum& frustum, const FrameBox& box, const glm::dvec3& eye) {
  const glm::dvec3 c = box.centre - eye;
  for (const auto& p : frustum) {
    const glm::dvec3 n(p);
    double r = 0;
    for (int k = 0; k < 3; ++k) r += std::abs(glm::dot(n, box.halfAxes[k]));
    if (glm::dot(n, c) + p.w < -r) return false;
  }
  return true;
}

}  // namespace citywall::assets::tiles3d
