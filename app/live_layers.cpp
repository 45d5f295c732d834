#include "app/live_layers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scene/layers/heat_ramps.h"

namespace citywall::app {
namespace {

std::pair<glm::dvec2, glm::dvec2> heatExtent(const scene::CityModel& city) {
  if (city.empty()) return {glm::dvec2(-5000), glm::dvec2(5000)};
  const double margin = 3000;
  return {glm::dvec2(city.boundsMin) - margin, glm::dvec2(city.boundsMax) + margin};
}

}  // namespace

LiveLayers::LiveLayers(const scene::CityModel& city, const scene::RegionSet* regions, scene::RegionMetric metric,
                       const LayerStyles& styles, live::TimeMs epoch)
    : markers_(city.frame, styles.markers),
      sensors_(city.frame),
      heat_(city.frame, heatExtent(city).first, heatExtent(city).second, [&] {
        scene::HeatStyle s = styles.heat;
        s.visible = true;  // shown or not by `visible` below
        return s;
      }(), epoch),
      field_(city.frame, heatExtent(city).first, heatExtent(city).second, [&] {
        scene::HeatStyle s = styles.field;
        s.mode = scene::HeatMode::field;  // whatever the configuration said, this one is the field
        s.visible = true;
        return s;
      }()),
      clustering_(styles.clusters),
      sensorLabelDistance_(styles.sensorLabelDistance) {
  if (regions) {
    scene::RegionStyle style = styles.regions;
    style.metric = metric;
    style.visible = true;
    regions_.emplace(*regions, city.frame, style);
  }
  visible.markers = styles.markersVisible;
  visible.heat = styles.heat.visible;
  visible.sensorField = styles.field.visible;
  visible.regions = styles.regions.visible;
  visible.sensors = styles.sensorsVisible;
}

std::vector<ui::OverlayInfo::LegendSection> LiveLayers::legend(ui::Language language) const {
  const ui::Strings& s = ui::strings(language);
  std::vector<ui::OverlayInfo::LegendSection> out;
  if (visible.markers) {
    ui::OverlayInfo::LegendSection status{s.legendStatus, {}};
    const scene::CaseMarkerStyle& style = markers_.style();
    for (size_t i = 0; i < 6; ++i) status.rows.push_back({s.statuses[i], style.statusRgb[i]});  // the open steps
    out.push_back(std::move(status));
  }
  if (visible.heat && !visible.sensorField) {  // the case heat ramp, low → high
    ui::OverlayInfo::LegendSection heat{s.legendHeat, {}, true};
    for (int i = 0; i <= 8; ++i)
      heat.rows.push_back({i == 0 ? s.low : i == 8 ? s.high : "", scene::heatRampRgb(heat_.style().ramp, float(i) / 8)});
    out.push_back(std::move(heat));
  }
  const double bandValues[6] = {20, 50, 100, 130, 200, 300};  // one value inside each PM2.5 band
  if (visible.sensorField) {
    ui::OverlayInfo::LegendSection field{s.legendField, {}};
    for (int i = 0; i < 6; ++i) field.rows.push_back({s.pm25Bands[i], scene::pm25BandRgb(bandValues[i])});
    out.push_back(std::move(field));
  }
  if (visible.sensors) {
    ui::OverlayInfo::LegendSection rings{s.legendSensors, {}};
    for (int i = 0; i < 6; ++i) rings.rows.push_back({s.pm25Bands[i], scene::pm25BandRgb(bandValues[i])});
    for (int i = 0; i < 3; ++i) rings.rows.push_back({s.sensorLevels[i], scene::sensorLevelRgb(live::AlarmLevel(i))});
    out.push_back(std::move(rings));
  }
  if (regions_ && visible.regions) {
    ui::OverlayInfo::LegendSection classes{s.legendRegions, {}};
    for (const auto& e : regions_->legend()) classes.rows.push_back({e.label, e.rgb});
    out.push_back(std::move(classes));
  }
  return out;
}

std::vector<ui::OverlayInfo::Label> LiveLayers::sensorLabels(const scene::FrameView& view, const LiveSession& live,
                                                             double width, double height, ui::Language language) const {
  std::vector<ui::OverlayInfo::Label> out;
  if (!visible.sensors || view.cameraDistance > sensorLabelDistance_) return out;
  const auto& sensors = live.store().sensors().all();
  for (size_t i = 0; i < sensors.size() && i < sensors_.instances().size(); ++i) {
    const auto& inst = sensors_.instances()[i];
    if (inst.size <= 0 || sensors[i].metrics.empty()) continue;
    const auto at =
        scene::projectToPixel(view.camera, glm::dvec3(inst.position[0], inst.position[1], inst.position[2]), width, height);
    if (!at) continue;
    const float x = float(at->x), y = float(at->y) - 52 * view.uiScale;  // above the ring
    if (x < 0 || y < 0 || x > width || y > height) continue;
    const auto& m = sensors[i].metrics.front();
    out.push_back({x, y, ui::metricText(m.metric, m.latest, language)});
  }
  return out;
}

std::optional<std::string> LiveLayers::regionAt(glm::dvec2 enu, ui::Language language) const {
  if (!regions_ || !visible.regions) return std::nullopt;
  const auto r = regions_->regions().find(enu);
  if (!r) return std::nullopt;
  char text[256];
  std::snprintf(text, sizeof text, ui::strings(language).hoverRegion, regions_->regions().regions[*r].name.c_str(),
                regions_->values()[*r]);
  return text;
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
    const auto at = scene::projectToPixel(view.camera, set.regions[r].label, width, height);
    if (!at) continue;
    const float x = float(at->x), y = float(at->y);
    if (x < 0 || y < 0 || x > width || y > height) continue;
    out.push_back({x, y, set.regions[r].name + "  " + std::to_string(regions_->values()[r])});
  }
  return out;
}

void LiveLayers::update(LiveSession& live, live::TimeMs now) {
  markers_.update(live.store().cases(), now);
  clusters_.update(live.store().cases(), markers_);
  heat_.update(live.store().cases(), now);
  sensors_.update(live.store().sensors());
  field_.updateFromSensors(live.store().sensors());
  if (regions_) regions_->update(live.store().cases(), now);
}

void LiveLayers::attach(scene::FrameView& view, live::TimeMs now, float observedHeatMax, double seconds,
                        double viewportHeight) {
  const double metresPerPixel =
      2 * view.cameraDistance * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / std::max(1.0, viewportHeight);
  clusters_.setView(metresPerPixel / std::max(0.25f, view.uiScale));
  if (!visible.markers) {
    view.markers = {};
  } else if (clustering_ && clusters_.level() >= 0) view.markers = {&clusters_.instances(), &clusters_.changed(), markers_.origin()};
  else view.markers = {&markers_.instances(), &markers_.changed(), markers_.origin()};
  view.sensors = {&sensors_.instances(), &sensors_.changed(), sensors_.origin()};
  if (!visible.sensors) view.sensors = {};
  if (regions_ && visible.regions) view.regions = &*regions_;
  // The renderer's maximum is the case density's only while that is drawn.
  const float heatMax = visible.heat && !visible.sensorField ? domain_.update(heat_.style(), observedHeatMax, seconds)
                                                             : domain_.value();
  if (visible.sensorField) view.heat = {&field_, 0, field_.style().fixedMax.value_or(250)};
  else if (visible.heat) view.heat = {&heat_, heat_.clockSeconds(now), heatMax};
  else view.heat = {};
}

}  // namespace citywall::app
