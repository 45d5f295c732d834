// GCJ-02 and BD-09 against published reference pairs (the widely used
// coordtransform library's documented results for 116.404, 39.915), and the
// exact inverses' round trips.

#include <gtest/gtest.h>

#include <cmath>

#include "geo/crs.h"

using namespace citywall;
using geo::Crs;

namespace {
// Metres between two nearby lon/lat points.
double metres(geo::LonLat a, geo::LonLat b) {
  const double k = 111319.49;
  const double dx = (a.lon - b.lon) * k * std::cos(a.lat * M_PI / 180), dy = (a.lat - b.lat) * k;
  return std::hypot(dx, dy);
}
}  // namespace

TEST(Crs, ForwardFormulasMatchPublishedReferencePairs) {
  const auto gcj = geo::wgs84ToGcj02({116.404, 39.915});
  EXPECT_NEAR(gcj.lon, 116.41024449916938, 1e-11);
  EXPECT_NEAR(gcj.lat, 39.91640428150164, 1e-11);
  const auto bd = geo::gcj02ToBd09({116.404, 39.915});
  EXPECT_NEAR(bd.lon, 116.41036949371029, 1e-11);
  EXPECT_NEAR(bd.lat, 39.92133699351021, 1e-11);
  const auto back = geo::bd09ToGcj02Approx({116.404, 39.915});
  EXPECT_NEAR(back.lon, 116.39762729119315, 1e-11);
  EXPECT_NEAR(back.lat, 39.90865673957631, 1e-11);
}

TEST(Crs, ExactInverseRecoversThePublishedWgs84Point) {
  const auto wgs = geo::gcj02ToWgs84({116.41024449916938, 39.91640428150164});
  EXPECT_LT(metres(wgs, {116.404, 39.915}), 0.01);
  // The commonly used one-step inverse is off by about a metre; ours is not.
  EXPECT_LT(metres(wgs, {116.404, 39.915}), 1e-4);
}

TEST(Crs, RoundTripsAreBelowOneCentimetreAcrossChina) {
  double worst = 0;
  for (double lon = 74; lon < 135; lon += 2.5)
    for (double lat = 18; lat < 53; lat += 2.5) {
      const geo::LonLat p{lon + 0.123, lat + 0.456};
      worst = std::max(worst, metres(geo::gcj02ToWgs84(geo::wgs84ToGcj02(p)), p));
      worst = std::max(worst, metres(geo::bd09ToWgs84(geo::gcj02ToBd09(geo::wgs84ToGcj02(p))), p));
    }
  EXPECT_LT(worst, 0.01);
}

TEST(Crs, ShanghaiOffsetIsHundredsOfMetres) {
  // The data README: GCJ-02 is 300–600 m off WGS84 in Shanghai.
  const geo::LonLat bund{121.4905, 31.2397};
  const double off = metres(geo::wgs84ToGcj02(bund), bund);
  EXPECT_GT(off, 300);
  EXPECT_LT(off, 600);
}

TEST(Crs, OutsideChinaGcj02IsWgs84) {
  const geo::LonLat nyc{-73.9855, 40.738};
  EXPECT_EQ(geo::wgs84ToGcj02(nyc).lon, nyc.lon);
  EXPECT_EQ(geo::gcj02ToWgs84(nyc).lat, nyc.lat);
}

TEST(Crs, NamesAreParsed) {
  Crs c;
  EXPECT_TRUE(geo::parseCrs("GCJ02", c));
  EXPECT_EQ(c, Crs::gcj02);
  EXPECT_TRUE(geo::parseCrs("BD09", c));
  EXPECT_EQ(c, Crs::bd09);
  EXPECT_TRUE(geo::parseCrs("CGCS2000", c));
  EXPECT_TRUE(geo::parseCrs("WGS84", c));
  EXPECT_FALSE(geo::parseCrs("EPSG:3857", c));
  EXPECT_FALSE(geo::parseCrs("gcj02", c));
}
