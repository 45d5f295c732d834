#pragma once
// CaseClusterLayer: far away, nearby case markers merge into clusters that
// show how many cases they hold and the worst status among them; zooming in
// splits them. Clusters are cells of a fixed world grid per level (cell
// sizes doubling from `baseCell`), so membership depends only on the level,
// never on where the camera is: panning cannot make clusters flicker or jump.
// The level follows the zoom with hysteresis. Counts per cell are kept for
// every level and updated incrementally as cases change.

#include <array>
#include <optional>
#include <unordered_map>
#include <vector>

#include "scene/layers/case_markers.h"

namespace citywall::scene {

constexpr uint32_t kMarkerClusterShape = 9;  ///< flags bits 16–31 hold the count

class CaseClusterLayer {
 public:
  explicit CaseClusterLayer(double baseCellMetres = 40, int levels = 10, double clusterPixels = 64);

  /// After CaseMarkerLayer::update: moves the cases it changed between cells.
  void update(const live::CaseStore& store, const CaseMarkerLayer& markers);
  /// Picks the level for `metresPerPixel` at the view's centre (with
  /// hysteresis); a new level rebuilds the visible instances.
  void setView(double metresPerPixel);

  /// -1 when markers are far enough apart to be drawn one by one.
  int level() const { return level_; }
  /// Clusters and lone cases at the current level (empty when level() < 0).
  const std::vector<MarkerInstance>& instances() const { return instances_; }
  const std::vector<uint32_t>& changed() const { return changed_; }
  /// What the renderer needs of this layer for one frame (positions relative to `origin`).
  MarkerFrame frame(glm::dvec3 origin) const { return {instances_, changed_, origin, &instances_}; }
  /// The cell (key) a case lies in at a level; for tests and picking.
  uint64_t cellOf(uint32_t caseSlot, int level) const;
  double cellMetres(int level) const { return base_ * double(1u << level); }
  /// Cases counted in a cell at the current level (0 when none).
  uint32_t countAt(uint64_t cell) const;
  /// The case an instance stands for when it is a lone case, not a cluster.
  std::optional<uint32_t> loneCase(uint32_t instance) const;

 private:
  struct Cell {
    uint32_t count = 0;
    uint64_t slotSum = 0;  // with count == 1, the lone member's slot
    std::array<uint32_t, live::kCaseStatusCount> byStatus{};
    double sx = 0, sy = 0, sz = 0;
    uint32_t instance = UINT32_MAX;  // slot in instances_ at the current level
  };
  struct Member {
    float x = 0, y = 0, z = 0;
    live::CaseStatus status = live::CaseStatus::reported;
    bool present = false;
  };
  uint64_t key(float x, float y, int level) const;
  void add(uint32_t slot, const Member& m, int sign);
  void refresh(uint64_t cellKey);
  void rebuild();
  MarkerInstance instanceOf(const Cell& cell) const;

  double base_, clusterPixels_;
  int levels_;
  int level_ = -1;
  std::vector<std::unordered_map<uint64_t, Cell>> cells_;  // per level
  std::vector<Member> members_;
  const CaseMarkerLayer* markers_ = nullptr;
  std::vector<MarkerInstance> instances_;
  std::vector<uint32_t> changed_;
  std::vector<uint32_t> freeSlots_;
  std::vector<uint32_t> loneCase_;  // per instance: the case slot when it holds one case, else UINT32_MAX
};

}  // namespace citywall::scene
