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

/// How a chunk's coarse level is made (assets/coarse_level.h).
struct CoarseOptions {
  double tolerance = 1.5;  ///< metres a footprint's outline may move when simplified
  /// Towers at least this tall keep their footprints as they are: a round
  /// landmark would change its facets' shading where the switch happens,
  /// and towers are few (their triangles cost little).
  double keepShapeFrom = 100.0;
  double cell = 1.0;       ///< metres: the neighbour grid's cell (narrower gaps count as closed)
  size_t maxCells = size_t(1) << 22;  ///< the grid's cells at most (the cell grows for a wider chunk)
  double cornerAngleDeg = 20.0;  ///< as ExtrudeOptions::cornerAngleDeg
};

/// How a chunk's block level is made (assets/block_level.h).
struct BlockOptions {
  double cell = 4.0;        ///< metres: the grid the footprints are painted on
  double tolerance = 1.1;   ///< cells: how far a simplified outline may move
  /// Neighbouring roofs join a region when they lie within this many times
  /// the level's outline error (cell × (tolerance + 0.75): 7.4 m) below its
  /// tallest roof: raised to it, a roof moves no farther than the outlines
  /// do, and the level is drawn where that is under a pixel. (A tenth of
  /// the height, 3 to 6 m, merged less and left 29 more of Manhattan's
  /// chunks without a block level worth drawing.)
  double joinErrors = 1.0;
  /// Towers at least this tall are not merged: they keep their coarse
  /// level's shape (the skyline is what a city's overview is read by, and
  /// towers are few).
  double keepShapeFrom = 100.0;
  double cornerAngleDeg = 20.0;  ///< as ExtrudeOptions::cornerAngleDeg
  /// A wall's vertical outline edges are drawn only where it is at least
  /// this many times the level's outline error tall: the level is drawn
  /// where that error spans about a pixel, so a lower wall's edge would
  /// light a pixel or two, and far away outline edges cost a software
  /// rasteriser as much as triangles (a quarter of the level's edges).
  double verticalEdgesFrom = 2.0;
  size_t maxCells = size_t(1) << 20;  ///< the grid's cells at most (the cell grows for a wider chunk)
};

struct ExtrudeOptions {
  FloorMode floors = FloorMode::whenElevated;
  double chunkSize = 512.0;       ///< metres; buildings are batched by the cell their centroid falls in
  double cornerAngleDeg = 20.0;   ///< a vertical outline is drawn where a wall turns by more than this
  double minArea = 0.25;          ///< m²; smaller polygons are degenerate
  unsigned threads = 0;           ///< 0: one per core
  /// Each chunk also gets a coarse level (assets/coarse_level.h), drawn
  /// instead of its full one from far away.
  bool coarseLevel = true;
  CoarseOptions coarse;
  /// … and a block level (assets/block_level.h), drawn farther still.
  bool blockLevel = true;
  BlockOptions block;
  /// Each corner's vertex stored once for the faces that meet there
  /// (assets/corner_weld.h); off only to compare against.
  bool weldCorners = true;
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
  double ground = 0;         ///< z of its base plane (the ground under its centroid)
  /// Its valid polygons' rings (outer counter-clockwise first, then holes
  /// clockwise), ENU metres: what the chunk's coarse level is made of.
  std::vector<std::vector<std::vector<glm::dvec2>>> footprint;
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
