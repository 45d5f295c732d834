#include "assets/ring_geometry.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

namespace citywall::assets::rings {
namespace {

int sign(double v) { return (v > 0) - (v < 0); }

// Whether c, known collinear with ab, lies on the segment ab.
bool onSegment(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c) {
  return std::min(a.x, b.x) <= c.x && c.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= c.y && c.y <= std::max(a.y, b.y);
}

// Whether segments ab and cd share any point (touching and overlaps included).
bool segmentsMeet(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, glm::dvec2 d) {
  const int o1 = sign(cross(b - a, c - a)), o2 = sign(cross(b - a, d - a));
  const int o3 = sign(cross(d - c, a - c)), o4 = sign(cross(d - c, b - c));
  if (o1 != o2 && o3 != o4) return true;
  return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) || (o3 == 0 && onSegment(c, d, a)) ||
         (o4 == 0 && onSegment(c, d, b));
}

}  // namespace

double cross(glm::dvec2 a, glm::dvec2 b) { return a.x * b.y - a.y * b.x; }

bool segmentsCross(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, glm::dvec2 d) {
  const double d1 = cross(b - a, c - a), d2 = cross(b - a, d - a), d3 = cross(d - c, a - c), d4 = cross(d - c, b - c);
  return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0;
}

bool crossesItself(const Ring& r) {
  const size_t n = r.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;  // neighbours around the closing point
      if (segmentsCross(r[i], r[(i + 1) % n], r[j], r[(j + 1) % n])) return true;
    }
  return false;
}

bool validShell(const Ring& r) {
  const size_t n = r.size();
  if (n < 3) return false;
  for (const glm::dvec2& p : r)
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
  double area = 0;
  for (size_t i = 0; i < n; ++i) {
    const glm::dvec2 a = r[i], b = r[(i + 1) % n], c = r[(i + 2) % n];
    if (a == b) return false;
    area += cross(a, b);
    // Neighbouring edges meet only at their shared point: no fold back.
    if (cross(b - a, c - b) == 0 && glm::dot(b - a, c - b) < 0) return false;
  }
  if (area == 0) return false;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;
      if (segmentsMeet(r[i], r[(i + 1) % n], r[j], r[(j + 1) % n])) return false;
    }
  return true;
}

glm::dvec2 centroid(const Ring& r) {
  // Relative to the first point, so large coordinates lose nothing.
  double area = 0;
  glm::dvec2 sum(0.0);
  for (size_t i = 1; i + 1 < r.size(); ++i) {
    const glm::dvec2 a = r[i] - r[0], b = r[i + 1] - r[0];
    const double w = cross(a, b);
    area += w;
    sum += (a + b) * w;
  }
  return area == 0 ? r[0] : r[0] + sum / (3.0 * area);
}

std::vector<uint32_t> earClip(const Ring& r) {
  std::vector<uint32_t> out, left(r.size());
  for (uint32_t i = 0; i < left.size(); ++i) left[i] = i;
  auto inside = [&](glm::dvec2 p, glm::dvec2 a, glm::dvec2 b, glm::dvec2 c) {
    return cross(b - a, p - a) >= 0 && cross(c - b, p - b) >= 0 && cross(a - c, p - c) >= 0;
  };
  while (left.size() > 3) {
    bool cut = false;
    const size_t n = left.size();
    for (size_t k = 0; k < n && !cut; ++k) {
      const uint32_t ia = left[(k + n - 1) % n], ib = left[k], ic = left[(k + 1) % n];
      const glm::dvec2 a = r[ia], b = r[ib], c = r[ic];
      const double turn = cross(b - a, c - b);
      if (turn < 0) continue;  // a reflex corner
      if (turn == 0) {          // collinear: drop the middle point, no triangle
        left.erase(left.begin() + std::ptrdiff_t(k));
        cut = true;
        continue;
      }
      bool empty = true;
      for (size_t m = 0; m < n && empty; ++m) {
        const uint32_t ip = left[m];
        if (ip == ia || ip == ib || ip == ic) continue;
        if (inside(r[ip], a, b, c)) empty = false;
      }
      if (!empty) continue;
      out.insert(out.end(), {ia, ib, ic});
      left.erase(left.begin() + std::ptrdiff_t(k));
      cut = true;
    }
    if (!cut) return {};
  }
  if (left.size() == 3 && cross(r[left[1]] - r[left[0]], r[left[2]] - r[left[1]]) > 0)
    out.insert(out.end(), {left[0], left[1], left[2]});
  return out;
}

double distanceToSegment(glm::dvec2 p, glm::dvec2 a, glm::dvec2 b) {
  const glm::dvec2 d = b - a;
  const double len2 = glm::dot(d, d);
  const double t = len2 > 0 ? std::clamp(glm::dot(p - a, d) / len2, 0.0, 1.0) : 0.0;
  return glm::length(p - (a + t * d));
}

void douglasPeucker(const std::vector<glm::dvec2>& points, size_t first, size_t last, double tolerance, std::vector<bool>& keep) {
  const size_t n = points.size();
  double far = -1;
  size_t at = first;
  for (size_t k = (first + 1) % n; k != last; k = (k + 1) % n) {
    const double d = distanceToSegment(points[k], points[first], points[last]);
    if (d > far) far = d, at = k;
  }
  if (far <= tolerance) return;
  keep[at] = true;
  douglasPeucker(points, first, at, tolerance, keep);
  douglasPeucker(points, at, last, tolerance, keep);
}

const std::vector<std::pair<int, double>>& rowCrossings(const std::vector<Ring>& rings, glm::dvec2 offset, double originY,
                                                        double cell, int rows) {
  // Each edge gives its crossings with the rows of centres it spans.
  thread_local std::vector<std::pair<int, double>> crossings;  // row, x
  crossings.clear();
  for (const auto& ring : rings)
    for (size_t k = 0, n = ring.size(); k < n; ++k) {
      const glm::dvec2 a = ring[k] + offset, b = ring[(k + 1) % n] + offset;
      if (a.y == b.y) continue;
      const double lo = std::min(a.y, b.y), hi = std::max(a.y, b.y);
      // Rows whose centre yc has lo <= yc < hi (so crossings pair up at shared vertices).
      const int j0 = std::max(0, int(std::ceil((lo - originY) / cell - 0.5)));
      const int j1 = std::min(rows - 1, int(std::ceil((hi - originY) / cell - 0.5)));
      for (int j = j0; j <= j1; ++j) {
        const double yc = originY + (j + 0.5) * cell;
        if (yc >= lo && yc < hi) crossings.emplace_back(j, a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y));
      }
    }
  std::sort(crossings.begin(), crossings.end());
  return crossings;
}

}  // namespace citywall::assets::rings
