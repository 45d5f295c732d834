// basemap_loader.cpp — GeoJSON layers → scene::BaseMap.
//
// [SECTION] Reading features
// [SECTION] Areas and lines
// [SECTION] Names
// [SECTION] Loading

#include "assets/basemap_loader.h"

#include <simdjson.h>

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "assets/asset_error.h"
#include "assets/geos_util.h"
#include "assets/mbtiles.h"
#include "assets/pmtiles.h"
#include "assets/vector_tile.h"

namespace citywall::assets {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

float distanceForZoom(double zoom, double lat) {
  const double tile = 40075016.686 * std::cos(lat * M_PI / 180) / std::pow(2.0, zoom);
  return float(5 * tile);
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading features
//-----------------------------------------------------------------------------

using Line = std::vector<glm::dvec2>;  // local metres
using Rings = std::vector<Line>;       // [0] outer

struct Feature {
  FeatureKind kind;
  std::string name, nameEn;
  double minZoom = -1;
  bool labelPoint = false;  // Tilezen's label_placement: a point only for the name
  std::vector<glm::dvec2> points;
  std::vector<Line> lines;
  std::vector<Rings> polygons;
};

// A feature's properties as text, whatever they came in (GeoJSON or tiles).
using Properties = std::map<std::string, std::string, std::less<>>;

std::string text(const Properties& props, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto it = props.find(std::string_view(k)); it != props.end() && !it->second.empty()) return it->second;
  return {};
}

bool flag(const Properties& props, const char* key) {
  const std::string v = text(props, {key});
  return !v.empty() && v != "false" && v != "0" && v != "no";
}

Properties propertiesOf(const object& o) {
  Properties out;
  for (auto [key, value] : o) {
    std::string_view s;
    double d;
    bool b;
    if (!value.get_string().get(s)) out.emplace(std::string(key), std::string(s));
    else if (!value.get_double().get(d)) out.emplace(std::string(key), std::to_string(d));
    else if (!value.get_bool().get(b)) out.emplace(std::string(key), b ? "true" : "false");
  }
  return out;
}

// What the schema calls a feature of `layer` (a source layer's name for tiles).
void describe(const Properties& props, BaseMapSchema schema, std::string_view sourceLayer, Feature& f) {
  FeatureKind& k = f.kind;
  switch (schema) {
    case BaseMapSchema::openmaptiles: {
      k.kind = text(props, {"class"});
      k.detail = text(props, {"subclass"});
      const std::string brunnel = text(props, {"brunnel"});
      k.bridge = brunnel == "bridge", k.tunnel = brunnel == "tunnel";
      break;
    }
    case BaseMapSchema::protomaps: {
      // Protomaps' first schema: its own `pmap:kind` beside OpenStreetMap's tags.
      if (sourceLayer == "roads") k.kind = text(props, {"pmap:kind"}), k.detail = text(props, {"highway"});
      else if (sourceLayer == "transit") k.kind = "rail", k.detail = text(props, {"railway"});
      else if (sourceLayer == "physical_line") k.kind = text(props, {"waterway", "pmap:kind"});
      else if (sourceLayer == "water") k.kind = text(props, {"leisure"}) == "swimming_pool" ? "swimming_pool" : "water";
      else k.kind = text(props, {"pmap:kind", "landuse", "leisure", "natural", "place", "amenity", "tourism", "shop"});
      k.bridge = flag(props, "bridge"), k.tunnel = flag(props, "tunnel");
      break;
    }
    case BaseMapSchema::tilezen:
      k.kind = text(props, {"kind"});
      k.detail = text(props, {"kind_detail"});
      k.bridge = flag(props, "is_bridge"), k.tunnel = flag(props, "is_tunnel");
      k.edge = flag(props, "boundary");
      break;
  }
  f.name = text(props, {"name", "name:zh", "name_zh"});
  f.nameEn = text(props, {"name:en", "name_en"});
  if (const std::string z = text(props, {"min_zoom"}); !z.empty()) f.minZoom = std::atof(z.c_str());
  f.labelPoint = flag(props, "label_placement");
}

class Reader {
 public:
  Reader(const geo::GeoFrame& frame, geo::Crs crs) : frame_(frame), crs_(crs) {}

