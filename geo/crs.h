#pragma once
// Chinese map-vendor coordinates → WGS84. GCJ-02 ("Mars coordinates", the
// national obfuscation used by AMap/Tencent) and BD-09 (Baidu's, GCJ-02 with
// a further twist) are published as forward formulas from WGS84. Feeds send
// them, so citywall inverts them exactly by fixed-point iteration: the
// round trip is below a millimetre, far under the 1 cm the issue asks.

#include <string_view>

namespace citywall::geo {

/// Degrees of longitude and latitude in one CRS or another (the functions say which).
struct LonLat {
  double lon = 0, lat = 0;
};

enum class Crs { wgs84, gcj02, bd09, cgcs2000 };

/// "WGS84", "GCJ02", "BD09", "CGCS2000" (also with a hyphen: "GCJ-02").
bool parseCrs(std::string_view text, Crs& out);

/// GCJ-02 is only defined inside China's box; outside it equals WGS84.
bool insideChina(double lon, double lat);

LonLat wgs84ToGcj02(LonLat p);
LonLat gcj02ToBd09(LonLat p);
LonLat bd09ToGcj02Approx(LonLat p);  ///< the published closed form (≈ metres)

/// Exact inverses (iterated to 1e-12° ≈ 0.1 µm).
LonLat gcj02ToWgs84(LonLat p);
LonLat bd09ToGcj02(LonLat p);
LonLat bd09ToWgs84(LonLat p);

/// Any accepted CRS → WGS84. CGCS2000 equals WGS84 to within centimetres.
LonLat toWgs84(LonLat p, Crs crs);

}  // namespace citywall::geo
