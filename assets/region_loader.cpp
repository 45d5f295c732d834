#include "assets/region_loader.h"

#include <algorithm>
#include <limits>
#include <map>

#include "assets/geojson_footprints.h"
#include "assets/geos_util.h"

namespace citywall::assets {

scene::RegionSet loadRegions(const std::string& path, const geo::GeoFrame& frame, const RegionOptions& options) {
  scene::CityLoadReport report;
  FootprintOptions fo;
  fo.keyFields = options.keyFields;
  fo.nameFields = options.nameFields;
  const FootprintFile file = loadFootprints(path, report, fo);
  scene::RegionSet set;
  set.skipped = report.skipped;
  for (const Footprint& fp : file.footprints) {
    scene::Region region;
    region.key = fp.key.empty() ? std::to_string(fp.id) : fp.key;
    region.name = fp.name.empty() ? region.key : fp.name;
    region.boundsMin = glm::dvec2(std::numeric_limits<double>::max());
    region.boundsMax = glm::dvec2(-std::numeric_limits<double>::max());
    const uint32_t index = uint32_t(set.regions.size());
    double bestRadius = -1;
    for (const auto& poly : fp.polygons) {
      std::vector<geos::Ring> rings;
      for (const auto& ll : poly.rings) {
        geos::Ring r;
        for (const auto& p : ll) {
          const geo::LonLat w = geo::toWgs84({p.x, p.y}, options.crs);
          r.push_back(glm::dvec2(frame.toLocal({w.lon, w.lat, 0.0})));
        }
        rings.push_back(geos::cleanRing(r));
      }
      bool repaired = false;
      for (auto& g : geos::validPolygons(rings, repaired)) {
        geos::Polygon p = geos::readPolygon(g.get());
        geos::orient(p);
        region.polygons.push_back(p.rings);
        for (const auto& q : p.rings[0]) region.boundsMin = glm::min(region.boundsMin, q), region.boundsMax = glm::max(region.boundsMax, q);
        // The label goes in the part with the roomiest inside.
        const glm::dvec2 pole = geos::poleOfInaccessibility(g.get(), 10.0);
        double area = 0;
        GEOSArea_r(geos::context(), g.get(), &area);
        if (area > bestRadius) bestRadius = area, region.label = {pole, frame.surfaceZ(pole.x, pole.y)};
        // Fill triangles and outlines, relative to the set's origin (fixed below).
        std::map<std::pair<double, double>, uint32_t> shared;  // ring vertices reused by fill and outline
        auto vertexFor = [&](glm::dvec2 v) {
          auto [it, added] = shared.try_emplace({v.x, v.y}, uint32_t(set.vertices.size()));
          if (added) set.vertices.push_back({{float(v.x), float(v.y), float(frame.surfaceZ(v.x, v.y))}, index});
          return it->second;
        };
        for (const auto& tri : geos::triangulate(g.get()))
          set.fill.insert(set.fill.end(), {vertexFor(tri[0]), vertexFor(tri[1]), vertexFor(tri[2])});
        for (const auto& ring : p.rings)
          for (size_t i = 0; i < ring.size(); ++i)
            set.outline.insert(set.outline.end(), {vertexFor(ring[i]), vertexFor(ring[(i + 1) % ring.size()])});
      }
      if (repaired) ++set.repaired;
    }
    if (region.polygons.empty()) {
      ++set.skipped;
      continue;
    }
    set.regions.push_back(std::move(region));
  }
  return set;
}

}  // namespace citywall::assets
