#include "ui/theme_style.h"

#include <imgui.h>

namespace citywall::ui {

void applyStyle(const scene::Theme& theme, float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  const bool night = theme.name != "day";
  if (night) ImGui::StyleColorsDark();
  else ImGui::StyleColorsLight();
  style.WindowRounding = 6;
  style.WindowBorderSize = 1;
  style.WindowPadding = ImVec2(14, 10);
  style.ItemSpacing = ImVec2(8, 5);
  ImVec4* c = style.Colors;
  if (night) {
    c[ImGuiCol_WindowBg] = ImVec4(0.02f, 0.06f, 0.12f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.20f, 0.55f, 0.85f, 0.65f);
    c[ImGuiCol_Separator] = ImVec4(0.20f, 0.55f, 0.85f, 0.50f);
    c[ImGuiCol_Text] = ImVec4(0.85f, 0.93f, 1.0f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.50f, 0.62f, 0.75f, 1.0f);
    c[ImGuiCol_PlotLinesHovered] = ImVec4(0.45f, 0.85f, 1.0f, 1.0f);  // headings
  } else {
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.98f, 1.0f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.35f, 0.45f, 0.60f, 0.50f);
    c[ImGuiCol_PlotLinesHovered] = ImVec4(0.05f, 0.35f, 0.65f, 1.0f);  // headings
    c[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.42f, 0.48f, 1.0f);
  }
  style.ScaleAllSizes(scale);
}

}  // namespace citywall::ui
