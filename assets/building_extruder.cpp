// building_extruder.cpp — footprints to LOD1 meshes, batched into chunks
// with their coarse level (assets/coarse_level.h).

#include "assets/building_extruder.h"

#include "assets/block_level.h"
#include "assets/coarse_level.h"
#include "assets/corner_weld.h"
#include "assets/extrusion_mesh.h"
#include "assets/geos_util.h"
#include "assets/ring_geometry.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <thread>

namespace citywall::assets {
namespace {

using namespace geos;  // Ring, Polygon, GeomPtr, context(), validPolygons(), …

// Rings up to this many points are checked and ear-clipped without GEOS
// (both take time that grows with the square of the points).
constexpr size_t kPlainRingPoints = 64;

// A vertex as the city stores it: position relative to its chunk's origin
// (floats), unit normal × 127.
scene::BuildingVertex packVertex(glm::vec3 p, glm::vec3 normal, uint32_t building) {
  const glm::vec3 n = normal * 127.f;
  return {{p.x, p.y, p.z}, {int8_t(n.x), int8_t(n.y), int8_t(n.z), 0}, building};
}

// For each vertex of a building's coarse mesh, the vertex of its full mesh
// that is stored the same (an unchanged wall or roof point: every point of
// a box), so it is shared rather than stored twice; −1 for none. Both are
// compared packed, to the millimetre.
std::vector<int32_t> sameVertices(const BuildingMesh& full, const BuildingMesh& coarse, glm::dvec3 origin) {
  using Key = std::array<int32_t, 6>;
  auto keyOf = [](const scene::BuildingVertex& v) {
    return Key{int32_t(std::lround(v.position[0] * 1000.0)), int32_t(std::lround(v.position[1] * 1000.0)),
               int32_t(std::lround(v.position[2] * 1000.0)), v.normal[0], v.normal[1], v.normal[2]};
  };
  std::vector<std::pair<Key, int32_t>> fine;
  fine.reserve(full.positions.size());
  for (size_t v = 0; v < full.positions.size(); ++v)
    fine.emplace_back(keyOf(packVertex(glm::vec3(full.positions[v] - origin), full.normals[v], 0)), int32_t(v));
  std::sort(fine.begin(), fine.end());
  std::vector<int32_t> out(coarse.positions.size(), -1);
  for (size_t v = 0; v < coarse.positions.size(); ++v) {
    const Key key = keyOf(packVertex(glm::vec3(coarse.positions[v]), coarse.normals[v], 0));
    const auto at = std::lower_bound(fine.begin(), fine.end(), std::pair<Key, int32_t>{key, -1});
    if (at != fine.end() && at->first == key) out[v] = at->second;
  }
  return out;
}

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

