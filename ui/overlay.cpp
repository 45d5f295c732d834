#include "ui/overlay.h"

#include <imgui.h>

#include "ui/panel_draw.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace citywall::ui {

void drawMapLabels(const OverlayInfo& info, float scale) {
  // Centred, with a dark halo so they read over any colour.
  ImDrawList* map = ImGui::GetBackgroundDrawList();
  ImFont* font = ImGui::GetFont();
  for (const auto& l : info.labels) {
    const float px = ImGui::GetFontSize() * l.size;
    const ImVec2 size = font->CalcTextSizeA(px, FLT_MAX, 0, l.text.c_str());
    const ImVec2 at(l.x - size.x / 2, l.y - size.y / 2);
    const int a = int(255 * std::clamp(l.alpha, 0.0f, 1.0f));
    const ImU32 halo = l.darkText ? IM_COL32(255, 255, 255, a * 200 / 255) : IM_COL32(0, 0, 0, a * 200 / 255);
    const int first = map->VtxBuffer.Size;
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        if (dx || dy) map->AddText(font, px, ImVec2(at.x + dx * scale, at.y + dy * scale), halo, l.text.c_str());
    map->AddText(font, px, at, IM_COL32((l.rgb >> 16) & 0xff, (l.rgb >> 8) & 0xff, l.rgb & 0xff, a), l.text.c_str());
    if (l.angle != 0) {  // turned about its centre: the glyph quads just written
      const float c = std::cos(l.angle), s = std::sin(l.angle);
      for (int i = first; i < map->VtxBuffer.Size; ++i) {
        ImVec2& p = map->VtxBuffer[i].pos;
        const float x = p.x - l.x, y = p.y - l.y;
        p = ImVec2(l.x + x * c - y * s, l.y + x * s + y * c);
      }
    }
  }
}

namespace {
// The current window's box, for the names to keep out of.
void keepBox(std::vector<LabelBox>* boxes) {
  if (!boxes) return;
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  boxes->push_back({at.x, at.y, at.x + size.x, at.y + size.y});
}
}  // namespace

void drawAttribution(const OverlayInfo& info, float scale, std::vector<LabelBox>* boxes) {
  // Bottom right, always visible (ODbL for OpenStreetMap data).
  if (info.attributions.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = 16.0f * scale;
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
  std::string text;
  for (const auto& a : info.attributions) text += (text.empty() ? "" : "  ") + a;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - pad * 0.5f, vp->WorkPos.y + vp->WorkSize.y - pad * 0.5f),
                          ImGuiCond_Always, ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.55f);
  if (ImGui::Begin("##attribution", nullptr, flags)) ImGui::TextUnformatted(text.c_str());
  keepBox(boxes);
  ImGui::End();
}

void drawOverlay(const OverlayInfo& info, Language language, float scale, std::vector<LabelBox>* boxes) {
  const Strings& s = strings(language);
  drawMapLabels(info, scale);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = 16.0f * scale;
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;

  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + pad, vp->WorkPos.y + pad), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.72f);
  float statusBottom = vp->WorkPos.y + pad;
  if (ImGui::Begin("##status", nullptr, flags)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_PlotLinesHovered));
    ImGui::TextUnformatted(s.title);
    ImGui::PopStyleColor();
    ImGui::Separator();
    ImGui::Text(s.frameTime, info.frameMs);
    if (info.gpuMs >= 0) ImGui::Text(s.gpuTime, info.gpuMs);
    else ImGui::TextUnformatted(s.gpuTimeNone);
    ImGui::Text(s.buildings, info.buildings);
    ImGui::Text(s.triangles, double(info.triangles) / 1e6);
    ImGui::Text(s.drawCalls, info.drawCalls);
    ImGui::Text(s.camera, info.lon, info.lat, info.height);
    if (!info.device.empty()) ImGui::Text(s.device, info.device.c_str());
    if (!info.liveLines.empty()) ImGui::Separator();
    for (const auto& line : info.liveLines) ImGui::TextUnformatted(line.c_str());
    if (!info.selectionLines.empty()) ImGui::Separator();
    for (const auto& line : info.selectionLines) ImGui::TextUnformatted(line.c_str());
  }
  statusBottom = ImGui::GetWindowPos().y + ImGui::GetWindowSize().y;
  keepBox(boxes);
  ImGui::End();

  // Legend, bottom left: what the colours mean.
  if (!info.legend.empty()) {
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + pad, vp->WorkPos.y + vp->WorkSize.y - pad), ImGuiCond_Always, ImVec2(0, 1));
    // On a short screen the legend stops under the status box (its last rows
    // are cut) instead of covering it.
    const float room = vp->WorkPos.y + vp->WorkSize.y - pad - (statusBottom + pad / 2);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, std::max(room, 4 * ImGui::GetTextLineHeightWithSpacing())));
    ImGui::SetNextWindowBgAlpha(0.72f);
    if (ImGui::Begin("##legend", nullptr, flags)) {
      for (const auto& section : info.legend) {
        ImGui::TextUnformatted(section.title.c_str());
        if (section.gradient) {
          gradientBar(section.rows, ImGui::GetTextLineHeight() * 10);
          continue;
        }
        for (const auto& row : section.rows) {
          colorChip(row.rgb);
          ImGui::TextUnformatted(row.label.c_str());
        }
      }
    }
    keepBox(boxes);
    ImGui::End();
  }

  drawAttribution(info, scale, boxes);
}

}  // namespace citywall::ui
