#pragma once
// Regions (management grid cells, districts) from GeoJSON in any CRS the
// feeds accept: GCJ-02 and BD-09 are converted to WGS84 exactly before they
// enter the city's frame, so a district published by a Chinese map vendor
// lands on the right WGS84 streets.

#include <string>

#include "geo/crs.h"
#include "geo/geo_frame.h"
#include "scene/regions.h"

namespace citywall::assets {

struct RegionOptions {
  geo::Crs crs = geo::Crs::wgs84;
  std::vector<std::string> keyFields = {"grid", "id", "adcode", "NTACode", "code"};
  std::vector<std::string> nameFields = {"name", "NTAName"};
};

/// Throws AssetError naming the file and the problem; bad features are skipped and counted.
scene::RegionSet loadRegions(const std::string& path, const geo::GeoFrame& frame, const RegionOptions& options = {});

}  // namespace citywall::assets
