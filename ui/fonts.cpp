#include "ui/fonts.h"

#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace citywall::ui {

std::string loadUiFont(float pixelSize, const std::string& extraText) {
  // The glyph ranges must outlive the atlas build, so they live as long as
  // the process (one UI per process).
  static ImVector<ImWchar> ranges;
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
  builder.AddText(extraText.c_str());
  builder.AddText("©°·—…");
  builder.BuildRanges(&ranges);
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("CITYWALL_FONT")) candidates.emplace_back(env);
  candidates.emplace_back("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
  candidates.emplace_back("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
  ImGuiIO& io = ImGui::GetIO();
  for (const auto& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    ImFontConfig config;
    config.OversampleH = 1;  // keeps the CJK atlas small (docs/architecture.md)
    config.OversampleV = 1;
    config.FontNo = path.find("NotoSansCJK") != std::string::npos ? 2 : 0;  // index 2: Simplified Chinese
    if (io.Fonts->AddFontFromFileTTF(path.c_str(), pixelSize, &config, ranges.Data))
      return path;
  }
  ImFontConfig config;
  config.SizePixels = pixelSize;
  io.Fonts->AddFontDefault(&config);
  return {};
}

void loadBigFont(const std::string& file, float pixelSize, const std::string& text) {
  static ImVector<ImWchar> ranges;  // must outlive the atlas build
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
  builder.AddText(text.c_str());
  builder.AddText("©°·—…%／");
  builder.BuildRanges(&ranges);
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig config;
  config.OversampleH = 1;
  config.OversampleV = 1;
  if (!file.empty()) {
    config.FontNo = file.find("NotoSansCJK") != std::string::npos ? 2 : 0;
    if (io.Fonts->AddFontFromFileTTF(file.c_str(), pixelSize, &config, ranges.Data)) return;
  }
  config.SizePixels = pixelSize;
  io.Fonts->AddFontDefault(&config);
}

}  // namespace citywall::ui
