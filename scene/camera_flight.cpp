#include "scene/camera_flight.h"

#include <algorithm>
#include <cmath>

namespace citywall::scene {

double easeInOut(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * t * (t * (t * 6 - 15) + 10);  // smootherstep: zero slope and curvature at the ends
}

double CameraFlight::suggestedSeconds(const MapCamera& from, const MapCamera& to) {
  const double ground = glm::length(glm::dvec2(to.target - from.target));
  const double view = std::max(std::min(from.distance, to.distance), 1.0);
  const double zoom = std::abs(std::log2(std::max(to.distance, 1.0) / std::max(from.distance, 1.0)));
  return std::clamp(1.5 + 0.6 * std::log2(1 + ground / view) + 0.25 * zoom, 1.5, 6.0);
}

CameraFlight::CameraFlight(const MapCamera& from, const MapCamera& to, double seconds) : from_(from), to_(to) {
  from_.normalize();
  to_.normalize();
  seconds_ = seconds > 0 ? seconds : suggestedSeconds(from_, to_);
  headingDelta_ = std::fmod(to_.heading - from_.heading, 360.0);
  if (headingDelta_ > 180) headingDelta_ -= 360;
  if (headingDelta_ <= -180) headingDelta_ += 360;
  // Rise so that, at mid-flight, the view spans about the whole path.
  const double ground = glm::length(glm::dvec2(to_.target - from_.target));
  const double wanted = std::min(ground * 1.2, MapCamera::kMaxDistance);
  const double mid = 0.5 * (std::log(from_.distance) + std::log(to_.distance));
  rise_ = wanted > std::max(from_.distance, to_.distance) ? std::log(wanted) - mid : 0.0;
  peak_ = std::max({from_.distance, to_.distance, rise_ > 0 ? wanted : 0.0});
}

double CameraFlight::progress(double elapsed) const { return easeInOut(elapsed / seconds_); }

MapCamera CameraFlight::at(double elapsed) const {
  if (elapsed >= seconds_) return to_;
  if (elapsed <= 0) return from_;
  const double s = progress(elapsed);
  MapCamera c;
  c.target = from_.target + (to_.target - from_.target) * s;
  // Distance in log space (zooming feels even), plus a bump that is 0 at the
  // ends and rise_ at the middle.
  const double logDistance = (1 - s) * std::log(from_.distance) + s * std::log(to_.distance) + 4 * s * (1 - s) * rise_;
  c.distance = std::clamp(std::exp(logDistance), std::min(from_.distance, to_.distance), peak_);
  c.heading = from_.heading + headingDelta_ * s;
  c.pitch = from_.pitch + (to_.pitch - from_.pitch) * s;
  c.normalize();
  return c;
}

}  // namespace citywall::scene
