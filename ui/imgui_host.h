#pragma once
// ImGuiHost: owns the ImGui context, the fonts and the style, and builds one
// UI frame. The renderer draws the result (ImDrawData) in its last pass; the
// host knows it only through two hooks that (re)create and release the GPU
// side of the fonts, so ui/ does not depend on renderer/.

#include <functional>
#include <string_view>
#include <unordered_set>

#include "scene/theme.h"
#include "ui/overlay.h"

struct ImDrawData;

struct GLFWwindow;

namespace citywall::ui {

/// The GPU side of the UI: prepares the ImGui pass (after the fonts exist)
/// and releases it (before a font rebuild and before the context goes).
struct UiDeviceHooks {
  std::function<void()> init, release;
};

class ImGuiHost {
 public:
  /// `window` may be null (headless). `scale` ≤ 0 picks one from
  /// `targetHeight`. Calls hooks.init once the fonts exist and
  /// hooks.release on destruction, before the ImGui context goes.
  /// `extraGlyphs`: text known at start (region names) whose characters
  /// the font must have beyond the UI strings.
  ImGuiHost(UiDeviceHooks hooks, uint32_t targetHeight, GLFWwindow* window, float scale, const scene::Theme& theme,
            Language language, const std::string& extraGlyphs = {});
  ~ImGuiHost();
  ImGuiHost(const ImGuiHost&) = delete;
  ImGuiHost& operator=(const ImGuiHost&) = delete;

  /// Builds the overlay for a target of width × height; returns the draw data.
  ImDrawData* build(const OverlayInfo& info, uint32_t width, uint32_t height, double deltaSeconds);
  /// Builds a frame whose windows `draw` makes (the dashboard).
  ImDrawData* build(const std::function<void()>& draw, uint32_t width, uint32_t height, double deltaSeconds);
  float scale() const { return scale_; }
  /// Drawn after the overlay or the dashboard in every frame built from now
  /// on (a wall's panel card); empty: nothing.
  void setOnTop(std::function<void()> draw) { onTop_ = std::move(draw); }
  /// A window laid out at the size build() is given, not the window's (a
  /// wall's node lays its UI out on the whole canvas and shows its panel).
  void layOutAtGivenSize() { givenSize_ = true; }
  /// Text about to be shown that did not exist at start (case titles,
  /// addresses, sensor names from the feed): characters the font lacks are
  /// added by rebuilding the font atlas before the next frame (at most every
  /// 2 s; a character the font file itself lacks is asked for only once).
  /// Text the big font (headings, the drill banner) must show: it holds the
  /// panels' own words and these only.
  void requireBigText(std::string_view text);
  void requireText(std::string_view utf8);
  uint32_t fontRebuilds() const { return rebuilds_; }
  /// Where the overlay's windows stood in the last overlay frame (the map's names keep out of them).
  const std::vector<LabelBox>& overlayBoxes() const { return overlayBoxes_; }
  /// Characters asked for that the atlas does not hold yet (the next rebuild brings them).
  bool glyphsPending() const { return !pendingText_.empty(); }
  void setLanguage(Language language) { language_ = language; }
  void setTheme(const scene::Theme& theme);
  const std::string& fontFile() const { return fontFile_; }

 private:
  std::function<void()> onTop_;
  bool givenSize_ = false;
  UiDeviceHooks hooks_;
  GLFWwindow* window_;
  float scale_;
  Language language_;
  std::string fontFile_;
  std::string glyphText_;            // every character the atlas was built for
  std::vector<LabelBox> overlayBoxes_;
  std::string pendingText_;          // characters to add at the next rebuild
  std::string bigText_;              // the big font's characters beyond the panel strings
  std::unordered_set<uint32_t> asked_;  // characters already asked for
  double lastRebuild_ = -1e9;
  uint32_t rebuilds_ = 0;
  void loadFonts();
};

}  // namespace citywall::ui
