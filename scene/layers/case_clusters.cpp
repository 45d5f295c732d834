#include "scene/layers/case_clusters.h"

#include <algorithm>
#include <cmath>

namespace citywall::scene {

CaseClusterLayer::CaseClusterLayer(double baseCellMetres, int levels, double clusterPixels)
    : base_(baseCellMetres), clusterPixels_(clusterPixels), levels_(levels), cells_(size_t(levels)) {}

uint64_t CaseClusterLayer::key(float x, float y, int level) const {
  const double s = cellMetres(level);
  const int64_t cx = int64_t(std::floor(x / s)), cy = int64_t(std::floor(y / s));
  return (uint64_t(uint32_t(int32_t(cx))) << 32) | uint32_t(int32_t(cy));
}

uint64_t CaseClusterLayer::cellOf(uint32_t slot, int level) const {
  return key(members_.at(slot).x, members_.at(slot).y, level);
}

uint32_t CaseClusterLayer::countAt(uint64_t cell) const {
  if (level_ < 0) return 0;
  auto it = cells_[size_t(level_)].find(cell);
  return it == cells_[size_t(level_)].end() ? 0 : it->second.count;
}

void CaseClusterLayer::add(uint32_t slot, const Member& m, int sign) {
  for (int l = 0; l < levels_; ++l) {
    const uint64_t k = key(m.x, m.y, l);
    Cell& c = cells_[size_t(l)][k];
    c.count += uint32_t(sign);
    c.slotSum += uint64_t(int64_t(sign) * int64_t(slot));
    c.byStatus[size_t(m.status)] += uint32_t(sign);
    c.sx += sign * double(m.x), c.sy += sign * double(m.y), c.sz += sign * double(m.z);
    if (l == level_) refresh(k);
  }
}

MarkerInstance CaseClusterLayer::instanceOf(const Cell& c) const {
  if (c.count == 0) return MarkerInstance{};
  if (c.count == 1) return markers_->instances()[size_t(c.slotSum)];
  MarkerInstance m{};
  m.position[0] = float(c.sx / c.count), m.position[1] = float(c.sy / c.count), m.position[2] = float(c.sz / c.count);
  // The worst status inside sets the colour: the earliest step of the loop.
  size_t worst = 0;
  while (worst + 1 < c.byStatus.size() && !c.byStatus[worst]) ++worst;
  const CaseMarkerStyle style;
  const uint32_t rgb = style.statusRgb[worst];
  m.color = ((rgb >> 16) & 255) | (((rgb >> 8) & 255) << 8) | ((rgb & 255) << 16) | (255u << 24);
  m.size = float(std::min(50.0, 24 + 5 * std::log2(double(c.count))));  // stays inside its cell on screen
  m.flags = kMarkerClusterShape | (std::min<uint32_t>(c.count, 65535u) << 16);
  return m;
}

void CaseClusterLayer::refresh(uint64_t cellKey) {
  auto& level = cells_[size_t(level_)];
  auto it = level.find(cellKey);
  if (it == level.end()) return;
  Cell& c = it->second;
  if (c.instance == UINT32_MAX) {
    if (!c.count) return;
    if (!freeSlots_.empty()) c.instance = freeSlots_.back(), freeSlots_.pop_back();
    else c.instance = uint32_t(instances_.size()), instances_.emplace_back();
  }
  instances_[c.instance] = instanceOf(c);
  if (loneCase_.size() < instances_.size()) loneCase_.resize(instances_.size(), UINT32_MAX);
  loneCase_[c.instance] = c.count == 1 ? uint32_t(c.slotSum) : UINT32_MAX;
  changed_.push_back(c.instance);
  if (!c.count) {
    freeSlots_.push_back(c.instance);
    c.instance = UINT32_MAX;
    level.erase(it);
  }
}

std::optional<uint32_t> CaseClusterLayer::loneCase(uint32_t instance) const {
  if (instance >= loneCase_.size() || loneCase_[instance] == UINT32_MAX) return std::nullopt;
  return loneCase_[instance];
}

void CaseClusterLayer::rebuild() {
  instances_.clear();
  loneCase_.clear();
  freeSlots_.clear();
  changed_.clear();
  if (level_ < 0) return;
  for (auto& [k, c] : cells_[size_t(level_)]) {
    if (!c.count) continue;
    c.instance = uint32_t(instances_.size());
    instances_.push_back(instanceOf(c));
    loneCase_.push_back(c.count == 1 ? uint32_t(c.slotSum) : UINT32_MAX);
    changed_.push_back(c.instance);
  }
}

void CaseClusterLayer::update(const live::CaseStore& store, const CaseMarkerLayer& markers) {
  markers_ = &markers;
  changed_.clear();
  const auto& inst = markers.instances();
  if (members_.size() < inst.size()) members_.resize(inst.size());
  for (uint32_t slot : markers.changed()) {
    const MarkerInstance& m = inst[slot];
    // Only markers that are drawn (not hidden by style) join clusters.
    const Member next{m.position[0], m.position[1], m.position[2], store.all()[slot].status, m.size > 0};
    Member& old = members_[slot];
    const bool same = old.present == next.present && old.x == next.x && old.y == next.y && old.status == next.status;
    if (same) {
      if (level_ >= 0 && old.present) refresh(key(old.x, old.y, level_));  // look changed (pulse, size)
      continue;
    }
    if (old.present) add(slot, old, -1);
    old = next;
    if (next.present) add(slot, next, +1);
  }
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
}

void CaseClusterLayer::setView(double metresPerPixel) {
  const double ideal = clusterPixels_ * metresPerPixel;
  const double levelF = std::log2(ideal / base_);
  int next = level_;
  // Hysteresis: keep the level until the zoom is well past the switch point.
  if (level_ < 0) {
    if (levelF > 0.35) next = int(std::lround(levelF));
  } else if (levelF < level_ - 0.65 || levelF > level_ + 0.65) {
    next = levelF < -0.35 ? -1 : int(std::lround(levelF));
  }
  next = std::min(next, levels_ - 1);
  if (next == level_) return;
  if (level_ >= 0)
    for (auto& [k, c] : cells_[size_t(level_)]) c.instance = UINT32_MAX;
  level_ = next;
  rebuild();
}

}  // namespace citywall::scene
