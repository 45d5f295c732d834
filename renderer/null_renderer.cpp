// The null backend: no GPU, no Vulkan. It keeps the target size, counts the
// frames and what they held, and reads back a blank image, so the frame
// step, commands and selection are tested on any machine.

#include "renderer/null_renderer.h"

namespace citywall::renderer {

std::unique_ptr<Renderer> Renderer::createNull(uint32_t width, uint32_t height) {
  return std::make_unique<NullRenderer>(width, height);
}

bool NullRenderer::draw(const scene::FrameView& view, ImDrawData*, Image* capture) {
  ++frames_;
  last_ = {};
  last_.markers = uint32_t(view.markers.instances.size());
  last_.heatPoints = uint32_t(view.heat.points.size());
  last_.cpuMs = 0;
  lastView_ = view;
  passPresentGate();
  if (capture) {
    capture->width = width_;
    capture->height = height_;
    capture->rgba.assign(size_t(width_) * height_ * 4, 0);
  }
  return true;
}

void NullRenderer::setBuildingStyle(uint32_t building, const BuildingStyle& style) {
  ++styleWrites_;
  if (style == BuildingStyle{}) styles_.erase(building);
  else styles_[building] = style;
}

}  // namespace citywall::renderer
