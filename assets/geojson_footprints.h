#pragma once
// Building footprints from GeoJSON (RFC 7946, WGS84 lon/lat). Reads Polygon
// and MultiPolygon features with holes; anything else is counted and skipped.
// Heights follow the OSM/Tilezen conventions — `height`, else levels × 3 m,
// else a default; `min_height` lifts the bottom (building parts, bridges) —
// or the fields a source names; footprints in GCJ-02 or BD-09 are converted.

#include <cstdint>
#include <glm/vec2.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "geo/crs.h"
#include "scene/city_model.h"

namespace citywall::assets {

/// One polygon: rings of lon/lat degrees; ring 0 is the outer ring, the rest
/// are holes. Rings are as in the file (orientation and closure unchecked).
struct FootprintPolygon {
  std::vector<std::vector<glm::dvec2>> rings;
};

struct Footprint {
  int64_t id = 0;
  std::string key;  ///< the first of FootprintOptions::keyFields present, as text ("" when none)
  std::string name;
  std::vector<FootprintPolygon> polygons;
  double height = 0;     ///< metres, roof above ground
  double minHeight = 0;  ///< metres, bottom above ground
};

struct FootprintOptions {
  double defaultHeight = 10.0;  ///< when neither height nor levels is given (as the deck.gl peer)
  double metresPerLevel = 3.0;
  /// Where a source keeps its numbers ("" : the OSM/Tilezen conventions —
  /// `height`; `building:levels`, `levels`, `building_levels`; `min_height`,
  /// `building:min_level`). A named field is the only one read for its value.
  std::string heightField, minHeightField, levelsField;
  /// The footprints' coordinates: GCJ-02 and BD-09 (Chinese map vendors'
  /// data) are turned into WGS84 on load, like feed coordinates.
  geo::Crs crs = geo::Crs::wgs84;
  std::vector<std::string> keyFields = {"osm_id", "id"};  ///< where Footprint::key comes from
  std::vector<std::string> nameFields = {"name"};
};

/// What a GeoJSON file gave.
struct FootprintFile {
  std::vector<Footprint> footprints;
  /// The credit the data's licence asks for: the collection's "attribution"
  /// member when present, else "© OpenStreetMap contributors" when features
  /// carry OSM ids (`osm_id`); empty when unknown.
  std::string attribution;
};

/// Parses GeoJSON text. `source` names the file in error messages. Throws
/// AssetError for text that is not JSON or not a FeatureCollection/Feature;
/// bad features are skipped and counted in `report`.
FootprintFile parseFootprints(std::string_view json, const std::string& source, scene::CityLoadReport& report,
                              const FootprintOptions& options = {});

/// Reads a file (plain or gzip) and parses it as above.
FootprintFile loadFootprints(const std::string& path, scene::CityLoadReport& report,
                             const FootprintOptions& options = {});

}  // namespace citywall::assets
