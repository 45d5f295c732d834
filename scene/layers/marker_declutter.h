#pragma once
// MarkerDeclutter: a screen can show only so many markers apart. When a
// layer holds more than that (100,000 unclustered cases), only the one that
// matters most in each marker-sized cell of the screen is drawn — selected
// first, then overdue, then new, then by priority — and markers off the
// screen are never drawn: the frame costs what the screen can show, not
// what the store holds. Fewer markers than the threshold are drawn as they
// are (the layers' incremental upload). Pure CPU; main thread.

#include <cstdint>
#include <vector>

#include "scene/camera.h"
#include "scene/frame_view.h"

namespace citywall::scene {

class MarkerDeclutter {
 public:
  /// Layers with more instances than this are decluttered.
  static constexpr size_t kThreshold = 4096;

  /// Chooses what `all` shows for this camera and viewport (pixels, UI
  /// scale; heads float `pinPixels` × scale above their anchors). Does the
  /// work again only when the camera, the viewport or an instance changed.
  void update(const MarkerFrame& all, const CameraMatrices& camera, double width, double height, float uiScale, float pinPixels);
  /// False: the layer is drawn whole (below the threshold).
  bool active() const { return active_; }
  /// The markers to draw; every one is sent again whenever the set changes.
  MarkerFrame frame(glm::dvec3 origin) const { return {drawn_, changed_, origin, &drawn_}; }
  const std::vector<MarkerInstance>& drawn() const { return drawn_; }
  /// The layer's instance that drawn marker `i` stands for.
  uint32_t sourceOf(uint32_t i) const { return source_[i]; }

 private:
  bool active_ = false;
  std::vector<MarkerInstance> drawn_;
  std::vector<uint32_t> source_, changed_;
  std::vector<int32_t> grid_;  // the winner of each screen cell (-1: none)
  glm::mat4 lastViewProjection_{0.0f};
  glm::dvec3 lastEye_{0.0};
  double lastWidth_ = 0, lastHeight_ = 0;
  size_t lastCount_ = 0;
  const void* lastSource_ = nullptr;
};

/// How much a marker matters when markers compete for one spot (higher wins).
int markerImportance(const MarkerInstance& m);

}  // namespace citywall::scene
