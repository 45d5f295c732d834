// geo::GeoFrame against an independent reference: the closed-form WGS84
// geodetic → ECEF → ENU formulas written out here, not GeographicLib's.

#include <gtest/gtest.h>

#include <cmath>
#include <glm/geometric.hpp>
#include <numbers>

#include "geo/geo_frame.h"

using citywall::geo::GeoFrame;
using citywall::geo::LonLatHeight;
namespace geo = citywall::geo;

namespace {

constexpr double kA = 6378137.0;                 // WGS84 semi-major axis
constexpr double kF = 1.0 / 298.257223563;       // WGS84 flattening
constexpr double kE2 = kF * (2.0 - kF);          // first eccentricity squared
constexpr double kDeg = std::numbers::pi / 180.0;

glm::dvec3 ecef(const geo::LonLatHeight& p) {
  const double lat = p.lat * kDeg, lon = p.lon * kDeg;
  const double n = kA / std::sqrt(1.0 - kE2 * std::sin(lat) * std::sin(lat));
  return {(n + p.height) * std::cos(lat) * std::cos(lon), (n + p.height) * std::cos(lat) * std::sin(lon),
          (n * (1.0 - kE2) + p.height) * std::sin(lat)};
}

glm::dvec3 referenceEnu(const geo::LonLatHeight& origin, const geo::LonLatHeight& p) {
  const glm::dvec3 d = ecef(p) - ecef(origin);
  const double lat = origin.lat * kDeg, lon = origin.lon * kDeg;
  return {-std::sin(lon) * d.x + std::cos(lon) * d.y,
          -std::sin(lat) * std::cos(lon) * d.x - std::sin(lat) * std::sin(lon) * d.y + std::cos(lat) * d.z,
          std::cos(lat) * std::cos(lon) * d.x + std::cos(lat) * std::sin(lon) * d.y + std::sin(lat) * d.z};
}

// Points on rings of 1, 10, 25 and 50 km around the origin, at several heights.
std::vector<geo::LonLatHeight> pointsAround(const geo::LonLatHeight& o) {
  std::vector<geo::LonLatHeight> out;
  for (double km : {0.0, 1.0, 10.0, 25.0, 50.0})
    for (int bearing = 0; bearing < 360; bearing += 45)
      for (double h : {0.0, 120.0, 632.0}) {
        const double dLat = km * 1000.0 * std::cos(bearing * kDeg) / 111132.0;
        const double dLon = km * 1000.0 * std::sin(bearing * kDeg) / (111320.0 * std::cos(o.lat * kDeg));
        out.push_back({o.lon + dLon, o.lat + dLat, h});
      }
  return out;
}

}  // namespace

TEST(GeoFrame, MatchesClosedFormEnuWithinOneCentimetreOut50km) {
  for (const geo::LonLatHeight origin : {geo::LonLatHeight{121.4985, 31.2375, 0}, geo::LonLatHeight{-73.9855, 40.738, 0},
                                    geo::LonLatHeight{116.39, 39.91, 44}}) {
    const geo::GeoFrame frame(origin);
    for (const auto& p : pointsAround(origin)) {
      const glm::dvec3 got = frame.toLocal(p), want = referenceEnu(origin, p);
      EXPECT_LT(glm::length(got - want), 0.01) << "at " << p.lon << "," << p.lat << "," << p.height;
    }
  }
}

TEST(GeoFrame, RoundTripsToGeodeticBelowAMillimetre) {
  const geo::LonLatHeight origin{121.4985, 31.2375, 0};
  const geo::GeoFrame frame(origin);
  for (const auto& p : pointsAround(origin)) {
    const geo::LonLatHeight back = frame.toGeodetic(frame.toLocal(p));
    const glm::dvec3 err = frame.toLocal(back) - frame.toLocal(p);
    EXPECT_LT(glm::length(err), 1e-3);
    EXPECT_NEAR(back.height, p.height, 1e-3);
  }
}

TEST(GeoFrame, OriginMapsToZero) {
  const geo::GeoFrame frame({121.4985, 31.2375, 10});
  EXPECT_LT(glm::length(frame.toLocal({121.4985, 31.2375, 10})), 1e-9);
}

TEST(GeoFrame, EastIsPositiveXAndNorthPositiveY) {
  const geo::GeoFrame frame({121.4985, 31.2375, 0});
  EXPECT_GT(frame.toLocal({121.5085, 31.2375, 0}).x, 900);
  EXPECT_GT(frame.toLocal({121.4985, 31.2475, 0}).y, 1100);
}

TEST(GeoFrame, SurfaceDropsWithEarthCurvature) {
  const geo::GeoFrame frame({121.4985, 31.2375, 0});
  EXPECT_NEAR(frame.surfaceZ(0, 0), 0.0, 1e-6);
  // d²/2R at 10 km is about 7.85 m.
  EXPECT_NEAR(frame.surfaceZ(10000, 0), -7.85, 0.05);
  // The surface point really is at height 0.
  EXPECT_NEAR(frame.toGeodetic({3000, -4000, frame.surfaceZ(3000, -4000)}).height, 0.0, 1e-4);
}
