#pragma once
// UiLayer: owns the ImGui context, the fonts and the style, and builds one
// overlay frame. The renderer draws the result (ImDrawData) in its last pass.

#include <functional>
#include <string_view>
#include <unordered_set>

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
  /// Text about to be shown that did not exist at start (case titles,
  /// addresses, sensor names from the feed): characters the font lacks are
  /// added by rebuilding the font atlas before the next frame (at most every
  /// 2 s; a character the font file itself lacks is asked for only once).
  void requireText(std::string_view utf8);
  uint32_t fontRebuilds() const { return rebuilds_; }
  void setLanguage(ui::Language language) { language_ = language; }
  void setTheme(const scene::Theme& theme);
  const std::string& fontFile() const { return fontFile_; }

 private:
  renderer::Renderer& renderer_;
  GLFWwindow* window_;
  float scale_;
  ui::Language language_;
  std::string fontFile_;
  std::string glyphText_;            // every character the atlas was built for
  std::string pendingText_;          // characters to add at the next rebuild
  std::unordered_set<uint32_t> asked_;  // characters already asked for
  double lastRebuild_ = -1e9;
  uint32_t rebuilds_ = 0;
  void loadFonts();
};

}  // namespace citywall::app
