// block_level.cpp — a chunk's buildings merged into blocks (see block_level.h).
//
// [SECTION] The roof grid and its regions
// [SECTION] Outlines: tracing, shared stretches, simplification
// [SECTION] A region's roof and walls

#include "assets/block_level.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include "assets/geos_util.h"
#include "assets/ring_geometry.h"

namespace citywall::assets {
namespace {

// How far an outline may lie from the footprints it stands for: the grid
// samples them at cell centres, and simplification moves it within the tolerance.
double outlineError(double cell, const BlockOptions& options) { return cell * (options.tolerance + 0.75); }

using Ring = std::vector<glm::dvec2>;
constexpr int32_t kEmpty = -1;
constexpr uint32_t kNone = 0xffffffffu;

//-----------------------------------------------------------------------------
// [SECTION] The roof grid and its regions
//-----------------------------------------------------------------------------

struct Region {
  float top = 0;      // its roof: the tallest of its cells (z in the chunk's frame)
  float base = 0;     // the lowest ground under it
  float lowest = 0;   // the lowest roof it took in
  uint32_t owner = kNone;  // the building of its tallest cell
  glm::ivec2 lo{0}, hi{0};  // the range of the cells it covers (column, row)
};

// Cells of `cell` metres over the chunk's footprints; each holds the tallest
// roof over its centre, that building, and the lowest ground under it.
struct RoofGrid {
  glm::dvec2 origin{0.0};
  double cell = 1;
  int w = 0, h = 0;
  // The cells, row by row. The arrays are each thread's own, kept from
  // chunk to chunk (allocated anew per chunk, they cost a first start
  // page faults).
  struct Cells {
    std::vector<float> top, base;
    std::vector<uint32_t> owner;  // kNone: no building
    std::vector<int32_t> region;  // kEmpty: none
  };
  static Cells& cells() {
    thread_local Cells c;
    return c;
  }
  std::vector<float>& top = cells().top;
  std::vector<float>& base = cells().base;
  std::vector<uint32_t>& owner = cells().owner;
  std::vector<int32_t>& region = cells().region;

  int32_t regionAt(int i, int j) const { return i < 0 || j < 0 || i >= w || j >= h ? kEmpty : region[size_t(j) * size_t(w) + size_t(i)]; }
  uint32_t cornerId(int i, int j) const { return uint32_t(j) * uint32_t(w + 1) + uint32_t(i); }
  glm::ivec2 cornerOf(uint32_t id) const { return {int(id % uint32_t(w + 1)), int(id / uint32_t(w + 1))}; }
  glm::dvec2 at(uint32_t corner) const { return origin + glm::dvec2(cornerOf(corner)) * cell; }

  void paint(const std::vector<CoarseInput>& buildings, const std::vector<uint8_t>& kept) {
    top.assign(size_t(w) * size_t(h), 0.f), base.assign(top.size(), 0.f);
    owner.assign(top.size(), kNone), region.assign(top.size(), kEmpty);
    for (uint32_t b = 0; b < buildings.size(); ++b) {
      if (!buildings[b].footprint || kept[b]) continue;
      const float roof = float(buildings[b].ground + buildings[b].height), ground = float(buildings[b].ground);
      for (const auto& rings : *buildings[b].footprint)
        rings::forEachSpan(rings, buildings[b].offset, origin, cell, w, h, [&](int j, int i0, int i1) {
          for (int i = i0; i <= i1; ++i) {
            const size_t c = size_t(j) * size_t(w) + size_t(i);
            if (owner[c] == kNone) {
              top[c] = roof, base[c] = ground, owner[c] = b;
              continue;
            }
            if (roof > top[c]) top[c] = roof, owner[c] = b;
            base[c] = std::min(base[c], ground);
          }
        });
    }
  }

