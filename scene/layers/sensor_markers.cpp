#include "scene/layers/sensor_markers.h"
#include "scene/color.h"

#include <algorithm>

namespace citywall::scene {

uint32_t sensorLevelRgb(live::AlarmLevel level) {
  return level == live::AlarmLevel::alarm ? 0xff2d2d : level == live::AlarmLevel::warn ? 0xffb020 : 0x3ddc97;
}

uint32_t pm25BandRgb(double v) {
  if (v <= 35) return 0x00e400;   // 优 excellent
  if (v <= 75) return 0xffff00;   // 良 good
  if (v <= 115) return 0xff7e00;  // 轻度污染 light
  if (v <= 150) return 0xff0000;  // 中度污染 moderate
  if (v <= 250) return 0x99004c;  // 重度污染 heavy
  return 0x7e0023;                // 严重污染 severe
}

MarkerInstance SensorMarkerLayer::instanceFor(const live::SensorRecord& s) const {
  MarkerInstance m{};
  if (!s.registered) return m;  // no position yet: nothing to draw (size 0)
  const glm::dvec3 p = frame_.toLocal({s.position.lon, s.position.lat, 2.0});
  m.position[0] = float(p.x), m.position[1] = float(p.y), m.position[2] = float(p.z);
  uint32_t rgb = 0x4dd0e1;  // no reading yet: cyan
  const auto pm25 = std::find_if(s.metrics.begin(), s.metrics.end(), [](const auto& x) { return x.metric == "pm25"; });
  if (pm25 != s.metrics.end() && pm25->latestTime) {
    rgb = pm25BandRgb(pm25->latest);
  } else if (!s.metrics.empty()) {
    rgb = sensorLevelRgb(s.level);
  }
  m.color = packRgba(rgb, 1.0f);
  m.size = 22;
  m.flags = kMarkerRingShape;
  if (s.level == live::AlarmLevel::alarm) m.flags |= kMarkerBlink;
  return m;
}

void SensorMarkerLayer::select(std::optional<uint32_t> slot) {
  if (slot == selected_) return;
  if (selected_) reselect_.push_back(*selected_);
  selected_ = slot;
  if (selected_) reselect_.push_back(*selected_);
}

void SensorMarkerLayer::update(const live::SensorStore& store) {
  changed_.clear();
  storeVersion_ = store.changes().changesSince(storeVersion_, changed_);
  const auto& sensors = store.all();
  for (uint32_t slot : reselect_)
    if (slot < sensors.size()) changed_.push_back(slot);
  reselect_.clear();
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  if (instances_.size() < sensors.size()) instances_.resize(sensors.size());
  for (uint32_t slot : changed_) {
    instances_[slot] = instanceFor(sensors[slot]);
    if (selected_ == slot) instances_[slot].flags |= kMarkerSelected;
  }
}

}  // namespace citywall::scene
