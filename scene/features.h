#pragma once
// Governance elements (治理要素一张图): the static things a city keeps on
// its map beside the live cases — video cameras, hydrants, shelters,
// hospitals, schools, pipelines, management-grid boundaries. Each layer
// comes from one GeoJSON file named in the configuration, with its own
// icon, colour and label field. Built once by assets/feature_loader, then
// read-only: points become marker instances (scene/layers/feature_layer),
// lines and areas lie on the ground like the base map and are drawn by the
// same pass with a palette of one entry per layer.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "geo/crs.h"
#include "scene/basemap.h"
#include "scene/draw_types.h"

namespace citywall::scene {

/// How one layer is drawn, and what it is called.
struct FeatureLayerStyle {
  std::string name;        ///< in the legend, the layer panel and the card (e.g. 视频监控)
  std::string nameEn;      ///< the same in English ("" : `name` in both languages)
  std::string file;        ///< GeoJSON
  geo::Crs crs = geo::Crs::wgs84;
  MarkerShape icon = MarkerShape::circle;  ///< points
  uint32_t rgb = 0x3fa9ff;                 ///< sRGB 0xRRGGBB: icons, lines, area outlines
  std::string labelField;  ///< the property printed beside each feature ("" none)
  double minZoom = 0;      ///< shown from this web-map zoom in (0: at every distance)
  float iconPixels = 18;   ///< icon diameter at UI scale 1
  float lineMetres = 3;    ///< line width on the ground…
  float linePixels = 2.5f; ///< …but never thinner than this on screen
  float fillOpacity = 0.12f;  ///< areas: the fill under the outline (0: outline only)
  bool visible = true;     ///< at start
  /// Only features whose property `filterField` is one of `filterValues`
  /// (one file of OSM points holds hospitals and schools alike).
  std::string filterField;
  std::vector<std::string> filterValues;
};

/// One feature: where it is, what to call it, and every property it came
/// with (in the file's order) for the card.
struct Feature {
  enum class Geometry : uint8_t { point, line, area };
  uint32_t layer = 0;
  Geometry geometry = Geometry::point;
  glm::dvec3 anchor{0.0};  ///< ENU on the ground: the icon, the label, where a flight goes
  std::string label;       ///< the label field's value ("" none)
  std::vector<std::pair<std::string, std::string>> properties;
  uint32_t firstPart = 0, partCount = 0;  ///< lines and areas: their polylines/rings in FeatureSet::parts
};

/// A polyline (or a ring, closed) of a line or area feature, for picking.
struct FeaturePart {
  uint32_t feature = 0;
  uint32_t first = 0, count = 0;  ///< into FeatureSet::partPoints (ENU metres)
  bool ring = false;
};

struct FeatureLayerReport {
  size_t points = 0, lines = 0, areas = 0;
  size_t filtered = 0;  ///< left out by the layer's filter
  size_t skipped = 0;   ///< bad geometry: counted, never fatal
};

/// A layer's ground geometry takes two of the base-map palette's 256
/// entries (its fill and its lines): at most this many layers.
constexpr size_t kMaxFeatureLayers = 128;

struct FeatureSet {
  std::vector<FeatureLayerStyle> layers;
  std::vector<FeatureLayerReport> reports;  ///< by layer
  std::vector<Feature> features;
  std::vector<FeaturePart> parts;
  std::vector<glm::dvec2> partPoints;
  /// Lines and areas on the ground, drawn like the base map; a vertex's
  /// style is its layer's index (the palette has one entry per layer).
  BaseMap ground;
  bool empty() const { return features.empty(); }
};

}  // namespace citywall::scene