  // Regions grown from the tallest cell not yet taken, over its four
  // neighbours, taking in roofs within the join tolerance of its own. A
  // cell's roof is its building's, so the cells are visited building by
  // building, tallest first (sorting the cells themselves took a tenth of
  // a first start).
  std::vector<Region> grow(const BlockOptions& options, const std::vector<CoarseInput>& buildings) {
    thread_local std::vector<uint32_t> start, cursor, byBuilding, order;
    start.assign(buildings.size() + 1, 0);
    for (uint32_t o : owner)
      if (o != kNone) ++start[o + 1];
    for (size_t b = 0; b < buildings.size(); ++b) start[b + 1] += start[b];
    cursor.assign(start.begin(), start.end() - 1);
    byBuilding.resize(start.back());
    for (uint32_t c = 0; c < owner.size(); ++c)
      if (owner[c] != kNone) byBuilding[cursor[owner[c]]++] = c;
    std::vector<uint32_t> tallestFirst(buildings.size());
    for (uint32_t b = 0; b < tallestFirst.size(); ++b) tallestFirst[b] = b;
    auto roof = [&](uint32_t b) { return float(buildings[b].ground + buildings[b].height); };
    std::stable_sort(tallestFirst.begin(), tallestFirst.end(), [&](uint32_t a, uint32_t b) { return roof(a) > roof(b); });
    order.clear();
    for (uint32_t b : tallestFirst) order.insert(order.end(), byBuilding.begin() + start[b], byBuilding.begin() + start[b + 1]);
    std::vector<Region> regions;
    std::vector<uint32_t> stack;
    for (uint32_t seed : order) {
      if (region[seed] != kEmpty) continue;
      const int32_t r = int32_t(regions.size());
      const glm::ivec2 at(int(seed % uint32_t(w)), int(seed / uint32_t(w)));
      Region& g = regions.emplace_back(Region{top[seed], base[seed], top[seed], owner[seed], at, at});
      const float lowestJoin = g.top - float(options.joinErrors * outlineError(cell, options));
      region[seed] = r;
      stack.assign(1, seed);
      while (!stack.empty()) {
        const uint32_t c = stack.back();
        stack.pop_back();
        g.base = std::min(g.base, base[c]), g.lowest = std::min(g.lowest, top[c]);
        const int i = int(c % uint32_t(w)), j = int(c / uint32_t(w));
        g.lo = glm::min(g.lo, glm::ivec2(i, j)), g.hi = glm::max(g.hi, glm::ivec2(i, j));
        const std::array<glm::ivec2, 4> next{{{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}}};
        for (const glm::ivec2 n : next) {
          if (n.x < 0 || n.y < 0 || n.x >= w || n.y >= h) continue;
          const uint32_t k = uint32_t(n.y) * uint32_t(w) + uint32_t(n.x);
          if (owner[k] == kNone || region[k] != kEmpty || top[k] < lowestJoin) continue;
          region[k] = r;
          stack.push_back(k);
        }
      }
    }
    return regions;
  }
};

//-----------------------------------------------------------------------------
// [SECTION] Outlines: tracing, shared stretches, simplification
//-----------------------------------------------------------------------------

// A cell side between a region (on the left, walking counter-clockwise
// around it) and what lies on its right (another region or kEmpty).
struct Side {
  uint32_t from, to;
  int32_t left, right;
  bool taken = false;
};
enum Direction { east, north, west, south };

// Every side between two different regions (or a region and nothing), and
// per grid corner the sides leaving it, one per direction.
struct Sides {
  // Each thread's own, kept from chunk to chunk (as RoofGrid's cells).
  struct Storage {
    std::vector<Side> sides;
    std::vector<std::array<int32_t, 4>> leaving;
    std::vector<uint8_t> junction;
  };
  static Storage& storage() {
    thread_local Storage s;
    return s;
  }
  std::vector<Side>& sides = storage().sides;
  std::vector<std::array<int32_t, 4>>& leaving = storage().leaving;  // per corner, per Direction: index into sides or -1
  std::vector<uint8_t>& junction = storage().junction;  // per corner a side leaves: isJunction

