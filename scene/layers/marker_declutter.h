#pragma once
// MarkerDeclutter: a screen can show only so many markers apart. When a
// layer holds more than that (100,000 unclustered cases), only the one that
// matters most in each marker-sized cell of the screen is drawn — selected
// first, then overdue, then new, then by priority — and markers off the
// screen are never drawn: the frame costs what the screen can show, not
// what the store holds. Fewer markers than the threshold are drawn as they
// are (the layers' incremental upload). Pure CPU; main thread.
//
// A live wall changes a few cases every frame under a still camera, so the
// choice is kept between frames: only the cells a changed case left or
// entered are chosen again (the same winners a fresh choice would give).
// A moved camera, a resized view or a bigger marker chooses everything again.

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
  /// work again only where the camera, the viewport or an instance changed.
  void update(const MarkerFrame& all, const CameraMatrices& camera, double width, double height, float uiScale, float pinPixels);
  /// False: the layer is drawn whole (below the threshold).
  bool active() const { return active_; }
  /// The markers to draw; every one is sent again whenever the set changes.
  MarkerFrame frame(glm::dvec3 origin) const { return {drawn_, changed_, origin, &drawn_}; }
  const std::vector<MarkerInstance>& drawn() const { return drawn_; }
  /// The layer's instance that drawn marker `i` stands for.
  uint32_t sourceOf(uint32_t i) const { return source_[i]; }
  /// How many updates chose every cell again (a moved camera, a new layer).
  uint64_t fullChoices() const { return fullChoices_; }

 private:
  /// Where one instance falls: the cell's index, or −1 (off the screen, behind the eye, no size).
  int32_t cellOf(const MarkerInstance& m) const;
  void chooseAll(const MarkerFrame& all);
  /// Chooses again where `changed` (and instances appended since) were or are now;
  /// false when only a whole choice is right (a marker grew past the cell size).
  bool chooseChanged(const MarkerFrame& all);
  void publish(const MarkerFrame& all);

  bool active_ = false;
  std::vector<MarkerInstance> drawn_;
  std::vector<uint32_t> source_, changed_;
  // The cells: a flat grid over the viewport, one cell of margin. Each holds
  // its winner's key (importance above, the lower index winning ties; 0: none).
  std::vector<uint64_t> grid_;
  std::vector<uint8_t> dirty_;
  std::vector<int32_t> cellOfInstance_;  // where each instance fell at the last choice
  std::vector<float> sizeOfInstance_;    // its size then: the cell is the largest marker's size
  float largest_ = 1;
  size_t largestCount_ = 0;  // instances of that size
  double cell_ = 4, lift_ = 0, uiScale_ = 1;
  int64_t columns_ = 0, rows_ = 0;
  glm::vec3 originFromEye_{0.0f};
  glm::vec4 toX_{0.0f}, toY_{0.0f}, toW_{0.0f};  // a marker's pixel: (toX·p, toY·p) / toW·p
  float perCell_ = 0.25f;
  uint64_t fullChoices_ = 0;
  // What the last choice was made for.
  glm::mat4 lastViewProjection_{0.0f};
  glm::dvec3 lastEye_{0.0};
  double lastWidth_ = 0, lastHeight_ = 0;
  float lastUiScale_ = 0, lastPin_ = 0;
  size_t lastCount_ = 0;
  const void* lastSource_ = nullptr;
};

/// How much a marker matters when markers compete for one spot (higher wins).
int markerImportance(const MarkerInstance& m);

}  // namespace citywall::scene
