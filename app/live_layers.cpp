#include "app/live_layers.h"

#include <algorithm>
#include <cmath>

namespace citywall::app {
namespace {

std::pair<glm::dvec2, glm::dvec2> heatExtent(const scene::CityModel& city) {
  if (city.empty()) return {glm::dvec2(-5000), glm::dvec2(5000)};
  const double margin = 3000;
  return {glm::dvec2(city.boundsMin) - margin, glm::dvec2(city.boundsMax) + margin};
}

}  // namespace

LiveLayers::LiveLayers(const scene::CityModel& city)
    : markers_(city.frame),
      sensors_(city.frame),
      heat_(city.frame, heatExtent(city).first, heatExtent(city).second, scene::HeatStyle{}, wallClockNow()) {}

void LiveLayers::update(LiveSession& live, live::TimeMs now) {
  markers_.update(live.store().cases(), now);
  clusters_.update(live.store().cases(), markers_);
  heat_.update(live.store().cases(), markers_.changed(), now);
  sensors_.update(live.store().sensors());
}

void LiveLayers::attach(scene::FrameView& view, live::TimeMs now, float observedHeatMax, double seconds,
                        double viewportHeight) {
  const double metresPerPixel =
      2 * view.cameraDistance * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / std::max(1.0, viewportHeight);
  clusters_.setView(metresPerPixel / std::max(0.25f, view.uiScale));
  if (clusters_.level() >= 0) view.markers = {&clusters_.instances(), &clusters_.changed(), markers_.origin()};
  else view.markers = {&markers_.instances(), &markers_.changed(), markers_.origin()};
  view.sensors = {&sensors_.instances(), &sensors_.changed(), sensors_.origin()};
  view.heat = {&heat_, heat_.clockSeconds(now), domain_.update(heat_.style(), observedHeatMax, seconds)};
}

}  // namespace citywall::app
