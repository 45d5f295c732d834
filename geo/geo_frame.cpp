#include "geo/geo_frame.h"

#include <GeographicLib/LocalCartesian.hpp>

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

}  // namespace citywall::geo
