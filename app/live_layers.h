#pragma once
// LiveLayers: the layers built from the live store each frame (case markers,
// the case heatmap), and how they go into a FrameView. One change list from
// the store feeds both, so each layer touches only what changed.

#include "app/layer_styles.h"
#include "app/live_session.h"
#include "ui/overlay.h"
#include "scene/frame_view.h"
#include "scene/layers/case_clusters.h"
#include "scene/layers/sensor_markers.h"

namespace citywall::app {

class LiveLayers {
 public:
  /// `epoch`: the heat layer's time origin (the clock at start).
  /// The heatmap covers the city's box plus a margin (or 5 km around the
  /// origin for an empty city).
  /// `regions` (may be null) must outlive the layers.
  LiveLayers(const scene::CityModel& city, const scene::RegionSet* regions = nullptr,
             scene::RegionMetric metric = scene::RegionMetric::open, const LayerStyles& styles = {},
             live::TimeMs epoch = wallClockNow());

  /// After LiveSession::pump: brings the layers up to date with the store.
  void update(LiveSession& live, live::TimeMs now);
  /// Puts the layers into a frame; `observedHeatMax` is the renderer's last
  /// maximum (Renderer::heatMax) and `seconds` the time since the last frame.
  /// `viewportHeight` in pixels decides the clustering level.
  void attach(scene::FrameView& view, live::TimeMs now, float observedHeatMax, double seconds, double viewportHeight);

  const scene::CaseMarkerLayer& markers() const { return markers_; }
  const scene::SensorMarkerLayer& sensors() const { return sensors_; }
  bool hasRegions() const { return regions_.has_value(); }
  /// Selects a case (highlighted with a halo), or none.
  void selectCase(std::optional<uint32_t> slot) { markers_.select(slot); }
  /// Selects a sensor (its ring gets the halo), or none.
  void selectSensor(std::optional<uint32_t> slot) { sensors_.select(slot); }
  const scene::CaseClusterLayer& clusters() const { return clusters_; }
  const scene::HeatLayer& heat() const { return heat_; }

 private:
  scene::CaseMarkerLayer markers_;
  scene::CaseClusterLayer clusters_;
  scene::SensorMarkerLayer sensors_;
  scene::HeatLayer heat_;
  scene::HeatLayer field_;
  scene::HeatDomain domain_;
  std::optional<scene::RegionLayer> regions_;
  bool clustering_ = true;
  double sensorLabelDistance_ = 3000;

 public:
  /// Layer switches (keys M, H, G, S in the window).
  struct Visibility {
    bool markers = true, heat = true, regions = true, sensors = true;
    bool sensorField = false;  ///< the heat layer shows the PM2.5 field between sensors instead of cases
  };
  Visibility visible;
  /// The legend of the visible layers, in the UI language.
  std::vector<ui::OverlayInfo::LegendSection> legend(ui::Language language) const;
  /// Sensor readings as labels when the camera is close (< 3 km).
  std::vector<ui::OverlayInfo::Label> sensorLabels(const scene::FrameView& view, const LiveSession& live, double width,
                                                   double height, ui::Language language = ui::Language::zh) const;
  /// "Name  open N" for the region under an ENU ground point, if any.
  std::optional<std::string> regionAt(glm::dvec2 enu, ui::Language language) const;
  /// Every region name (the font needs their glyphs).
  std::string regionNames() const;
  /// Region labels ("name value") projected for the overlay.
  std::vector<ui::OverlayInfo::Label> regionLabels(const scene::FrameView& view, double width, double height) const;
};

}  // namespace citywall::app
