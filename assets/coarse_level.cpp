// coarse_level.cpp — a chunk's buildings for far views (see coarse_level.h).
//
// [SECTION] The neighbour grid
// [SECTION] One building's coarse mesh

#include "assets/coarse_level.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "assets/geos_util.h"
#include "assets/ring_geometry.h"

namespace citywall::assets {
namespace {

using Ring = std::vector<glm::dvec2>;
using Rings = std::vector<Ring>;
using rings::cross;
using rings::distanceToSegment;
using rings::douglasPeucker;
using rings::earClip;

//-----------------------------------------------------------------------------
// [SECTION] The neighbour grid
//-----------------------------------------------------------------------------

// Cells of `cell` metres; each holds the tallest grounded building whose
// footprint covers its centre (its index in the chunk, and its height).
//
// The cells live in a buffer each thread keeps from chunk to chunk, and a
// grid clears only the spans it painted when it ends: Manhattan's chunks
// need 108 M cells in all, mostly empty, and allocating and clearing every
// grid whole took a tenth of a first start (perf: page faults and memset).
struct NeighbourGrid {
  glm::dvec2 origin{0.0};
  double cell = 1;
  int w = 0, h = 0;
  static constexpr uint32_t kNone = 0xffffffffu;

  struct Cells {
    std::vector<float> height;  // w × h, row by row; 0 where unpainted
    std::vector<uint32_t> owner;  // kNone where unpainted
    std::vector<std::pair<size_t, size_t>> painted;  // [first, last] of each span painted
  };
  Cells& cells;
  std::vector<float>& height = cells.height;
  std::vector<uint32_t>& owner = cells.owner;

  NeighbourGrid(Cells& c, size_t count) : cells(c) {
    if (cells.height.size() < count) cells.height.resize(count, 0.f), cells.owner.resize(count, kNone);
  }
  ~NeighbourGrid() {
    for (const auto& [first, last] : cells.painted) {
      std::fill(height.begin() + ptrdiff_t(first), height.begin() + ptrdiff_t(last) + 1, 0.f);
      std::fill(owner.begin() + ptrdiff_t(first), owner.begin() + ptrdiff_t(last) + 1, kNone);
    }
    cells.painted.clear();
  }
  NeighbourGrid(const NeighbourGrid&) = delete;
  NeighbourGrid& operator=(const NeighbourGrid&) = delete;

  // Fills the cells whose centres lie inside the rings (even-odd, so holes
  // stay empty).
  void paint(const Rings& rings, glm::dvec2 offset, float value, uint32_t building) {
    rings::forEachSpan(rings, offset, origin, cell, w, h, [&](int j, int i0, int i1) {
      cells.painted.emplace_back(size_t(j) * size_t(w) + size_t(i0), size_t(j) * size_t(w) + size_t(i1));
      for (int i = i0; i <= i1; ++i) {
        const size_t c = size_t(j) * size_t(w) + size_t(i);
        if (owner[c] == kNone || value > height[c]) height[c] = value, owner[c] = building;
      }
    });
  }

  // The building whose cell holds `p` (kNone: none, or outside the grid).
  uint32_t at(glm::dvec2 p, float& value) const {
    const int i = int(std::floor((p.x - origin.x) / cell)), j = int(std::floor((p.y - origin.y) / cell));
    if (i < 0 || j < 0 || i >= w || j >= h) return kNone;
    const size_t c = size_t(j) * size_t(w) + size_t(i);
    value = height[c];
    return owner[c];
  }

