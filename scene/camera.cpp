#include "scene/camera.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <numbers>

namespace citywall::scene {
namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
}

void MapCamera::normalize() {
  distance = std::clamp(distance, kMinDistance, kMaxDistance);
  pitch = std::clamp(pitch, kMinPitch, kMaxPitch);
  heading = std::fmod(heading, 360.0);
  if (heading < 0) heading += 360.0;
}

glm::dvec3 MapCamera::forward() const {
  const double h = heading * kDeg, p = pitch * kDeg;
  return {std::sin(h) * std::sin(p), std::cos(h) * std::sin(p), -std::cos(p)};
}

glm::dvec3 MapCamera::up() const {
  const double h = heading * kDeg, p = pitch * kDeg;
  return {std::sin(h) * std::cos(p), std::cos(h) * std::cos(p), std::sin(p)};
}

glm::dvec3 MapCamera::eye() const { return target - forward() * distance; }

CameraMatrices MapCamera::matrices(double width, double height) const {
  CameraMatrices m;
  m.eye = eye();
  const glm::dmat4 view = glm::lookAt(glm::dvec3(0.0), forward(), up());
  // Reversed-Z with an infinite far plane: depth = near / z_view, so float
  // depth keeps its precision far away, where a city has most of its pixels.
  const double f = 1.0 / std::tan(kFovYDegrees * kDeg / 2.0);
  const double aspect = width / std::max(1.0, height);
  const double nearPlane = std::clamp(distance * 0.002, 0.05, 50.0);
  glm::dmat4 proj(0.0);
  proj[0][0] = f / aspect;
  proj[1][1] = -f;  // Vulkan clip space has y pointing down
  proj[2][3] = -1.0;
  proj[3][2] = nearPlane;
  m.viewRotation = glm::mat4(view);
  m.projection = glm::mat4(proj);
  m.viewProjection = glm::mat4(proj * view);
  return m;
}

CameraMatrices cropToTile(const CameraMatrices& m, double canvasWidth, double canvasHeight, const CanvasRect& tile) {
  // Canvas NDC → tile NDC, per axis: ndc' = ndc·(C/t) + (C − 2·origin)/t − 1
  // (pixels measured from the top-left, which Vulkan's y-down NDC shares
  // with x). Applied in clip space, so w carries the offset.
  glm::dmat4 crop(1.0);
  crop[0][0] = canvasWidth / tile.width;
  crop[1][1] = canvasHeight / tile.height;
  crop[3][0] = (canvasWidth - 2 * tile.x) / tile.width - 1;
  crop[3][1] = (canvasHeight - 2 * tile.y) / tile.height - 1;
  CameraMatrices out = m;
  out.projection = glm::mat4(crop * glm::dmat4(m.projection));
  out.viewProjection = glm::mat4(crop * glm::dmat4(m.viewProjection));
  return out;
}

Ray MapCamera::rayThroughPixel(glm::dvec2 pixel, double width, double height) const {
  const double ndcX = 2.0 * pixel.x / width - 1.0;
  const double ndcY = 1.0 - 2.0 * pixel.y / height;  // screen-up positive
  const double t = std::tan(kFovYDegrees * kDeg / 2.0);
  const double aspect = width / std::max(1.0, height);
  const glm::dvec3 f = forward(), u = up(), r = glm::cross(f, u);
  const glm::dvec3 d = glm::normalize(f + r * (ndcX * t * aspect) + u * (ndcY * t));
  return {eye(), d};
}

bool MapCamera::pixelOnPlane(glm::dvec2 pixel, double width, double height, double planeZ,
                             glm::dvec3& out) const {
  const Ray ray = rayThroughPixel(pixel, width, height);
  if (ray.direction.z > -1e-6) return false;
  const double s = (planeZ - ray.origin.z) / ray.direction.z;
  if (s <= 0) return false;
  out = ray.origin + ray.direction * s;
  return true;
}

void MapCamera::zoomTowardPixel(double factor, glm::dvec2 pixel, double width, double height) {
  glm::dvec3 anchor;
  const double before = distance;
  const bool anchored = pixelOnPlane(pixel, width, height, target.z, anchor);
  distance = std::clamp(distance * factor, kMinDistance, kMaxDistance);
  if (!anchored) return;
  // With heading and pitch fixed, scaling the eye–target distance about the
  // anchor keeps the anchor's screen position (similar triangles).
  const double applied = distance / before;
  target = anchor + (target - anchor) * applied;
}

void MapCamera::panPixels(glm::dvec2 from, glm::dvec2 to, double width, double height) {
  glm::dvec3 a, b;
  if (!pixelOnPlane(from, width, height, target.z, a) || !pixelOnPlane(to, width, height, target.z, b)) return;
  target += a - b;
}

void MapCamera::fitBox(const glm::dvec3& boxMin, const glm::dvec3& boxMax, double width, double height) {
  target = {(boxMin.x + boxMax.x) / 2, (boxMin.y + boxMax.y) / 2, boxMin.z};
  const double radius = 0.5 * glm::length(glm::dvec2(boxMax - boxMin));
  const double aspect = width / std::max(1.0, height);
  const double halfFov = kFovYDegrees * kDeg / 2.0;
  const double halfFovX = std::atan(std::tan(halfFov) * aspect);
  const double limiting = std::min(halfFov, halfFovX);
  distance = std::clamp(radius / std::sin(limiting), kMinDistance, kMaxDistance);
}

std::optional<glm::dvec2> projectToPixel(const CameraMatrices& m, const glm::dvec3& point, double width, double height) {
  // Eye-relative in float, like the GPU: exact enough for pixels at any distance.
  const glm::vec4 clip = m.viewProjection * glm::vec4(glm::vec3(point - m.eye), 1.0f);
  if (clip.w <= 0) return std::nullopt;
  return glm::dvec2((clip.x / clip.w + 1) * 0.5 * width, (clip.y / clip.w + 1) * 0.5 * height);
}

double distanceForWebZoom(double zoom, double latitudeDeg, double viewportHeight) {
  // A 512-px web-map tile spans the equator's circumference at zoom 0.
  constexpr double kEarthCircumference = 40075016.686;
  const double metresPerPixel = kEarthCircumference * std::cos(latitudeDeg * kDeg) / (512.0 * std::pow(2.0, zoom));
  // Mapbox/deck.gl put the eye 1.5 viewport heights above the target.
  return 1.5 * viewportHeight * metresPerPixel;
}

float distanceForZoom(double zoom, double latitudeDeg) {
  const double tile = 40075016.686 * std::cos(latitudeDeg * M_PI / 180) / std::pow(2.0, zoom);
  return float(5 * tile);
}

}  // namespace citywall::scene
