#include "geo/crs.h"

#include <cmath>
#include <numbers>

namespace citywall::geo {
namespace {

constexpr double kPi = std::numbers::pi;
// GCJ-02 uses the Krasovsky 1940 ellipsoid.
constexpr double kA = 6378245.0;
constexpr double kEE = 0.00669342162296594323;
constexpr double kBdPi = kPi * 3000.0 / 180.0;

// The two published polynomial-plus-sine offsets, in metres-ish units, of
// (lon − 105, lat − 35).
double offsetLat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double offsetLon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// Solves forward(x) = target for x by fixed-point iteration: the forward
// maps are the identity plus a small, smooth offset, so x ← x − (f(x) − t)
// converges in a handful of steps.
template <typename Forward>
LonLat invert(LonLat target, Forward forward) {
  LonLat x = target;
  for (int i = 0; i < 30; ++i) {
    const LonLat f = forward(x);
    const double dLon = f.lon - target.lon, dLat = f.lat - target.lat;
    x.lon -= dLon;
    x.lat -= dLat;
    if (std::abs(dLon) < 1e-12 && std::abs(dLat) < 1e-12) break;
  }
  return x;
}

}  // namespace

bool parseCrs(std::string_view t, Crs& out) {
  if (t == "WGS84" || t == "WGS-84" || t == "EPSG:4326") return out = Crs::wgs84, true;
  if (t == "GCJ02" || t == "GCJ-02") return out = Crs::gcj02, true;
  if (t == "BD09" || t == "BD-09") return out = Crs::bd09, true;
  if (t == "CGCS2000" || t == "EPSG:4490") return out = Crs::cgcs2000, true;
  return false;
}

bool insideChina(double lon, double lat) { return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271; }

LonLat wgs84ToGcj02(LonLat p) {
  if (!insideChina(p.lon, p.lat)) return p;
  const double dLat = offsetLat(p.lon - 105.0, p.lat - 35.0);
  const double dLon = offsetLon(p.lon - 105.0, p.lat - 35.0);
  const double radLat = p.lat / 180.0 * kPi;
  const double s = std::sin(radLat);
  const double magic = 1 - kEE * s * s;
  const double sqrtMagic = std::sqrt(magic);
  return {p.lon + dLon * 180.0 / (kA / sqrtMagic * std::cos(radLat) * kPi),
          p.lat + dLat * 180.0 / ((kA * (1 - kEE)) / (magic * sqrtMagic) * kPi)};
}

LonLat gcj02ToBd09(LonLat p) {
  const double z = std::sqrt(p.lon * p.lon + p.lat * p.lat) + 0.00002 * std::sin(p.lat * kBdPi);
  const double theta = std::atan2(p.lat, p.lon) + 0.000003 * std::cos(p.lon * kBdPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat bd09ToGcj02Approx(LonLat p) {
  const double x = p.lon - 0.0065, y = p.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBdPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBdPi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

LonLat gcj02ToWgs84(LonLat p) {
  if (!insideChina(p.lon, p.lat)) return p;
  return invert(p, wgs84ToGcj02);
}

LonLat bd09ToGcj02(LonLat p) { return invert(p, gcj02ToBd09); }

LonLat bd09ToWgs84(LonLat p) { return gcj02ToWgs84(bd09ToGcj02(p)); }

LonLat toWgs84(LonLat p, Crs crs) {
  switch (crs) {
    case Crs::gcj02: return gcj02ToWgs84(p);
    case Crs::bd09: return bd09ToWgs84(p);
    default: return p;
  }
}

}  // namespace citywall::geo
