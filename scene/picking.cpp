#include "scene/picking.h"

#include <algorithm>

#include <cmath>
#include <limits>

#include "scene/layers/case_clusters.h"

namespace citywall::scene {
namespace {

// Ray–box slab test; returns the entry distance.
std::optional<double> hitBox(const Ray& r, const glm::dvec3& lo, const glm::dvec3& hi) {
  double t0 = 0, t1 = std::numeric_limits<double>::max();
  for (int a = 0; a < 3; ++a) {
    const double inv = 1.0 / (r.direction[a] == 0 ? 1e-300 : r.direction[a]);
    double tn = (lo[a] - r.origin[a]) * inv, tf = (hi[a] - r.origin[a]) * inv;
    if (tn > tf) std::swap(tn, tf);
    t0 = std::max(t0, tn), t1 = std::min(t1, tf);
    if (t0 > t1) return std::nullopt;
  }
  return t0;
}

// Möller–Trumbore, two-sided; the distance along the ray.
std::optional<double> hitTriangle(const Ray& r, const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
  const glm::dvec3 e1 = b - a, e2 = c - a, p = glm::cross(r.direction, e2);
  const double det = glm::dot(e1, p);
  if (std::abs(det) < 1e-12) return std::nullopt;
  const double inv = 1.0 / det;
  const glm::dvec3 s = r.origin - a;
  const double u = glm::dot(s, p) * inv;
  if (u < 0 || u > 1) return std::nullopt;
  const glm::dvec3 q = glm::cross(s, e1);
  const double v = glm::dot(r.direction, q) * inv;
  if (v < 0 || u + v > 1) return std::nullopt;
  const double t = glm::dot(e2, q) * inv;
  return t > 0 ? std::optional<double>(t) : std::nullopt;
}

// Whether `p` lies inside a building's footprint: even–odd over all its
// rings, so holes are outside and separate parts inside.
bool insideFootprint(const FootprintRings& rings, const BuildingInfo& b, glm::dvec2 p) {
  bool inside = false;
  for (uint32_t r = b.firstRing; r < b.firstRing + b.ringCount; ++r) {
    const uint32_t begin = rings.begin(r), end = rings.end(r);
    for (uint32_t i = begin, j = end - 1; i < end; j = i++) {
      const glm::dvec2 a(rings.points[i]), c(rings.points[j]);
      if ((a.y > p.y) != (c.y > p.y) && p.x < (c.x - a.x) * (p.y - a.y) / (c.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

// The ray's first hit on a building's prism (its walls, roof and bottom),
// the ray given relative to the building's chunk origin.
std::optional<double> hitPrism(const Ray& r, const FootprintRings& rings, const BuildingInfo& b) {
  const double bottom = double(b.base) + b.minHeight, top = double(b.base) + b.height;
  double best = std::numeric_limits<double>::max();
  // Roof and bottom: where the ray crosses their planes inside the footprint.
  if (r.direction.z != 0)
    for (const double z : {top, bottom}) {
      const double t = (z - r.origin.z) / r.direction.z;
      if (t > 0 && t < best && insideFootprint(rings, b, glm::dvec2(r.origin + r.direction * t))) best = t;
    }
  // Walls: where the ray's ground track crosses an edge, between bottom and top.
  const glm::dvec2 o(r.origin), d(r.direction);
  for (uint32_t ring = b.firstRing; ring < b.firstRing + b.ringCount; ++ring) {
    const uint32_t begin = rings.begin(ring), end = rings.end(ring);
    for (uint32_t i = begin, j = end - 1; i < end; j = i++) {
      const glm::dvec2 a(rings.points[j]), e = glm::dvec2(rings.points[i]) - a;
      const double den = d.x * e.y - d.y * e.x;  // cross(d, e)
      if (std::abs(den) < 1e-12) continue;       // parallel: the ray grazes the wall at most
      const glm::dvec2 w = a - o;
      const double t = (w.x * e.y - w.y * e.x) / den, s = (w.x * d.y - w.y * d.x) / den;
      if (t <= 0 || t >= best || s < 0 || s > 1) continue;
      const double z = r.origin.z + r.direction.z * t;
      if (z >= bottom && z <= top) best = t;
    }
  }
  return best < std::numeric_limits<double>::max() ? std::optional<double>(best) : std::nullopt;
}

}  // namespace

std::optional<PickResult> pickBuilding(const CityModel& city, const MapCamera& camera, glm::dvec2 pixel, double width,
                                       double height, std::span<const uint32_t> hidden) {
  const Ray ray = camera.rayThroughPixel(pixel, width, height);
  // Buildings by their footprints (the mesh may be on the GPU alone), in
  // the chunks whose boxes the ray enters; a chunk's buildings follow the
  // previous chunk's in the city's table.
  double best = std::numeric_limits<double>::max();
  std::optional<PickResult> out;
  uint32_t first = 0;
  for (const BuildingChunk& chunk : city.chunks) {
    const uint32_t begin = first, end = std::min<uint32_t>(first + chunk.buildingCount, uint32_t(city.buildings.size()));
    first += chunk.buildingCount;
    const auto entry = hitBox(ray, chunk.origin + glm::dvec3(chunk.boundsMin), chunk.origin + glm::dvec3(chunk.boundsMax));
    if (!entry || *entry > best) continue;
    const Ray local{ray.origin - chunk.origin, ray.direction};
    for (uint32_t b = begin; b < end; ++b) {
      if (!hidden.empty() && std::binary_search(hidden.begin(), hidden.end(), b)) continue;
      const auto t = hitPrism(local, city.rings, city.buildings[b]);
      if (t && *t < best) {
        best = *t;
        out = PickResult{PickKind::building, b, ray.origin + ray.direction * *t};
      }
    }
  }
  return out;
}

namespace {

// A tile mesh's triangles as a click reads them: its own vertices, or its
// picking copy decoded for this click (see PickingCopy).
class MeshReader {
 public:
  explicit MeshReader(const ModelMesh& m) : m_(m) {
    if (m.pickingOnly()) decoded_ = m.picking.decode();
  }
  std::span<const uint32_t> indices() const { return m_.pickingOnly() ? std::span<const uint32_t>(decoded_.indices) : m_.indices; }
  size_t vertexCount() const { return m_.pickingOnly() ? decoded_.vertices.size() : m_.vertices.size(); }
  glm::dvec3 position(size_t i) const {
    const float* p = m_.pickingOnly() ? decoded_.vertices[i].position : m_.vertices[i].position;
    return {p[0], p[1], p[2]};
  }
  uint32_t feature(size_t i) const { return m_.pickingOnly() ? decoded_.vertices[i].feature : m_.vertices[i].feature; }

 private:
  const ModelMesh& m_;
  PickingCopy::Geometry decoded_;
};

// The point of a point cloud nearest along the ray among those within
// `slope` × distance of it (kPointPickPixels at that distance); its index
// and feature.
struct PointHit {
  uint32_t index = 0, feature = kNoFeature;
};
std::optional<PointHit> hitPoints(const TileDraw& d, const Ray& world, double slope, double& best) {
  const ModelMesh& m = *d.mesh;
  const glm::dmat3 toLocal(glm::mat3(d.modelToLocal));
  const glm::dvec3 dir = world.direction;  // a unit vector
  // The cloud's bounding sphere first: most clicks miss most clouds.
  const glm::dvec3 centre = d.origin + toLocal * (glm::dvec3(m.boundsMin) + glm::dvec3(m.boundsMax)) * 0.5;
  const double radius = glm::length(toLocal * (glm::dvec3(m.boundsMax) - glm::dvec3(m.boundsMin))) * 0.5;
  const glm::dvec3 c = centre - world.origin;
  const double along = glm::dot(c, dir);
  if (along + radius <= 0 || glm::length(c - dir * along) > radius + slope * (std::max(along, 0.0) + radius)) return std::nullopt;
  std::optional<PointHit> out;
  const MeshReader r(m);
  const auto indices = r.indices();
  for (const ModelPart& part : m.parts) {
    if (!part.points) continue;
    for (uint32_t k = part.firstIndex; k < part.firstIndex + part.indexCount && k < indices.size(); ++k) {
      const uint32_t i = indices[k];
      if (i >= r.vertexCount()) continue;
      const glm::dvec3 q = d.origin + toLocal * r.position(i) - world.origin;
      const double t = glm::dot(q, dir);
      if (t <= 0 || t >= best) continue;
      const double off2 = glm::dot(q, q) - t * t, reach = slope * t;
      if (off2 <= reach * reach) best = t, out = PointHit{i, r.feature(i)};
    }
  }
  return out;
}

}  // namespace

std::optional<PickResult> pickTiles(std::span<const TileDraw> tiles, const MapCamera& camera, glm::dvec2 pixel, double width,
                                    double height, std::span<const uint32_t> hidden) {
  const Ray world = camera.rayThroughPixel(pixel, width, height);
  double best = std::numeric_limits<double>::max();
  std::optional<PickResult> out;
  // The world size of a pixel per metre of distance, times the reach.
  const double slope = 2 * std::tan(MapCamera::kFovYDegrees * M_PI / 360) / std::max(1.0, height) * kPointPickPixels;
  const TileDraw* pointDraw = nullptr;
  PointHit point;
  for (const auto& d : tiles) {
    // A point cloud: the nearest point close enough to the ray.
    if (std::any_of(d.mesh->parts.begin(), d.mesh->parts.end(), [](const ModelPart& p) { return p.points; })) {
      if (const auto i = hitPoints(d, world, slope, best)) {  // the ray's direction is a unit vector: t in metres
        pointDraw = &d, point = *i;
        out = PickResult{PickKind::none, 0, world.origin + world.direction * best};
      }
      continue;
    }
    // The ray in the mesh's own axes (the affine map's inverse), where its
    // box and triangles are; t stays comparable (the direction is mapped
    // unnormalised).
    const glm::dmat3 toMesh = glm::inverse(glm::dmat3(glm::mat3(d.modelToLocal)));
    const Ray ray{toMesh * (world.origin - d.origin), toMesh * world.direction};
    const auto entry = hitBox(ray, glm::dvec3(d.mesh->boundsMin), glm::dvec3(d.mesh->boundsMax));
    if (!entry || *entry > best) continue;
    const MeshReader r(*d.mesh);
    const auto idx = r.indices();
    const size_t count = r.vertexCount();
    auto pos = [&](uint32_t i) { return r.position(i); };
    for (size_t i = 0; i + 2 < idx.size(); i += 3) {
      if (idx[i] >= count || idx[i + 1] >= count || idx[i + 2] >= count) continue;
      const uint32_t feature = r.feature(idx[i]);
      if (!hidden.empty() && std::binary_search(hidden.begin(), hidden.end(), feature)) continue;
      const auto t = hitTriangle(ray, pos(idx[i]), pos(idx[i + 1]), pos(idx[i + 2]));
      if (t && *t < best) {
        best = *t;
        out = PickResult{feature == kNoFeature ? PickKind::none : PickKind::building, feature, world.origin + world.direction * *t};
        pointDraw = nullptr;
      }
    }
  }
  if (pointDraw) {
    // The point's feature (a pnts with batch ids), else its own row of properties.
    const ModelMesh& m = *pointDraw->mesh;
    if (point.feature != kNoFeature) {
      out->kind = PickKind::building, out->index = point.feature;
    } else if (m.vertexProperties) {
      out->kind = PickKind::tilePoint, out->index = point.index;
      out->point = TilePoint{m.source, point.index, out->where, m.vertexProperties->row(point.index)};
    }
  }
  return out;
}

PickResult pick(const CityModel& city, const std::vector<MarkerPickSet>& markers, const MapCamera& camera,
                glm::dvec2 pixel, double width, double height, float uiScale, float pinPixels, float slop,
                std::span<const uint32_t> hidden) {
  const CameraMatrices m = camera.matrices(width, height);
  PickResult best;
  double bestDistance = std::numeric_limits<double>::max();
  for (const auto& set : markers) {
    if (set.instances.empty()) continue;
    for (uint32_t i = 0; i < set.instances.size(); ++i) {
      const MarkerInstance& inst = set.instances[i];
      if (inst.size <= 0) continue;
      const glm::dvec3 anchor = set.origin + glm::dvec3(inst.position[0], inst.position[1], inst.position[2]);
      const auto at = projectToPixel(m, anchor, width, height);
      if (!at) continue;
      const glm::dvec2 screen = *at - glm::dvec2(0, set.pinned ? pinPixels * uiScale : 0.0);
      const double d = glm::length(screen - pixel);
      if (d <= inst.size * uiScale * 0.5 + slop && d < bestDistance) {
        bestDistance = d;
        const bool cluster = (inst.flags & 15u) == kMarkerClusterShape;
        best = PickResult{cluster ? PickKind::cluster : set.kind, i, anchor};
      }
    }
  }
  if (best.kind != PickKind::none) return best;
  if (auto b = pickBuilding(city, camera, pixel, width, height, hidden)) return *b;
  return best;
}

}  // namespace citywall::scene
