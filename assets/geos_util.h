#pragma once
// GEOS, the way assets/ uses it: a reentrant context per thread, owned
// geometries, and polygons in local metres repaired when invalid. Shared by
// building extrusion and region (grid, district) loading.

#include <geos_c.h>

#include <array>
#include <glm/vec2.hpp>
#include <memory>
#include <vector>

namespace citywall::assets::geos {

/// This thread's GEOS context (messages dropped: failures are detected from
/// return values and counted by the callers).
GEOSContextHandle_t context();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(context(), g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

using Ring = std::vector<glm::dvec2>;  ///< open (last != first)
struct Polygon {
  std::vector<Ring> rings;  ///< [0] outer; holes after
};

double signedArea(const Ring& r);
/// Drops the closing point and consecutive duplicates (closer than 1 mm).
Ring cleanRing(const Ring& in);
/// Reads a GEOS polygon's rings (closing points dropped).
Polygon readPolygon(const GEOSGeometry* poly);
/// A GEOS polygon from rings already valid (no check, no repair); null
/// when a ring has fewer than 3 points.
GeomPtr makePolygon(const Polygon& p);
/// The polygons in a geometry (a polygon, a multipolygon, a collection).
std::vector<const GEOSGeometry*> polygonParts(const GEOSGeometry* g);
/// Builds a polygon from cleaned rings and repairs it (MakeValid) when
/// invalid; returns the valid polygons (several after some repairs, none
/// when degenerate). `repaired` is set when a repair happened.
std::vector<GeomPtr> validPolygons(const std::vector<Ring>& rings, bool& repaired);
/// An axis-aligned box (x0 < x1, y0 < y1).
struct Box {
  double x0, y0, x1, y1;
};
/// The parts of a polygon (repaired when invalid) inside `box`.
std::vector<Polygon> clipPolygon(const std::vector<Ring>& rings, const Box& box);
/// The pieces of a polyline inside `box` (each with two points or more).
std::vector<std::vector<glm::dvec2>> clipLine(const std::vector<glm::dvec2>& line, const Box& box);
/// Orients rings: outer counter-clockwise, holes clockwise.
void orient(Polygon& p);
/// Triangles of a polygon (constrained Delaunay; holes stay open), each
/// counter-clockwise.
std::vector<std::array<glm::dvec2, 3>> triangulate(const GEOSGeometry* poly);
/// The pole of inaccessibility: the centre of the largest circle inside (a
/// label that never falls outside a concave shape).
glm::dvec2 poleOfInaccessibility(const GEOSGeometry* poly, double tolerance);

}  // namespace citywall::assets::geos
