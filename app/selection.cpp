#include "app/selection.h"

#include <cstdio>
#include <ctime>

namespace citywall::app {

scene::PickResult Selection::click(glm::dvec2 pixel, double width, double height, float uiScale,
                                   const scene::CityModel& city, LiveLayers& layers, renderer::Renderer& renderer,
                                   scene::MapCamera& camera) {
  const bool clustered = layers.clusters().level() >= 0;
  std::vector<scene::MarkerPickSet> sets = {
      {clustered ? &layers.clusters().instances() : &layers.markers().instances(), glm::dvec3(0.0), scene::PickKind::caseMarker},
      {&layers.sensors().instances(), glm::dvec3(0.0), scene::PickKind::sensor}};
  const scene::PickResult hit = scene::pick(city, sets, camera, pixel, width, height, uiScale);
  if (hit.kind == scene::PickKind::cluster) {
    // Clicking a cluster zooms into it: a third of the distance, centred on it.
    camera.target = {hit.where.x, hit.where.y, camera.target.z};
    camera.distance /= 3;
    camera.normalize();
    return hit;
  }
  if (building_) renderer.setBuildingStyle(*building_, {});
  building_.reset(), caseSlot_.reset(), sensorSlot_.reset();
  if (hit.kind == scene::PickKind::caseMarker)
    caseSlot_ = clustered ? layers.clusters().loneCase(hit.index) : std::optional<uint32_t>(hit.index);
  if (hit.kind == scene::PickKind::sensor) sensorSlot_ = hit.index;
  layers.selectSensor(sensorSlot_);
  if (hit.kind == scene::PickKind::building) {
    building_ = hit.index;
    renderer.setBuildingStyle(hit.index, {0, false, true});
  }
  layers.selectCase(caseSlot_);
  return hit;
}

void Selection::clear(LiveLayers& layers, renderer::Renderer& renderer) {
  if (building_) renderer.setBuildingStyle(*building_, {});
  building_.reset(), caseSlot_.reset(), sensorSlot_.reset();
  layers.selectCase(std::nullopt);
  layers.selectSensor(std::nullopt);
}

void Selection::selectCase(uint32_t slot, LiveLayers& layers, renderer::Renderer& renderer) {
  clear(layers, renderer);
  caseSlot_ = slot;
  layers.selectCase(slot);
}

void Selection::selectSensor(uint32_t slot, LiveLayers& layers, renderer::Renderer& renderer) {
  clear(layers, renderer);
  sensorSlot_ = slot;
  layers.selectSensor(slot);
}

std::vector<std::string> Selection::describe(const scene::CityModel& city, const LiveSession& live,
                                             ui::Language language) const {
  const ui::Strings& s = ui::strings(language);
  std::vector<std::string> out;
  char buf[512];
  if (caseSlot_ && *caseSlot_ < live.store().cases().all().size() && !live.store().cases().all()[*caseSlot_].evicted) {
    const auto& c = live.store().cases().all()[*caseSlot_];
    std::snprintf(buf, sizeof buf, s.selectedCase, c.id.c_str(), s.statuses[size_t(c.status)], c.category.c_str(),
                  int(c.priority), c.grid.empty() ? "-" : c.grid.c_str());
    out.push_back(buf);
    if (!c.title.empty()) out.push_back("    " + c.title);
    // The lifecycle, in the deployment's zone (UTC+8).
    for (const auto& step : c.history) {
      const std::time_t t = std::time_t((step.time + 8 * live::kHour) / 1000);
      std::tm tm{};
      gmtime_r(&t, &tm);
      char when[32];
      std::strftime(when, sizeof when, "%m-%d %H:%M", &tm);
      std::snprintf(buf, sizeof buf, s.historyLine, when, s.statuses[size_t(step.status)]);
      out.push_back(buf);
    }
  }
  if (sensorSlot_ && *sensorSlot_ < live.store().sensors().all().size()) {
    const auto& sensor = live.store().sensors().all()[*sensorSlot_];
    std::snprintf(buf, sizeof buf, s.selectedSensor, sensor.id.c_str(), sensor.kind.c_str(),
                  std::string(live::toString(sensor.level)).c_str());
    out.push_back(buf);
    for (const auto& m : sensor.metrics) {
      std::snprintf(buf, sizeof buf, "    %s  %.1f", m.metric.c_str(), m.latest);
      out.push_back(buf);
    }
  }
  if (building_ && *building_ < city.buildings.size()) {
    const auto& b = city.buildings[*building_];
    std::snprintf(buf, sizeof buf, s.selectedBuilding, (long long)b.id, b.name.empty() ? "-" : b.name.c_str(), b.height);
    out.push_back(buf);
  }
  return out;
}

}  // namespace citywall::app
