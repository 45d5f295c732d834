#pragma once
// How a base-map feature is drawn, from what its source calls it: the
// Tilezen schema (`kind`, `kind_detail`: Nextzen tiles, the bundled
// Shanghai layers, Protomaps' first archives) or the OpenMapTiles schema
// (`class`, `subclass`: the most common offline tiles). One table, so a
// road is as wide and a park as green whichever schema it came in.

#include <optional>
#include <string>
#include <string_view>

#include "scene/basemap.h"

namespace citywall::assets {

enum class BaseMapSchema { tilezen, openmaptiles, protomaps };

/// The base-map layers a source may hold (Tilezen names; OpenMapTiles'
/// `transportation`, `landcover`, `place`, `poi`, `waterway` map onto them).
enum class BaseMapLayer { water, roads, landuse, places, pois, boundaries, transit, earth };

/// "water", "roads"… and the OpenMapTiles names; nullopt for anything else.
std::optional<BaseMapLayer> baseMapLayerByName(std::string_view name);
/// The layer a file is named for: the last word of its stem
/// ("shanghai_osm_roads.geojson" → roads); nullopt when none matches.
std::optional<BaseMapLayer> baseMapLayerFromFileName(const std::string& path);

/// What a feature's properties say it is (the schema's two fields).
struct FeatureKind {
  std::string kind;    ///< Tilezen kind, OpenMapTiles class
  std::string detail;  ///< Tilezen kind_detail, OpenMapTiles subclass
  bool bridge = false, tunnel = false;
  bool edge = false;  ///< Tilezen water `boundary`: a shoreline, not a waterway's centreline
};

/// An area (polygon) of `layer`: its style, or nullopt when not drawn.
std::optional<scene::BaseMapStyle> areaStyle(BaseMapLayer layer, const FeatureKind& k);

struct LineStyle {
  scene::BaseMapStyle style;
  float halfWidth;  ///< metres (0: the palette's minimum width in pixels only)
};
/// A line of `layer`: its style and width, or nullopt when not drawn.
std::optional<LineStyle> lineStyle(BaseMapLayer layer, const FeatureKind& k);

/// How much a name of this kind matters when labels collide (higher wins).
float labelPriority(scene::BaseMapLabel::Kind kind, const FeatureKind& k);

}  // namespace citywall::assets
