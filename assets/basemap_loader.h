#pragma once
// The base map from offline files: GeoJSON layers in the Tilezen or
// OpenMapTiles schema (water, roads, land use, places, POIs), in any CRS
// the feeds accept. Areas are repaired and triangulated once, lines
// widened into strips, names gathered for the overlay. Bad features are
// skipped and counted; a file that cannot be used at all is an AssetError.

#include <string>
#include <vector>

#include "assets/basemap_style.h"
#include "geo/crs.h"
#include "geo/geo_frame.h"
#include "scene/basemap.h"

namespace citywall::assets {

struct BaseMapSource {
  std::string file;
  std::string layer;  ///< "" = from the file name (…_roads.geojson)
  BaseMapSchema schema = BaseMapSchema::tilezen;
  geo::Crs crs = geo::Crs::wgs84;
};

/// Loads every source into one base map in `frame`.
scene::BaseMap loadBaseMap(const std::vector<BaseMapSource>& sources, const geo::GeoFrame& frame);

/// Camera distance (m) up to which a name with this web-map `min_zoom` is
/// shown: about five tiles of that zoom across (a wall's view) at `lat`.
float distanceForZoom(double zoom, double lat);

}  // namespace citywall::assets