  explicit Sides(const RoofGrid& g) {
    sides.clear();
    leaving.assign(size_t(g.w + 1) * size_t(g.h + 1), {-1, -1, -1, -1});
    junction.assign(leaving.size(), 0);
    auto add = [&](int i0, int j0, int i1, int j1, Direction d, int32_t left, int32_t right) {
      leaving[g.cornerId(i0, j0)][d] = int32_t(sides.size());
      sides.push_back({g.cornerId(i0, j0), g.cornerId(i1, j1), left, right});
    };
    for (int j = 0; j < g.h; ++j)
      for (int i = 0; i < g.w; ++i) {
        const int32_t r = g.regionAt(i, j);
        if (r == kEmpty) continue;
        if (const int32_t s = g.regionAt(i, j - 1); s != r) add(i, j, i + 1, j, east, r, s);
        if (const int32_t s = g.regionAt(i + 1, j); s != r) add(i + 1, j, i + 1, j + 1, north, r, s);
        if (const int32_t s = g.regionAt(i, j + 1); s != r) add(i + 1, j + 1, i, j + 1, west, r, s);
        if (const int32_t s = g.regionAt(i - 1, j); s != r) add(i, j + 1, i, j, south, r, s);
      }
  }
};

// A traced ring: its corners in order, and per side (from corner k to k+1)
// what lies on its right.
struct TracedRing {
  int32_t region = kEmpty;
  std::vector<uint32_t> corners;
  std::vector<int32_t> right;
};

// Each region's boundary as rings, counter-clockwise around the region
// (holes clockwise). Where a region touches itself at a corner only, the
// ring turns left there, so each ring stays simple.
std::vector<TracedRing> traceRings(Sides& s) {
  std::vector<TracedRing> rings;
  for (size_t first = 0; first < s.sides.size(); ++first) {
    if (s.sides[first].taken) continue;
    TracedRing& ring = rings.emplace_back();
    ring.region = s.sides[first].left;
    size_t at = first;
    Direction heading = east;
    for (int d = 0; d < 4; ++d)
      if (s.leaving[s.sides[first].from][d] == int32_t(first)) heading = Direction(d);
    while (!s.sides[at].taken) {
      Side& side = s.sides[at];  // (a ring always goes on: every corner it reaches has a way out)
      side.taken = true;
      ring.corners.push_back(side.from), ring.right.push_back(side.right);
      // Left, straight on, right: the first that goes on along this region
      // (at a corner where it touches itself, each way in has its own way
      // out). Taken already: the ring is closed.
      for (int turn : {1, 0, 3}) {
        const Direction d = Direction((heading + turn) % 4);
        const int32_t k = s.leaving[side.to][d];
        if (k >= 0 && s.sides[size_t(k)].left == ring.region) {
          at = size_t(k), heading = d;
          break;
        }
      }
    }
  }
  return rings;
}

// Whether a corner is where shared stretches meet: three or more regions
// (or nothing) around it, or a region touching itself across it.
bool isJunction(const RoofGrid& g, uint32_t corner) {
  const glm::ivec2 c = g.cornerOf(corner);
  const int32_t sw = g.regionAt(c.x - 1, c.y - 1), se = g.regionAt(c.x, c.y - 1);
  const int32_t nw = g.regionAt(c.x - 1, c.y), ne = g.regionAt(c.x, c.y);
  if (sw == ne && se == nw && sw != se) return true;
  std::array<int32_t, 4> around{sw, se, nw, ne};
  std::sort(around.begin(), around.end());
  return std::unique(around.begin(), around.end()) - around.begin() >= 3;
}

// The points kept of a stretch of corners (both ends kept). The stretch is
// simplified the same way whichever way round it is walked, so the regions
// on its two sides keep the same points.
std::vector<uint32_t> simplifyStretch(const RoofGrid& g, std::vector<uint32_t> corners, double tolerance) {
  const size_t n = corners.size();
  const bool flip = corners.front() > corners.back() || (corners.front() == corners.back() && n > 2 && corners[1] > corners[n - 2]);
  if (flip) std::reverse(corners.begin(), corners.end());
  std::vector<glm::dvec2> points(n);
  for (size_t k = 0; k < n; ++k) points[k] = glm::dvec2(g.cornerOf(corners[k]));
  std::vector<bool> keep(n, false);
  keep[0] = keep[n - 1] = true;
  if (corners.front() == corners.back()) {
    // A closed stretch (a loop through one junction): split at its farthest point.
    size_t far = 0;
    for (size_t k = 1; k + 1 < n; ++k)
      if (glm::length(points[k] - points[0]) > glm::length(points[far] - points[0])) far = k;
    keep[far] = true;
    if (far > 0) rings::douglasPeucker(points, 0, far, tolerance, keep), rings::douglasPeucker(points, far, n - 1, tolerance, keep);
  } else {
    rings::douglasPeucker(points, 0, n - 1, tolerance, keep);
  }
  std::vector<uint32_t> out;
  for (size_t k = 0; k < n; ++k)
    if (keep[k]) out.push_back(corners[k]);
  if (flip) std::reverse(out.begin(), out.end());
  return out;
}

// A ring with no junction on it, rotated to start at its smallest corner
// and walked the way its second corner is the smaller: then it is
// simplified the same from either side.
std::vector<uint32_t> simplifyLoop(const RoofGrid& g, const std::vector<uint32_t>& ring, double tolerance) {
  const size_t n = ring.size();
  const size_t start = size_t(std::min_element(ring.begin(), ring.end()) - ring.begin());
  const bool forward = ring[(start + 1) % n] < ring[(start + n - 1) % n];
  std::vector<uint32_t> walk(n);
  for (size_t k = 0; k < n; ++k) walk[k] = ring[forward ? (start + k) % n : (start + n - k) % n];
  std::vector<glm::dvec2> points(n);
  for (size_t k = 0; k < n; ++k) points[k] = glm::dvec2(g.cornerOf(walk[k]));
  double deviation = 0;
  std::vector<size_t> kept;
  simplifyRing(points, tolerance, deviation, &kept);
  std::vector<uint32_t> out;
  for (size_t k : kept) out.push_back(walk[k]);
  if (!forward) std::reverse(out.begin(), out.end());
  return out;
}

double signedArea(const RoofGrid& g, const std::vector<uint32_t>& ring) {
  double area = 0;
  for (size_t k = 0, n = ring.size(); k < n; ++k)
    area += rings::cross(glm::dvec2(g.cornerOf(ring[k])), glm::dvec2(g.cornerOf(ring[(k + 1) % n])));
  return area / 2;
}

// A region's ring after simplification: corners and, per side, what lies on its right.
struct Outline {
  std::vector<uint32_t> corners;
  std::vector<int32_t> right;
};

// The traced ring simplified stretch by stretch; the ring as traced (its
// collinear corners dropped) when the simplified one would not be a simple
// ring keeping most of its area.
Outline simplifyOutline(const RoofGrid& g, const std::vector<uint8_t>& junction, const TracedRing& traced, double tolerance) {
  const size_t n = traced.corners.size();
  Outline out;
  size_t first = n;
  for (size_t k = 0; k < n && first == n; ++k)
    if (junction[traced.corners[k]]) first = k;
  if (first == n) {
    out.corners = simplifyLoop(g, traced.corners, tolerance);
    out.right.assign(out.corners.size(), traced.right[0]);
  } else {
    std::vector<uint32_t> stretch;
    for (size_t step = 0; step < n; ++step) {
      const size_t k = (first + step) % n;
      stretch.assign(1, traced.corners[k]);
      size_t m = k;
      do {
        m = (m + 1) % n;
        stretch.push_back(traced.corners[m]);
      } while (m != first && !junction[traced.corners[m]]);
      const std::vector<uint32_t> kept = simplifyStretch(g, stretch, tolerance);
      out.corners.insert(out.corners.end(), kept.begin(), kept.end() - 1);
      out.right.insert(out.right.end(), kept.size() - 1, traced.right[k]);
      step += stretch.size() - 2;
    }
  }
  Ring points;
  for (uint32_t c : out.corners) points.push_back(glm::dvec2(g.cornerOf(c)));
  const double before = signedArea(g, traced.corners), after = signedArea(g, out.corners);
  if (out.corners.size() >= 3 && (after > 0) == (before > 0) && std::abs(after) >= 0.5 * std::abs(before) && !rings::crossesItself(points))
    return out;
  // As traced, without the corners where it goes straight on.
  out = {};
  for (size_t k = 0; k < n; ++k) {
    const glm::ivec2 a = g.cornerOf(traced.corners[(k + n - 1) % n]), b = g.cornerOf(traced.corners[k]), c = g.cornerOf(traced.corners[(k + 1) % n]);
    const glm::ivec2 in = b - a, on = c - b;
    if (in.x * on.y - in.y * on.x != 0 || traced.right[(k + n - 1) % n] != traced.right[k]) out.corners.push_back(traced.corners[k]), out.right.push_back(traced.right[k]);
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] A region's roof and walls
//-----------------------------------------------------------------------------

struct Writer {
  BlockLevel& level;
  uint32_t add(glm::dvec3 p, glm::vec3 n, uint32_t owner) {
    level.mesh.positions.push_back(glm::vec3(p));
    level.mesh.normals.push_back(n);
    level.owners.push_back(owner);
    return uint32_t(level.mesh.positions.size() - 1);
  }
};

// The roof's triangles as corners: ear clipping for one ring alone, else
// GEOS (holes placed in the outer ring that holds them), whose points are
// the rings' own and so grid corners again.
std::vector<uint32_t> roofTriangles(const RoofGrid& grid, const std::vector<const Outline*>& outers, const std::vector<const Outline*>& holes) {
  std::vector<uint32_t> out;
  auto ring = [&](const Outline& o) {
    Ring r;
    for (uint32_t c : o.corners) r.push_back(grid.at(c));
    return r;
  };
  if (outers.size() == 1 && holes.empty() && outers[0]->corners.size() <= 64) {
    for (uint32_t k : rings::earClip(ring(*outers[0]))) out.push_back(outers[0]->corners[k]);
    if (!out.empty()) return out;
  }
  auto inside = [](glm::dvec2 p, const Ring& r) {
    bool in = false;
    for (size_t k = 0, n = r.size(); k < n; ++k) {
      const glm::dvec2 a = r[k], b = r[(k + 1) % n];
      if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) in = !in;
    }
    return in;
  };
  for (const Outline* outer : outers) {
    geos::Polygon polygon{{ring(*outer)}};
    for (const Outline* hole : holes) {
      Ring h = ring(*hole);
      if (outers.size() == 1 || inside((h[0] + h[1]) * 0.5, polygon.rings[0])) polygon.rings.push_back(std::move(h));
    }
    const geos::GeomPtr g = geos::makePolygon(polygon);
    if (!g || (polygon.rings.size() > 1 && GEOSisValid_r(geos::context(), g.get()) != 1)) continue;
    for (const auto& t : geos::triangulate(g.get()))
      for (const glm::dvec2& p : t) {
        const glm::dvec2 at = (p - grid.origin) / grid.cell;
        out.push_back(grid.cornerId(int(std::lround(at.x)), int(std::lround(at.y))));
      }
  }
  return out;
}

}  // namespace

BlockLevel makeBlockLevel(const std::vector<CoarseInput>& buildings, const BlockOptions& options,
                          const std::vector<BuildingMesh>* shapes) {
  BlockLevel out;
  // Towers keep their shape (written with the regions below, in order of size).
  std::vector<uint8_t> kept(buildings.size(), 0);
  std::vector<uint32_t> towers;
  if (shapes && shapes->size() == buildings.size())
    for (uint32_t b = 0; b < buildings.size(); ++b)
      if (buildings[b].height >= options.keepShapeFrom && !(*shapes)[b].positions.empty()) kept[b] = 1, towers.push_back(b);
  glm::dvec2 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
  for (const CoarseInput& b : buildings)
    if (b.footprint)
      for (const auto& rings : *b.footprint)
        if (!rings.empty())
          for (const glm::dvec2& p : rings[0]) lo = glm::min(lo, p + b.offset), hi = glm::max(hi, p + b.offset);
  if (lo.x > hi.x) return out;
  RoofGrid grid;
  grid.cell = options.cell;
  while (((hi.x - lo.x) / grid.cell + 3) * ((hi.y - lo.y) / grid.cell + 3) > double(options.maxCells)) grid.cell *= 1.5;
  grid.w = int(std::ceil((hi.x - lo.x) / grid.cell)) + 2, grid.h = int(std::ceil((hi.y - lo.y) / grid.cell)) + 2;
  grid.origin = lo - grid.cell;
  grid.paint(buildings, kept);
  const std::vector<Region> regions = grid.grow(options, buildings);
  out.regions = regions.size();

  Sides sides(grid);
  for (const Side& side : sides.sides) sides.junction[side.from] = isJunction(grid, side.from);
  std::vector<std::vector<Outline>> outlines(regions.size());
  for (const TracedRing& traced : traceRings(sides)) outlines[size_t(traced.region)].push_back(simplifyOutline(grid, sides.junction, traced, options.tolerance));

  Writer w{out};
  BlockLevel::Mesh& mesh = out.mesh;
  size_t corners = 0;  // room for every wall and roof at once
  for (const auto& o : outlines)
    for (const Outline& ring : o) corners += ring.corners.size();
  mesh.positions.reserve(5 * corners), mesh.normals.reserve(5 * corners), out.owners.reserve(5 * corners);
  mesh.triangles.reserve(9 * corners), mesh.lines.reserve(4 * corners);
  // Per corner, its roof vertex: the vertex's index and the region it is
  // for (a stamp, so the array is cleared once per chunk).
  thread_local std::vector<std::pair<uint32_t, uint32_t>> roofVertex;
  roofVertex.assign(size_t(grid.w + 1) * size_t(grid.h + 1), {0, 0});
  const double cosCorner = std::cos(options.cornerAngleDeg * std::numbers::pi / 180.0);
  const double verticalFrom = options.verticalEdgesFrom * outlineError(grid.cell, options);
  // Largest first (ties: tallest first, as grown; towers before regions).
  // Indices past the regions' are towers.
  std::vector<std::pair<double, size_t>> bySize;
  for (size_t t = 0; t < towers.size(); ++t) {
    const BuildingMesh& m = (*shapes)[towers[t]];
    glm::dvec3 a(std::numeric_limits<double>::max()), b(-std::numeric_limits<double>::max());
    for (const glm::dvec3& p : m.positions) a = glm::min(a, p), b = glm::max(b, p);
    bySize.emplace_back(std::max({b.x - a.x, b.y - a.y, b.z - a.z}), regions.size() + t);
  }
  for (size_t r = 0; r < regions.size(); ++r) {
    const Region& g = regions[r];
    const glm::dvec2 extent = glm::dvec2(g.hi - g.lo + 1) * grid.cell;
    bySize.emplace_back(std::max({extent.x, extent.y, double(g.top - g.base)}), r);
  }
  std::stable_sort(bySize.begin(), bySize.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const Outline*> outers, holes;
  for (const auto& [size, r] : bySize) {
    if (r >= regions.size()) {  // a tower, as its coarse level has it
      const uint32_t b = towers[r - regions.size()];
      const BuildingMesh& m = (*shapes)[b];
      const uint32_t first = uint32_t(mesh.positions.size());
      for (size_t v = 0; v < m.positions.size(); ++v) w.add(m.positions[v], m.normals[v], b);
      for (uint32_t i : m.triangles) mesh.triangles.push_back(first + i);
      for (uint32_t i : m.lines) mesh.lines.push_back(first + i);
      out.ends.push_back({size, mesh.triangles.size(), mesh.lines.size()});
      continue;
    }
    const Region& region = regions[r];
    const double top = region.top;
    outers.clear(), holes.clear();
    for (const Outline& o : outlines[r]) {
      (signedArea(grid, o.corners) > 0 ? outers : holes).push_back(&o);
      // Walls: down to the region on the right where it is lower, else to the ground.
      const size_t n = o.corners.size();
      for (size_t k = 0; k < n; ++k) {
        const int32_t right = o.right[k];
        const double bottom = right == kEmpty ? double(region.base) : double(regions[size_t(right)].top);
        if (bottom >= top - 0.01) continue;
        const glm::dvec2 a = grid.at(o.corners[k]), c = grid.at(o.corners[(k + 1) % n]);
        const glm::dvec2 d = glm::normalize(c - a);
        const glm::vec3 normal(float(d.y), float(-d.x), 0.f);
        const uint32_t a0 = w.add({a, bottom}, normal, region.owner), c0 = w.add({c, bottom}, normal, region.owner);
        const uint32_t c1 = w.add({c, top}, normal, region.owner), a1 = w.add({a, top}, normal, region.owner);
        mesh.triangles.insert(mesh.triangles.end(), {a0, c0, c1, a0, c1, a1});
        mesh.lines.insert(mesh.lines.end(), {a1, c1});
        const glm::dvec2 before = glm::normalize(a - grid.at(o.corners[(k + n - 1) % n]));
        if (top - bottom >= verticalFrom && glm::dot(before, d) < cosCorner) mesh.lines.insert(mesh.lines.end(), {a0, a1});
      }
    }
    const uint32_t stamp = uint32_t(r) + 1;
    for (uint32_t corner : roofTriangles(grid, outers, holes)) {
      auto& [forRegion, vertex] = roofVertex[corner];
      if (forRegion != stamp) forRegion = stamp, vertex = w.add({grid.at(corner), top}, glm::vec3(0, 0, 1), region.owner);
      mesh.triangles.push_back(vertex);
    }
    out.error = std::max(out.error, double(region.top - region.lowest));
    out.ends.push_back({size, mesh.triangles.size(), mesh.lines.size()});
  }
  out.error = std::max(out.error, outlineError(grid.cell, options));
  return out;
}

}  // namespace citywall::assets