  bool point(element e, glm::dvec2& out) const {
    array a;
    double lon, lat;
    if (e.get_array().get(a) || a.size() < 2 || a.at(0).get_double().get(lon) || a.at(1).get_double().get(lat)) return false;
    if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90) return false;
    const geo::LonLat w = geo::toWgs84({lon, lat}, crs_);
    out = glm::dvec2(frame_.toLocal({w.lon, w.lat, 0.0}));
    return true;
  }
  bool line(element e, Line& out) const {
    array a;
    if (e.get_array().get(a)) return false;
    for (element p : a) {
      glm::dvec2 q;
      if (!point(p, q)) return false;
      if (out.empty() || glm::distance(out.back(), q) > 1e-3) out.push_back(q);
    }
    return out.size() >= 2;
  }
  bool rings(element e, Rings& out) const {
    array a;
    if (e.get_array().get(a)) return false;
    for (element r : a) {
      Line ring;
      if (!line(r, ring) || ring.size() < 3) return false;
      out.push_back(std::move(ring));
    }
    return !out.empty();
  }

  // False when the geometry is missing or malformed (the feature is counted and skipped).
  bool geometry(const object& g, Feature& f) const {
    std::string_view type;
    element coords;
    if (g["type"].get_string().get(type)) return false;
    if (type == "GeometryCollection") {
      array parts;
      if (g["geometries"].get_array().get(parts)) return false;
      bool any = false;
      for (element part : parts) {
        object o;
        if (!part.get_object().get(o)) any |= geometry(o, f);
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

  Feature feature(const object& o, BaseMapSchema schema, bool& ok, Properties& props) const {
    Feature f;
    object p, g;
    if (!o["properties"].get_object().get(p)) props = propertiesOf(p);
    describe(props, schema, "", f);
    ok = !o["geometry"].get_object().get(g) && geometry(g, f);
    return f;
  }

  // A decoded tile's feature, in this frame.
  glm::dvec2 local(glm::dvec2 lonLat) const {
    const geo::LonLat w = geo::toWgs84({lonLat.x, lonLat.y}, crs_);
    return glm::dvec2(frame_.toLocal({w.lon, w.lat, 0.0}));
  }

 private:
  const geo::GeoFrame& frame_;
  geo::Crs crs_;
};

//-----------------------------------------------------------------------------
// [SECTION] Areas and lines
//-----------------------------------------------------------------------------

// Geometry in drawing order: one bucket per area style, and per line style
// under, on and over the ground (tunnels, streets, bridges).
struct Bucket {
  std::vector<scene::BaseMapVertex> vertices;
  std::vector<uint32_t> indices;
};

class Builder {
 public:
  explicit Builder(const geo::GeoFrame& frame) : frame_(frame), areas_(scene::kBaseMapStyles), lines_(3 * scene::kBaseMapStyles) {}

  void area(const Rings& rings, scene::BaseMapStyle style, scene::BaseMapLoadReport& report) {
    std::vector<geos::Ring> cleaned;
    for (const auto& r : rings) cleaned.push_back(geos::cleanRing(r));
    bool repaired = false;
    auto polygons = geos::validPolygons(cleaned, repaired);
    report.repaired += repaired;
    if (polygons.empty()) return void(++report.skipped);
    Bucket& b = areas_[uint32_t(style)];
    for (const auto& g : polygons)
      for (const auto& tri : geos::triangulate(g.get()))
        for (const glm::dvec2& p : tri) {
          b.indices.push_back(uint32_t(b.vertices.size()));
          b.vertices.push_back(vertex(p, {0, 0}, 0, uint32_t(style)));
        }
    ++report.areas;
  }

  void line(const Line& l, const LineStyle& s, const FeatureKind& k, scene::BaseMapLoadReport& report) {
    const uint32_t level = k.tunnel ? 0 : k.bridge ? 2 : 1;
    const uint32_t style = uint32_t(s.style) | (k.tunnel ? scene::kBaseMapTunnel : 0) | (k.bridge ? scene::kBaseMapBridge : 0);
    Bucket& b = lines_[level * scene::kBaseMapStyles + uint32_t(s.style)];
    // A quad per segment with square ends half a width long: the joins
    // overlap (drawn opaque, they do not show) and no miter can spike.
    for (size_t i = 0; i + 1 < l.size(); ++i) {
      const glm::dvec2 t = glm::normalize(l[i + 1] - l[i]);
      const glm::vec2 along(t), across(-t.y, t.x);
      const auto first = uint32_t(b.vertices.size());
      b.vertices.push_back(vertex(l[i], across - along, s.halfWidth, style));
      b.vertices.push_back(vertex(l[i], -across - along, s.halfWidth, style));
      b.vertices.push_back(vertex(l[i + 1], across + along, s.halfWidth, style));
      b.vertices.push_back(vertex(l[i + 1], -across + along, s.halfWidth, style));
      b.indices.insert(b.indices.end(), {first, first + 1, first + 2, first + 2, first + 1, first + 3});
    }
    ++report.lines;
  }

  void finish(scene::BaseMap& map) {
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

 private:
  scene::BaseMapVertex vertex(glm::dvec2 p, glm::vec2 offset, float halfWidth, uint32_t style) const {
    return {{float(p.x), float(p.y), float(frame_.surfaceZ(p.x, p.y))}, {offset.x, offset.y}, halfWidth, style};
  }
  const geo::GeoFrame& frame_;
  std::vector<Bucket> areas_, lines_;
};

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

double length(const Line& l) {
  double d = 0;
  for (size_t i = 0; i + 1 < l.size(); ++i) d += glm::distance(l[i], l[i + 1]);
  return d;
}

// The middle of a line by length, and the direction there.
std::pair<glm::dvec2, float> middle(const Line& l) {
  double half = length(l) / 2;
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

class Names {
 public:
  Names(const geo::GeoFrame& frame, double lat) : frame_(frame), lat_(lat) {}

  void add(scene::BaseMapLabel::Kind kind, const Feature& f, glm::dvec2 at, float angle, float maxDistance) {
    scene::BaseMapLabel l;
    l.kind = kind, l.name = f.name, l.nameEn = f.nameEn;
    l.position = {at.x, at.y, frame_.surfaceZ(at.x, at.y)};
    l.angle = angle;
    l.priority = labelPriority(kind, f.kind);
    l.maxDistance = f.minZoom >= 0 ? std::max(maxDistance, distanceForZoom(f.minZoom, lat_)) : maxDistance;
    labels_.push_back(std::move(l));
  }

  void feature(BaseMapLayer layer, const Feature& f) {
    using K = scene::BaseMapLabel::Kind;
    if (f.name.empty()) return;
    for (const auto& p : f.points) {
      if (layer == BaseMapLayer::places) add(K::place, f, p, 0, 40000);
      else if (layer == BaseMapLayer::water) add(K::water, f, p, 0, 30000);
      else if (layer == BaseMapLayer::landuse)  // parks and squares matter; a housing estate's name only close up
        add(areaStyle(layer, f.kind) == scene::BaseMapStyle::green ? K::place : K::poi, f, p, 0,
            areaStyle(layer, f.kind) == scene::BaseMapStyle::green ? 4000 : 1500);
      else if (layer == BaseMapLayer::pois) add(K::poi, f, p, 0, 1500);
      if (layer == BaseMapLayer::water || layer == BaseMapLayer::landuse) pointNamed_.insert(f.name);
    }
    if (layer == BaseMapLayer::roads)
      for (const auto& l : f.lines)
        if (length(l) >= 120) roads_.push_back({&f.name, l, &f});
    if ((layer == BaseMapLayer::water || layer == BaseMapLayer::landuse) && f.points.empty())
      for (const auto& rings : f.polygons) areas_.push_back({rings, &f, layer});
  }

  void finish(std::vector<scene::BaseMapLabel>& out) {
    using K = scene::BaseMapLabel::Kind;
    // Named areas without a label point: their name at the pole of
    // inaccessibility of the biggest part (large ones only).
    for (const auto& a : areas_) {
      if (pointNamed_.count(a.feature->name)) continue;
      bool repaired = false;
      std::vector<geos::Ring> cleaned;
      for (const auto& r : a.rings) cleaned.push_back(geos::cleanRing(r));
      for (const auto& g : geos::validPolygons(cleaned, repaired)) {
        double area = 0;
        GEOSArea_r(geos::context(), g.get(), &area);
        if (area < 20000) continue;
        const glm::dvec2 pole = geos::poleOfInaccessibility(g.get(), 10.0);
        add(a.layer == BaseMapLayer::water ? K::water : K::place, *a.feature, pole, 0, a.layer == BaseMapLayer::water ? 30000 : 6000);
        pointNamed_.insert(a.feature->name);
        break;
      }
    }
    // A road's name once every 400 m along it: its longest pieces first.
    std::stable_sort(roads_.begin(), roads_.end(), [](const Road& a, const Road& b) { return length(a.line) > length(b.line); });
    std::vector<std::pair<const std::string*, glm::dvec2>> placed;
    for (const auto& r : roads_) {
      const auto [at, angle] = middle(r.line);
      const bool near = std::any_of(placed.begin(), placed.end(), [&](const auto& p) {
        return *p.first == *r.name && glm::distance(p.second, at) < 400;
      });
      if (near) continue;
      placed.push_back({r.name, at});
      const float reach = labelPriority(K::road, r.feature->kind) >= 40 ? 6000.0f : 1500.0f;
      add(K::road, *r.feature, at, angle, reach);
    }
    out.insert(out.end(), labels_.begin(), labels_.end());
  }

 private:
  struct Road {
    const std::string* name;
    Line line;
    const Feature* feature;
  };
  struct Area {
    Rings rings;
    const Feature* feature;
    BaseMapLayer layer;
  };
  const geo::GeoFrame& frame_;
  double lat_;
  std::vector<scene::BaseMapLabel> labels_;
  std::vector<Road> roads_;
  std::vector<Area> areas_;
  std::set<std::string> pointNamed_;
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Loading
//-----------------------------------------------------------------------------

namespace {

// One feature into the map: drawn by its style, its name kept for later.
class Intake {
 public:
  Intake(scene::BaseMap& map, Builder& builder) : map_(map), builder_(builder) {}
  void add(BaseMapLayer layer, BaseMapSchema schema, Feature f, bool namesOnly = false) {
    bool drawn = false;
    if (!f.labelPoint && !namesOnly) {
      if (const auto style = areaStyle(layer, f.kind))
        for (const auto& rings : f.polygons) builder_.area(rings, *style, map_.report), drawn = true;
      if (const auto style = lineStyle(layer, f.kind))
        for (const auto& l : f.lines) builder_.line(l, *style, f.kind, map_.report), drawn = true;
      // Shorelines (the lit edge at night) where the schema has none of its own: the water's outline.
      if (layer == BaseMapLayer::water && schema != BaseMapSchema::tilezen && drawn)
        for (const auto& rings : f.polygons)
          for (auto ring : rings) ring.push_back(ring.front()), builder_.line(ring, {scene::BaseMapStyle::waterLine, 0}, f.kind, map_.report);
    }
    if (!drawn && f.points.empty() && !namesOnly) ++map_.report.unstyled;
    kept_.push_back({layer, std::move(f)});
  }
  void names(Names& names) const {
    for (const auto& [layer, f] : kept_) names.feature(layer, f);
  }

 private:
  scene::BaseMap& map_;
  Builder& builder_;
  std::deque<std::pair<BaseMapLayer, Feature>> kept_;  // stable: the names point into them
};

void credit(scene::BaseMap& map, const std::string& attribution, bool osm, bool wof) {
  if (!attribution.empty()) map.attributions.push_back(attribution);
  if (osm && attribution.empty()) map.attributions.push_back("© OpenStreetMap contributors");
  if (wof && attribution.empty()) map.attributions.push_back("Who's On First");
}

void loadGeoJson(const BaseMapSource& source, BaseMapLayer layer, const geo::GeoFrame& frame, scene::BaseMap& map, Intake& intake) {
  const std::string bytes = readFileBytes(source.file);
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(simdjson::padded_string(bytes)).get(doc))
    throw AssetError(source.file, std::string("not valid JSON (") + simdjson::error_message(err) + ")");
  object root;
  array features;
  if (doc.get_object().get(root) || root["features"].get_array().get(features))
    throw AssetError(source.file, "not a GeoJSON FeatureCollection");
  std::string_view attribution;
  if (root["attribution"].get_string().get(attribution)) attribution = {};
  bool osm = false, wof = false;
  Reader reader(frame, source.crs);
  for (element e : features) {
    ++map.report.features;
    object o;
    bool ok = false;
    Properties props;
    Feature f = e.get_object().get(o) ? Feature{} : reader.feature(o, source.schema, ok, props);
    if (!ok) {
      ++map.report.skipped;
      continue;
    }
    const std::string from = text(props, {"source"});
    osm |= props.count("osm_id") || from == "openstreetmap.org";
    wof |= from == "whosonfirst.org";
    intake.add(layer, source.schema, std::move(f));
  }
  credit(map, std::string(attribution), osm, wof);
}

// A tile layer's name → the base-map layer it feeds (and whether it only names things).
std::optional<std::pair<BaseMapLayer, bool>> tileLayer(std::string_view name, BaseMapSchema schema) {
  if (schema == BaseMapSchema::protomaps) {
    if (name == "natural") return std::pair{BaseMapLayer::landuse, false};
    if (name == "physical_line") return std::pair{BaseMapLayer::water, false};
    if (name == "transit") return std::pair{BaseMapLayer::roads, false};
  }
  if (name == "transportation_name") return std::pair{BaseMapLayer::roads, true};  // OpenMapTiles: names of the lines drawn from `transportation`
  if (const auto l = baseMapLayerByName(name)) return std::pair{*l, false};
  return std::nullopt;
}

// Any tile archive: what it says of itself, and its tiles over an area.
using TilesOver = std::function<std::vector<MbTile>(uint32_t z, const LonLatBox& area)>;

void loadTiles(const BaseMapSource& source, const MbTilesInfo& info, const TilesOver& tilesOver, const geo::GeoFrame& frame,
               const LonLatBox& area, scene::BaseMap& map, Intake& intake) {
  if (!info.format.empty() && info.format != "pbf")
    throw AssetError(source.file, "holds \"" + info.format + "\" tiles; vector tiles (pbf) are read");
  BaseMapSchema schema = source.schema;
  if (!source.schemaGiven) {  // the tiles say which: Protomaps' fields, OpenMapTiles' layers, else Tilezen
    const std::string& json = info.json;
    schema = json.find("pmap:kind") != std::string::npos       ? BaseMapSchema::protomaps
             : json.find("\"transportation\"") != std::string::npos ? BaseMapSchema::openmaptiles
                                                                    : BaseMapSchema::tilezen;
  }
  const uint32_t z = std::clamp(source.zoom ? *source.zoom : info.maxZoom, info.minZoom, info.maxZoom);
  Reader reader(frame, source.crs);
  size_t tiles = 0;
  for (const MbTile& t : tilesOver(z, area)) {
    DecodedTile tile;
    try {
      if (t.data.empty()) throw std::runtime_error("no data");
      tile = decodeVectorTile(t.data, t.id);
    } catch (const std::exception& e) {
      ++map.report.badTiles;  // corrupt gzip, not a tile: skipped, counted
      continue;
    }
    ++tiles;
    map.report.skipped += tile.dropped;
    for (const TileLayer& l : tile.layers) {
      const auto target = tileLayer(l.name, schema);
      if (!target) continue;
      for (const TileFeature& tf : l.features) {
        ++map.report.features;
        Feature f;
        describe(tf.properties, schema, l.name, f);
        if (tf.type == TileFeature::Type::point) {
          for (const auto& p : tf.parts) f.points.push_back(reader.local(p.front()));
        } else if (tf.type == TileFeature::Type::line) {
          for (const auto& part : tf.parts) {
            Line line;
            for (const auto& p : part) line.push_back(reader.local(p));
            f.lines.push_back(std::move(line));
          }
        } else {
          for (size_t i = 0; i < tf.parts.size(); ++i) {
            if (tf.outer[i]) f.polygons.emplace_back();
            Line ring;
            for (const auto& p : tf.parts[i]) ring.push_back(reader.local(p));
            f.polygons.back().push_back(std::move(ring));
          }
        }
        intake.add(target->first, schema, std::move(f), target->second);
      }
    }
  }
  map.report.tiles += tiles;
  credit(map, info.attribution, true, false);
}

}  // namespace

scene::BaseMap loadBaseMap(const std::vector<BaseMapSource>& sources, const geo::GeoFrame& frame, const LonLatBox& area) {
  scene::BaseMap map;
  Builder builder(frame);
  Names names(frame, frame.origin().lat);
  Intake intake(map, builder);
  for (const BaseMapSource& source : sources) {
    const bool tiles = source.kind != BaseMapKind::geojson;
    std::optional<BaseMapLayer> layer =
        source.layer.empty() ? baseMapLayerFromFileName(source.file) : baseMapLayerByName(source.layer);
    if (!tiles && !layer)
      throw AssetError(source.file, source.layer.empty() ? "cannot tell which base-map layer this is from its name; "
                                                           "give it with layer = \"water\" (roads, landuse, places, pois…)"
                                                         : "unknown base-map layer \"" + source.layer + "\"");
    if (source.kind == BaseMapKind::mbtiles) {
      MbTiles file(source.file);
      loadTiles(source, file.info(), [&](uint32_t z, const LonLatBox& a) { return file.tiles(z, a.west, a.south, a.east, a.north); },
                frame, area, map, intake);
    } else if (source.kind == BaseMapKind::pmtiles) {
      PmTiles file(source.file);
      loadTiles(source, file.info(), [&](uint32_t z, const LonLatBox& a) { return file.tiles(z, a.west, a.south, a.east, a.north); },
                frame, area, map, intake);
    } else {
      loadGeoJson(source, *layer, frame, map, intake);
    }
    map.sources.push_back(source.file);
  }
  intake.names(names);
  names.finish(map.labels);
  map.report.labels = map.labels.size();
  builder.finish(map);
  std::sort(map.attributions.begin(), map.attributions.end());
  map.attributions.erase(std::unique(map.attributions.begin(), map.attributions.end()), map.attributions.end());
  return map;
}

LonLatBox areaAround(const geo::GeoFrame& frame, glm::dvec2 min, glm::dvec2 max) {
  const auto sw = frame.toGeodetic({min.x, min.y, 0}), ne = frame.toGeodetic({max.x, max.y, 0});
  return {sw.lon, sw.lat, ne.lon, ne.lat};
}

}  // namespace citywall::assets
