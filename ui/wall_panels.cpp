#include "ui/wall_panels.h"

#include <imgui.h>

#include <cstdio>

#include "ui/panel_draw.h"

namespace citywall::ui {

void drawWallCard(const WallCard& card, Language language, float scale) {
  if (card.kind == WallCardKind::none) return;
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const ImVec2 p0(float(card.panel.x), float(card.panel.y));
  const ImVec2 p1(float(card.panel.x + card.panel.width), float(card.panel.y + card.panel.height));
  const ImVec2 centre((p0.x + p1.x) / 2, (p0.y + p1.y) / 2);
  if (card.kind == WallCardKind::blank) {
    draw->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
    return;
  }
  const PanelStrings& s = panelStrings(language);
  char name[160];
  std::snprintf(name, sizeof name, s.wallPanelName, card.number, card.node.c_str());
  ImFont* big = bigFont();
  if (card.kind == WallCardKind::identify) {
    // The number as large as the panel allows, readable from across the room.
    const std::string number = std::to_string(card.number);
    const float size = float(card.panel.height) * 0.55f;
    const ImVec2 extent = big->CalcTextSizeA(size, 1e9f, 0, number.c_str());
    draw->AddRectFilled(p0, p1, srgbColor(0x0b1220, 0.72f));
    draw->AddRect(ImVec2(p0.x + 4, p0.y + 4), ImVec2(p1.x - 4, p1.y - 4), srgbColor(kAccent), 0, 0, 8 * scale);
    draw->AddText(big, size, ImVec2(centre.x - extent.x / 2, centre.y - extent.y / 2 - size * 0.08f), srgbColor(kAccent),
                  number.c_str());
    const ImVec2 n = ImGui::CalcTextSize(name);
    draw->AddText(ImVec2(centre.x - n.x / 2, p1.y - n.y - 24 * scale), srgbColor(0xffffff), name);
    return;
  }
  // Joining, or the conductor lost: a card in the middle of the panel, over the last picture.
  const char* title = card.kind == WallCardKind::joining ? s.wallJoining : s.wallConductorLost;
  // As large as the big font, smaller when the panel is narrower than the title.
  const float fullWidth = big->CalcTextSizeA(big->FontSize, 1e9f, 0, title).x;
  const float titleSize = big->FontSize * std::min(1.0f, float(card.panel.width) * 0.8f / std::max(1.0f, fullWidth));
  const ImVec2 t = big->CalcTextSizeA(titleSize, 1e9f, 0, title);
  const ImVec2 n = ImGui::CalcTextSize(name);
  const float padding = 24 * scale, gap = 10 * scale;
  const float w = std::max(t.x, n.x) + 2 * padding, h = t.y + gap + n.y + 2 * padding;
  const ImVec2 c0(centre.x - w / 2, centre.y - h / 2), c1(centre.x + w / 2, centre.y + h / 2);
  const uint32_t ink = card.kind == WallCardKind::joining ? kAccent : kWarn;
  draw->AddRectFilled(c0, c1, srgbColor(0x0b1220, 0.92f), 8 * scale);
  draw->AddRect(c0, c1, srgbColor(ink), 8 * scale, 0, 2 * scale);
  draw->AddText(big, titleSize, ImVec2(centre.x - t.x / 2, c0.y + padding), srgbColor(ink), title);
  draw->AddText(ImVec2(centre.x - n.x / 2, c0.y + padding + t.y + gap), srgbColor(kMuted), name);
}

void drawWallConsole(const WallConsoleInfo& info, Language language, float scale, float left, float right, float bottom,
                     Commands& out, std::vector<LabelBox>* panels) {
  if (right - left < 200 * scale) return;
  const PanelStrings& s = panelStrings(language);
  ImGui::SetNextWindowPos(ImVec2((left + right) / 2, bottom), ImGuiCond_Always, ImVec2(0.5f, 1));
  ImGui::SetNextWindowBgAlpha(0.86f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("##wall", nullptr, flags)) {
    ImGui::TextColored(srgbVec(kAccent), "%s", s.wallTitle);
    // The plan: each panel where it hangs, coloured by its node's health; a click blanks it.
    const float planW = std::min(right - left - 40 * scale, 300 * scale);
    const float unitW = planW / (info.columns + (info.columns - 1) * info.gapX);
    const float unitH = unitW / std::max(0.1f, info.aspect);
    const float gx = std::max(2.0f, unitW * info.gapX), gy = std::max(2.0f, unitH * info.gapY);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (int panel = 1; panel <= info.rows * info.columns; ++panel) {
      const int r = (panel - 1) / info.columns, c = (panel - 1) % info.columns;
      const ImVec2 p0(at.x + c * (unitW + gx), at.y + r * (unitH + gy)), p1(p0.x + unitW, p0.y + unitH);
      const WallConsoleInfo::Node* node = nullptr;
      for (const auto& n : info.nodes)
        if (n.panel == panel) node = &n;
      const bool blanked = size_t(panel - 1) < info.blanked.size() && info.blanked[size_t(panel - 1)];
      const uint32_t rgb = !node ? 0x2a3442 : node->state == 0 ? (node->lag > 2 ? kWarn : kGood) : node->state == 1 ? kWarn : kAlarm;
      draw->AddRectFilled(p0, p1, blanked ? IM_COL32(0, 0, 0, 255) : srgbColor(rgb, 0.35f));
      draw->AddRect(p0, p1, srgbColor(rgb), 0, 0, 2);
      const std::string number = std::to_string(panel);
      const ImVec2 ts = ImGui::CalcTextSize(number.c_str());
      draw->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2), srgbColor(0xffffff), number.c_str());
      ImGui::SetCursorScreenPos(p0);
      ImGui::PushID(panel);
      if (ImGui::InvisibleButton("##panel", ImVec2(unitW, unitH))) out.push_back(WallBlank{panel, !blanked});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s %d", s.wallBlank, panel);
      ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + info.rows * (unitH + gy)));
    bool identify = info.identify;
    if (ImGui::Checkbox(s.wallIdentify, &identify)) out.push_back(WallIdentify{identify});
    if (ImGui::BeginTable("##nodes", 6, ImGuiTableFlags_SizingFixedFit)) {
      for (int i = 0; i < 6; ++i) ImGui::TableSetupColumn(s.wallColumns[i]);
      ImGui::TableHeadersRow();
      for (const auto& n : info.nodes) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn(), ImGui::TextUnformatted(n.name.c_str());
        ImGui::TableNextColumn(), ImGui::Text("%d", n.panel);
        ImGui::TableNextColumn();
        ImGui::TextColored(srgbVec(n.state == 0 ? kGood : n.state == 1 ? kWarn : kAlarm), "%s", s.wallStates[std::clamp(n.state, 0, 2)]);
        ImGui::TableNextColumn(), ImGui::Text("%llu", (unsigned long long)n.lag);
        ImGui::TableNextColumn(), ImGui::Text("%.1f", n.drawMs);
        ImGui::TableNextColumn(), ImGui::Text("%llu", (unsigned long long)n.missed);
      }
      ImGui::EndTable();
    }
    ImGui::TextColored(srgbVec(kMuted), s.wallSummary, (unsigned long long)info.frame, info.barrierMs,
                       (unsigned long long)info.bytesPerFrame, (unsigned long long)info.refused);
    if (panels) {
      const ImVec2 p = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
      panels->push_back({p.x, p.y, p.x + size.x, p.y + size.y});
    }
  }
  ImGui::End();
}

}  // namespace citywall::ui
