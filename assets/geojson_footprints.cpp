#include "assets/geojson_footprints.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "assets/asset_error.h"

namespace citywall::assets {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// A number given as a JSON number or as a numeric string ("25", "25.5 m").
bool numberField(const object& props, std::string_view key, double& out) {
  element v;
  if (props[key].get(v)) return false;
  double d;
  if (!v.get_double().get(d)) {
    out = d;
    return std::isfinite(d);
  }
  std::string_view s;
  if (v.get_string().get(s)) return false;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || ptr == s.data()) return false;
  out = d;
  return std::isfinite(d);
}

enum class RingResult { ok, badCoordinates };

RingResult readRing(const array& coords, std::vector<glm::dvec2>& ring, geo::Crs crs) {
  for (element pt : coords) {
    array xy;
    if (pt.get_array().get(xy) || xy.size() < 2) return RingResult::badCoordinates;
    double lon, lat;
    if (xy.at(0).get_double().get(lon) || xy.at(1).get_double().get(lat)) return RingResult::badCoordinates;
    if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
      return RingResult::badCoordinates;
    if (crs != geo::Crs::wgs84) {
      const geo::LonLat w = geo::toWgs84({lon, lat}, crs);
      lon = w.lon, lat = w.lat;
    }
    ring.emplace_back(lon, lat);
  }
  return RingResult::ok;
}

/// Reads a Polygon's coordinates (array of rings). False on malformed input.
bool readPolygon(const element& coords, FootprintPolygon& polygon, geo::Crs crs) {
  array rings;
  if (coords.get_array().get(rings) || rings.size() == 0) return false;
  for (element r : rings) {
    array pts;
    if (r.get_array().get(pts)) return false;
    auto& ring = polygon.rings.emplace_back();
    if (readRing(pts, ring, crs) != RingResult::ok) return false;
  }
  return true;
}

enum class FeatureResult { ok, noGeometry, notPolygon, badCoordinates };

FeatureResult readFeature(const object& feature, size_t index, const FootprintOptions& options,
                          Footprint& fp, scene::CityLoadReport& report) {
  object geometry;
  if (feature["geometry"].get_object().get(geometry)) return FeatureResult::noGeometry;
  std::string_view type;
  if (geometry["type"].get_string().get(type)) return FeatureResult::noGeometry;
  element coords;
  if (geometry["coordinates"].get(coords)) return FeatureResult::noGeometry;
  if (type == "Polygon") {
    if (!readPolygon(coords, fp.polygons.emplace_back(), options.crs)) return FeatureResult::badCoordinates;
  } else if (type == "MultiPolygon") {
    array polys;
    if (coords.get_array().get(polys)) return FeatureResult::badCoordinates;
    for (element p : polys)
      if (!readPolygon(p, fp.polygons.emplace_back(), options.crs)) return FeatureResult::badCoordinates;
    if (fp.polygons.empty()) return FeatureResult::noGeometry;
  } else {
    return FeatureResult::notPolygon;
  }

  object props;
  const bool hasProps = !feature["properties"].get_object().get(props);
  fp.id = int64_t(index);
  double v;
  if (hasProps) {
    int64_t id;
    if (!props["osm_id"].get_int64().get(id) || !props["id"].get_int64().get(id)) fp.id = id;
    for (const auto& k : options.keyFields) {
      element v;
      if (props[k].get(v) || v.is_null()) continue;
      std::string_view s;
      fp.key = !v.get_string().get(s) ? std::string(s) : simdjson::minify(v);
      break;
    }
    for (const auto& k : options.nameFields) {
      std::string_view name;
      if (!props[k].get_string().get(name)) {
        fp.name = std::string(name);
        break;
      }
    }
  }
  // The source's own fields when it names them, else the OSM conventions.
  auto first = [&](const std::string& named, std::initializer_list<std::string_view> conventions) {
    if (!hasProps) return false;
    if (!named.empty()) return numberField(props, named, v);
    for (std::string_view k : conventions)
      if (numberField(props, k, v)) return true;
    return false;
  };
  if (first(options.heightField, {"height"}) && v > 0) {
    fp.height = v;
  } else if (first(options.levelsField, {"building:levels", "levels", "building_levels"}) && v > 0) {
    fp.height = v * options.metresPerLevel;
    ++report.heightsFromLevels;
  } else {
    fp.height = options.defaultHeight;
    ++report.defaultHeights;
  }
  fp.minHeight = 0;
  if (first(options.minHeightField, {"min_height"}) && v > 0) fp.minHeight = v;
  else if (options.minHeightField.empty() && first("", {"building:min_level"}) && v > 0) fp.minHeight = v * options.metresPerLevel;
  return FeatureResult::ok;
}

}  // namespace

FootprintFile parseFootprints(std::string_view json, const std::string& source, scene::CityLoadReport& report,
                              const FootprintOptions& options) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element doc;
  if (auto err = parser.parse(padded).get(doc))
    throw AssetError(source, std::string("not valid JSON (") + simdjson::error_message(err) + ")");
  object root;
  if (doc.get_object().get(root)) throw AssetError(source, "not GeoJSON: the top level is not an object");
  std::string_view type;
  if (root["type"].get_string().get(type))
    throw AssetError(source, "not GeoJSON: the top-level object has no \"type\"");

  FootprintFile file;
  std::string_view attribution;
  if (!root["attribution"].get_string().get(attribution)) file.attribution = std::string(attribution);
  bool osmIds = false;
  std::vector<Footprint>& out = file.footprints;
  auto take = [&](const object& feature, size_t index) {
    ++report.features;
    Footprint fp;
    if (!osmIds) {
      object props;
      osmIds = !feature["properties"].get_object().get(props) && !props["osm_id"].error();
    }
    switch (readFeature(feature, index, options, fp, report)) {
      case FeatureResult::ok: out.push_back(std::move(fp)); return;
      case FeatureResult::noGeometry: ++report.skippedNoGeometry; break;
      case FeatureResult::notPolygon: ++report.skippedNotPolygon; break;
      case FeatureResult::badCoordinates: ++report.skippedBadCoordinates; break;
    }
    ++report.skipped;
  };
  if (type == "FeatureCollection") {
    array features;
    if (root["features"].get_array().get(features))
      throw AssetError(source, "FeatureCollection without a \"features\" array");
    out.reserve(features.size());
    size_t index = 0;
    for (element f : features) {
      object feature;
      if (f.get_object().get(feature)) {
        ++report.features, ++report.skipped, ++report.skippedNoGeometry;
      } else {
        take(feature, index);
      }
      ++index;
    }
  } else if (type == "Feature") {
    take(root, 0);
  } else {
    throw AssetError(source, "GeoJSON of type \"" + std::string(type) + "\"; expected a FeatureCollection");
  }
  if (file.attribution.empty() && osmIds) file.attribution = "© OpenStreetMap contributors";
  return file;
}

FootprintFile loadFootprints(const std::string& path, scene::CityLoadReport& report, const FootprintOptions& options) {
  const std::string bytes = readFileBytes(path);
  return parseFootprints(bytes, path, report, options);
}

}  // namespace citywall::assets
