#pragma once
// GeoFrame: the city's one local frame. WGS84 lon/lat/height ↔ east-north-up
// metres around the city origin, in double precision. Everything loaded or
// ingested is converted once into this frame (see docs/architecture.md,
// "Coordinates"); the GPU later gets floats relative to a nearby origin.

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <memory>

namespace citywall::geo {

/// Geodetic position: longitude and latitude in degrees (WGS84), height in
/// metres above the ellipsoid.
struct LonLatHeight {
  double lon = 0.0;
  double lat = 0.0;
  double height = 0.0;
};

/// A local east-north-up (ENU) frame tangent to the WGS84 ellipsoid at an
/// origin. Exact (GeographicLib LocalCartesian): no flat-earth approximation,
/// so a point 50 km away is still placed to well under a centimetre.
/// Immutable after construction; safe to use from any thread.
class GeoFrame {
 public:
  GeoFrame();  ///< origin at 0°, 0°, 0 m (only useful as a placeholder)
  explicit GeoFrame(const LonLatHeight& origin);
  ~GeoFrame();
  GeoFrame(const GeoFrame&);
  GeoFrame& operator=(const GeoFrame&);

  const LonLatHeight& origin() const { return origin_; }

  /// WGS84 → ENU metres (x east, y north, z up from the origin's tangent plane).
  glm::dvec3 toLocal(const LonLatHeight& p) const;
  /// ENU metres → WGS84.
  LonLatHeight toGeodetic(const glm::dvec3& enu) const;
  /// Height of the ellipsoid surface (h = 0) below/above local (x, y), in the
  /// frame's z: negative away from the origin because the earth curves away
  /// from the tangent plane (about −7.8 m at 10 km).
  double surfaceZ(double x, double y) const;
  /// The affine map from Earth-centred, Earth-fixed (ECEF, WGS84) metres to
  /// this frame: the tangent plane is exactly a rotation and a shift of ECEF.
  /// 3D Tiles live in ECEF; this matrix brings them into the city.
  glm::dmat4 fromEcef() const;

 private:
  struct Impl;
  LonLatHeight origin_;
  std::unique_ptr<Impl> impl_;
};

/// WGS84 → ECEF metres.
glm::dvec3 geodeticToEcef(const LonLatHeight& p);
/// ECEF metres → WGS84.
LonLatHeight ecefToGeodetic(const glm::dvec3& ecef);
/// The east-north-up frame at `p` as a map into ECEF (columns east, north,
/// up and the point itself): Cesium's eastNorthUpToFixedFrame.
glm::dmat4 enuToEcef(const LonLatHeight& p);

}  // namespace citywall::geo
