#include "ui/imgui_host.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cstdio>

#include "ui/fonts.h"
#include "ui/strings.h"
#include "ui/theme_style.h"

namespace citywall::ui {

ImGuiHost::ImGuiHost(UiDeviceHooks hooks, uint32_t targetHeight, GLFWwindow* window, float scale,
                     const scene::Theme& theme, Language language, const std::string& extraGlyphs)
    : hooks_(std::move(hooks)), window_(window), language_(language) {
  // Readable across a room: 1080p gets 1.25, a 4K wall 2.5, an 8K wall 5.
  scale_ = scale > 0 ? scale : std::max(1.0f, float(targetHeight) / 1080.0f * 1.25f);
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written next to the user's files
  glyphText_ = allStrings() + allPanelStrings() + extraGlyphs;
  loadFonts();
  if (fontFile_.empty()) std::fprintf(stderr, "citywall: no CJK font found (install fonts-wqy-microhei); Chinese text will not show\n");
  applyStyle(theme, scale_);
  if (window_) ImGui_ImplGlfw_InitForVulkan(window_, true);
  hooks_.init();
}

void ImGuiHost::loadFonts() {
  fontFile_ = loadUiFont(18.0f * scale_, glyphText_);
  // KPI numbers and headings: twice the size, glyphs of the panel strings only.
  loadBigFont(fontFile_, 34.0f * scale_, allPanelStrings() + bigText_);
}

namespace {
// The next code point of UTF-8 text (invalid bytes are skipped as U+FFFD).
uint32_t nextCodePoint(std::string_view s, size_t& i) {
  const unsigned char c = s[i];
  const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (!n || i + n > s.size()) return ++i, 0xFFFD;
  uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}
}  // namespace

void ImGuiHost::requireBigText(std::string_view text) {
  if (bigText_.find(text) != std::string::npos) return;
  bigText_ += text;
  pendingText_ += text;  // a rebuild brings both sizes
}

void ImGuiHost::requireText(std::string_view text) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (atlas->Fonts.empty()) return;
  const ImFont* font = atlas->Fonts[0];
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const uint32_t cp = nextCodePoint(text, i);
    if (cp < 0x80 || cp > 0xFFFF) continue;  // ImGui's glyphs are 16-bit here
    if (font->FindGlyphNoFallback(ImWchar(cp)) || !asked_.insert(cp).second) continue;
    pendingText_.append(text.substr(start, i - start));
  }
}

ImGuiHost::~ImGuiHost() {
  hooks_.release();
  if (window_) ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void ImGuiHost::setTheme(const scene::Theme& theme) { applyStyle(theme, scale_); }

ImDrawData* ImGuiHost::build(const OverlayInfo& info, uint32_t width, uint32_t height, double deltaSeconds) {
  return build(
      [&] {
        overlayBoxes_.clear();
        drawOverlay(info, language_, scale_, &overlayBoxes_);
      },
      width, height, deltaSeconds);
}

ImDrawData* ImGuiHost::build(const std::function<void()>& draw, uint32_t width, uint32_t height, double deltaSeconds) {
  ImGuiIO& io = ImGui::GetIO();
  // New characters from the feed: rebuild the atlas between frames.
  const double now = ImGui::GetTime();
  if (!pendingText_.empty() && (now - lastRebuild_ >= 2.0 || rebuilds_ == 0)) {
    glyphText_ += pendingText_;
    pendingText_.clear();
    hooks_.release();
    io.Fonts->Clear();
    loadFonts();
    hooks_.init();
    lastRebuild_ = now;
    ++rebuilds_;
  }
  if (window_) {
    ImGui_ImplGlfw_NewFrame();
    if (givenSize_) io.DisplaySize = ImVec2(float(width), float(height)), io.DisplayFramebufferScale = ImVec2(1, 1);
  } else {
    io.DisplaySize = ImVec2(float(width), float(height));
    io.DeltaTime = float(std::max(deltaSeconds, 1e-4));
  }
  ImGui::NewFrame();
  draw();
  if (onTop_) onTop_();
  ImGui::Render();
  return ImGui::GetDrawData();
}

}  // namespace citywall::ui
