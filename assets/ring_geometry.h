#pragma once
// Small polygons without GEOS: the tests and the triangulation that most
// building footprints need (a ring of a few dozen points), done in plain
// arithmetic. GEOS stays for what these cannot settle (holes, repairs,
// long rings): extrusion takes this path only when the answer is certain.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <glm/vec2.hpp>
#include <vector>

namespace citywall::assets::rings {

using Ring = std::vector<glm::dvec2>;  ///< open (last != first)

double cross(glm::dvec2 a, glm::dvec2 b);
/// Whether segments ab and cd cross at a point inside both (touching and
/// collinear overlaps do not count).
bool segmentsCross(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, glm::dvec2 d);
/// No two edges cross (touching allowed): a simplified ring may be kept.
bool crossesItself(const Ring& r);
/// A ring GEOS would call a valid polygon shell on its own: three points or
/// more, all finite, no two non-neighbouring edges meeting at all (not even
/// touching), no edge folding back over its neighbour, and an area.
bool validShell(const Ring& r);
/// The area-weighted centroid of a ring with an area.
glm::dvec2 centroid(const Ring& r);
/// Triangles of a simple counter-clockwise ring, as indices into it
/// (collinear points are passed over); empty when it finds no ear (a ring
/// it cannot handle: the caller falls back to GEOS).
std::vector<uint32_t> earClip(const Ring& r);

/// How far p lies from the segment ab.
double distanceToSegment(glm::dvec2 p, glm::dvec2 a, glm::dvec2 b);
/// Douglas–Peucker between points[first] and points[last] (indices taken
/// around a ring, so last may come before first): marks in `keep` the points
/// between them that lie more than `tolerance` off the simplified line.
void douglasPeucker(const std::vector<glm::dvec2>& points, size_t first, size_t last, double tolerance, std::vector<bool>& keep);

/// Where the rings (moved by `offset`) cross the rows of a grid's cell
/// centres (row j's centre at originY + (j + 0.5) * cell, rows 0 … rows-1),
/// sorted by row, then x: consecutive pairs are the spans inside (even-odd,
/// so holes stay out). The vector is the calling thread's own.
const std::vector<std::pair<int, double>>& rowCrossings(const std::vector<Ring>& rings, glm::dvec2 offset, double originY,
                                                        double cell, int rows);

/// Calls span(row, firstColumn, lastColumn) for each run of a w × h grid's
/// cells whose centres lie inside the rings (moved by `offset`; the grid's
/// corner at `origin`, square cells of `cell`). How footprints are painted
/// on the grids of the coarse and block levels.
template <class Span>
void forEachSpan(const std::vector<Ring>& rings, glm::dvec2 offset, glm::dvec2 origin, double cell, int w, int h, Span&& span) {
  const auto& crossings = rowCrossings(rings, offset, origin.y, cell, h);
  for (size_t k = 0; k + 1 < crossings.size(); k += 2) {
    const int j = crossings[k].first;
    const int i0 = std::max(0, int(std::ceil((crossings[k].second - origin.x) / cell - 0.5)));
    const int i1 = std::min(w - 1, int(std::floor((crossings[k + 1].second - origin.x) / cell - 0.5)));
    if (i0 <= i1) span(j, i0, i1);
  }
}

}  // namespace citywall::assets::rings
