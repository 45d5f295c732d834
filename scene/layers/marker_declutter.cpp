#include "scene/layers/marker_declutter.h"

#include <algorithm>
#include <cmath>

namespace citywall::scene {

int markerImportance(const MarkerInstance& m) {
  const int priority = int((m.flags >> 8) & 7u);  // 1 most urgent … 4; 0 none
  return ((m.flags & kMarkerSelected) ? 1000 : 0) + ((m.flags & kMarkerOverdue) ? 100 : 0) + ((m.flags & kMarkerNew) ? 50 : 0) +
         (priority ? 10 * (5 - priority) : 0);
}

namespace {

/// A cell's ranking of instance i: the more important wins, then the lower
/// index (the layer's order), so the winner never depends on the order cells
/// are filled in. Never 0, which marks an empty cell.
uint64_t rankOf(const MarkerInstance& m, uint32_t i) {
  return (uint64_t(uint32_t(markerImportance(m) + 1)) << 32) | uint64_t(~i);
}

uint32_t indexOfRank(uint64_t rank) { return ~uint32_t(rank & 0xffffffffu); }

}  // namespace

int32_t MarkerDeclutter::cellOf(const MarkerInstance& m) const {
  if (m.size <= 0) return -1;
  const glm::vec4 p(m.position[0], m.position[1], m.position[2], 1.0f);
  const float w = glm::dot(toW_, p);
  if (w <= 0) return -1;  // behind the eye
  const float x = glm::dot(toX_, p) / w, y = glm::dot(toY_, p) / w;  // pixels
  const float r = m.size * float(uiScale_) * 0.5f;
  if (!(x >= -r && y >= -r && x <= float(lastWidth_) + r && y <= float(lastHeight_) + r)) return -1;  // off the screen
  const auto cx = int64_t(std::floor(x * perCell_)) + 1, cy = int64_t(std::floor(y * perCell_)) + 1;
  return int32_t(std::min<int64_t>(cy, rows_ - 1) * columns_ + std::min<int64_t>(cx, columns_ - 1));
}

void MarkerDeclutter::update(const MarkerFrame& all, const CameraMatrices& camera, double width, double height, float uiScale,
                             float pinPixels) {
  changed_.clear();
  const bool wasActive = active_;
  active_ = all.instances.size() > kThreshold;
  if (!active_) {
    if (wasActive) drawn_.clear(), source_.clear();
    return;
  }
  const glm::vec3 originFromEye(all.origin - camera.eye);  // anchors relative to the eye, in float, as the GPU does them
  const bool moved = camera.viewProjection != lastViewProjection_ || camera.eye != lastEye_ || width != lastWidth_ ||
                     height != lastHeight_ || uiScale != lastUiScale_ || pinPixels != lastPin_ ||
                     originFromEye != originFromEye_;
  const bool sameLayer = wasActive && all.source == lastSource_ && all.instances.size() >= lastCount_;
  if (!moved && sameLayer && all.changed.empty() && all.instances.size() == lastCount_) return;
  lastViewProjection_ = camera.viewProjection, lastEye_ = camera.eye, lastWidth_ = width, lastHeight_ = height;
  lastUiScale_ = uiScale, lastPin_ = pinPixels, originFromEye_ = originFromEye, uiScale_ = uiScale;
  lift_ = pinPixels * uiScale;
  // The projection to pixels (heads lifted by `lift_`) as three rows, the
  // layer's origin folded in: a marker costs three dot products and a division.
  const glm::mat4& vp = camera.viewProjection;
  auto row = [&](int k) { return glm::vec4(vp[0][k], vp[1][k], vp[2][k], vp[3][k]); };
  auto folded = [&](glm::vec4 r) { return glm::vec4(glm::vec3(r), r.w + glm::dot(glm::vec3(r), originFromEye)); };
  toW_ = folded(row(3));
  toX_ = folded((row(0) + row(3)) * float(0.5 * width));
  toY_ = folded((row(1) + row(3)) * float(0.5 * height) - row(3) * float(lift_));
  lastSource_ = all.source;
  if (moved || !sameLayer || !chooseChanged(all)) chooseAll(all);
  lastCount_ = all.instances.size();
}

void MarkerDeclutter::chooseAll(const MarkerFrame& all) {
  ++fullChoices_;
  // One winner per cell the size of the largest head on screen.
  const size_t n = all.instances.size();
  sizeOfInstance_.resize(n);
  float largest = 1;  // a local: the member would be stored on every step
  for (size_t i = 0; i < n; ++i) largest = std::max(largest, sizeOfInstance_[i] = all.instances[i].size);
  largest_ = largest;
  largestCount_ = size_t(std::count(sizeOfInstance_.begin(), sizeOfInstance_.end(), largest_));
  cell_ = std::max(4.0, double(largest_) * uiScale_);
  perCell_ = float(1.0 / cell_);
  columns_ = int64_t(std::ceil(lastWidth_ / cell_)) + 2, rows_ = int64_t(std::ceil(lastHeight_ / cell_)) + 2;
  grid_.assign(size_t(columns_ * rows_), 0);
  dirty_.assign(grid_.size(), 0);
  cellOfInstance_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    const MarkerInstance& m = all.instances[i];
    const int32_t c = cellOfInstance_[i] = cellOf(m);
    if (c >= 0) grid_[size_t(c)] = std::max(grid_[size_t(c)], rankOf(m, i));
  }
  publish(all);
}

