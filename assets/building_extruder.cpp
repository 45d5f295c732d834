// building_extruder.cpp — footprints to LOD1 meshes.
//
// [SECTION] Mesh assembly (walls, roof, floor, outlines)
// [SECTION] Parallel extrusion and chunking

#include "assets/building_extruder.h"

#include "assets/geos_util.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <thread>

namespace citywall::assets {
namespace {

using namespace geos;  // Ring, Polygon, GeomPtr, context(), validPolygons(), …

//-----------------------------------------------------------------------------
// [SECTION] Mesh assembly (walls, roof, floor, outlines)
//-----------------------------------------------------------------------------

struct MeshBuilder {
  BuildingMesh& mesh;
  const ExtrudeOptions& options;

  uint32_t add(const glm::dvec3& p, const glm::vec3& n) {
    mesh.positions.push_back(p);
    mesh.normals.push_back(n);
    return uint32_t(mesh.positions.size() - 1);
  }

  // Walls of one ring (counter-clockwise rings face out; clockwise holes face
  // into the hole, which is also "out"). Four vertices per wall so each wall
  // keeps a flat normal.
  void walls(const Ring& ring, glm::dvec2 offset, double zBottom, double zTop) {
    const size_t n = ring.size();
    const double cosCorner = std::cos(options.cornerAngleDeg * std::numbers::pi / 180.0);
    for (size_t i = 0; i < n; ++i) {
      const glm::dvec2 a = ring[i] + offset, b = ring[(i + 1) % n] + offset;
      const glm::dvec2 d = glm::normalize(b - a);
      const glm::vec3 normal(float(d.y), float(-d.x), 0.f);
      const uint32_t a0 = add({a, zBottom}, normal), b0 = add({b, zBottom}, normal);
      const uint32_t b1 = add({b, zTop}, normal), a1 = add({a, zTop}, normal);
      mesh.triangles.insert(mesh.triangles.end(), {a0, b0, b1, a0, b1, a1});
      // A vertical outline at vertex a when the wall turns there.
      const glm::dvec2 prev = glm::normalize(a - (ring[(i + n - 1) % n] + offset));
      if (glm::dot(prev, d) < cosCorner) mesh.lines.insert(mesh.lines.end(), {a0, a1});
    }
  }

  // A horizontal cap at height z from the polygon's triangulation. Roofs
  // face up, floors face down. Ring vertices are shared through `index`.
  void cap(const std::vector<std::array<glm::dvec2, 3>>& triangles, glm::dvec2 offset, double z, bool up,
           std::vector<std::pair<glm::dvec2, uint32_t>>& index) {
    auto vertexFor = [&](glm::dvec2 p) {
      for (const auto& [q, i] : index)
        if (q == p) return i;
      const uint32_t i = add({p + offset, z}, glm::vec3(0, 0, up ? 1.f : -1.f));
      index.emplace_back(p, i);
      return i;
    };
    for (const auto& tri : triangles) {  // counter-clockwise seen from above
      uint32_t i0 = vertexFor(tri[0]), i1 = vertexFor(tri[1]), i2 = vertexFor(tri[2]);
      if (!up) std::swap(i1, i2);
      mesh.triangles.insert(mesh.triangles.end(), {i0, i1, i2});
    }
  }

