#include "assets/city_loader.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "assets/asset_error.h"
#include "assets/city_cache.h"
#include "assets/loading_heap.h"

namespace citywall::assets {

namespace {

// The buildings from their files: parsed, placed in a frame, extruded.
void buildBuildings(const CitySpec& spec, scene::CityModel& city) {
  std::vector<Footprint> footprints;
  for (size_t f = 0; f < spec.buildings.size(); ++f) {
    const BuildingSource& source = spec.buildings[f];
    if (spec.progress) spec.progress("parsing", double(f) / double(spec.buildings.size()));
    FootprintFile file = loadFootprints(source.file, city.report, source.options);
    // Licences such as OSM's ODbL ask for credit wherever the data is shown.
    if (!file.attribution.empty() &&
        std::find(city.attributions.begin(), city.attributions.end(), file.attribution) == city.attributions.end())
      city.attributions.push_back(file.attribution);
    footprints.insert(footprints.end(), std::make_move_iterator(file.footprints.begin()),
                      std::make_move_iterator(file.footprints.end()));
  }

  geo::LonLatHeight origin{};
  if (spec.origin) {
    origin = *spec.origin;
  } else if (!footprints.empty()) {
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
    for (const auto& f : footprints)
      for (const auto& p : f.polygons)
        for (const auto& r : p.rings)
          for (const auto& q : r) lo = glm::min(lo, q), hi = glm::max(hi, q);
    origin = {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2, 0.0};
  } else if (!spec.models.empty()) {
    origin = {spec.models[0].placement.lon, spec.models[0].placement.lat, 0.0};
  } else if (!spec.tilesets.empty()) {
    origin = tiles3d::tilesetCentre(spec.tilesets[0]);
  }
  city.frame = geo::GeoFrame(origin);

  ExtrudeOptions extrude = spec.extrude;
  if (spec.progress) extrude.progress = [&](double f) { spec.progress("extruding", f); };
  addBuildings(footprints, city, extrude);
}

}  // namespace

scene::CityModel loadCity(const CitySpec& spec) {
  scene::CityModel city;
  // The buildings from the cache when their sources are unchanged, else built (and cached).
  const std::string cache = spec.cacheDir.empty() || spec.buildings.empty() ? "" : cityCachePath(spec, spec.cacheDir);
  std::string problem;
  if (!cache.empty() && readCityCache(cache, city, problem)) {
    city.report.fromCache = true;
  } else {
    {
      // Not around the packing: the packed cache is one block, which should
      // get its own mapping and go back to the system when it is written.
      const LoadingHeap heap;
      buildBuildings(spec, city);
    }
    if (!cache.empty() && spec.writeCacheLater) {
      // Packed now (a copy: the city's mesh may be freed once uploaded), stored later.
      auto packed = std::make_shared<std::string>(packCityCache(city));
      spec.writeCacheLater([cache, packed] {
        std::string written;
        storeCityCache(cache, std::move(*packed), written);
        return written;
      });
    } else if (!cache.empty()) {
      std::string written;
      if (!writeCityCache(cache, city, written)) problem += (problem.empty() ? "" : "; ") + written;
    }
  }
  city.cacheNote = problem;
  for (const auto& m : spec.models) placeModel(city, loadModel(m.path), m.placement);
  for (const auto& t : spec.tilesets) {
    // The tileset's root box joins the city's bounds (the first view frames it).
    const tiles3d::FrameBox box = tiles3d::tilesetRootBox(t, city.frame);
    const bool first = city.empty() && city.boundsMin == city.boundsMax;
    city.boundsMin = first ? box.min() : glm::min(city.boundsMin, box.min());
    city.boundsMax = first ? box.max() : glm::max(city.boundsMax, box.max());
  }
  if (!spec.basemap.empty()) {
    // Tiles are read over the city and a margin (an empty city: 5 km around its origin).
    const bool empty = city.boundsMax.x < city.boundsMin.x || (city.boundsMin == city.boundsMax);
    const glm::dvec2 lo = empty ? glm::dvec2(-5000) : glm::dvec2(city.boundsMin) - 2000.0;
    const glm::dvec2 hi = empty ? glm::dvec2(5000) : glm::dvec2(city.boundsMax) + 2000.0;
    city.basemap = loadBaseMap(spec.basemap, city.frame, areaAround(city.frame, lo, hi));
    for (const auto& a : city.basemap.attributions)
      if (std::find(city.attributions.begin(), city.attributions.end(), a) == city.attributions.end()) city.attributions.push_back(a);
  }

  city.features = loadFeatureLayers(spec.features, city.frame);
  for (const auto& a : city.features.ground.attributions)
    if (std::find(city.attributions.begin(), city.attributions.end(), a) == city.attributions.end()) city.attributions.push_back(a);

  // Ground: the city's box plus a wide margin, so the horizon is not an edge.
  const glm::dvec2 centre = glm::dvec2(city.boundsMin + city.boundsMax) * 0.5;
  const double half = std::max({glm::length(glm::dvec2(city.boundsMax - city.boundsMin)), 4000.0}) * 2.0;
  city.ground = scene::makeGround(city.frame, centre - half, centre + half, 64);
  return city;
}

}  // namespace citywall::assets
