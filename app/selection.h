#pragma once
// Selection: what the user clicked (a case, a sensor or a building), applied
// to the layers and the renderer, and described for the overlay.

#include <optional>

#include "app/live_layers.h"
#include "renderer/renderer.h"
#include "scene/picking.h"
#include "ui/strings.h"

namespace citywall::app {

class Selection {
 public:
  /// Picks what is under `pixel` and selects it; a cluster zooms the camera
  /// in on itself instead. Returns what was picked.
  scene::PickResult click(glm::dvec2 pixel, double width, double height, float uiScale, const scene::CityModel& city,
                          LiveLayers& layers, renderer::Renderer& renderer, scene::MapCamera& camera);
  /// Selects a case or a sensor by its position in the store (from the UI), or nothing.
  void selectCase(uint32_t slot, LiveLayers& layers, renderer::Renderer& renderer);
  void selectSensor(uint32_t slot, LiveLayers& layers, renderer::Renderer& renderer);
  void clear(LiveLayers& layers, renderer::Renderer& renderer);
  std::optional<uint32_t> caseSlot() const { return caseSlot_; }
  std::optional<uint32_t> sensorSlot() const { return sensorSlot_; }
  std::optional<uint32_t> building() const { return building_; }
  /// Lines for the overlay (empty when nothing is selected).
  std::vector<std::string> describe(const scene::CityModel& city, const LiveSession& live, ui::Language language) const;

 private:
  std::optional<uint32_t> caseSlot_, sensorSlot_, building_;
};

}  // namespace citywall::app
