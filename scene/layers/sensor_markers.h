#pragma once
// SensorMarkerLayer: one ring glyph per registered sensor, coloured by its
// reading — the Chinese AQI bands for PM2.5 (GB 3095-2012 / HJ 633-2012
// breakpoints: 35, 75, 115, 150, 250 µg/m³), otherwise its threshold level —
// blinking while in alarm. Drawn by the same instanced marker pass as cases;
// updated only for sensors that changed.

#include <optional>
#include <vector>

#include "live/sensor_store.h"
#include "geo/geo_frame.h"
#include "scene/layers/case_markers.h"

namespace citywall::scene {

constexpr uint32_t kMarkerBlink = 1u << 11;  ///< blinks (sensor in alarm)
constexpr uint32_t kMarkerRingShape = 8;     ///< shape id of the sensor ring

/// sRGB of PM2.5 (µg/m³, 24-hour) in the Chinese AQI bands: 优 良 轻度 中度 重度 严重.
uint32_t pm25BandRgb(double value);
/// sRGB of a sensor without PM2.5, by its threshold level.
uint32_t sensorLevelRgb(live::AlarmLevel level);

class SensorMarkerLayer {
 public:
  explicit SensorMarkerLayer(const geo::GeoFrame& frame) : frame_(frame) {}
  void update(const live::SensorStore& store);

  const std::vector<MarkerInstance>& instances() const { return instances_; }
  const std::vector<uint32_t>& changed() const { return changed_; }
  /// What the renderer needs of this layer for one frame.
  MarkerFrame frame() const { return {instances_, changed_, origin(), &instances_}; }
  glm::dvec3 origin() const { return glm::dvec3(0.0); }
  MarkerInstance instanceFor(const live::SensorRecord& s) const;
  /// Marks one sensor as selected (the marker pass's halo), or none; applied at the next update().
  void select(std::optional<uint32_t> slot);

 private:
  std::optional<uint32_t> selected_;
  std::vector<uint32_t> reselect_;
  geo::GeoFrame frame_;
  std::vector<MarkerInstance> instances_;
  std::vector<uint32_t> changed_;
  uint64_t storeVersion_ = 0;  // the store's change log, read up to here
};

}  // namespace citywall::scene
