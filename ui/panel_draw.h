#pragma once
// Small drawing helpers the panels share: colours as the eye sees them on
// the sRGB target, coloured chips, the big-number font.

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "scene/color.h"

namespace citywall::ui {

/// An sRGB colour (0xrrggbb) as ImGui needs it: the target is sRGB and
/// ImGui's colours are written as if linear, so convert to show the exact colour.
inline ImU32 srgbColor(uint32_t rgb, float alpha = 1) {
  auto lin = [](uint32_t v) { return int(255.f * scene::srgbToLinear(float(v & 255) / 255.f) + 0.5f); };
  return IM_COL32(lin(rgb >> 16), lin(rgb >> 8), lin(rgb), int(alpha * 255 + 0.5f));
}
inline ImVec4 srgbVec(uint32_t rgb, float alpha = 1) { return ImGui::ColorConvertU32ToFloat4(srgbColor(rgb, alpha)); }

/// A filled square of the row's height, then the cursor on the same line.
inline void colorChip(uint32_t rgb) {
  const float box = ImGui::GetTextLineHeight() * 0.8f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + box * 0.15f), ImVec2(at.x + box, at.y + box * 1.15f),
                                            srgbColor(rgb), 2);
  ImGui::Dummy(ImVec2(box, box));
  ImGui::SameLine();
}

/// A legend's colour ramp: one bar through the rows' colours, the first and
/// last labels under its ends.
template <typename Rows>  // rows with .label and .rgb (OverlayInfo::LegendRow)
inline void gradientBar(const Rows& stops, float width) {
  if (stops.size() < 2) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight() * 0.7f;
  const float step = width / float(stops.size() - 1);
  for (size_t i = 0; i + 1 < stops.size(); ++i) {
    const ImU32 a = srgbColor(stops[i].rgb), b = srgbColor(stops[i + 1].rgb);
    draw->AddRectFilledMultiColor(ImVec2(at.x + step * float(i), at.y), ImVec2(at.x + step * float(i + 1), at.y + h), a, b, b, a);
  }
  ImGui::Dummy(ImVec2(width, h));
  ImGui::TextUnformatted(stops.front().label.c_str());
  const float right = ImGui::CalcTextSize(stops.back().label.c_str()).x;
  ImGui::SameLine(std::max(0.0f, width - right + ImGui::GetStyle().WindowPadding.x * 0.0f));
  ImGui::TextUnformatted(stops.back().label.c_str());
}

/// The large font for KPI numbers (the second font the UI layer loads), or the default.
inline ImFont* bigFont() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
}

// Command-centre accents (sRGB).
constexpr uint32_t kAccent = 0x4fd1ff;
constexpr uint32_t kAlarm = 0xff4d4f;
constexpr uint32_t kWarn = 0xffb020;
constexpr uint32_t kGood = 0x3ddc97;
constexpr uint32_t kMuted = 0x8aa0b8;
constexpr uint32_t kDrillAmber = 0xffb020;  ///< everything that says "this is a drill"
/// Not a colour: "the theme's text colour" (night and day themes differ).
constexpr uint32_t kPlainText = 0xffffffffu;

/// `rgb` as ImGui wants it, or the theme's text colour for kPlainText.
inline ImVec4 textColor(uint32_t rgb) {
  return rgb == kPlainText ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : srgbVec(rgb);
}

}  // namespace citywall::ui
