#include "app/test_trace.h"

#include <cstdio>

namespace citywall::app {

void TestTrace::rows(const ui::DashboardState& dashboard) {
  if (!enabled_ || rowsTraced_ || dashboard.visibleRows.empty()) return;
  // Only once the layout has settled (windows auto-fit over the first frames).
  const float y = dashboard.visibleRows.front().y;
  if (y != lastRowY_) {
    lastRowY_ = y;
    return;
  }
  rowsTraced_ = true;
  for (size_t i = 0; i < dashboard.visibleRows.size() && i < 5; ++i) {
    const auto& r = dashboard.visibleRows[i];
    std::printf("trace: row %zu %s at %.0f %.0f %.0f %.0f\n", i, r.id.c_str(), r.x, r.y, r.w, r.h);
  }
  std::fflush(stdout);
}

void TestTrace::arrived(const scene::Scene& scene, const live::Store& store, const scene::Viewport& viewport) const {
  const auto slot = scene.selection().caseSlot;
  if (!enabled_ || !slot || *slot >= scene.markers().instances().size()) return;
  const auto& inst = scene.markers().instances()[*slot];
  const double w = viewport.width, h = viewport.height;
  if (auto at = scene::projectToPixel(scene.camera().matrices(w, h),
                                      glm::dvec3(inst.position[0], inst.position[1], inst.position[2]), w, h))
    std::printf("trace: marker %s at %.0f %.0f\n", store.cases().all()[*slot].id.c_str(), at->x,
                at->y - 26.0 * viewport.uiScale);
  std::fflush(stdout);
}

}  // namespace citywall::app
