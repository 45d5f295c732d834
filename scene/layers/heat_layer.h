#pragma once
// HeatLayer: kernel density of cases, computed on the GPU over a grid laid
// on the ground in metres (so the radius means the same at every zoom).
// This file holds the layer's properties (filter, weights, decay, radius,
// ramp, colour domain) and builds its points from the store incrementally;
// the renderer's heatmap pass bins, blurs and drapes them.

#include <array>
#include <limits>
#include <utility>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "live/case_store.h"
#include "live/sensor_store.h"
#include "scene/city_model.h"
#include "scene/draw_types.h"
#include "scene/frame_view.h"

namespace citywall::scene {

struct HeatStyle {
  double radiusMetres = 250;  ///< the kernel's σ is a third of this; it is cut at 4σ
  double cellMetres = 10;     ///< grid resolution
  std::array<float, 4> priorityWeight = {4, 2, 1, 0.5f};  ///< priority 1…4
  std::optional<double> decayMinutes;  ///< e-folding time of exponential decay against the clock; none: no decay
  std::set<std::string> categories;    ///< empty: all
  std::set<live::CaseStatus> statuses = {live::CaseStatus::reported, live::CaseStatus::filed, live::CaseStatus::dispatched,
                                         live::CaseStatus::inProgress};  ///< default: open work
  std::optional<live::TimeMs> windowMs;  ///< only cases reported within this long before the clock (applied on the GPU)
  HeatRamp ramp = HeatRamp::command;
  float opacity = 0.85f;
  std::optional<float> fixedMax;  ///< colour domain: fixed density for the top of the ramp, or auto (smoothed)
  float autoSmoothingSeconds = 5;  ///< auto domain: time constant of its smoothing
  bool visible = true;
  HeatMode mode = HeatMode::density;
  std::string fieldMetric = "pm25";  ///< field mode: the metric interpolated
  double fieldReachMetres = 5000;    ///< field mode: fades out this far from the nearest sensor
};

class HeatLayer {
 public:
  /// Covers `extent` (ENU metres, min/max) with cells of style.cellMetres,
  /// at most 2048 a side (the cells grow when the extent is larger).
  HeatLayer(const geo::GeoFrame& frame, glm::dvec2 extentMin, glm::dvec2 extentMax, HeatStyle style = {}, live::TimeMs epoch = 0);

  /// Rebuilds the points of cases changed since the last update (the
  /// store's change log). A filter change rebuilds everything.
  void update(const live::CaseStore& store, live::TimeMs now);
  void setStyle(const HeatStyle& style);
  /// Field mode: one point per sensor, weighted by its latest reading of
  /// style().fieldMetric (0 = no reading: ignored).
  void updateFromSensors(const live::SensorStore& store);

  const std::vector<HeatPoint>& points() const { return points_; }
  const std::vector<uint32_t>& changed() const { return changedPoints_; }
  const HeatGrid& grid() const { return grid_; }
  const HeatStyle& style() const { return style_; }
  const GroundMesh& drape() const { return drape_; }
  /// Seconds of `now` relative to the layer's epoch (what the decay is measured against).
  float clockSeconds(live::TimeMs now) const { return float(double(now - epoch_) / 1000.0); }
  /// Kernel σ in cells.
  float sigmaCells() const { return float(style_.radiusMetres / 3.0 / grid_.cell); }

  HeatPoint pointFor(const live::CaseRecord& c, live::TimeMs now) const;
  /// Where the density can be above zero (grid-relative metres, as the
  /// points): the weighted points' box and the kernel's reach (in field
  /// mode the fade's) around it; lo > hi when no point weighs. It only
  /// grows between full rebuilds, so it may be larger than it needs to be,
  /// never smaller.
  std::pair<glm::vec2, glm::vec2> reach() const;
  /// What the renderer needs of this layer for one frame.
  HeatFrame frame(float clockSeconds, float domainMax) const;

 private:
  geo::GeoFrame frame_;
  HeatStyle style_;
  HeatGrid grid_;
  GroundMesh drape_;
  live::TimeMs epoch_;
  std::vector<HeatPoint> points_;
  glm::vec2 weighedLo_{std::numeric_limits<float>::max()}, weighedHi_{-std::numeric_limits<float>::max()};  // the weighted points' box
  void weigh(const HeatPoint& p);
  void forgetWeighed() { weighedLo_ = glm::vec2(std::numeric_limits<float>::max()), weighedHi_ = -weighedLo_; }
  std::vector<uint32_t> changedPoints_;
  bool rebuild_ = true;
  uint64_t storeVersion_ = 0;      // the store's change log, read up to here
  std::vector<uint32_t> scratch_;  // slots changed since then
};

/// The colour domain's top: fixed, or following the density's maximum with
/// exponential smoothing, so the same density keeps the same colour across
/// pans, screens and time instead of the ramp rescaling every frame.
class HeatDomain {
 public:
  /// `observedMax`: the largest density of the last finished frame; `seconds` since the last call.
  float update(const HeatStyle& style, float observedMax, double seconds);
  float value() const { return value_; }

 private:
  float value_ = 0;
};

/// Double-precision reference of the field mode: at each cell centre,
/// Σ vᵢ/dᵢ² ÷ Σ 1/dᵢ² over the points with a reading (d² + one cell² to stay finite).
std::vector<double> referenceField(const std::vector<HeatPoint>& points, const HeatGrid& grid);

/// Double-precision reference of what the GPU computes: the density at each
/// cell centre, Σ weight · exp(−d² / 2σ²) with decay applied at `clock`
/// seconds. For tests.
std::vector<double> referenceDensity(const std::vector<HeatPoint>& points, const HeatGrid& grid, double sigmaMetres,
                                     std::optional<double> decayMinutes, float clockSeconds,
                                     std::optional<double> windowSeconds = std::nullopt);

}  // namespace citywall::scene
