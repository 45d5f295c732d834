#include "assets/basemap_style.h"

#include <algorithm>
#include <filesystem>
#include <initializer_list>

namespace citywall::assets {
namespace {

using S = scene::BaseMapStyle;

bool any(std::string_view v, std::initializer_list<std::string_view> of) {
  return std::find(of.begin(), of.end(), v) != of.end();
}

}  // namespace

std::optional<BaseMapLayer> baseMapLayerByName(std::string_view n) {
  if (any(n, {"water", "waterway"})) return BaseMapLayer::water;
  if (any(n, {"roads", "transportation"})) return BaseMapLayer::roads;
  if (any(n, {"landuse", "landcover", "park"})) return BaseMapLayer::landuse;
  if (any(n, {"places", "place"})) return BaseMapLayer::places;
  if (any(n, {"pois", "poi"})) return BaseMapLayer::pois;
  if (any(n, {"boundaries", "boundary"})) return BaseMapLayer::boundaries;
  if (n == "transit") return BaseMapLayer::transit;
  if (n == "earth") return BaseMapLayer::earth;
  return std::nullopt;
}

std::optional<BaseMapLayer> baseMapLayerFromFileName(const std::string& path) {
  std::string stem = std::filesystem::path(path).filename().string();
  stem = stem.substr(0, stem.find('.'));
  const size_t cut = stem.find_last_of("_-");
  return baseMapLayerByName(cut == std::string::npos ? stem : std::string_view(stem).substr(cut + 1));
}

std::optional<scene::BaseMapStyle> areaStyle(BaseMapLayer layer, const FeatureKind& k) {
  switch (layer) {
    case BaseMapLayer::water:
      // Pools and fountains are water too, but too small to matter on a wall.
      if (any(k.kind, {"swimming_pool", "fountain"})) return std::nullopt;
      return S::water;
    case BaseMapLayer::landuse:
      if (any(k.kind, {"park", "grass", "forest", "wood", "natural_wood", "garden", "recreation_ground", "golf_course",
                       "nature_reserve", "cemetery", "meadow", "village_green", "playground", "pitch", "grassland",
                       "scrub", "farmland", "orchard"}))
        return S::green;
      if (any(k.kind, {"pedestrian", "plaza", "footway", "square"})) return S::pedestrian;
      if (k.kind == "pier") return S::pier;
      if (any(k.kind, {"wetland", "water"})) return S::water;
      if (any(k.kind, {"bridge", "parking", "wall", "fence"})) return std::nullopt;  // drawn by the roads and buildings
      return S::landuse;
    case BaseMapLayer::earth:  // the ground is land already
    default:
      return std::nullopt;
  }
}

std::optional<LineStyle> lineStyle(BaseMapLayer layer, const FeatureKind& k) {
  if (layer == BaseMapLayer::water) {
    if (any(k.kind, {"swimming_pool", "fountain"})) return std::nullopt;
    // Shorelines, and waterways too small to have areas; a river's or
    // canal's centreline would run down the middle of its water.
    if (k.edge || any(k.kind, {"stream", "ditch", "drain", "brook"})) return LineStyle{S::waterLine, 0};
    return std::nullopt;
  }
  if (layer != BaseMapLayer::roads) return std::nullopt;
  const std::string_view kind = k.kind, d = k.detail;
  // OpenMapTiles' classes first (motorway, trunk, primary… are classes there).
  if (any(kind, {"motorway", "trunk", "highway"})) return LineStyle{S::highway, any(d, {"motorway_link", "trunk_link"}) ? 4.0f : 12.0f};
  if (kind == "major_road" || any(kind, {"primary", "secondary", "tertiary"})) {
    const std::string_view which = kind == "major_road" ? d : kind;
    if (any(which, {"trunk", "motorway"})) return LineStyle{S::highway, 12};
    if (which == "primary") return LineStyle{S::majorRoad, 9};
    if (which == "secondary") return LineStyle{S::majorRoad, 7};
    if (which == "tertiary") return LineStyle{S::majorRoad, 5.5f};
    return LineStyle{S::majorRoad, 4};  // links
  }
  if (kind == "minor_road" || any(kind, {"minor"})) {
    if (any(d, {"service", "driveway", "parking_aisle", "alley"})) return LineStyle{S::service, 2.5f};
    return LineStyle{S::minorRoad, 3.5f};
  }
  if (kind == "service") return LineStyle{S::service, 2.5f};
  if (any(kind, {"path", "track"})) {
    if (any(d, {"pedestrian", "pier"})) return LineStyle{S::path, 2.5f};
    return LineStyle{S::path, 1};
  }
  if (any(kind, {"rail", "transit"})) return LineStyle{S::rail, 1.5f};
  if (kind == "ferry") return LineStyle{S::ferry, 0};
  return std::nullopt;
}

float labelPriority(scene::BaseMapLabel::Kind kind, const FeatureKind& k) {
  using K = scene::BaseMapLabel::Kind;
  switch (kind) {
    case K::district: return 100;
    case K::place:
      if (any(k.kind, {"city", "town"})) return 90;
      if (any(k.kind, {"borough", "suburb", "macrohood"})) return 80;
      if (any(k.kind, {"locality", "quarter"})) return 70;
      return 60;  // neighbourhood, and named parks and squares
    case K::water: return 65;
    case K::road:
      if (any(k.kind, {"highway", "motorway", "trunk"}) || any(k.detail, {"trunk", "motorway"})) return 50;
      if (k.kind == "major_road" || any(k.kind, {"primary", "secondary", "tertiary"})) return k.detail == "primary" ? 45 : 40;
      return 25;
    case K::poi: return 15;
    case K::feature: return 55;  // a governance layer's names: chosen for the wall, above street names
  }
  return 0;
}

}  // namespace citywall::assets
