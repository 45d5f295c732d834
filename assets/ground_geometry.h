#pragma once
// What the base map and the governance layers share: GeoJSON geometry read
// into the city's local metres (any CRS the feeds accept), a feature's
// properties as text, and the ground geometry built from it — areas
// repaired and triangulated, lines cut into quads the GPU widens — in
// drawing order (scene::BaseMap's vertex layout).

#include <simdjson.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <glm/vec2.hpp>

#include "geo/crs.h"
#include "geo/geo_frame.h"
#include "scene/basemap.h"

namespace citywall::assets {

using Line = std::vector<glm::dvec2>;  ///< local metres
using Rings = std::vector<Line>;       ///< [0] the outer ring, holes after

/// A feature's geometry, whatever GeoJSON type it came as.
struct Shapes {
  std::vector<glm::dvec2> points;
  std::vector<Line> lines;
  std::vector<Rings> polygons;
};

/// A feature's properties as text, whatever they came in (GeoJSON or tiles).
using Properties = std::map<std::string, std::string, std::less<>>;

/// The first of `keys` with a non-empty value, else "".
std::string text(const Properties& props, std::initializer_list<const char*> keys);
/// A yes/no property: anything but "", "false", "0", "no" is yes.
bool flag(const Properties& props, const char* key);
/// A GeoJSON object's scalar members as text (numbers as written by %g; nested values left out).
Properties propertiesOf(const simdjson::dom::object& o);
/// The same, in the object's own order (for a card that lists them as the file has them).
std::vector<std::pair<std::string, std::string>> orderedPropertiesOf(const simdjson::dom::object& o);

/// A GeoJSON FeatureCollection read whole: its root object, its features
/// and its "attribution" member ("" when none). `parser` holds the document
/// and must outlive what is returned. AssetError naming `path` when the file
/// cannot be read, is not JSON or is not a FeatureCollection.
struct FeatureCollection {
  simdjson::dom::object root;
  simdjson::dom::array features;
  std::string attribution;
};
FeatureCollection readFeatureCollection(const std::string& path, simdjson::dom::parser& parser);

/// Reads GeoJSON geometry into `frame`'s local metres from `crs`.
class GeoJsonGeometry {
 public:
  GeoJsonGeometry(const geo::GeoFrame& frame, geo::Crs crs) : frame_(frame), crs_(crs) {}
  /// False when the geometry is missing or malformed (the caller counts and skips the feature).
  bool read(const simdjson::dom::object& geometry, Shapes& out) const;
  /// A lon/lat of the source's CRS in local metres.
  glm::dvec2 local(glm::dvec2 lonLat) const;

 private:
  bool point(simdjson::dom::element e, glm::dvec2& out) const;
  bool line(simdjson::dom::element e, Line& out) const;
  bool rings(simdjson::dom::element e, Rings& out) const;
  const geo::GeoFrame& frame_;
  geo::Crs crs_;
};

/// Ground geometry in drawing order: one bucket per (level, style), filled
/// in any order, joined level by level and style by style at the end.
class GroundBuilder {
 public:
  /// `styles`: how many palette entries; lines come in three levels
  /// (0 under the ground, 1 on it, 2 over it: tunnels, streets, bridges).
  GroundBuilder(const geo::GeoFrame& frame, uint32_t styles);
  /// Repairs and triangulates a polygon; false when nothing was left of it.
  bool area(const Rings& rings, uint32_t style, bool& repaired);
  /// A line as a quad per segment; `style` may carry flags above its index.
  void line(const Line& l, uint32_t style, float halfWidth, uint32_t level = 1);
  /// Appends everything to `map` (vertices, areas, then lines).
  void finish(scene::BaseMap& map);

 private:
  struct Bucket {
    std::vector<scene::BaseMapVertex> vertices;
    std::vector<uint32_t> indices;
  };
  scene::BaseMapVertex vertex(glm::dvec2 p, glm::vec2 offset, float halfWidth, uint32_t style) const;
  const geo::GeoFrame& frame_;
  uint32_t styles_;
  std::vector<Bucket> areas_, lines_;
};

/// The length of a polyline (metres).
double lineLength(const Line& l);
/// The middle of a line by length, and its direction there (radians from east).
std::pair<glm::dvec2, float> lineMiddle(const Line& l);

}  // namespace citywall::assets