bool MarkerDeclutter::chooseChanged(const MarkerFrame& all) {
  const size_t n = all.instances.size(), before = lastCount_;
  for (uint32_t i : all.changed)
    if (i >= n) return false;
  cellOfInstance_.resize(n, -1);
  sizeOfInstance_.resize(n, 0.0f);
  // The cell is the largest marker's size: a marker that grows past it, or
  // the last of the largest shrinking, changes every cell.
  auto resize = [&](uint32_t i) {
    const float was = sizeOfInstance_[i], now = sizeOfInstance_[i] = all.instances[i].size;
    largestCount_ += size_t(now == largest_) - size_t(was == largest_);
    return now <= largest_;
  };
  for (uint32_t i : all.changed)
    if (!resize(i)) return false;
  for (uint32_t i = uint32_t(before); i < n; ++i)
    if (!resize(i)) return false;
  if (largestCount_ == 0 && largest_ > 1) return false;

  // A changed marker that did not win its cell cannot make another win
  // there: its new cell just compares it with that cell's winner. Only a
  // winner that left its cell or matters less now has its cell looked
  // through again (rare: a cell holds hundreds of markers when they
  // crowd, and one wins).
  std::vector<uint32_t> recount;
  bool onScreen = false;
  auto moveInstance = [&](uint32_t i) {
    const MarkerInstance& m = all.instances[i];
    const int32_t was = cellOfInstance_[i], now = cellOf(m);
    const uint64_t rank = rankOf(m, i);
    cellOfInstance_[i] = now;
    onScreen |= was >= 0 || now >= 0;
    if (was >= 0 && indexOfRank(grid_[size_t(was)]) == i && !(now == was && rank >= grid_[size_t(was)]) &&
        !dirty_[size_t(was)])
      dirty_[size_t(was)] = 1, recount.push_back(uint32_t(was));
    if (now >= 0 && !dirty_[size_t(now)]) grid_[size_t(now)] = std::max(grid_[size_t(now)], rank);
  };
  for (uint32_t i : all.changed) moveInstance(i);
  for (uint32_t i = uint32_t(before); i < n; ++i) moveInstance(i);
  if (!onScreen) return true;  // every change off the screen: what is drawn stays

  if (!recount.empty()) {
    for (uint32_t c : recount) grid_[c] = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const int32_t c = cellOfInstance_[i];
      if (c >= 0 && dirty_[size_t(c)]) grid_[size_t(c)] = std::max(grid_[size_t(c)], rankOf(all.instances[i], i));
    }
    for (uint32_t c : recount) dirty_[c] = 0;
  }
  publish(all);
  return true;
}

void MarkerDeclutter::publish(const MarkerFrame& all) {
  source_.clear();
  for (uint64_t rank : grid_)
    if (rank) source_.push_back(indexOfRank(rank));
  std::sort(source_.begin(), source_.end());  // the layer's order: stable from frame to frame
  drawn_.clear();
  for (uint32_t i : source_) drawn_.push_back(all.instances[i]);
  changed_.resize(drawn_.size());
  for (uint32_t i = 0; i < changed_.size(); ++i) changed_[i] = i;
}

}  // namespace citywall::scene