  // Whether the wall from a to b (outside on its right, as a
  // counter-clockwise ring's walls are) faces other buildings at least
  // `top` tall all along it: samples just outside it, one a cell or so.
  bool hidden(glm::dvec2 a, glm::dvec2 b, uint32_t self, float top) const {
    const double length = glm::length(b - a);
    if (length <= 0) return true;
    const glm::dvec2 d = (b - a) / length, out(d.y, -d.x);
    const int samples = std::clamp(int(std::ceil(length / cell)), 2, 64);
    for (int k = 0; k < samples; ++k) {
      const glm::dvec2 p = a + d * (length * (k + 0.5) / samples) + out * (cell * 0.75);
      float value = 0;
      const uint32_t o = at(p, value);
      if (o == kNone || o == self || value < top - 0.1f) return false;
    }
    return true;
  }
};

//-----------------------------------------------------------------------------
// [SECTION] One building's coarse mesh
//-----------------------------------------------------------------------------

struct MeshWriter {
  BuildingMesh& mesh;
  uint32_t add(glm::dvec3 p, glm::vec3 n) {
    mesh.positions.push_back(p);
    mesh.normals.push_back(n);
    return uint32_t(mesh.positions.size() - 1);
  }
};

}  // namespace

std::vector<glm::dvec2> simplifyRing(const std::vector<glm::dvec2>& ring, double tolerance, double& deviation,
                                     std::vector<size_t>* kept) {
  const size_t n = ring.size();
  auto all = [&] {
    if (kept)
      for (size_t k = 0; k < n; ++k) kept->push_back(k);
    return ring;
  };
  if (n <= 4 || tolerance <= 0) return all();
  // Split at the point farthest from the first, so both halves are open chains.
  size_t far = 1;
  for (size_t k = 1; k < n; ++k)
    if (glm::length(ring[k] - ring[0]) > glm::length(ring[far] - ring[0])) far = k;
  std::vector<bool> keep(n, false);
  keep[0] = keep[far] = true;
  douglasPeucker(ring, 0, far, tolerance, keep);
  douglasPeucker(ring, far, 0, tolerance, keep);
  Ring out;
  for (size_t k = 0; k < n; ++k)
    if (keep[k]) out.push_back(ring[k]);
  const double before = geos::signedArea(ring), after = geos::signedArea(out);
  if (out.size() < 3 || std::abs(after) < 0.5 * std::abs(before) || (after > 0) != (before > 0) || rings::crossesItself(out)) return all();
  if (kept)
    for (size_t k = 0; k < n; ++k)
      if (keep[k]) kept->push_back(k);
  // How far the dropped points lie from the ring that replaces them.
  for (size_t k = 0, j = 0; k < n; ++k) {
    if (keep[k]) {
      ++j;
      continue;
    }
    const glm::dvec2 a = out[(j + out.size() - 1) % out.size()], b = out[j % out.size()];
    deviation = std::max(deviation, distanceToSegment(ring[k], a, b));
  }
  return out;
}

CoarseLevel makeCoarseLevel(const std::vector<CoarseInput>& buildings, const CoarseOptions& options) {
  CoarseLevel out;
  out.meshes.resize(buildings.size());
  // The grid over the grounded footprints (elevated parts hide nothing below them).
  glm::dvec2 lo(1e300), hi(-1e300);
  for (const CoarseInput& b : buildings)
    if (b.footprint && b.minHeight <= 0.5)
      for (const Rings& rings : *b.footprint)
        if (!rings.empty())
          for (const auto& p : rings[0]) lo = glm::min(lo, p + b.offset), hi = glm::max(hi, p + b.offset);
  double cell = options.cell;
  int w = 0, h = 0;
  if (lo.x <= hi.x) {
    const glm::dvec2 size = hi - lo;
    while ((size.x / cell + 3) * (size.y / cell + 3) > double(options.maxCells)) cell *= 1.5;
    w = int(std::ceil(size.x / cell)) + 2, h = int(std::ceil(size.y / cell)) + 2;
  }
  thread_local NeighbourGrid::Cells cells;
  NeighbourGrid grid(cells, size_t(w) * size_t(h));
  grid.cell = cell, grid.w = w, grid.h = h;
  if (lo.x <= hi.x) {
    grid.origin = lo - grid.cell;
    for (uint32_t i = 0; i < buildings.size(); ++i)
      if (buildings[i].footprint && buildings[i].minHeight <= 0.5)
        for (const Rings& rings : *buildings[i].footprint)
          if (!rings.empty()) grid.paint(rings, buildings[i].offset, float(buildings[i].height), i);
  }

  const double cosCorner = std::cos(options.cornerAngleDeg * std::numbers::pi / 180.0);
  for (uint32_t i = 0; i < buildings.size(); ++i) {
    const CoarseInput& b = buildings[i];
    if (!b.footprint) continue;
    BuildingMesh& mesh = out.meshes[i];
    MeshWriter w{mesh};
    const bool elevated = b.minHeight > 0.5;
    const double zBottom = b.ground + b.minHeight, zTop = b.ground + b.height;
    // The rings of one polygon moved into the chunk's frame, simplified
    // within `tolerance`, with a flag per kept point: whether the full level
    // outlines it (its wall turns there).
    auto prepare = [&](const Rings& original, double tolerance, Rings& rings, std::vector<std::vector<bool>>& corners) {
      rings.clear(), corners.clear();
      for (const Ring& r : original) {
        Ring moved = r;
        for (auto& p : moved) p += b.offset;
        std::vector<size_t> kept;
        rings.push_back(simplifyRing(moved, tolerance, out.error, &kept));
        auto& c = corners.emplace_back();
        for (size_t k : kept) {
          const size_t m = moved.size();
          const glm::dvec2 in = glm::normalize(moved[k] - moved[(k + m - 1) % m]), on = glm::normalize(moved[(k + 1) % m] - moved[k]);
          c.push_back(glm::dot(in, on) < cosCorner);
        }
      }
    };
    for (const Rings& original : *b.footprint) {
      if (original.empty()) continue;
      Rings rings;
      std::vector<std::vector<bool>> corners;
      prepare(original, b.height >= options.keepShapeFrom ? 0.0 : options.tolerance, rings, corners);
      // Room for every wall and cap at once (as extrusion_mesh.cpp: grown
      // push by push, the arrays were copied over and over).
      size_t points = 0;
      for (const Ring& r : rings) points += r.size();
      const size_t vertices = mesh.positions.size() + 4 * points + points * (elevated ? 2 : 1);
      mesh.positions.reserve(vertices), mesh.normals.reserve(vertices);
      mesh.triangles.reserve(mesh.triangles.size() + 6 * points + 3 * points * (elevated ? 2 : 1));
      mesh.lines.reserve(mesh.lines.size() + 4 * points);
      // The roof: ear clipping for a ring alone; GEOS (and the rings as
      // they were, should the simplified ones not make a valid polygon) with holes.
      std::vector<std::array<glm::dvec2, 3>> roof;
      if (rings.size() == 1) {
        const std::vector<uint32_t> ears = earClip(rings[0]);
        for (size_t k = 0; k + 2 < ears.size(); k += 3) roof.push_back({rings[0][ears[k]], rings[0][ears[k + 1]], rings[0][ears[k + 2]]});
      }
      if (roof.empty()) {
        geos::Polygon p{rings};
        geos::GeomPtr g = geos::makePolygon(p);
        if (!g || GEOSisValid_r(geos::context(), g.get()) != 1) {
          prepare(original, 0.0, rings, corners);
          g = geos::makePolygon(geos::Polygon{rings});
        }
        if (g) roof = geos::triangulate(g.get());
      }
      // Walls, and the roof's edges along the walls drawn.
      for (size_t ri = 0; ri < rings.size(); ++ri)
        for (size_t k = 0, n = rings[ri].size(); k < n; ++k) {
          const Ring& ring = rings[ri];
          const glm::dvec2 a = ring[k], c = ring[(k + 1) % n];
          if (!elevated && grid.hidden(a, c, i, float(b.height))) {
            ++out.wallsLeftOut;
            continue;
          }
          const glm::dvec2 d = glm::normalize(c - a);
          const glm::vec3 normal(float(d.y), float(-d.x), 0.f);
          const uint32_t a0 = w.add({a, zBottom}, normal), c0 = w.add({c, zBottom}, normal);
          const uint32_t c1 = w.add({c, zTop}, normal), a1 = w.add({a, zTop}, normal);
          mesh.triangles.insert(mesh.triangles.end(), {a0, c0, c1, a0, c1, a1});
          mesh.lines.insert(mesh.lines.end(), {a1, c1});
          // A vertical outline where the full level draws one (a corner of
          // the footprint as it was: a round tower simplified gets none).
          if (corners[ri][k]) mesh.lines.insert(mesh.lines.end(), {a0, a1});
        }
      // Roof points shared between its triangles (rings are short: a linear search does).
      std::vector<std::pair<glm::dvec2, uint32_t>> roofPoints, floorPoints;
      auto point = [&](std::vector<std::pair<glm::dvec2, uint32_t>>& points, glm::dvec2 p, double z, float up) {
        for (const auto& [q, index] : points)
          if (q == p) return index;
        const uint32_t index = w.add({p, z}, glm::vec3(0, 0, up));
        points.emplace_back(p, index);
        return index;
      };
      for (const auto& t : roof) {
        mesh.triangles.insert(mesh.triangles.end(), {point(roofPoints, t[0], zTop, 1), point(roofPoints, t[1], zTop, 1),
                                                     point(roofPoints, t[2], zTop, 1)});
        if (elevated)  // seen from below: a floor
          mesh.triangles.insert(mesh.triangles.end(), {point(floorPoints, t[0], zBottom, -1), point(floorPoints, t[2], zBottom, -1),
                                                       point(floorPoints, t[1], zBottom, -1)});
      }
    }
  }
  // A left-out wall may close a gap narrower than a cell's reach.
  if (out.wallsLeftOut) out.error = std::max(out.error, grid.cell * 1.25);
  return out;
}

}  // namespace citywall::assets
