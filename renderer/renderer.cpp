// The parts of the renderer every backend shares: building styles applied
// from the frame's data before it is drawn.

#include "renderer/renderer.h"

#include <algorithm>

namespace citywall::renderer {

void Renderer::setCity(const scene::CityModel& city) {
  if (city.buildingMeshReleased && !city.chunks.empty())
    throw RendererError("the city's building mesh was released after its first upload; load the city again to upload it anew");
  uploadCity(city);
}

bool Renderer::drawFrame(const scene::FrameView& view, ImDrawData* ui) {
  applyBuildingStyles(view.buildings);
  return draw(view, ui, nullptr);
}

Image Renderer::drawFrameAndRead(const scene::FrameView& view, ImDrawData* ui) {
  applyBuildingStyles(view.buildings);
  Image image;
  if (!draw(view, ui, &image)) throw RendererError("nothing to draw into (is the window minimised?)");
  return image;
}

// The frame carries the whole set of styled buildings; only when its version
// moves are the buildings that left the set reset and the new set written.
void Renderer::applyBuildingStyles(const scene::BuildingStyles& styles) {
  if (styles.version == appliedStylesVersion_) return;
  for (const auto& [building, style] : appliedStyles_) {
    const bool stays = std::any_of(styles.styled.begin(), styles.styled.end(),
                                   [&](const auto& s) { return s.first == building; });
    if (!stays) setBuildingStyle(building, {});
  }
  for (const auto& [building, style] : styles.styled) setBuildingStyle(building, style);
  appliedStyles_.assign(styles.styled.begin(), styles.styled.end());
  appliedStylesVersion_ = styles.version;
}

}  // namespace citywall::renderer
