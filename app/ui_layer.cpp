#include "app/ui_layer.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cstdio>

#include "ui/fonts.h"
#include "ui/panel_strings.h"
#include "ui/theme_style.h"

namespace citywall::app {

UiLayer::UiLayer(renderer::Renderer& renderer, GLFWwindow* window, float scale, const scene::Theme& theme,
                 ui::Language language, const std::string& extraGlyphs)
    : renderer_(renderer), window_(window), language_(language) {
  const uint32_t targetHeight = renderer.height();
  // Readable across a room: 1080p gets 1.25, a 4K wall 2.5, an 8K wall 5.
  scale_ = scale > 0 ? scale : std::max(1.0f, float(targetHeight) / 1080.0f * 1.25f);
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written next to the user's files
  fontFile_ = ui::loadUiFont(18.0f * scale_, ui::allStrings() + ui::allPanelStrings() + extraGlyphs);
  // KPI numbers and headings: twice the size, glyphs of the panel strings only.
  ui::loadBigFont(fontFile_, 34.0f * scale_, ui::allPanelStrings());
  if (fontFile_.empty()) std::fprintf(stderr, "citywall: no CJK font found (install fonts-wqy-microhei); Chinese text will not show\n");
  ui::applyStyle(theme, scale_);
  if (window_) ImGui_ImplGlfw_InitForVulkan(window_, true);
  renderer_.initUi();
}

UiLayer::~UiLayer() {
  renderer_.shutdownUi();
  if (window_) ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void UiLayer::setTheme(const scene::Theme& theme) { ui::applyStyle(theme, scale_); }

ImDrawData* UiLayer::build(const ui::OverlayInfo& info, uint32_t width, uint32_t height, double deltaSeconds) {
  return build([&] { ui::drawOverlay(info, language_, scale_); }, width, height, deltaSeconds);
}

ImDrawData* UiLayer::build(const std::function<void()>& draw, uint32_t width, uint32_t height, double deltaSeconds) {
  ImGuiIO& io = ImGui::GetIO();
  if (window_) {
    ImGui_ImplGlfw_NewFrame();
  } else {
    io.DisplaySize = ImVec2(float(width), float(height));
    io.DeltaTime = float(std::max(deltaSeconds, 1e-4));
  }
  ImGui::NewFrame();
  draw();
  ImGui::Render();
  return ImGui::GetDrawData();
}

}  // namespace citywall::app
