#pragma once
// The coarse level of detail of a chunk of extruded buildings: what is drawn
// of them where a metre or two spans less than a pixel. Two savings, and
// every building stays its own (its id, so tint, hiding and picking still
// work, and its exact height):
//  - walls that face a neighbour at least as tall are left out. Those are
//    the party walls of a city block, most of a dense city's walls, and no
//    one can see them: the block reads as one mass;
//  - footprints are simplified (Douglas–Peucker within a tolerance), so
//    small jogs stop costing triangles, and only the roof edges along the
//    walls that remain are outlined (a block is outlined as a block).
// Neighbours are found in a grid painted with each building's height.

#include <vector>

#include "assets/building_extruder.h"

namespace citywall::assets {

/// One building as the coarse level reads it, in the chunk's frame (metres).
struct CoarseInput {
  const std::vector<std::vector<std::vector<glm::dvec2>>>* footprint = nullptr;  ///< BuildingMesh::footprint
  glm::dvec2 offset{0.0};  ///< added to the footprint's points (ENU → the chunk's frame)
  double ground = 0;       ///< z of its base plane in the chunk's frame
  double minHeight = 0, height = 0;  ///< above its ground
};

struct CoarseLevel {
  std::vector<BuildingMesh> meshes;  ///< per building, in the input's order; positions in the chunk's frame
  /// Metres: the most a point is off from the full level (the outline's
  /// simplification; a gap narrower than a grid cell closed by a left-out wall).
  double error = 0;
  size_t wallsLeftOut = 0;  ///< walls found hidden by a neighbour
};

/// The coarse level of one chunk's buildings. Thread-safe.
CoarseLevel makeCoarseLevel(const std::vector<CoarseInput>& buildings, const CoarseOptions& options = {});

/// A closed ring simplified by Douglas–Peucker within `tolerance` metres;
/// the original when the result would not be a simple ring of 3 points or
/// more keeping most of the area. `deviation` gets the most a dropped point
/// lay off the result; `kept` (if given) the indices of the points kept.
/// Exposed for tests.
std::vector<glm::dvec2> simplifyRing(const std::vector<glm::dvec2>& ring, double tolerance, double& deviation,
                                     std::vector<size_t>* kept = nullptr);

}  // namespace citywall::assets
