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
#include "assets/ground_geometry.h"
#include "assets/mbtiles.h"
#include "assets/pmtiles.h"
#include "assets/tile_clip.h"
#include "assets/vector_tile.h"
#include "scene/camera.h"

namespace citywall::assets {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading features
//-----------------------------------------------------------------------------

struct Feature : Shapes {
  FeatureKind kind;
  std::string name, nameEn;
  std::string leftName, leftNameEn, rightName, rightNameEn;  // a border: the areas either side (Tilezen)
  double minZoom = -1;
  bool labelPoint = false;  // Tilezen's label_placement: a point only for the name
};

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
  f.leftName = text(props, {"name:left", "name:left:zh"}), f.rightName = text(props, {"name:right", "name:right:zh"});
  f.leftNameEn = text(props, {"name:left:en"}), f.rightNameEn = text(props, {"name:right:en"});
  f.name = text(props, {"name", "name:zh", "name_zh"});
  f.nameEn = text(props, {"name:en", "name_en"});
  if (const std::string z = text(props, {"min_zoom"}); !z.empty()) f.minZoom = std::atof(z.c_str());
  f.labelPoint = flag(props, "label_placement");
}

// A GeoJSON feature: its kind and names from the schema, its geometry in local metres.
Feature readFeature(const object& o, const GeoJsonGeometry& geometry, BaseMapSchema schema, bool& ok, Properties& props) {
  Feature f;
  object p, g;
  if (!o["properties"].get_object().get(p)) props = propertiesOf(p);
  describe(props, schema, "", f);
  ok = !o["geometry"].get_object().get(g) && geometry.read(g, f);
  return f;
}

//-----------------------------------------------------------------------------
// [SECTION] Areas and lines
//-----------------------------------------------------------------------------

// The base map's styles on the ground builder: tunnels under the streets, bridges over them.
class Builder {
 public:
  explicit Builder(const geo::GeoFrame& frame) : ground_(frame, scene::kBaseMapStyles) {}

  void area(const Rings& rings, scene::BaseMapStyle style, scene::BaseMapLoadReport& report) {
    bool repaired = false;
    const bool drawn = ground_.area(rings, uint32_t(style), repaired);
    report.repaired += repaired;
    if (!drawn) return void(++report.skipped);
    ++report.areas;
  }

  void line(const Line& l, const LineStyle& s, const FeatureKind& k, scene::BaseMapLoadReport& report) {
    const uint32_t level = k.tunnel ? 0 : k.bridge ? 2 : 1;
    const uint32_t style = uint32_t(s.style) | (k.tunnel ? scene::kBaseMapTunnel : 0) | (k.bridge ? scene::kBaseMapBridge : 0);
    ground_.line(l, style, s.halfWidth, level);
    ++report.lines;
  }

  void finish(scene::BaseMap& map) { ground_.finish(map); }

 private:
  GroundBuilder ground_;
};

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

class Names {
 public:
  Names(const geo::GeoFrame& frame, double lat) : frame_(frame), lat_(lat) {}

  void add(scene::BaseMapLabel::Kind kind, const Feature& f, glm::dvec2 at, float angle, float maxDistance) {
    scene::BaseMapLabel l;
    l.kind = kind, l.name = f.name, l.nameEn = f.nameEn;
    l.position = {at.x, at.y, frame_.surfaceZ(at.x, at.y)};
    l.angle = angle;
    l.priority = labelPriority(kind, f.kind);
    l.maxDistance = f.minZoom >= 0 ? std::max(maxDistance, scene::distanceForZoom(f.minZoom, lat_)) : maxDistance;
    labels_.push_back(std::move(l));
  }

  void feature(BaseMapLayer layer, const Feature& f) {
    using K = scene::BaseMapLabel::Kind;
    if (layer == BaseMapLayer::boundaries && !f.lines.empty()) borders_.push_back(&f);
    if (f.name.empty()) return;
    for (const auto& p : f.points) {
      if (layer == BaseMapLayer::places) add(K::place, f, p, 0, 40000);
      else if (layer == BaseMapLayer::water) add(K::water, f, p, 0, 30000);
      else if (layer == BaseMapLayer::landuse)  // parks and squares matter; a housing estate's name only close up
        add(areaStyle(layer, f.kind) == scene::BaseMapStyle::green ? K::place : K::poi, f, p, 0,
            areaStyle(layer, f.kind) == scene::BaseMapStyle::green ? 4000 : 1500);
      else if (layer == BaseMapLayer::pois) add(K::poi, f, p, 0, 1000);
      if (layer == BaseMapLayer::water || layer == BaseMapLayer::landuse) pointNamed_.insert(f.name);
    }
    if (layer == BaseMapLayer::roads)
      for (const auto& l : f.lines)
        if (lineLength(l) >= 120) roads_.push_back({&f.name, l, &f});
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
    std::stable_sort(roads_.begin(), roads_.end(), [](const Road& a, const Road& b) { return lineLength(a.line) > lineLength(b.line); });
    std::vector<std::pair<const std::string*, glm::dvec2>> placed;
    for (const auto& r : roads_) {
      const auto middle = lineMiddle(r.line);
      const glm::dvec2 at = middle.first;  // not a structured binding: clang 14 (the fuzz build) cannot capture one
      const double angle = middle.second;
      const bool near = std::any_of(placed.begin(), placed.end(), [&](const auto& p) {
        return *p.first == *r.name && glm::distance(p.second, at) < 400;
      });
      if (near) continue;
      placed.push_back({r.name, at});
      const float reach = labelPriority(K::road, r.feature->kind) >= 40 ? 6000.0f : 1500.0f;
      add(K::road, *r.feature, at, angle, reach);
    }
    districts();
    out.insert(out.end(), labels_.begin(), labels_.end());
  }

