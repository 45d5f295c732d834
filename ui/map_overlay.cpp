#include "ui/map_overlay.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "scene/layers/heat_ramps.h"

namespace citywall::ui {

std::string featureLayerName(const scene::FeatureLayerStyle& layer, Language language) {
  return language == Language::en && !layer.nameEn.empty() ? layer.nameEn : layer.name;
}

std::vector<OverlayInfo::LegendSection> layerLegend(const scene::Scene& scene, Language language) {
  const scene::LayerVisibility& visible = scene.visible;
  const Strings& s = strings(language);
  std::vector<OverlayInfo::LegendSection> out;
  if (visible.markers) {
    OverlayInfo::LegendSection status{s.legendStatus, {}};
    const scene::CaseMarkerStyle& style = scene.markers().style();
    for (size_t i = 0; i < 6; ++i) status.rows.push_back({s.statuses[i], style.statusRgb[i]});  // the open steps
    out.push_back(std::move(status));
  }
  if (visible.heat && !visible.sensorField) {  // the case heat ramp, low → high
    OverlayInfo::LegendSection heat{s.legendHeat, {}, true};
    for (int i = 0; i <= 8; ++i)
      heat.rows.push_back({i == 0 ? s.low : i == 8 ? s.high : "", scene::heatRampRgb(scene.heat().style().ramp, float(i) / 8)});
    out.push_back(std::move(heat));
  }
  const double bandValues[6] = {20, 50, 100, 130, 200, 300};  // one value inside each PM2.5 band
  if (visible.sensorField) {
    OverlayInfo::LegendSection field{s.legendField, {}};
    for (int i = 0; i < 6; ++i) field.rows.push_back({s.pm25Bands[i], scene::pm25BandRgb(bandValues[i])});
    out.push_back(std::move(field));
  }
  if (visible.sensors) {
    OverlayInfo::LegendSection rings{s.legendSensors, {}};
    for (int i = 0; i < 6; ++i) rings.rows.push_back({s.pm25Bands[i], scene::pm25BandRgb(bandValues[i])});
    for (int i = 0; i < 3; ++i) rings.rows.push_back({s.sensorLevels[i], scene::sensorLevelRgb(live::AlarmLevel(i))});
    out.push_back(std::move(rings));
  }
  if (scene.regions() && visible.regions) {
    OverlayInfo::LegendSection classes{s.legendRegions, {}};
    for (const auto& e : scene.regions()->legend()) classes.rows.push_back({e.label, e.rgb});
    out.push_back(std::move(classes));
  }
  const scene::FeatureLayers& features = scene.features();
  OverlayInfo::LegendSection governance{s.legendFeatures, {}, false, true};
  for (uint32_t i = 0; i < features.size(); ++i)
    if (features.visible(i)) governance.rows.push_back({featureLayerName(features.set().layers[i], language), features.set().layers[i].rgb});
  if (!governance.rows.empty()) out.push_back(std::move(governance));
  return out;
}


std::vector<OverlayInfo::Label> sensorLabels(const scene::Scene& scene, const scene::FrameView& view,
                                             const live::Store& store, double width, double height, Language language) {
  std::vector<OverlayInfo::Label> out;
  if (!scene.visible.sensors || view.cameraDistance > scene.sensorLabelDistance()) return out;
  const auto& sensors = store.sensors().all();
  for (size_t i = 0; i < sensors.size() && i < scene.sensors().instances().size(); ++i) {
    const auto& inst = scene.sensors().instances()[i];
    if (inst.size <= 0 || sensors[i].metrics.empty()) continue;
    const auto at =
        scene::projectToPixel(view.camera, glm::dvec3(inst.position[0], inst.position[1], inst.position[2]), width, height);
    if (!at) continue;
    const float x = float(at->x), y = float(at->y) - 52 * view.uiScale;  // above the ring
    if (x < 0 || y < 0 || x > width || y > height) continue;
    const auto& m = sensors[i].metrics.front();
    out.push_back({x, y, metricText(m.metric, m.latest, language)});
  }
  return out;
}


std::vector<OverlayInfo::Label> markLabels(const scene::Scene& scene, const scene::FrameView& view, double width, double height,
                                           Language language) {
  std::vector<OverlayInfo::Label> out;
  const geo::GeoFrame& frame = scene.city().frame;
  for (const scene::AreaMark& mark : scene.marks()) {
    const glm::dvec3 c = frame.toLocal({mark.lon, mark.lat, 0});
    std::optional<glm::dvec2> lowest;
    constexpr int kSamples = 48;
    for (int k = 0; k < kSamples; ++k) {
      const double a = 2 * M_PI * k / kSamples, x = c.x + mark.radius * std::cos(a), y = c.y + mark.radius * std::sin(a);
      const auto at = scene::projectToPixel(view.camera, {x, y, frame.surfaceZ(x, y)}, width, height);
      if (at && at->x >= 0 && at->x <= width && at->y >= 0 && at->y <= height && (!lowest || at->y > lowest->y)) lowest = *at;
    }
    if (!lowest) continue;  // none of its ring in view
    char text[300];
    const std::string name = mark.id.substr(0, 200);
    if (mark.radius >= 1000) std::snprintf(text, sizeof text, strings(language).markLabelKm, name.c_str(), mark.radius / 1000);
    else std::snprintf(text, sizeof text, strings(language).markLabelMetres, name.c_str(), mark.radius);
    OverlayInfo::Label label{float(lowest->x), float(std::min(lowest->y + 14.0 * view.uiScale, height - 10.0 * view.uiScale)), text};
    label.rgb = mark.rgba >> 8;
    out.push_back(std::move(label));
  }
  return out;
}

std::vector<OverlayInfo::Label> regionLabels(const scene::Scene& scene, const scene::FrameView& view, double width,
                                             double height) {
  std::vector<OverlayInfo::Label> out;
  const scene::RegionLayer* regions = scene.regions();
  if (!regions) return out;
  const auto& set = regions->regions();
  for (size_t r = 0; r < set.regions.size(); ++r) {
    const auto at = scene::projectToPixel(view.camera, set.regions[r].label, width, height);
    if (!at) continue;
    const float x = float(at->x), y = float(at->y);
    if (x < 0 || y < 0 || x > width || y > height) continue;
    out.push_back({x, y, set.regions[r].name + "  " + std::to_string(regions->values()[r])});
  }
  return out;
}


std::optional<std::string> regionAt(const scene::Scene& scene, glm::dvec2 enu, Language language) {
  const scene::RegionLayer* regions = scene.regions();
  if (!regions || !scene.visible.regions) return std::nullopt;
  const auto r = regions->regions().find(enu);
  if (!r) return std::nullopt;
  char text[256];
  std::snprintf(text, sizeof text, strings(language).hoverRegion, regions->regions().regions[*r].name.c_str(),
                regions->values()[*r]);
  return text;
}


void appendPropertyLines(std::vector<std::string>& out, const std::vector<std::pair<std::string, std::string>>& properties) {
  size_t shown = 0;
  for (const auto& [k, v] : properties) {
    if (v.empty()) continue;
    if (++shown > 16) {
      out.push_back("    …");
      break;
    }
    out.push_back("    " + k + "  " + v);
  }
}

std::vector<std::string> describeSelection(const scene::Scene& scene, const live::Store& store, Language language) {
  const scene::Selection& selected = scene.selection();
  const scene::CityModel& city = scene.city();
  const Strings& s = strings(language);
  std::vector<std::string> out;
  char buf[512];
  if (selected.caseSlot && *selected.caseSlot < store.cases().all().size() && !store.cases().all()[*selected.caseSlot].evicted) {
    const auto& c = store.cases().all()[*selected.caseSlot];
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
  if (selected.sensorSlot && *selected.sensorSlot < store.sensors().all().size()) {
    const auto& sensor = store.sensors().all()[*selected.sensorSlot];
    std::snprintf(buf, sizeof buf, s.selectedSensor, sensor.id.c_str(), sensor.kind.c_str(),
                  std::string(live::toString(sensor.level)).c_str());
    out.push_back(buf);
    for (const auto& m : sensor.metrics) {
      std::snprintf(buf, sizeof buf, "    %s  %.1f", m.metric.c_str(), m.latest);
      out.push_back(buf);
    }
  }
  if (selected.feature && *selected.feature < city.features.features.size()) {
    // A governance feature's card: its layer and label, then what the file says of it.
    const scene::Feature& f = city.features.features[*selected.feature];
    std::snprintf(buf, sizeof buf, s.selectedFeature, featureLayerName(city.features.layers[f.layer], language).c_str(),
                  f.label.empty() ? "-" : f.label.c_str());
    out.push_back(buf);
    appendPropertyLines(out, f.properties);
  }
  if (selected.tilePoint) {
    // A point of a point cloud: where it is, then its row of the cloud's table.
    const scene::TilePoint& p = *selected.tilePoint;
    std::snprintf(buf, sizeof buf, s.selectedTilePoint, std::filesystem::path(p.source).filename().string().c_str(), p.index,
                  p.where.z);
    out.push_back(buf);
    appendPropertyLines(out, p.properties);
  }
  if (selected.building && *selected.building < city.buildings.size()) {
    const auto& b = city.buildings[*selected.building];
    std::snprintf(buf, sizeof buf, s.selectedBuilding, (long long)b.id, b.name.empty() ? "-" : b.name.c_str(), b.height);
    out.push_back(buf);
  }
  return out;
}


std::vector<std::string> liveLines(const live::Store& store, const std::vector<FeedLine>& feeds, Language language) {
  if (feeds.empty()) return {};
  const Strings& s = strings(language);
  const auto& cases = store.cases();
  const auto& sensors = store.sensors();
  char buf[256];
  std::vector<std::string> lines;
  std::snprintf(buf, sizeof buf, s.cases, cases.countedCases(), cases.open(), cases.overdue(), cases.closedToday());
  lines.push_back(buf);
  std::snprintf(buf, sizeof buf, s.sensors, sensors.all().size(), sensors.alarmsActive(), sensors.warningsActive());
  lines.push_back(buf);
  for (const auto& f : feeds) {
    std::snprintf(buf, sizeof buf, s.feed, s.feedStates[f.state], (unsigned long long)f.events, (unsigned long long)f.rejected);
    lines.push_back(buf);
  }
  return lines;
}

}  // namespace citywall::ui
