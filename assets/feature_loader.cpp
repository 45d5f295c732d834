#include "assets/feature_loader.h"

#include <algorithm>
#include <cmath>

#include "assets/asset_error.h"
#include "assets/geos_util.h"
#include "assets/ground_geometry.h"

namespace citywall::assets {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool passes(const scene::FeatureLayerStyle& style, const std::vector<std::pair<std::string, std::string>>& props) {
  if (style.filterField.empty()) return true;
  for (const auto& [k, v] : props)
    if (k == style.filterField)
      return std::find(style.filterValues.begin(), style.filterValues.end(), v) != style.filterValues.end();
  return false;
}

// Where an area's icon and label go: inside its largest part, however concave.
std::optional<glm::dvec2> areaAnchor(const std::vector<Rings>& polygons) {
  double best = -1;
  std::optional<glm::dvec2> at;
  for (const Rings& rings : polygons) {
    std::vector<geos::Ring> cleaned;
    for (const auto& r : rings) cleaned.push_back(geos::cleanRing(r));
    bool repaired = false;
    for (const auto& g : geos::validPolygons(cleaned, repaired)) {
      double area = 0;
      GEOSArea_r(geos::context(), g.get(), &area);
      if (area > best) best = area, at = geos::poleOfInaccessibility(g.get(), std::max(1.0, std::sqrt(area) / 50));
    }
  }
  return at;
}

class LayerReader {
 public:
  LayerReader(const geo::GeoFrame& frame, scene::FeatureSet& set, GroundBuilder& ground)
      : frame_(frame), set_(set), ground_(ground) {}

  void read(uint32_t layer) {
    const scene::FeatureLayerStyle& style = set_.layers[layer];
    scene::FeatureLayerReport& report = set_.reports[layer];
    simdjson::dom::parser parser;
    const FeatureCollection file = readFeatureCollection(style.file, parser);
    if (!file.attribution.empty()) credit(file.attribution);
    bool osm = false;
    const GeoJsonGeometry reader(frame_, style.crs);
    for (element e : file.features) {
      object o, props, geometry;
      if (e.get_object().get(o)) {  // not even an object
        ++report.skipped;
        continue;
      }
      std::vector<std::pair<std::string, std::string>> properties;
      if (!o["properties"].get_object().get(props)) properties = orderedPropertiesOf(props);
      for (const auto& [k, v] : properties) osm |= k == "osm_id" || (k == "source" && v == "openstreetmap.org");
      if (!passes(style, properties)) {
        ++report.filtered;
        continue;
      }
      Shapes shapes;
      if (o["geometry"].get_object().get(geometry) || !reader.read(geometry, shapes)) {
        ++report.skipped;
        continue;
      }
      std::string label;
      for (const auto& [k, v] : properties)
        if (!style.labelField.empty() && k == style.labelField) label = v;
      add(layer, shapes, label, properties, report);
    }
    if (osm && file.attribution.empty()) credit("© OpenStreetMap contributors");
  }

 private:
  void credit(const std::string& text) {
    auto& all = set_.ground.attributions;
    if (std::find(all.begin(), all.end(), text) == all.end()) all.push_back(text);
  }

  scene::Feature& feature(uint32_t layer, scene::Feature::Geometry geometry, glm::dvec2 at, const std::string& label,
                          const std::vector<std::pair<std::string, std::string>>& properties) {
    scene::Feature& f = set_.features.emplace_back();
    f.layer = layer, f.geometry = geometry, f.label = label, f.properties = properties;
    f.anchor = {at.x, at.y, frame_.surfaceZ(at.x, at.y)};
    f.firstPart = uint32_t(set_.parts.size());
    return f;
  }

  void part(scene::Feature& f, const Line& points, bool ring) {
    const auto index = uint32_t(&f - set_.features.data());
    set_.parts.push_back({index, uint32_t(set_.partPoints.size()), uint32_t(points.size()), ring});
    set_.partPoints.insert(set_.partPoints.end(), points.begin(), points.end());
    ++f.partCount;
  }

  void add(uint32_t layer, const Shapes& shapes, const std::string& label,
           const std::vector<std::pair<std::string, std::string>>& properties, scene::FeatureLayerReport& report) {
    const scene::FeatureLayerStyle& style = set_.layers[layer];
    const float halfWidth = style.lineMetres / 2;
    // A multi-point is one icon per point: each is a thing on the street (one
    // hotel Tilezen cut in two still reads as itself at both doors).
    for (glm::dvec2 p : shapes.points) {
      feature(layer, scene::Feature::Geometry::point, p, label, properties);
      ++report.points;
    }
    if (!shapes.lines.empty()) {
      const Line* longest = &*std::max_element(shapes.lines.begin(), shapes.lines.end(),
                                               [](const Line& a, const Line& b) { return lineLength(a) < lineLength(b); });
      scene::Feature& f = feature(layer, scene::Feature::Geometry::line, lineMiddle(*longest).first, label, properties);
      for (const Line& l : shapes.lines) {
        ground_.line(l, featureLineStyle(layer), halfWidth);
        part(f, l, false);
      }
      ++report.lines;
    }
    if (!shapes.polygons.empty()) {
      const auto at = areaAnchor(shapes.polygons);
      if (!at) return void(++report.skipped);  // nothing left after repair
      scene::Feature& f = feature(layer, scene::Feature::Geometry::area, *at, label, properties);
      for (const Rings& rings : shapes.polygons) {
        bool repaired = false;
        if (style.fillOpacity > 0) ground_.area(rings, featureFillStyle(layer), repaired);
        for (Line ring : rings) {
          part(f, ring, true);
          ring.push_back(ring.front());
          ground_.line(ring, featureLineStyle(layer), halfWidth);
        }
      }
      ++report.areas;
    }
  }

  const geo::GeoFrame& frame_;
  scene::FeatureSet& set_;
  GroundBuilder& ground_;
};

}  // namespace

scene::FeatureSet loadFeatureLayers(const std::vector<scene::FeatureLayerStyle>& layers, const geo::GeoFrame& frame) {
  scene::FeatureSet set;
  if (layers.empty()) return set;
  if (layers.size() > scene::kMaxFeatureLayers)
    throw AssetError(layers[scene::kMaxFeatureLayers].file,
                     "too many feature layers (at most " + std::to_string(scene::kMaxFeatureLayers) + ")");
  set.layers = layers;
  set.reports.resize(layers.size());
  GroundBuilder ground(frame, uint32_t(2 * layers.size()));
  LayerReader reader(frame, set, ground);
  for (uint32_t i = 0; i < layers.size(); ++i) reader.read(i);
  set.ground.origin = glm::dvec3(0.0);
  ground.finish(set.ground);
  set.ground.sources.reserve(layers.size());
  for (const auto& l : layers) set.ground.sources.push_back(l.file);
  return set;
}

}  // namespace citywall::assets
