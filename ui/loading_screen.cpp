#include "ui/loading_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace citywall::ui {

double overallFraction(const LoadProgress& p) {
  const double f = std::clamp(p.fraction, 0.0, 1.0);
  return p.stage == "extruding" ? 0.4 + 0.6 * f : 0.4 * f;
}

void drawLoadingScreen(const LoadProgress& progress, Language language, float scale) {
  const PanelStrings& s = panelStrings(language);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = std::min(vp->Size.x * 0.6f, 900.f * scale);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::Begin("##loading", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_AlwaysAutoResize);
  const double overall = overallFraction(progress);
  const char* stage = progress.stage == "extruding" ? s.cityExtruding : s.cityParsing;
  char line[256];
  std::snprintf(line, sizeof line, s.cityBuilding, stage, int(overall * 100));
  ImGui::TextUnformatted(line);
  // The track in the dimmed text's colour, so it shows in both themes.
  ImVec4 track = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  track.w = 0.35f;
  ImGui::PushStyleColor(ImGuiCol_FrameBg, track);
  ImGui::ProgressBar(float(overall), ImVec2(-1, 18 * scale), "");
  ImGui::PopStyleColor();
  ImGui::TextDisabled("%s", s.cityBuildingNote);
  ImGui::End();
}

}  // namespace citywall::ui
