#include "app/operator_state.h"

#include <algorithm>
#include <cmath>

namespace citywall::app {

bool acceptableMark(const scene::AreaMark& m) {
  return !m.id.empty() && std::isfinite(m.lon) && std::isfinite(m.lat) && std::abs(m.lon) <= 180 && std::abs(m.lat) <= 90 &&
         m.radius > 0 && m.radius <= 50000;
}

namespace {

bool& layerSwitch(scene::LayerVisibility& v, ui::LayerId layer) {
  switch (layer) {
    case ui::LayerId::markers: return v.markers;
    case ui::LayerId::heat: return v.heat;
    case ui::LayerId::sensorField: return v.sensorField;
    case ui::LayerId::regions: return v.regions;
    case ui::LayerId::basemap: return v.basemap;
    default: return v.sensors;
  }
}

}  // namespace

void fold(OperatorState& state, const ui::Command& command, const scene::FeatureSet& layers) {
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, ui::SetLayerVisible>) {
          layerSwitch(state.visible, c.layer) = c.visible;
        } else if constexpr (std::is_same_v<T, ui::ToggleLayer>) {
          bool& on = layerSwitch(state.visible, c.layer);
          on = !on;
        } else if constexpr (std::is_same_v<T, ui::SetFeatureLayerVisible>) {
          for (size_t i = 0; i < layers.layers.size() && i < state.featureLayers.size(); ++i)
            if (layers.layers[i].name == c.name) state.featureLayers[i] = c.visible;
        } else if constexpr (std::is_same_v<T, ui::SetTheme>) {
          if (scene::themeByName(c.name)) state.theme = c.name;
        } else if constexpr (std::is_same_v<T, ui::Toggle>) {
          if (c.setting == ui::Setting::theme) state.theme = state.theme == "night" ? "day" : "night";
          if (c.setting == ui::Setting::alertsPaused) state.alertsPaused = !state.alertsPaused;
        } else if constexpr (std::is_same_v<T, ui::SetAlertsPaused>) {
          state.alertsPaused = c.paused;
        } else if constexpr (std::is_same_v<T, ui::DrillBanner>) {
          state.banner = c;
        } else if constexpr (std::is_same_v<T, ui::MarkArea>) {
          if (!acceptableMark(c.mark)) return;
          auto same = std::find_if(state.marks.begin(), state.marks.end(), [&](const scene::AreaMark& m) { return m.id == c.mark.id; });
          if (same != state.marks.end()) *same = c.mark;
          else state.marks.push_back(c.mark);
        } else if constexpr (std::is_same_v<T, ui::ClearMark>) {
          std::erase_if(state.marks, [&](const scene::AreaMark& m) { return c.id.empty() || m.id == c.id; });
        } else if constexpr (std::is_same_v<T, ui::HideBuilding>) {
          const auto at = std::find(state.hidden.begin(), state.hidden.end(), c.building);
          if (c.hidden && at == state.hidden.end()) state.hidden.push_back(c.building);
          if (!c.hidden && at != state.hidden.end()) state.hidden.erase(at);
        } else if constexpr (std::is_same_v<T, ui::ShowAllBuildings>) {
          state.hidden.clear();
        }
      },
      command);
}

}  // namespace citywall::app
