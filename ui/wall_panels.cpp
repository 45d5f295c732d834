#include "ui/wall_panels.h"

#include <imgui.h>

#include <algorithm>
#include <array>
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

namespace {

// A part of a node's picture (RGB rows; the source rectangle in its pixels)
// drawn into a rectangle of the console, no finer than the console's pixels:
// runs of one colour along a row become one rectangle.
void drawPicture(ImDrawList* draw, ImVec2 p0, ImVec2 p1, const std::string& rgb, uint32_t width, uint32_t sx0, uint32_t sy0,
                 uint32_t sx1, uint32_t sy1) {
  static const auto linear = [] {  // sRGB bytes as the UI's (linear) colour bytes
    std::array<uint8_t, 256> lut{};
    for (int i = 0; i < 256; ++i) lut[size_t(i)] = uint8_t(255.f * scene::srgbToLinear(float(i) / 255.f) + 0.5f);
    return lut;
  }();
  const int columns = std::max(1, std::min(int(sx1 - sx0), int(p1.x - p0.x)));
  const int rows = std::max(1, std::min(int(sy1 - sy0), int(p1.y - p0.y)));
  const float cellW = (p1.x - p0.x) / float(columns), cellH = (p1.y - p0.y) / float(rows);
  const auto colourAt = [&](int column, int row) {
    const size_t x = sx0 + size_t(column) * (sx1 - sx0) / size_t(columns), y = sy0 + size_t(row) * (sy1 - sy0) / size_t(rows);
    const auto* px = reinterpret_cast<const uint8_t*>(rgb.data()) + (y * width + x) * 3;
    return IM_COL32(linear[px[0] >> 2 << 2], linear[px[1] >> 2 << 2], linear[px[2] >> 2 << 2], 255);  // 6 bits: longer runs
  };
  for (int row = 0; row < rows; ++row) {
    const float y0 = p0.y + cellH * float(row), y1 = y0 + cellH;
    for (int start = 0; start < columns;) {
      const ImU32 colour = colourAt(start, row);
      int end = start + 1;
      while (end < columns && colourAt(end, row) == colour) ++end;
      draw->AddRectFilled(ImVec2(p0.x + cellW * float(start), y0), ImVec2(p0.x + cellW * float(end), y1), colour);
      start = end;
    }
  }
}

// Where `panel` lies in the picture of the node that drives `panels` (a
// block, shown side by side): its rectangle of the picture's pixels.
bool pictureRect(const WallConsoleInfo::Node& node, int columns, int panel, uint32_t rect[4]) {
  if (!node.picture || node.picture->size() != size_t(node.pictureWidth) * node.pictureHeight * 3) return false;
  int r0 = 1 << 30, c0 = 1 << 30, r1 = -1, c1 = -1;
  for (int p : node.panels) {
    const int r = (p - 1) / columns, c = (p - 1) % columns;
    r0 = std::min(r0, r), c0 = std::min(c0, c), r1 = std::max(r1, r), c1 = std::max(c1, c);
  }
  const uint32_t across = uint32_t(c1 - c0 + 1), down = uint32_t(r1 - r0 + 1);
  const uint32_t c = uint32_t((panel - 1) % columns - c0), r = uint32_t((panel - 1) / columns - r0);
  rect[0] = node.pictureWidth * c / across, rect[2] = node.pictureWidth * (c + 1) / across;
  rect[1] = node.pictureHeight * r / down, rect[3] = node.pictureHeight * (r + 1) / down;
  return rect[2] > rect[0] && rect[3] > rect[1];
}

}  // namespace

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
    const float planW = std::min(right - left - 40 * scale, 360 * scale);
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
        if (std::find(n.panels.begin(), n.panels.end(), panel) != n.panels.end()) node = &n;
      const bool blanked = size_t(panel - 1) < info.blanked.size() && info.blanked[size_t(panel - 1)];
      const uint32_t rgb = !node ? 0x2a3442 : node->state == 0 ? (node->lag > 2 ? kWarn : kGood) : node->state == 1 ? kWarn : kAlarm;
      uint32_t source[4];
      const bool picture = !blanked && node && pictureRect(*node, info.columns, panel, source);
      if (picture) {
        // What the panel showed, dimmed while its node is not in step (the picture is old then).
        drawPicture(draw, p0, p1, *node->picture, node->pictureWidth, source[0], source[1], source[2], source[3]);
        if (node->state != 0) draw->AddRectFilled(p0, p1, srgbColor(0x000000, 0.55f));
      } else {
        draw->AddRectFilled(p0, p1, blanked ? IM_COL32(0, 0, 0, 255) : srgbColor(rgb, 0.35f));
      }
      draw->AddRect(p0, p1, srgbColor(rgb), 0, 0, 2);
      // The number: in the middle of a plain panel, in a corner over a picture.
      const std::string number = std::to_string(panel);
      const ImVec2 ts = ImGui::CalcTextSize(number.c_str());
      const ImVec2 numberAt =
          picture ? ImVec2(p0.x + 5, p0.y + 3) : ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2);
      if (picture)
        draw->AddRectFilled(ImVec2(numberAt.x - 3, numberAt.y - 1), ImVec2(numberAt.x + ts.x + 3, numberAt.y + ts.y + 1),
                            srgbColor(0x0b1220, 0.8f), 3);
      draw->AddText(numberAt, srgbColor(0xffffff), number.c_str());
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
        ImGui::TableNextColumn(), ImGui::TextUnformatted(n.panelNames.c_str());
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
