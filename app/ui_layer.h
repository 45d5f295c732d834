#pragma once
// UiLayer: owns the ImGui context, the fonts and the style, and builds one
// overlay frame. The renderer draws the result (ImDrawData) in its last pass.

#include <functional>

#include "renderer/renderer.h"
#include "ui/overlay.h"

struct GLFWwindow;

namespace citywall::app {

class UiLayer {
 public:
  /// `window` may be null (headless). `scale` ≤ 0 picks one from the
  /// renderer's target height. Prepares the renderer's ImGui pass and
  /// releases it again on destruction, before the ImGui context goes.
  /// `extraGlyphs`: text known at start (region names) whose characters
  /// the font must have beyond the UI strings.
  UiLayer(renderer::Renderer& renderer, GLFWwindow* window, float scale, const scene::Theme& theme,
          ui::Language language, const std::string& extraGlyphs = {});
  ~UiLayer();
  UiLayer(const UiLayer&) = delete;
  UiLayer& operator=(const UiLayer&) = delete;

  /// Builds the overlay for a target of width × height; returns the draw data.
  ImDrawData* build(const ui::OverlayInfo& info, uint32_t width, uint32_t height, double deltaSeconds);
  /// Builds a frame whose windows `draw` makes (the dashboard).
  ImDrawData* build(const std::function<void()>& draw, uint32_t width, uint32_t height, double deltaSeconds);
  float scale() const { return scale_; }
  void setLanguage(ui::Language language) { language_ = language; }
  void setTheme(const scene::Theme& theme);
  const std::string& fontFile() const { return fontFile_; }

 private:
  renderer::Renderer& renderer_;
  GLFWwindow* window_;
  float scale_;
  ui::Language language_;
  std::string fontFile_;
};

}  // namespace citywall::app
