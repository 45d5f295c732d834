#pragma once
// CaseMarkerLayer: one GPU instance per case, built from the live store and
// updated incrementally (only cases that changed since the last frame are
// touched). Properties (colours by status, sizes by priority, shapes by
// category) are data the user may restyle; the renderer's marker pass draws
// the instances in one instanced call (MapLibre's layer split: properties
// here, GPU resources in renderer/, per-frame uniforms in the pass).

#include <array>
#include <cstdint>
#include <optional>
#include <glm/vec3.hpp>
#include <string>
#include <vector>

#include "live/case_store.h"
#include "geo/geo_frame.h"
#include "scene/draw_types.h"
#include "scene/frame_view.h"

namespace citywall::scene {

struct CaseMarkerStyle {
  /// sRGB per status, in live::CaseStatus order.
  std::array<uint32_t, live::kCaseStatusCount> statusRgb = {
      0xff4d4f,  // reported: red
      0xff8c3a,  // filed: orange
      0xffd23f,  // dispatched: yellow
      0x3fa9ff,  // in progress: blue
      0x3ddc97,  // resolved: green
      0x2ec4b6,  // verified: teal
      0x7f8ea3,  // closed: grey
      0x566270,  // cancelled: dark grey
  };
  std::array<float, 4> sizeByPriority = {30, 24, 20, 17};  ///< pixels, priority 1…4
  float closedScale = 0.6f;            ///< closed and cancelled cases shrink and fade
  live::TimeMs newFor = 10 * live::kMinute;  ///< "new" (pulsing) for this long after the report
  /// Category prefix → shape; the longest matching prefix wins, else a circle.
  std::vector<std::pair<std::string, MarkerShape>> shapes = {
      {"city", MarkerShape::square},     {"city.sanitation", MarkerShape::hexagon}, {"env", MarkerShape::diamond},
      {"traffic", MarkerShape::triangle}, {"water", MarkerShape::drop},           {"safety", MarkerShape::star},
      {"safety.manhole_cover", MarkerShape::cross}};
  /// Closed and cancelled cases: a wall shows the open work, so off by default.
  bool showClosed = false;
  /// Colour by category instead of status (the longest matching prefix of
  /// categoryRgb; status colours for categories it does not name).
  bool colorByCategory = false;
  std::vector<std::pair<std::string, uint32_t>> categoryRgb;
};

class CaseMarkerLayer {
 public:
  CaseMarkerLayer(const geo::GeoFrame& frame, CaseMarkerStyle style = {}) : frame_(frame), style_(std::move(style)) {}

  /// Brings the instances up to date with the store; only changed cases are
  /// rebuilt. `now` decides which cases are still "new".
  void update(const live::CaseStore& store, live::TimeMs now);

  const std::vector<MarkerInstance>& instances() const { return instances_; }
  /// Instances rebuilt by the last update() (indices into instances()).
  const std::vector<uint32_t>& changed() const { return changed_; }
  /// ENU origin the instance positions are relative to.
  glm::dvec3 origin() const { return glm::dvec3(0.0); }
  /// What the renderer needs of this layer for one frame.
  MarkerFrame frame() const { return {instances_, changed_, origin(), &instances_}; }

  MarkerInstance instanceFor(const live::CaseRecord& c, live::TimeMs now) const;
  /// Marks one case as selected (a white halo), or none; applied at the next update().
  void select(std::optional<uint32_t> caseSlot);
  std::optional<uint32_t> selected() const { return selected_; }
  MarkerShape shapeFor(const std::string& category) const;
  const CaseMarkerStyle& style() const { return style_; }

 private:
  geo::GeoFrame frame_;
  CaseMarkerStyle style_;
  std::vector<MarkerInstance> instances_;
  std::vector<uint32_t> changed_;
  std::vector<std::pair<live::TimeMs, uint32_t>> fresh_;  // (reported, slot) of cases still flagged new
  std::optional<uint32_t> selected_;
  uint64_t storeVersion_ = 0;  // the store's change log, read up to here
  std::vector<uint32_t> reselect_;  // slots whose selection changed since the last update
};

}  // namespace citywall::scene
