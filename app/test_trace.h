#pragma once
// TestTrace (CITYWALL_TRACE=1): prints what input tests need to click —
// where the visible case rows were drawn once the layout has settled, and
// where the selected case's marker head is after a camera flight lands.

#include "live/store.h"
#include "scene/scene.h"
#include "ui/dashboard.h"

namespace citywall::app {

class TestTrace {
 public:
  explicit TestTrace(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  /// Each frame: the case list's rows, once, after they stop moving.
  void rows(const ui::DashboardState& dashboard);
  /// When a flight lands: the selected case's marker head in pixels.
  void arrived(const scene::Scene& scene, const live::Store& store, const scene::Viewport& viewport) const;

 private:
  bool enabled_;
  bool rowsTraced_ = false;
  float lastRowY_ = -1;
};

}  // namespace citywall::app