  // Outline of a roof ring: the edges along its top.
  void roofOutline(const Ring& ring, const std::vector<std::pair<glm::dvec2, uint32_t>>& index) {
    auto find = [&](glm::dvec2 p) -> int64_t {
      for (const auto& [q, i] : index)
        if (q == p) return i;
      return -1;
    };
    for (size_t i = 0, n = ring.size(); i < n; ++i) {
      const int64_t a = find(ring[i]), b = find(ring[(i + 1) % n]);
      if (a >= 0 && b >= 0) mesh.lines.insert(mesh.lines.end(), {uint32_t(a), uint32_t(b)});
    }
  }
};

}  // namespace

BuildingMesh extrudeFootprint(const Footprint& footprint, const geo::GeoFrame& frame,
                              const ExtrudeOptions& options) {
  BuildingMesh mesh;
  if (!(footprint.height > footprint.minHeight)) return mesh;

  // Work in local metres around the first vertex: GEOS's tolerances and the
  // triangulation behave far better on metres than on degrees.
  glm::dvec2 anchor{0.0};
  bool haveAnchor = false;
  std::vector<std::vector<Ring>> polygons;
  for (const auto& poly : footprint.polygons) {
    auto& rings = polygons.emplace_back();
    for (const auto& ll : poly.rings) {
      Ring r;
      r.reserve(ll.size());
      for (const auto& p : ll) {
        const glm::dvec3 e = frame.toLocal({p.x, p.y, 0.0});
        if (!haveAnchor) anchor = glm::dvec2(e), haveAnchor = true;
        r.push_back(glm::dvec2(e) - anchor);
      }
      rings.push_back(cleanRing(r));
    }
  }
  if (!haveAnchor) return mesh;

  // Each valid polygon with its GEOS geometry, which the roof triangulation
  // reuses; rings are re-oriented here (outer counter-clockwise, holes
  // clockwise) because walls take their outward side from the winding.
  std::vector<std::pair<Polygon, GeomPtr>> valid;
  double areaSum = 0;
  glm::dvec2 centroidSum{0.0};
  for (const auto& rings : polygons) {
    for (GeomPtr& g : validPolygons(rings, mesh.repaired)) {
      double area = 0;
      GEOSArea_r(context(), g.get(), &area);
      if (!(area >= options.minArea)) continue;
      Polygon p = readPolygon(g.get());
      orient(p);
      GeomPtr c(GEOSGetCentroid_r(context(), g.get()));
      double cx = 0, cy = 0;
      if (c) GEOSGeomGetX_r(context(), c.get(), &cx), GEOSGeomGetY_r(context(), c.get(), &cy);
      centroidSum += glm::dvec2(cx, cy) * area;
      areaSum += area;
      valid.emplace_back(std::move(p), std::move(g));
    }
  }
  if (valid.empty()) return mesh;

  // One flat base for the whole building, at the ground under its centroid:
  // roofs stay level even though the earth curves away from the ENU plane.
  const glm::dvec2 centroid = centroidSum / areaSum + anchor;
  const double ground = frame.surfaceZ(centroid.x, centroid.y);
  const double zBottom = ground + footprint.minHeight, zTop = ground + footprint.height;
  mesh.centroid = {centroid, ground};
  const bool floors = options.floors == FloorMode::always || footprint.minHeight > 0;

  MeshBuilder builder{mesh, options};
  for (const auto& [p, g] : valid) {
    for (const Ring& r : p.rings) builder.walls(r, anchor, zBottom, zTop);
    const auto tris = triangulate(g.get());
    std::vector<std::pair<glm::dvec2, uint32_t>> roofIndex, floorIndex;
    builder.cap(tris, anchor, zTop, true, roofIndex);
    for (const Ring& r : p.rings) builder.roofOutline(r, roofIndex);
    if (floors) builder.cap(tris, anchor, zBottom, false, floorIndex);
  }
  return mesh;
}

//-----------------------------------------------------------------------------
// [SECTION] Parallel extrusion and chunking
//-----------------------------------------------------------------------------

void addBuildings(const std::vector<Footprint>& footprints, scene::CityModel& city, const ExtrudeOptions& options) {
  std::vector<BuildingMesh> meshes(footprints.size());
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, unsigned(std::max<size_t>(1, footprints.size() / 64)));
  {
    std::atomic<size_t> done{0};
    const size_t step = std::max<size_t>(1, footprints.size() / 50);
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        for (size_t i = t; i < footprints.size(); i += threads) {
          meshes[i] = extrudeFootprint(footprints[i], city.frame, options);
          const size_t n = ++done;
          if (t == 0 && options.progress && n % step < threads) options.progress(double(n) / double(footprints.size()));
        }
      });
  }
  if (options.progress) options.progress(1.0);

  // Group the buildings by chunk cell, in a stable order (cell, then input).
  std::map<std::pair<int64_t, int64_t>, std::vector<size_t>> cells;
  for (size_t i = 0; i < meshes.size(); ++i) {
    if (meshes[i].empty()) {
      ++city.report.skipped, ++city.report.skippedDegenerate;
      continue;
    }
    if (meshes[i].repaired) ++city.report.repaired;
    const auto& c = meshes[i].centroid;
    cells[{int64_t(std::floor(c.x / options.chunkSize)), int64_t(std::floor(c.y / options.chunkSize))}].push_back(i);
  }

  if (city.empty()) {
    city.boundsMin = glm::dvec3(std::numeric_limits<double>::max());
    city.boundsMax = glm::dvec3(-std::numeric_limits<double>::max());
  }
  // A building's size for level of detail: its height or its footprint's width.
  auto sizeOf = [&](size_t i) {
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
    for (const auto& p : meshes[i].positions) lo = glm::min(lo, glm::dvec2(p)), hi = glm::max(hi, glm::dvec2(p));
    return std::max({footprints[i].height - footprints[i].minHeight, hi.x - lo.x, hi.y - lo.y});
  };
  for (auto& [cell, unordered] : cells) {
    // Largest first (ties in input order), so a far view draws a prefix.
    std::vector<std::pair<double, size_t>> bySize;
    for (size_t i : unordered) bySize.emplace_back(sizeOf(i), i);
    std::stable_sort(bySize.begin(), bySize.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<size_t> members;
    for (const auto& [s, i] : bySize) members.push_back(i);
    scene::BuildingChunk chunk;
    const glm::dvec2 centre = (glm::dvec2(cell.first, cell.second) + 0.5) * options.chunkSize;
    chunk.origin = {centre, city.frame.surfaceZ(centre.x, centre.y)};
    chunk.firstIndex = uint32_t(city.indices.size());
    chunk.firstLineIndex = uint32_t(city.lineIndices.size());
    chunk.vertexOffset = int32_t(city.vertices.size());
    chunk.boundsMin = glm::vec3(std::numeric_limits<float>::max());
    chunk.boundsMax = glm::vec3(-std::numeric_limits<float>::max());
    const uint32_t chunkIndex = uint32_t(city.chunks.size());
    uint32_t local = 0;
    for (size_t i : members) {
      const BuildingMesh& m = meshes[i];
      const Footprint& fp = footprints[i];
      const uint32_t building = uint32_t(city.buildings.size());
      city.buildings.push_back({fp.id, fp.name, float(fp.height), float(fp.minHeight), m.centroid, chunkIndex});
      for (size_t v = 0; v < m.positions.size(); ++v) {
        const glm::vec3 p(m.positions[v] - chunk.origin);
        const glm::vec3 n = m.normals[v] * 127.f;
        city.vertices.push_back({{p.x, p.y, p.z}, {int8_t(n.x), int8_t(n.y), int8_t(n.z), 0}, building});
        chunk.boundsMin = glm::min(chunk.boundsMin, p);
        chunk.boundsMax = glm::max(chunk.boundsMax, p);
        city.boundsMin = glm::min(city.boundsMin, m.positions[v]);
        city.boundsMax = glm::max(city.boundsMax, m.positions[v]);
      }
      for (uint32_t idx : m.triangles) city.indices.push_back(idx + local);
      for (uint32_t idx : m.lines) city.lineIndices.push_back(idx + local);
      local += uint32_t(m.positions.size());
      ++chunk.buildingCount;
      // The steps end after 1/32, 1/16, … 1/2 and all of the chunk's buildings.
      for (int k = 0; k < scene::BuildingChunk::kLodSteps; ++k) {
        const size_t upTo = std::max<size_t>(1, (members.size() << k) >> (scene::BuildingChunk::kLodSteps - 1));
        if (chunk.buildingCount == upTo) {
          chunk.lodSize[k] = float(bySize[chunk.buildingCount - 1].first);
          chunk.lodIndexCount[k] = uint32_t(city.indices.size()) - chunk.firstIndex;
          chunk.lodLineCount[k] = uint32_t(city.lineIndices.size()) - chunk.firstLineIndex;
        }
      }
    }
    // Steps a small chunk reached twice (or not at all) take the next one's.
    for (int k = scene::BuildingChunk::kLodSteps - 2; k >= 0; --k)
      if (!chunk.lodIndexCount[k]) {
        chunk.lodSize[k] = chunk.lodSize[k + 1];
        chunk.lodIndexCount[k] = chunk.lodIndexCount[k + 1];
        chunk.lodLineCount[k] = chunk.lodLineCount[k + 1];
      }
    chunk.indexCount = uint32_t(city.indices.size()) - chunk.firstIndex;
    chunk.lineIndexCount = uint32_t(city.lineIndices.size()) - chunk.firstLineIndex;
    city.chunks.push_back(chunk);
  }
  city.report.buildings = city.buildings.size();
  if (city.empty()) city.boundsMin = city.boundsMax = glm::dvec3(0.0);
}

}  // namespace citywall::assets
