#pragma once
// Small polygons without GEOS: the tests and the triangulation that most
// building footprints need (a ring of a few dozen points), done in plain
// arithmetic. GEOS stays for what these cannot settle (holes, repairs,
// long rings): extrusion takes this path only when the answer is certain.

#include <cstdint>
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

}  // namespace citywall::assets::rings
