// The parts of the renderer every backend shares: building styles applied
// from the frame's data before it is drawn.

#include "renderer/renderer.h"

#include <algorithm>

namespace citywall::renderer {

void Renderer::setCity(const scene::CityModel& city) {
  if (city.buildingMeshReleased && !city.chunks.empty())
    throw RendererError("the city's building mesh was released after its first upload; load the city again to upload it anew");
  uploadCity(city);
  // A city uploaded again starts with every building plain: the next frame writes its styles anew.
  appliedStyles_.clear(), appliedStylesVersion_ = 0;
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
// moves is it compared with the set applied before, both in building order:
// buildings that left it are reset, new or changed ones written. Linear in
// the set, which a marked area over a dense district makes tens of thousands
// long, and which tiles streaming in under the mark renew frame after frame.
void Renderer::applyBuildingStyles(const scene::BuildingStyles& styles) {
  if (styles.version == appliedStylesVersion_) return;
  std::vector<std::pair<uint32_t, BuildingStyle>> next(styles.styled.begin(), styles.styled.end());
  const auto byBuilding = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(next.begin(), next.end(), byBuilding)) std::stable_sort(next.begin(), next.end(), byBuilding);
  auto before = appliedStyles_.cbegin();
  const auto end = appliedStyles_.cend();
  for (const auto& [building, style] : next) {
    for (; before != end && before->first < building; ++before) setBuildingStyle(before->first, {});
    const bool wasStyled = before != end && before->first == building;
    if (!wasStyled || !(before->second == style)) setBuildingStyle(building, style);
    if (wasStyled) ++before;
  }
  for (; before != end; ++before) setBuildingStyle(before->first, {});
  appliedStyles_ = std::move(next);
  appliedStylesVersion_ = styles.version;
}

}  // namespace citywall::renderer