  // District names from the borders between them: each name on its side of
  // its longest border, a few hundred metres in, once per district (again
  // only 3 km away from where it already is), seen from afar, not close up.
  void districts() {
    struct Side {
      double length;
      glm::dvec2 at;
      std::string name, nameEn;
    };
    std::vector<Side> sides;
    for (const Feature* f : borders_) {
      const Line& longest = *std::max_element(f->lines.begin(), f->lines.end(),
                                              [](const Line& a, const Line& b) { return lineLength(a) < lineLength(b); });
      const double length = lineLength(longest);
      if (length < 300) continue;
      const auto [middle, angle] = lineMiddle(longest);
      const glm::dvec2 left(-std::sin(angle), std::cos(angle));  // left of the way the line runs (OSM's sides)
      const double inset = std::clamp(length / 4, 150.0, 400.0);
      if (!f->leftName.empty()) sides.push_back({length, middle + left * inset, f->leftName, f->leftNameEn});
      if (!f->rightName.empty()) sides.push_back({length, middle - left * inset, f->rightName, f->rightNameEn});
    }
    std::stable_sort(sides.begin(), sides.end(), [](const Side& a, const Side& b) { return a.length > b.length; });
    std::vector<std::pair<std::string, glm::dvec2>> placed;
    for (const Side& s : sides) {
      if (std::any_of(placed.begin(), placed.end(), [&](const auto& p) { return p.first == s.name && glm::distance(p.second, s.at) < 3000; }))
        continue;
      placed.push_back({s.name, s.at});
      scene::BaseMapLabel l;
      l.kind = scene::BaseMapLabel::Kind::district, l.name = s.name, l.nameEn = s.nameEn;
      l.position = {s.at.x, s.at.y, frame_.surfaceZ(s.at.x, s.at.y)};
      l.priority = labelPriority(l.kind, {});
      l.minDistance = 1200, l.maxDistance = 60000;
      labels_.push_back(std::move(l));
    }
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
  std::vector<const Feature*> borders_;
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
  simdjson::dom::parser parser;
  const FeatureCollection file = readFeatureCollection(source.file, parser);
  bool osm = false, wof = false;
  GeoJsonGeometry reader(frame, source.crs);
  for (element e : file.features) {
    ++map.report.features;
    object o;
    bool ok = false;
    Properties props;
    Feature f = e.get_object().get(o) ? Feature{} : readFeature(o, reader, source.schema, ok, props);
    if (!ok) {
      ++map.report.skipped;
      continue;
    }
    const std::string from = text(props, {"source"});
    osm |= props.count("osm_id") || from == "openstreetmap.org";
    wof |= from == "whosonfirst.org";
    intake.add(layer, source.schema, std::move(f), layer == BaseMapLayer::boundaries);  // borders: for the districts' names
  }
  credit(map, file.attribution, osm, wof);
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
               const LonLatBox& area, scene::BaseMap& map, Intake& intake, const TileBounds* clip = nullptr) {
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
  GeoJsonGeometry reader(frame, source.crs);
  size_t tiles = 0;
  for (const MbTile& t : tilesOver(z, area)) {
    const TileBounds bounds = clip ? *clip : tileBounds(t.id);
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
    for (TileLayer& l : tile.layers) {
      const auto target = tileLayer(l.name, schema);
      if (!target) continue;
      for (TileFeature& tf : l.features) {
        ++map.report.features;
        if (!clipToTile(tf, bounds)) continue;  // only in this tile's margin: its neighbour draws it
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

namespace {

// Names placed, geometry joined, credits sorted: a map ready to draw.
void finish(scene::BaseMap& map, Builder& builder, Intake& intake, Names& names) {
  intake.names(names);
  names.finish(map.labels);
  map.report.labels = map.labels.size();
  builder.finish(map);
  std::sort(map.attributions.begin(), map.attributions.end());
  map.attributions.erase(std::unique(map.attributions.begin(), map.attributions.end()), map.attributions.end());
}

}  // namespace

scene::BaseMap loadBaseMapTiles(const BaseMapSource& source, const MbTilesInfo& info, const std::vector<MbTile>& tiles,
                                const geo::GeoFrame& frame, const TileBounds* clip) {
  scene::BaseMap map;
  Builder builder(frame);
  Names names(frame, frame.origin().lat);
  Intake intake(map, builder);
  BaseMapSource pinned = source;
  if (!tiles.empty()) pinned.zoom = tiles.front().id.z;
  loadTiles(pinned, info, [&](uint32_t, const LonLatBox&) { return tiles; }, frame, {}, map, intake, clip);
  finish(map, builder, intake, names);
  return map;
}

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
  finish(map, builder, intake, names);
  return map;
}

LonLatBox areaAround(const geo::GeoFrame& frame, glm::dvec2 min, glm::dvec2 max) {
  const auto sw = frame.toGeodetic({min.x, min.y, 0}), ne = frame.toGeodetic({max.x, max.y, 0});
  return {sw.lon, sw.lat, ne.lon, ne.lat};
}

}  // namespace citywall::assets
