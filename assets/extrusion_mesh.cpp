#include "assets/extrusion_mesh.h"

#include <cmath>
#include <numbers>
#include <utility>

namespace citywall::assets {
namespace {

using geos::Ring;

struct MeshBuilder {
  BuildingMesh& mesh;
  double cosCorner;

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

  // The vertex of a horizontal cap at height z (roofs face up, floors
  // down) for point p, shared through `index`.
  uint32_t capVertex(glm::dvec2 p, glm::dvec2 offset, double z, bool up, std::vector<std::pair<glm::dvec2, uint32_t>>& index) {
    for (const auto& [q, i] : index)
      if (q == p) return i;
    const uint32_t i = add({p + offset, z}, glm::vec3(0, 0, up ? 1.f : -1.f));
    index.emplace_back(p, i);
    return i;
  }

  // A horizontal cap at height z from the polygon's triangulation.
  void cap(const std::vector<std::array<glm::dvec2, 3>>& triangles, glm::dvec2 offset, double z, bool up,
           std::vector<std::pair<glm::dvec2, uint32_t>>& index) {
    auto vertexFor = [&](glm::dvec2 p) { return capVertex(p, offset, z, up, index); };
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

void extrudePolygon(BuildingMesh& mesh, const geos::Polygon& polygon, const RoofTriangles& roof, glm::dvec2 offset,
                    double zBottom, double zTop, bool floor, double cornerAngleDeg) {
  MeshBuilder builder{mesh, std::cos(cornerAngleDeg * std::numbers::pi / 180.0)};
  // Room for it all at once: grown push by push, the arrays were copied
  // several times over, and on a city's first start that was a tenth of
  // the load (perf).
  size_t points = 0;
  for (const Ring& r : polygon.rings) points += r.size();
  const size_t capVertices = points * (floor ? 2 : 1);
  mesh.positions.reserve(mesh.positions.size() + 4 * points + capVertices);
  mesh.normals.reserve(mesh.normals.size() + 4 * points + capVertices);
  mesh.triangles.reserve(mesh.triangles.size() + 6 * points + 3 * roof.size() * (floor ? 2 : 1));
  mesh.lines.reserve(mesh.lines.size() + 4 * points);
  for (const Ring& r : polygon.rings) builder.walls(r, offset, zBottom, zTop);
  std::vector<std::pair<glm::dvec2, uint32_t>> roofIndex, floorIndex;
  // Every ring point gets its roof vertex, in ring order, so the roof's
  // outline is whole even where a triangulation passes a point over (ear
  // clipping skips collinear ones).
  for (const Ring& r : polygon.rings)
    for (const glm::dvec2& p : r) builder.capVertex(p, offset, zTop, true, roofIndex);
  builder.cap(roof, offset, zTop, true, roofIndex);
  for (const Ring& r : polygon.rings) builder.roofOutline(r, roofIndex);
  if (floor) builder.cap(roof, offset, zBottom, false, floorIndex);
}

}  // namespace citywall::assets
