#include "assets/geos_util.h"

#include <functional>

#include <algorithm>
#include <glm/geometric.hpp>

namespace citywall::assets::geos {

GEOSContextHandle_t context() {
  struct Context {
    GEOSContextHandle_t h;
    Context() : h(GEOS_init_r()) {
      GEOSContext_setNoticeMessageHandler_r(h, [](const char*, void*) {}, nullptr);
      GEOSContext_setErrorMessageHandler_r(h, [](const char*, void*) {}, nullptr);
    }
    ~Context() { GEOS_finish_r(h); }
  };
  thread_local Context c;
  return c.h;
}

double signedArea(const Ring& r) {
  double a = 0;
  for (size_t i = 0, n = r.size(); i < n; ++i) {
    const auto& p = r[i];
    const auto& q = r[(i + 1) % n];
    a += p.x * q.y - q.x * p.y;
  }
  return a / 2;
}

Ring cleanRing(const Ring& in) {
  Ring out;
  out.reserve(in.size());
  for (const auto& p : in)
    if (out.empty() || glm::length(p - out.back()) > 1e-3) out.push_back(p);
  while (out.size() > 1 && glm::length(out.front() - out.back()) <= 1e-3) out.pop_back();
  return out;
}

namespace {

GEOSGeometry* makeLinearRing(const Ring& r) {
  std::vector<double> xy;
  xy.reserve(r.size() * 2 + 2);
  for (const auto& p : r) xy.insert(xy.end(), {p.x, p.y});
  xy.insert(xy.end(), {r[0].x, r[0].y});
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(context(), xy.data(), xy.size() / 2, 0, 0);
  return seq ? GEOSGeom_createLinearRing_r(context(), seq) : nullptr;
}

Ring readRing(const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(context(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(context(), seq, &n);
  Ring out;
  out.reserve(n);
  for (unsigned i = 0; i + 1 < n; ++i) {
    double x, y;
    GEOSCoordSeq_getXY_r(context(), seq, i, &x, &y);
    out.emplace_back(x, y);
  }
  return out;
}

void collectPolygons(const GEOSGeometry* g, std::vector<const GEOSGeometry*>& out) {
  const int type = GEOSGeomTypeId_r(context(), g);
  if (type == GEOS_POLYGON) {
    out.push_back(g);
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0, n = GEOSGetNumGeometries_r(context(), g); i < n; ++i)
      collectPolygons(GEOSGetGeometryN_r(context(), g, i), out);
  }
}

}  // namespace

std::vector<const GEOSGeometry*> polygonParts(const GEOSGeometry* g) {
  std::vector<const GEOSGeometry*> out;
  if (g) collectPolygons(g, out);
  return out;
}

GeomPtr makePolygon(const Polygon& p) {
  if (p.rings.empty() || p.rings[0].size() < 3) return nullptr;
  GEOSGeometry* shell = makeLinearRing(p.rings[0]);
  if (!shell) return nullptr;
  std::vector<GEOSGeometry*> holes;
  for (size_t i = 1; i < p.rings.size(); ++i)
    if (p.rings[i].size() >= 3)
      if (GEOSGeometry* h = makeLinearRing(p.rings[i])) holes.push_back(h);
  return GeomPtr(GEOSGeom_createPolygon_r(context(), shell, holes.data(), unsigned(holes.size())));
}

Polygon readPolygon(const GEOSGeometry* poly) {
  Polygon p;
  p.rings.push_back(readRing(GEOSGetExteriorRing_r(context(), poly)));
  for (int i = 0, n = GEOSGetNumInteriorRings_r(context(), poly); i < n; ++i)
    p.rings.push_back(readRing(GEOSGetInteriorRingN_r(context(), poly, i)));
  return p;
}

std::vector<GeomPtr> validPolygons(const std::vector<Ring>& rings, bool& repaired) {
  std::vector<GeomPtr> out;
  if (rings.empty() || rings[0].size() < 3) return out;
  GEOSGeometry* shell = makeLinearRing(rings[0]);
  if (!shell) return out;
  std::vector<GEOSGeometry*> holes;
  for (size_t i = 1; i < rings.size(); ++i)
    if (rings[i].size() >= 3)
      if (GEOSGeometry* h = makeLinearRing(rings[i])) holes.push_back(h);
  GeomPtr poly(GEOSGeom_createPolygon_r(context(), shell, holes.data(), unsigned(holes.size())));
  if (!poly) return out;
  if (GEOSisValid_r(context(), poly.get()) == 1) {
    out.push_back(std::move(poly));
    return out;
  }
  repaired = true;
  GeomPtr fixed(GEOSMakeValid_r(context(), poly.get()));
  if (!fixed) return out;
  std::vector<const GEOSGeometry*> parts;
  collectPolygons(fixed.get(), parts);
  for (const GEOSGeometry* part : parts) out.emplace_back(GEOSGeom_clone_r(context(), part));
  return out;
}

std::vector<Polygon> clipPolygon(const std::vector<Ring>& rings, const Box& box) {
  std::vector<Polygon> out;
  bool repaired = false;
  for (const auto& g : validPolygons(rings, repaired)) {
    GeomPtr clipped(GEOSClipByRect_r(context(), g.get(), box.x0, box.y0, box.x1, box.y1));
    if (!clipped) continue;
    std::vector<const GEOSGeometry*> parts;
    collectPolygons(clipped.get(), parts);
    for (const GEOSGeometry* part : parts) out.push_back(readPolygon(part));
  }
  return out;
}

std::vector<std::vector<glm::dvec2>> clipLine(const std::vector<glm::dvec2>& line, const Box& box) {
  std::vector<std::vector<glm::dvec2>> out;
  if (line.size() < 2) return out;
  std::vector<double> xy;
  for (const auto& p : line) xy.insert(xy.end(), {p.x, p.y});
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(context(), xy.data(), line.size(), 0, 0);
  GeomPtr geom(seq ? GEOSGeom_createLineString_r(context(), seq) : nullptr);
  if (!geom) return out;
  GeomPtr clipped(GEOSClipByRect_r(context(), geom.get(), box.x0, box.y0, box.x1, box.y1));
  if (!clipped) return out;
  std::function<void(const GEOSGeometry*)> collect = [&](const GEOSGeometry* g) {
    const int type = GEOSGeomTypeId_r(context(), g);
    if (type == GEOS_LINESTRING) {
      const GEOSCoordSequence* s = GEOSGeom_getCoordSeq_r(context(), g);
      unsigned n = 0;
      GEOSCoordSeq_getSize_r(context(), s, &n);
      std::vector<glm::dvec2> piece;
      for (unsigned i = 0; i < n; ++i) {
        double x, y;
        GEOSCoordSeq_getXY_r(context(), s, i, &x, &y);
        piece.emplace_back(x, y);
      }
      if (piece.size() >= 2) out.push_back(std::move(piece));
    } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
      for (int i = 0, n = GEOSGetNumGeometries_r(context(), g); i < n; ++i) collect(GEOSGetGeometryN_r(context(), g, i));
    }
  };
  collect(clipped.get());
  return out;
}

void orient(Polygon& p) {
  if (!p.rings.empty() && signedArea(p.rings[0]) < 0) std::reverse(p.rings[0].begin(), p.rings[0].end());
  for (size_t i = 1; i < p.rings.size(); ++i)
    if (signedArea(p.rings[i]) > 0) std::reverse(p.rings[i].begin(), p.rings[i].end());
}

std::vector<std::array<glm::dvec2, 3>> triangulate(const GEOSGeometry* poly) {
  std::vector<std::array<glm::dvec2, 3>> out;
  GeomPtr tris(GEOSConstrainedDelaunayTriangulation_r(context(), poly));
  if (!tris) return out;
  for (int t = 0, n = GEOSGetNumGeometries_r(context(), tris.get()); t < n; ++t) {
    const Ring tri = readRing(GEOSGetExteriorRing_r(context(), GEOSGetGeometryN_r(context(), tris.get(), t)));
    if (tri.size() != 3) continue;
    const double area = signedArea(tri);
    if (std::abs(area) < 1e-9) continue;
    out.push_back(area > 0 ? std::array<glm::dvec2, 3>{tri[0], tri[1], tri[2]} : std::array<glm::dvec2, 3>{tri[0], tri[2], tri[1]});
  }
  return out;
}

glm::dvec2 poleOfInaccessibility(const GEOSGeometry* poly, double tolerance) {
  GeomPtr line(GEOSMaximumInscribedCircle_r(context(), poly, tolerance));
  if (!line) return glm::dvec2(0.0);
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(context(), line.get());
  double x = 0, y = 0;
  GEOSCoordSeq_getXY_r(context(), seq, 0, &x, &y);
  return {x, y};
}

}  // namespace citywall::assets::geos
