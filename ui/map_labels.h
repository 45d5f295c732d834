#pragma once
// MapLabelPlacer: which base-map names (and governance features' labels)
// are printed this frame, and where.
// Names compete for room: the most important first (district > place >
// water > road > POI), each kept only where its box touches no box placed
// before it nor any obstacle (the sensor and region labels, placed first).
// A name shown last frame is favoured, and every name fades in and out
// over a quarter of a second, so a moving camera never makes them flicker.
// Pure logic (text is measured by a function given to it): tested without
// a GPU or ImGui.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec2.hpp>

#include "scene/basemap.h"
#include "scene/camera.h"
#include "ui/strings.h"

namespace citywall::ui {

struct LabelBox {
  float x0, y0, x1, y1;  ///< pixels
  bool overlaps(const LabelBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct PlacedMapLabel {
  float x, y;  ///< the text's centre, pixels
  std::string text;
  float size;   ///< relative to the UI's text size
  float alpha;  ///< 0–1, fading
  scene::BaseMapLabel::Kind kind;
  LabelBox box;        ///< what it covers on screen (around the turned text for a road)
  float angle = 0;     ///< radians, clockwise on screen: a road's name runs along it, never upside down
  uint32_t rgb = 0;    ///< the label's own colour (a governance layer's); 0: by kind
};

/// The text's size in pixels at `size` × the UI's text size.
using MeasureText = std::function<glm::vec2(std::string_view text, float size)>;

/// How big a kind of name is printed (× the UI text size).
float mapLabelSize(scene::BaseMapLabel::Kind kind);

class MapLabelPlacer {
 public:
  float uiScale = 1;  ///< scales labels' offsets below their icons
  /// Places `labels` (the base map's, the same list every frame) for this
  /// camera and viewport; `seconds` since the last call drives the fades.
  /// Returns what to draw, least important first (drawn under the rest).
  /// The labels' list changed (the camera's tiles moved on): each name in
  /// `after` that was in `before` keeps how far it had faded in, so nothing
  /// blinks where the map did not change.
  void carryOver(const std::vector<scene::BaseMapLabel>& before, const std::vector<scene::BaseMapLabel>& after);

  std::vector<PlacedMapLabel> place(const std::vector<scene::BaseMapLabel>& labels, const scene::CameraMatrices& camera,
                                    double cameraDistance, double width, double height, Language language,
                                    const std::vector<LabelBox>& obstacles, const MeasureText& measure, double seconds);

 private:
  std::vector<float> alpha_;   // by label
  std::vector<uint8_t> shown_;  // placed in the last frame
};

}  // namespace citywall::ui
