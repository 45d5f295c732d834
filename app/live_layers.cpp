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

LiveLayers::LiveLayers(const scene::CityModel& city, const scene::RegionSet* regions)
    : markers_(city.frame),
      sensors_(city.frame),
      heat_(city.frame, heatExtent(city).first, heatExtent(city).second, scene::HeatStyle{}, wallClockNow()) {
  if (regions) regions_.emplace(*regions, city.frame);
}

std::string LiveLayers::regionNames() const {
  std::string all;
  if (regions_)
    for (const auto& r : regions_->regions().regions) all += r.name;
  return all;
}

std::vector<ui::OverlayInfo::Label> LiveLayers::regionLabels(const scene::FrameView& view, double width,
                                                             double height) const {
  std::vector<ui::OverlayInfo::Label> out;
  if (!regions_) return out;
  const auto& set = regions_->regions();
  for (size_t r = 0; r < set.regions.size(); ++r) {
    const glm::vec4 clip = view.camera.viewProjection * glm::vec4(glm::vec3(set.regions[r].label - view.camera.eye), 1.0f);
    if (clip.w <= 0) continue;
    const float x = float((clip.x / clip.w + 1) * 0.5 * width), y = float((clip.y / clip.w + 1) * 0.5 * height);
    if (x < 0 || y < 0 || x > width || y > height) continue;
    out.push_back({x, y, set.regions[r].name + "  " + std::to_string(regions_->values()[r])});
  }
  return out;
}

void LiveLayers::update(LiveSession& live, live::TimeMs now) {
  markers_.update(live.store().cases(), now);
  clusters_.update(live.store().cases(), markers_);
  heat_.update(live.store().cases(), markers_.changed(), now);
  sensors_.update(live.store().sensors());
  if (regions_) regions_->update(live.store().cases(), markers_.changed());
}

void LiveLayers::attach(scene::FrameView& view, live::TimeMs now, float observedHeatMax, double seconds,
                        double viewportHeight) {
  const double metresPerPixel =
      2 * view.cameraDistance * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / std::max(1.0, viewportHeight);
  clusters_.setView(metresPerPixel / std::max(0.25f, view.uiScale));
  if (clusters_.level() >= 0) view.markers = {&clusters_.instances(), &clusters_.changed(), markers_.origin()};
  else view.markers = {&markers_.instances(), &markers_.changed(), markers_.origin()};
  view.sensors = {&sensors_.instances(), &sensors_.changed(), sensors_.origin()};
  if (regions_) view.regions = &*regions_;
  view.heat = {&heat_, heat_.clockSeconds(now), domain_.update(heat_.style(), observedHeatMax, seconds)};
}

}  // namespace citywall::app
