#include "scene/layers/case_markers.h"
#include "scene/color.h"

#include <algorithm>

namespace citywall::scene {

namespace {
// The value of the longest dotted prefix of `category` in `table`, if any.
template <typename T>
const T* longestPrefix(const std::vector<std::pair<std::string, T>>& table, const std::string& category) {
  const T* best = nullptr;
  size_t bestLength = 0;
  for (const auto& [prefix, value] : table) {
    const bool matches = category.compare(0, prefix.size(), prefix) == 0 &&
                         (category.size() == prefix.size() || category[prefix.size()] == '.');
    if (matches && (!best || prefix.size() > bestLength)) best = &value, bestLength = prefix.size();
  }
  return best;
}
}  // namespace

MarkerShape CaseMarkerLayer::shapeFor(const std::string& category) const {
  const MarkerShape* s = longestPrefix(style_.shapes, category);
  return s ? *s : MarkerShape::circle;
}

MarkerInstance CaseMarkerLayer::instanceFor(const live::CaseRecord& c, live::TimeMs now) const {
  MarkerInstance m{};
  // Two metres up, so the ground under the case never ties with it in depth.
  const glm::dvec3 p = frame_.toLocal({c.position.lon, c.position.lat, 2.0});
  m.position[0] = float(p.x), m.position[1] = float(p.y), m.position[2] = float(p.z);
  uint32_t rgb = style_.statusRgb[size_t(c.status)];
  if (style_.colorByCategory)
    if (const uint32_t* byCategory = longestPrefix(style_.categoryRgb, c.category)) rgb = *byCategory;
  const bool closed = live::isTerminal(c.status);
  m.color = packRgba(rgb, closed ? 150.f / 255.f : 1.0f);
  m.size = style_.sizeByPriority[std::clamp<int>(c.priority, 1, 4) - 1] * (closed ? style_.closedScale : 1.0f);
  if ((closed && !style_.showClosed) || c.evicted) m.size = 0;
  m.flags = uint32_t(shapeFor(c.category)) | (uint32_t(std::clamp<int>(c.priority, 1, 4)) << 8);
  if (closed) m.flags |= kMarkerClosed;
  if (c.overdue) m.flags |= kMarkerOverdue;
  if (!closed && now - c.reportedAt < style_.newFor && now >= c.reportedAt) m.flags |= kMarkerNew;
  return m;
}

void CaseMarkerLayer::select(std::optional<uint32_t> caseSlot) {
  if (selected_) reselect_.push_back(*selected_);
  selected_ = caseSlot;
  if (selected_) reselect_.push_back(*selected_);
}

void CaseMarkerLayer::update(const live::CaseStore& store, live::TimeMs now) {
  changed_.clear();
  storeVersion_ = store.changes().changesSince(storeVersion_, changed_);
  const auto& cases = store.all();
  for (uint32_t slot : reselect_)
    if (slot < cases.size()) changed_.push_back(slot);
  reselect_.clear();
  if (instances_.size() < cases.size()) instances_.resize(cases.size());
  for (uint32_t slot : changed_) {
    instances_[slot] = instanceFor(cases[slot], now);
    if (selected_ == slot) instances_[slot].flags |= kMarkerSelected;
    if (instances_[slot].flags & kMarkerNew) fresh_.emplace_back(cases[slot].reportedAt, slot);
  }
  // Cases stop pulsing once they are no longer new: a short list, not all cases.
  auto stale = std::partition(fresh_.begin(), fresh_.end(), [&](const auto& f) { return now - f.first < style_.newFor; });
  for (auto it = stale; it != fresh_.end(); ++it) {
    if (!(instances_[it->second].flags & kMarkerNew)) continue;
    instances_[it->second].flags &= ~kMarkerNew;
    changed_.push_back(it->second);
  }
  fresh_.erase(stale, fresh_.end());
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
}

}  // namespace citywall::scene
