#include "geo/geo_frame.h"

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/LocalCartesian.hpp>
#include <glm/mat3x3.hpp>
#include <vector>

namespace citywall::geo {

struct GeoFrame::Impl {
  GeographicLib::LocalCartesian enu;
};

GeoFrame::GeoFrame() : GeoFrame(LonLatHeight{}) {}

GeoFrame::GeoFrame(const LonLatHeight& origin)
    : origin_(origin),
      impl_(std::make_unique<Impl>(Impl{GeographicLib::LocalCartesian(origin.lat, origin.lon, origin.height)})) {}

GeoFrame::~GeoFrame() = default;
GeoFrame::GeoFrame(const GeoFrame& other) : origin_(other.origin_), impl_(std::make_unique<Impl>(*other.impl_)) {}
GeoFrame& GeoFrame::operator=(const GeoFrame& other) {
  origin_ = other.origin_;
  impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}

glm::dvec3 GeoFrame::toLocal(const LonLatHeight& p) const {
  glm::dvec3 out;
  impl_->enu.Forward(p.lat, p.lon, p.height, out.x, out.y, out.z);
  return out;
}

LonLatHeight GeoFrame::toGeodetic(const glm::dvec3& enu) const {
  LonLatHeight out;
  impl_->enu.Reverse(enu.x, enu.y, enu.z, out.lat, out.lon, out.height);
  return out;
}

double GeoFrame::surfaceZ(double x, double y) const {
  // Drop (x, y, 0) onto the ellipsoid along its normal. The horizontal shift
  // that causes is about 1 cm at 10 km, where the surface slope is 2e-3, so
  // the z error stays in the micrometres.
  LonLatHeight g = toGeodetic({x, y, 0.0});
  g.height = 0.0;
  return toLocal(g).z;
}

glm::dmat4 GeoFrame::fromEcef() const {
  const glm::dmat4 toEcef = enuToEcef(origin_);
  // The inverse of a rotation and a shift: the transposed rotation, and the
  // shift turned back.
  const glm::dmat3 r = glm::transpose(glm::dmat3(toEcef));
  glm::dmat4 m(r);
  m[3] = glm::dvec4(-(r * glm::dvec3(toEcef[3])), 1.0);
  return m;
}

glm::dvec3 geodeticToEcef(const LonLatHeight& p) {
  glm::dvec3 out;
  GeographicLib::Geocentric::WGS84().Forward(p.lat, p.lon, p.height, out.x, out.y, out.z);
  return out;
}

LonLatHeight ecefToGeodetic(const glm::dvec3& ecef) {
  LonLatHeight out;
  GeographicLib::Geocentric::WGS84().Reverse(ecef.x, ecef.y, ecef.z, out.lat, out.lon, out.height);
  return out;
}

glm::dmat4 enuToEcef(const LonLatHeight& p) {
  double x, y, z;
  std::vector<double> rot(9);  // row-major: ENU → ECEF
  GeographicLib::Geocentric::WGS84().Forward(p.lat, p.lon, p.height, x, y, z, rot);
  glm::dmat4 m(1.0);
  for (int col = 0; col < 3; ++col)
    for (int row = 0; row < 3; ++row) m[col][row] = rot[size_t(row * 3 + col)];
  m[3] = glm::dvec4(x, y, z, 1.0);
  return m;
}

}  // namespace citywall::geo