  // Each valid polygon with its roof's triangles; rings are re-oriented
  // here (outer counter-clockwise, holes clockwise) because walls take
  // their outward side from the winding. Most footprints are one short
  // ring that is plainly valid: those are settled and ear-clipped here;
  // GEOS checks, repairs and triangulates the rest (holes, long rings,
  // anything doubtful).
  std::vector<std::pair<Polygon, RoofTriangles>> valid;
  double areaSum = 0;
  glm::dvec2 centroidSum{0.0};
  for (const auto& rings : polygons) {
    if (rings.size() == 1 && rings[0].size() <= kPlainRingPoints && rings::validShell(rings[0])) {
      Polygon p{{rings[0]}};
      orient(p);
      const double area = signedArea(p.rings[0]);
      if (!(area >= options.minArea)) continue;
      const std::vector<uint32_t> ears = rings::earClip(p.rings[0]);
      if (!ears.empty()) {
        RoofTriangles roof;
        for (size_t t = 0; t + 2 < ears.size(); t += 3)
          roof.push_back({p.rings[0][ears[t]], p.rings[0][ears[t + 1]], p.rings[0][ears[t + 2]]});
        centroidSum += rings::centroid(p.rings[0]) * area;
        areaSum += area;
        valid.emplace_back(std::move(p), std::move(roof));
        continue;
      }
    }
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
      valid.emplace_back(std::move(p), triangulate(g.get()));
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

  mesh.ground = ground;
  for (const auto& [p, roof] : valid) {
    extrudePolygon(mesh, p, roof, anchor, zBottom, zTop, floors, options.cornerAngleDeg);
    // The footprint in ENU metres, for the chunk's coarse level.
    auto& rings = mesh.footprint.emplace_back();
    for (const Ring& r : p.rings) {
      auto& out = rings.emplace_back(r);
      for (auto& q : out) q += anchor;
    }
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
  // Each chunk's buildings, largest first (ties in input order), so a far
  // view draws a prefix; its origin at the cell's centre, on the ground.
  struct Plan {
    std::vector<std::pair<double, size_t>> bySize;
    glm::dvec3 origin;
  };
  std::vector<Plan> plans;
  for (auto& [cell, unordered] : cells) {
    Plan& plan = plans.emplace_back();
    for (size_t i : unordered) plan.bySize.emplace_back(sizeOf(i), i);
    std::stable_sort(plan.bySize.begin(), plan.bySize.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const glm::dvec2 centre = (glm::dvec2(cell.first, cell.second) + 0.5) * options.chunkSize;
    plan.origin = {centre, city.frame.surfaceZ(centre.x, centre.y)};
  }

  // The coarse and block levels of each chunk, in parallel.
  std::vector<CoarseLevel> coarse(options.coarseLevel ? plans.size() : 0);
  std::vector<BlockLevel> blocks(options.coarseLevel && options.blockLevel ? plans.size() : 0);
  // Per chunk, per building: sameVertices of its coarse mesh.
  std::vector<std::vector<std::vector<int32_t>>> shared(coarse.size());
  {
    std::atomic<size_t> next{0};
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < std::min<size_t>(threads, coarse.size()); ++t)
      workers.emplace_back([&] {
        for (size_t c; (c = next++) < coarse.size();) {
          std::vector<CoarseInput> inputs;
          for (const auto& [size, i] : plans[c].bySize)
            inputs.push_back({&meshes[i].footprint, -glm::dvec2(plans[c].origin), meshes[i].ground - plans[c].origin.z,
                              footprints[i].minHeight, footprints[i].height});
          CoarseOptions co = options.coarse;
          co.cornerAngleDeg = options.cornerAngleDeg;
          coarse[c] = makeCoarseLevel(inputs, co);
          if (c < blocks.size()) {
            BlockOptions bo = options.block;
            bo.cornerAngleDeg = options.cornerAngleDeg;
            blocks[c] = makeBlockLevel(inputs, bo, &coarse[c].meshes);
          }
          shared[c].reserve(plans[c].bySize.size());
          for (size_t k = 0; k < plans[c].bySize.size(); ++k)
            shared[c].push_back(sameVertices(meshes[plans[c].bySize[k].second], coarse[c].meshes[k], plans[c].origin));
        }
      });
  }

  // Where each chunk goes in the city's arrays, so the chunks are then
  // written in parallel, each into its own slots. Its coarse level right
  // after its buildings, in their order, relative to the same vertex
  // offset; only when it saves a tenth of the triangles at least (and has
  // no more outlines: GPU culling packs either level into the room of the
  // full one). Then its block level, when it saves a tenth of the coarse
  // level's triangles (drawn whole, it needs no room).
  struct Slots {
    size_t vertex = 0, index = 0, line = 0, ring = 0, point = 0;
    uint32_t building = 0, chunk = 0;
    bool coarse = false, block = false;
  };
  std::vector<Slots> slots(plans.size());
  Slots end{city.vertices.size(), city.indices.size(), city.lineIndices.size(), city.rings.ends.size(),
            city.rings.points.size(), uint32_t(city.buildings.size()), uint32_t(city.chunks.size()), false, false};
  for (size_t pi = 0; pi < plans.size(); ++pi) {
    slots[pi] = end;
    size_t triangles = 0, lines = 0;
    for (const auto& [size, i] : plans[pi].bySize) {
      const BuildingMesh& m = meshes[i];
      end.vertex += m.positions.size(), triangles += m.triangles.size(), lines += m.lines.size();
      for (const auto& polygon : m.footprint)
        for (const auto& ring : polygon) ++end.ring, end.point += ring.size();
    }
    end.index += triangles, end.line += lines;
    size_t coarseTriangles = 0, coarseLines = 0;
    if (pi < coarse.size())
      for (const BuildingMesh& m : coarse[pi].meshes) coarseTriangles += m.triangles.size(), coarseLines += m.lines.size();
    slots[pi].coarse = coarseTriangles && coarseTriangles < triangles * 9 / 10 && coarseLines <= lines;
    if (slots[pi].coarse) {
      for (const auto& same : shared[pi]) end.vertex += size_t(std::count(same.begin(), same.end(), -1));
      end.index += coarseTriangles, end.line += coarseLines;
      if (pi < blocks.size()) {
        const auto& block = blocks[pi].mesh;
        slots[pi].block = !block.triangles.empty() && block.triangles.size() < coarseTriangles * 9 / 10;
        if (slots[pi].block) end.vertex += block.positions.size(), end.index += block.triangles.size(), end.line += block.lines.size();
      }
    }
    end.building += uint32_t(plans[pi].bySize.size()), ++end.chunk;
  }
  city.vertices.resize(end.vertex), city.indices.resize(end.index), city.lineIndices.resize(end.line);
  city.rings.ends.resize(end.ring), city.rings.points.resize(end.point);
  city.buildings.resize(end.building), city.chunks.resize(end.chunk);

  std::vector<std::pair<glm::dvec3, glm::dvec3>> chunkBounds(plans.size());  // ENU, for the city's bounds
  auto fill = [&](size_t pi) {
    const auto& bySize = plans[pi].bySize;
    Slots at = slots[pi];
    scene::BuildingChunk& chunk = city.chunks[at.chunk];
    chunk = {};
    chunk.origin = plans[pi].origin;
    chunk.firstIndex = uint32_t(at.index);
    chunk.firstLineIndex = uint32_t(at.line);
    chunk.vertexOffset = int32_t(at.vertex);
    chunk.boundsMin = glm::vec3(std::numeric_limits<float>::max());
    chunk.boundsMax = glm::vec3(-std::numeric_limits<float>::max());
    glm::dvec3 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
    // The level-of-detail steps end after 1/32, 1/16, … 1/2 and all of the chunk's buildings.
    std::array<size_t, scene::BuildingChunk::kLodSteps> stepEnds;
    for (int k = 0; k < scene::BuildingChunk::kLodSteps; ++k)
      stepEnds[size_t(k)] = std::max<size_t>(1, (bySize.size() << k) >> (scene::BuildingChunk::kLodSteps - 1));
    uint32_t local = 0;
    std::vector<uint32_t> fineFirst;  // per building: its first vertex, chunk-local
    for (const auto& [size, i] : bySize) {
      fineFirst.push_back(local);
      BuildingMesh& m = meshes[i];
      const Footprint& fp = footprints[i];
      const uint32_t building = at.building++;
      scene::BuildingInfo& info = city.buildings[building];
      info.id = fp.id, info.name = fp.name, info.height = float(fp.height), info.minHeight = float(fp.minHeight);
      info.centroid = m.centroid, info.chunk = slots[pi].chunk;
      // Its footprint, for picking once the mesh has gone to the GPU.
      info.firstRing = uint32_t(at.ring);
      info.base = float(m.ground - chunk.origin.z);
      for (const auto& polygon : m.footprint)
        for (const auto& ring : polygon) {
          for (const glm::dvec2& q : ring) city.rings.points[at.point++] = glm::vec2(q - glm::dvec2(chunk.origin));
          city.rings.ends[at.ring++] = uint32_t(at.point);
        }
      info.ringCount = uint32_t(at.ring) - info.firstRing;
      for (size_t v = 0; v < m.positions.size(); ++v) {
        const glm::vec3 p(m.positions[v] - chunk.origin);
        city.vertices[at.vertex++] = packVertex(p, m.normals[v], building);
        chunk.boundsMin = glm::min(chunk.boundsMin, p);
        chunk.boundsMax = glm::max(chunk.boundsMax, p);
        lo = glm::min(lo, m.positions[v]), hi = glm::max(hi, m.positions[v]);
      }
      for (uint32_t idx : m.triangles) city.indices[at.index++] = idx + local;
      for (uint32_t idx : m.lines) city.lineIndices[at.line++] = idx + local;
      local += uint32_t(m.positions.size());
      m = {};  // written: its memory back while the rest is assembled
      ++chunk.buildingCount;
      for (int k = 0; k < scene::BuildingChunk::kLodSteps; ++k) {
        if (chunk.buildingCount == stepEnds[size_t(k)]) {
          chunk.lodSize[k] = float(bySize[chunk.buildingCount - 1].first);
          chunk.lodIndexCount[k] = uint32_t(at.index) - chunk.firstIndex;
          chunk.lodLineCount[k] = uint32_t(at.line) - chunk.firstLineIndex;
        }
      }
    }
    chunkBounds[pi] = {lo, hi};
    // Steps a small chunk reached twice (or not at all) take the next one's.
    for (int k = scene::BuildingChunk::kLodSteps - 2; k >= 0; --k)
      if (!chunk.lodIndexCount[k]) {
        chunk.lodSize[k] = chunk.lodSize[k + 1];
        chunk.lodIndexCount[k] = chunk.lodIndexCount[k + 1];
        chunk.lodLineCount[k] = chunk.lodLineCount[k + 1];
      }
    chunk.indexCount = uint32_t(at.index) - chunk.firstIndex;
    chunk.lineIndexCount = uint32_t(at.line) - chunk.firstLineIndex;
    if (slots[pi].coarse) {
      chunk.coarseFirstIndex = uint32_t(at.index);
      chunk.coarseFirstLine = uint32_t(at.line);
      const uint32_t firstBuilding = slots[pi].building;
      std::vector<uint32_t> remap;
      for (uint32_t k = 0; k < chunk.buildingCount; ++k) {
        const BuildingMesh& m = coarse[pi].meshes[k];
        remap.assign(m.positions.size(), 0);
        for (size_t v = 0; v < m.positions.size(); ++v) {
          if (const int32_t same = shared[pi][k][v]; same >= 0) {
            remap[v] = fineFirst[k] + uint32_t(same);
            continue;
          }
          remap[v] = local++;
          city.vertices[at.vertex++] = packVertex(glm::vec3(m.positions[v]), m.normals[v], firstBuilding + k);
        }
        for (uint32_t idx : m.triangles) city.indices[at.index++] = remap[idx];
        for (uint32_t idx : m.lines) city.lineIndices[at.line++] = remap[idx];
        for (int s = 0; s < scene::BuildingChunk::kLodSteps; ++s)
          if (k + 1 == stepEnds[size_t(s)]) {
            chunk.coarseLodIndexCount[s] = uint32_t(at.index) - chunk.coarseFirstIndex;
            chunk.coarseLodLineCount[s] = uint32_t(at.line) - chunk.coarseFirstLine;
          }
      }
      chunk.coarseIndexCount = uint32_t(at.index) - chunk.coarseFirstIndex;
      chunk.coarseLineCount = uint32_t(at.line) - chunk.coarseFirstLine;
      chunk.coarseError = float(coarse[pi].error);
    }
    if (slots[pi].block) {
      const BlockLevel& block = blocks[pi];
      chunk.blockFirstIndex = uint32_t(at.index), chunk.blockFirstLine = uint32_t(at.line);
      const uint32_t first = local;
      for (size_t v = 0; v < block.mesh.positions.size(); ++v) {
        const glm::vec3 p(block.mesh.positions[v]);
        city.vertices[at.vertex++] = packVertex(p, block.mesh.normals[v], slots[pi].building + block.owners[v]);
        // Its roofs may reach a grid cell past the footprints.
        chunk.boundsMin = glm::min(chunk.boundsMin, p), chunk.boundsMax = glm::max(chunk.boundsMax, p);
      }
      for (uint32_t idx : block.mesh.triangles) city.indices[at.index++] = first + idx;
      for (uint32_t idx : block.mesh.lines) city.lineIndices[at.line++] = first + idx;
      local += uint32_t(block.mesh.positions.size());
      chunk.blockIndexCount = uint32_t(at.index) - chunk.blockFirstIndex;
      chunk.blockLineCount = uint32_t(at.line) - chunk.blockFirstLine;
      chunk.blockError = float(block.error);
      // Its steps end after 1/8, 2/8, … and all of its regions.
      constexpr int steps = scene::BuildingChunk::kBlockSteps;
      for (int k = 0; k < steps; ++k) {
        const size_t n = block.ends.size();
        const auto& e = block.ends[std::max<size_t>(1, n * size_t(k + 1) / steps) - 1];
        chunk.blockLodSize[k] = float(e.size);
        chunk.blockLodIndexCount[k] = uint32_t(e.triangles), chunk.blockLodLineCount[k] = uint32_t(e.lines);
      }
    }
    if (pi < coarse.size()) coarse[pi] = {}, shared[pi] = {};  // written (or not needed): its memory back
    if (pi < blocks.size()) blocks[pi] = {};
  };
  {
    std::atomic<size_t> next{0};
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < std::min<size_t>(threads, plans.size()); ++t)
      workers.emplace_back([&] {
        for (size_t pi; (pi = next++) < plans.size();) fill(pi);
      });
  }
  if (options.weldCorners && !plans.empty()) {
    weldCorners(city, slots.front().chunk, threads);
  }
  for (const auto& [lo, hi] : chunkBounds) city.boundsMin = glm::min(city.boundsMin, lo), city.boundsMax = glm::max(city.boundsMax, hi);
  city.report.buildings = city.buildings.size();
  if (city.empty()) city.boundsMin = city.boundsMax = glm::dvec3(0.0);
}

}  // namespace citywall::assets
