#pragma once
// One polygon extruded into a prism: walls with flat normals, a roof (and a
// floor when asked) from the triangulation it is given (ear clipping for a
// plain ring, GEOS's constrained Delaunay otherwise), outline edges
// along the roof and where a wall turns: the full level of each building
// (building_extruder.cpp). The coarse level (coarse_level.cpp) leaves walls
// out and so builds its own.

#include "assets/building_extruder.h"
#include "assets/geos_util.h"

namespace citywall::assets {

/// Triangles of a polygon's roof, counter-clockwise seen from above.
using RoofTriangles = std::vector<std::array<glm::dvec2, 3>>;

/// Appends the prism of `polygon` (rings oriented as geos::orient leaves
/// them; `roof` its triangulation) to `mesh`, its points moved by
/// `offset`, from `zBottom` up to `zTop`. A vertical outline is drawn where
/// a wall turns by more than `cornerAngleDeg`.
void extrudePolygon(BuildingMesh& mesh, const geos::Polygon& polygon, const RoofTriangles& roof, glm::dvec2 offset,
                    double zBottom, double zTop, bool floor, double cornerAngleDeg);

}  // namespace citywall::assets
