#pragma once
// Footprints → LOD1 building meshes, batched into spatial chunks. Invalid
// polygons (self-intersections, bow-ties, wrong ring order) are repaired with
// GEOS MakeValid; what is left with no area is skipped. Both are counted in
// the city's load report. Roofs are triangulated with GEOS's constrained
// Delaunay triangulation, so holes (courtyards) stay open.

#include <functional>
#include <vector>

#include "assets/geojson_footprints.h"
#include "scene/city_model.h"

namespace citywall::assets {

enum class FloorMode {
  always,        ///< every building is a closed solid (tests, export)
  whenElevated,  ///< only buildings whose bottom is above ground: floors on the ground are never seen
};

struct ExtrudeOptions {
  FloorMode floors = FloorMode::whenElevated;
  double chunkSize = 512.0;       ///< metres; buildings are batched by the cell their centroid falls in
  double cornerAngleDeg = 20.0;   ///< a vertical outline is drawn where a wall turns by more than this
  double minArea = 0.25;          ///< m²; smaller polygons are degenerate
  unsigned threads = 0;           ///< 0: one per core
  /// Told the share of buildings extruded so far (0–1), from one worker, about every 2 %.
  std::function<void(double)> progress;
};

/// One building's mesh in absolute ENU metres (before chunking). Triangles
/// are counter-clockwise seen from outside; `lines` are outline edges.
struct BuildingMesh {
  std::vector<glm::dvec3> positions;
  std::vector<glm::vec3> normals;
  std::vector<uint32_t> triangles;
  std::vector<uint32_t> lines;
  glm::dvec3 centroid{0.0};  ///< on the ground
  bool repaired = false;     ///< GEOS had to repair an invalid polygon
  bool empty() const { return triangles.empty(); }
};

/// Extrudes one footprint. An empty mesh means it had nothing usable.
/// Thread-safe (each call uses its own GEOS context).
BuildingMesh extrudeFootprint(const Footprint& footprint, const geo::GeoFrame& frame,
                              const ExtrudeOptions& options = {});

/// Extrudes all footprints in parallel and appends them to `city` (buildings,
/// chunks, vertices, indices, bounds, report).
void addBuildings(const std::vector<Footprint>& footprints, scene::CityModel& city,
                  const ExtrudeOptions& options = {});

}  // namespace citywall::assets
