#pragma once
// The base map from offline files: GeoJSON layers in the Tilezen or
// OpenMapTiles schema (water, roads, land use, places, POIs), in any CRS
// the feeds accept. Areas are repaired and triangulated once, lines
// widened into strips, names gathered for the overlay. Bad features are
// skipped and counted; a file that cannot be used at all is an AssetError.

#include <optional>
#include <string>
#include <vector>

#include <glm/vec2.hpp>

#include "assets/basemap_style.h"
#include "assets/mbtiles.h"
#include "geo/crs.h"
#include "geo/geo_frame.h"
#include "scene/basemap.h"

namespace citywall::assets {

enum class BaseMapKind { geojson, mbtiles, pmtiles };

struct BaseMapSource {
  std::string file;
  BaseMapKind kind = BaseMapKind::geojson;
  std::string layer;  ///< GeoJSON: "" = from the file name (…_roads.geojson); tiles hold their layers
  BaseMapSchema schema = BaseMapSchema::tilezen;
  bool schemaGiven = false;  ///< tiles: else told by the file's metadata
  geo::Crs crs = geo::Crs::wgs84;
  std::optional<uint32_t> zoom;  ///< tiles: the zoom level read (default: the file's most detailed)
};

/// Degrees: the part of a tile set to read.
struct LonLatBox {
  double west = -180, south = -85, east = 180, north = 85;
};

/// Loads every source into one base map in `frame`; tiles are read where
/// they cover `area`.
scene::BaseMap loadBaseMap(const std::vector<BaseMapSource>& sources, const geo::GeoFrame& frame, const LonLatBox& area = {});

/// A base map of given tiles of one tile source (all of one zoom, each cut
/// to its own box, or to `clip` when given: a parent tile standing in for a
/// child the archive lacks): what a worker builds for the tiles a view needs.
scene::BaseMap loadBaseMapTiles(const BaseMapSource& source, const MbTilesInfo& info, const std::vector<MbTile>& tiles,
                                const geo::GeoFrame& frame, const TileBounds* clip = nullptr);

/// The lon/lat box of an ENU rectangle of `frame`.
LonLatBox areaAround(const geo::GeoFrame& frame, glm::dvec2 min, glm::dvec2 max);

}  // namespace citywall::assets
