#pragma once
// ImGui colours and sizes matching the city theme (dark command centre or
// day), scaled for the screen.

#include "scene/theme.h"

namespace citywall::ui {

void applyStyle(const scene::Theme& theme, float scale);

}  // namespace citywall::ui
