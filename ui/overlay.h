#pragma once
// The status overlay: frame time, building count and the camera's position,
// in the UI language, plus the data attributions the licences require. Reads
// only the values it is given; emits nothing yet (the dashboard issue adds
// commands). Main thread, between ImGui::NewFrame and ImGui::Render.

#include <string>
#include <vector>

#include "ui/map_labels.h"
#include "ui/strings.h"

namespace citywall::ui {

struct OverlayInfo {
  double frameMs = 0;
  double gpuMs = -1;  ///< < 0: not available
  size_t buildings = 0;
  uint64_t triangles = 0;
  uint32_t drawCalls = 0;
  double lon = 0, lat = 0, height = 0;  ///< camera eye, degrees and metres
  std::string device;
  std::vector<std::string> attributions;
  std::vector<std::string> liveLines;  ///< already formatted (cases, sensors, feeds)
  std::vector<std::string> selectionLines;  ///< what was clicked, already formatted
  struct Label {
    float x, y;  ///< pixels
    std::string text;
    float size = 1;          ///< × the UI's text size
    float alpha = 1;         ///< fading in or out
    uint32_t rgb = 0xebf5ff;  ///< sRGB text colour
    bool darkText = false;    ///< dark text on a light halo (the day theme's names)
    float angle = 0;          ///< radians, clockwise on screen, about the label's centre
  };
  std::vector<Label> labels;  ///< on the map (region names and values), under the windows
  struct LegendRow {
    std::string label;
    uint32_t rgb;
  };
  struct LegendSection {
    std::string title;
    std::vector<LegendRow> rows;
    /// Drawn as one continuous bar (a colour ramp) with the first and last
    /// rows' labels at its ends, instead of swatches.
    bool gradient = false;
    /// The governance layers: the dashboard's layer panel shows them as its
    /// own coloured switches, so it leaves this section out.
    bool switches = false;
  };
  std::vector<LegendSection> legend;  ///< one section per visible layer that has one
};

/// The status overlay (no dashboard): status window, legend, labels, attribution.
/// `boxes` (may be null) gets where its windows stand: the map's names keep out of them.
void drawOverlay(const OverlayInfo& info, Language language, float scale, std::vector<LabelBox>* boxes = nullptr);
/// Region and sensor labels on the map (under every window).
void drawMapLabels(const OverlayInfo& info, float scale);
/// The data attributions, bottom right.
void drawAttribution(const OverlayInfo& info, float scale, std::vector<LabelBox>* boxes = nullptr);

}  // namespace citywall::ui
