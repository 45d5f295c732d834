#include "assets/ground_geometry.h"

#include <glm/geometric.hpp>

#include <cmath>
#include <cstdio>

#include "assets/asset_error.h"
#include "assets/geos_util.h"

namespace citywall::assets {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string text(const Properties& props, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto it = props.find(std::string_view(k)); it != props.end() && !it->second.empty()) return it->second;
  return {};
}

bool flag(const Properties& props, const char* key) {
  const std::string v = text(props, {key});
  return !v.empty() && v != "false" && v != "0" && v != "no";
}

namespace {

// A scalar as a person would write it (42, not 42.000000); false for arrays and objects.
bool scalarText(element value, std::string& out) {
  std::string_view s;
  double d;
  bool b;
  if (!value.get_string().get(s)) {
    out = s;
  } else if (!value.get_double().get(d)) {
    char buf[32];
    if (std::abs(d) < 1e15 && d == std::floor(d)) std::snprintf(buf, sizeof buf, "%.0f", d);
    else std::snprintf(buf, sizeof buf, "%.10g", d);
    out = buf;
  } else if (!value.get_bool().get(b)) {
    out = b ? "true" : "false";
  } else {
    return false;
  }
  return true;
}

}  // namespace

Properties propertiesOf(const object& o) {
  Properties out;
  std::string v;
  for (auto [key, value] : o)
    if (scalarText(value, v)) out.emplace(std::string(key), v);
  return out;
}

std::vector<std::pair<std::string, std::string>> orderedPropertiesOf(const object& o) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string v;
  for (auto [key, value] : o)
    if (scalarText(value, v)) out.emplace_back(std::string(key), v);
  return out;
}

//-----------------------------------------------------------------------------
// GeoJSON geometry
//-----------------------------------------------------------------------------

FeatureCollection readFeatureCollection(const std::string& path, simdjson::dom::parser& parser) {
  const std::string bytes = readFileBytes(path);
  element doc;
  if (auto err = parser.parse(simdjson::padded_string(bytes)).get(doc))
    throw AssetError(path, std::string("not valid JSON (") + simdjson::error_message(err) + ")");
  FeatureCollection c;
  if (doc.get_object().get(c.root) || c.root["features"].get_array().get(c.features))
    throw AssetError(path, "not a GeoJSON FeatureCollection");
  std::string_view attribution;
  if (!c.root["attribution"].get_string().get(attribution)) c.attribution = std::string(attribution);
  return c;
}

glm::dvec2 GeoJsonGeometry::local(glm::dvec2 lonLat) const {
  const geo::LonLat w = geo::toWgs84({lonLat.x, lonLat.y}, crs_);
  return glm::dvec2(frame_.toLocal({w.lon, w.lat, 0.0}));
}

bool GeoJsonGeometry::point(element e, glm::dvec2& out) const {
  array a;
  double lon, lat;
  if (e.get_array().get(a) || a.size() < 2 || a.at(0).get_double().get(lon) || a.at(1).get_double().get(lat)) return false;
  if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90) return false;
  out = local({lon, lat});
  return true;
}

bool GeoJsonGeometry::line(element e, Line& out) const {
  array a;
  if (e.get_array().get(a)) return false;
  for (element p : a) {
    glm::dvec2 q;
    if (!point(p, q)) return false;
    if (out.empty() || glm::distance(out.back(), q) > 1e-3) out.push_back(q);
  }
  return out.size() >= 2;
}

bool GeoJsonGeometry::rings(element e, Rings& out) const {
  array a;
  if (e.get_array().get(a)) return false;
  for (element r : a) {
    Line ring;
    if (!line(r, ring) || ring.size() < 3) return false;
    out.push_back(std::move(ring));
  }
  return !out.empty();
}

