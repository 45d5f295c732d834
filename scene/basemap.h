#pragma once
// BaseMap: the city under the data — water, green space, land use and
// streets — prepared once for the ground pass, and the names to print on
// it. Built by assets/ (basemap_loader) from offline files; the renderer
// draws `vertices` with two index lists (areas, then lines) in a handful
// of draws, coloured by the theme's base-map palette.
//
// Everything lies on the ground in the city's ENU frame (on the curved
// earth, like the ground mesh). A line's vertices carry the centreline and
// which way to push it out; the vertex shader widens it to its width in
// metres, or to a minimum width in pixels when that is wider, so a street
// stays readable from far away.

#include <cstdint>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

namespace citywall::scene {

/// What a base-map feature is drawn as: an index into the theme's palette.
/// Order within areas and within lines is drawing order (later on top).
enum class BaseMapStyle : uint32_t {
  landuse = 0,  ///< residential, commercial, industrial…: a faint tint
  pedestrian,   ///< squares and plazas
  green,        ///< parks, grass, forest, gardens
  pier,
  water,        ///< rivers, lakes, basins (areas)
  // Lines, bottom to top:
  waterLine,    ///< river and canal centrelines, water edges
  ferry,
  path,
  service,
  minorRoad,
  majorRoad,
  highway,
  rail,
  count
};
constexpr uint32_t kBaseMapStyles = uint32_t(BaseMapStyle::count);
/// Style flags in BaseMapVertex::style above the style's index.
constexpr uint32_t kBaseMapTunnel = 1u << 8;  ///< drawn faint: it runs under the ground
constexpr uint32_t kBaseMapBridge = 1u << 9;

struct BaseMapVertex {
  float position[3];  ///< relative to BaseMap::origin, on the ground
  float offset[2];    ///< lines: the unit push (across, plus along at the ends); areas: 0
  float halfWidth;    ///< lines: metres either side of the centreline
  uint32_t style;     ///< BaseMapStyle | flags
};
static_assert(sizeof(BaseMapVertex) == 28);

/// A name on the map, placed by the overlay (collision, fading, language).
struct BaseMapLabel {
  enum class Kind : uint8_t { district, place, water, road, poi, feature };
  Kind kind = Kind::place;
  std::string name;    ///< the source's name (Chinese in OSM's Chinese cities)
  std::string nameEn;  ///< English where the data has it
  glm::dvec3 position{0.0};  ///< ENU, on the ground
  float angle = 0;           ///< roads: the direction of the label's segment (radians from east)
  float priority = 0;        ///< higher wins a collision (district > place > road)
  float minDistance = 0, maxDistance = 1e9f;  ///< camera distances (m) where it is shown
  uint32_t rgb = 0;        ///< sRGB 0xRRGGBB; 0: the colour of its kind
  float belowPixels = 0;   ///< printed this far below its point (at UI scale 1): under an icon, not on it
};

struct BaseMapLoadReport {
  size_t features = 0, areas = 0, lines = 0, labels = 0;
  size_t skipped = 0;   ///< geometry that could not be used (counted, never fatal)
  size_t repaired = 0;  ///< invalid polygons made valid
  size_t unstyled = 0;  ///< features of kinds the style does not draw
  size_t tiles = 0;     ///< vector tiles read
  size_t badTiles = 0;  ///< tiles that could not be read at all (corrupt gzip, not a tile): skipped
};

struct BaseMap {
  glm::dvec3 origin{0.0};
  std::vector<BaseMapVertex> vertices;
  std::vector<uint32_t> areas;  ///< triangles, in drawing order
  std::vector<uint32_t> lines;  ///< triangles of the widened lines, in drawing order
  std::vector<BaseMapLabel> labels;
  std::vector<std::string> sources;       ///< the files it came from
  std::vector<std::string> attributions;  ///< shown on screen with the city's
  BaseMapLoadReport report;
  bool empty() const { return areas.empty() && lines.empty() && labels.empty(); }
};

}  // namespace citywall::scene
