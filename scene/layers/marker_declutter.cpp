#include "scene/layers/marker_declutter.h"

#include <algorithm>
#include <cmath>

namespace citywall::scene {

int markerImportance(const MarkerInstance& m) {
  const int priority = int((m.flags >> 8) & 7u);  // 1 most urgent … 4; 0 none
  return ((m.flags & kMarkerSelected) ? 1000 : 0) + ((m.flags & kMarkerOverdue) ? 100 : 0) + ((m.flags & kMarkerNew) ? 50 : 0) +
         (priority ? 10 * (5 - priority) : 0);
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
  const bool moved = camera.viewProjection != lastViewProjection_ || camera.eye != lastEye_ || width != lastWidth_ ||
                     height != lastHeight_;
  if (wasActive && !moved && all.changed.empty() && all.instances.size() == lastCount_ && all.source == lastSource_) return;
  lastViewProjection_ = camera.viewProjection, lastEye_ = camera.eye, lastWidth_ = width, lastHeight_ = height;
  lastCount_ = all.instances.size(), lastSource_ = all.source;

  // One winner per cell the size of the largest head on screen: a flat grid
  // over the viewport (and one cell of margin for heads half off its edge).
  float largest = 1;
  for (const auto& m : all.instances) largest = std::max(largest, m.size);
  const double cell = std::max(4.0, double(largest) * uiScale);
  const auto columns = int64_t(std::ceil(width / cell)) + 2, rows = int64_t(std::ceil(height / cell)) + 2;
  grid_.assign(size_t(columns * rows), -1);
  const double lift = pinPixels * uiScale;
  // Anchors relative to the eye, in float, as the GPU does them.
  const glm::vec3 originFromEye(all.origin - camera.eye);
  const glm::mat4& vp = camera.viewProjection;
  for (uint32_t i = 0; i < all.instances.size(); ++i) {
    const MarkerInstance& m = all.instances[i];
    if (m.size <= 0) continue;
    const glm::vec4 clip = vp * glm::vec4(glm::vec3(m.position[0], m.position[1], m.position[2]) + originFromEye, 1.0f);
    if (clip.w <= 0) continue;  // behind the eye
    const double x = (double(clip.x) / clip.w * 0.5 + 0.5) * width, y = (double(clip.y) / clip.w * 0.5 + 0.5) * height - lift;
    const double r = m.size * uiScale * 0.5;
    if (x < -r || y < -r || x > width + r || y > height + r) continue;  // off the screen
    const auto cx = int64_t(std::floor(x / cell)) + 1, cy = int64_t(std::floor(y / cell)) + 1;
    int32_t& w = grid_[size_t(std::clamp<int64_t>(cy, 0, rows - 1) * columns + std::clamp<int64_t>(cx, 0, columns - 1))];
    if (w < 0 || markerImportance(m) > markerImportance(all.instances[uint32_t(w)])) w = int32_t(i);
  }
  source_.clear();
  for (int32_t w : grid_)
    if (w >= 0) source_.push_back(uint32_t(w));
  std::sort(source_.begin(), source_.end());  // the layer's order: stable from frame to frame
  drawn_.clear();
  for (uint32_t i : source_) drawn_.push_back(all.instances[i]);
  changed_.resize(drawn_.size());
  for (uint32_t i = 0; i < changed_.size(); ++i) changed_[i] = i;
}

}  // namespace citywall::scene