bool GeoJsonGeometry::read(const object& g, Shapes& f) const {
  std::string_view type;
  element coords;
  if (g["type"].get_string().get(type)) return false;
  if (type == "GeometryCollection") {
    array parts;
    if (g["geometries"].get_array().get(parts)) return false;
    bool any = false;
    for (element part : parts) {
      object o;
      if (!part.get_object().get(o)) any |= read(o, f);
    }
    return any;
  }
  if (g["coordinates"].get(coords)) return false;
  array many;
  if (type == "Point") {
    glm::dvec2 p;
    return point(coords, p) && (f.points.push_back(p), true);
  }
  if (type == "LineString") return line(coords, f.lines.emplace_back());
  if (type == "Polygon") return rings(coords, f.polygons.emplace_back());
  if (coords.get_array().get(many)) return false;
  for (element part : many) {
    if (type == "MultiPoint") {
      glm::dvec2 p;
      if (!point(part, p)) return false;
      f.points.push_back(p);
    } else if (type == "MultiLineString") {
      if (!line(part, f.lines.emplace_back())) return false;
    } else if (type == "MultiPolygon") {
      if (!rings(part, f.polygons.emplace_back())) return false;
    } else {
      return false;  // an unknown type
    }
  }
  return true;
}

//-----------------------------------------------------------------------------
// Ground geometry
//-----------------------------------------------------------------------------

GroundBuilder::GroundBuilder(const geo::GeoFrame& frame, uint32_t styles)
    : frame_(frame), styles_(styles), areas_(styles), lines_(3 * styles) {}

bool GroundBuilder::area(const Rings& rings, uint32_t style, bool& repaired) {
  std::vector<geos::Ring> cleaned;
  for (const auto& r : rings) cleaned.push_back(geos::cleanRing(r));
  bool fixed = false;
  auto polygons = geos::validPolygons(cleaned, fixed);
  repaired |= fixed;
  if (polygons.empty()) return false;
  Bucket& b = areas_[style & 0xffu];
  for (const auto& g : polygons)
    for (const auto& tri : geos::triangulate(g.get()))
      for (const glm::dvec2& p : tri) {
        b.indices.push_back(uint32_t(b.vertices.size()));
        b.vertices.push_back(vertex(p, {0, 0}, 0, style));
      }
  return true;
}

void GroundBuilder::line(const Line& l, uint32_t style, float halfWidth, uint32_t level) {
  Bucket& b = lines_[std::min(level, 2u) * styles_ + (style & 0xffu)];
  // A quad per segment with square ends half a width long: the joins
  // overlap (drawn opaque, they do not show) and no miter can spike.
  for (size_t i = 0; i + 1 < l.size(); ++i) {
    const glm::dvec2 t = glm::normalize(l[i + 1] - l[i]);
    const glm::vec2 along(t), across(-t.y, t.x);
    const auto first = uint32_t(b.vertices.size());
    b.vertices.push_back(vertex(l[i], across - along, halfWidth, style));
    b.vertices.push_back(vertex(l[i], -across - along, halfWidth, style));
    b.vertices.push_back(vertex(l[i + 1], across + along, halfWidth, style));
    b.vertices.push_back(vertex(l[i + 1], -across + along, halfWidth, style));
    b.indices.insert(b.indices.end(), {first, first + 1, first + 2, first + 2, first + 1, first + 3});
  }
}

void GroundBuilder::finish(scene::BaseMap& map) {
  auto append = [&](std::vector<Bucket>& buckets, std::vector<uint32_t>& out) {
    for (auto& b : buckets) {
      const auto base = uint32_t(map.vertices.size());
      map.vertices.insert(map.vertices.end(), b.vertices.begin(), b.vertices.end());
      for (uint32_t i : b.indices) out.push_back(base + i);
      b = {};
    }
  };
  append(areas_, map.areas);
  append(lines_, map.lines);
}

scene::BaseMapVertex GroundBuilder::vertex(glm::dvec2 p, glm::vec2 offset, float halfWidth, uint32_t style) const {
  return {{float(p.x), float(p.y), float(frame_.surfaceZ(p.x, p.y))}, {offset.x, offset.y}, halfWidth, style};
}

double lineLength(const Line& l) {
  double d = 0;
  for (size_t i = 0; i + 1 < l.size(); ++i) d += glm::distance(l[i], l[i + 1]);
  return d;
}

std::pair<glm::dvec2, float> lineMiddle(const Line& l) {
  double half = lineLength(l) / 2;
  for (size_t i = 0; i + 1 < l.size(); ++i) {
    const double d = glm::distance(l[i], l[i + 1]);
    if (d >= half || i + 2 == l.size()) {
      const glm::dvec2 t = (l[i + 1] - l[i]) / std::max(d, 1e-9);
      return {l[i] + t * std::min(half, d), float(std::atan2(t.y, t.x))};
    }
    half -= d;
  }
  return {l.front(), 0};
}

}  // namespace citywall::assets
