#pragma once
// FrameView: the immutable description of one frame that the renderer draws
// (camera, theme, viewport). Built by the app from the scene each frame; the
// renderer never reads anything else about the world (ARCHITECTURE.md).

#include <cstdint>

#include <vector>

#include "scene/camera.h"
#include "scene/layers/case_markers.h"
#include "scene/layers/heat_layer.h"
#include "scene/layers/region_layer.h"
#include "scene/theme.h"

namespace citywall::scene {

/// The case markers of this frame: the layer's instances (owned by the
/// layer, unchanged while the frame is recorded) and which changed.
struct MarkerFrame {
  const std::vector<MarkerInstance>* instances = nullptr;
  const std::vector<uint32_t>* changed = nullptr;
  glm::dvec3 origin{0.0};  ///< ENU of the instances' origin
};

/// The heatmap of this frame: the layer (its points, grid, style and drape
/// mesh), the clock for decay, and the colour domain's top.
struct HeatFrame {
  const HeatLayer* layer = nullptr;
  float clockSeconds = 0;
  float domainMax = 1;  ///< density at the top of the ramp (fixed, or the app's smoothed auto value)
};

struct FrameView {
  CameraMatrices camera;
  double cameraDistance = 1000;  ///< metres, eye to target; scales fog and grid fading
  Theme theme;
  MarkerFrame markers;
  MarkerFrame sensors;  ///< sensor glyphs, drawn by the same marker pass
  HeatFrame heat;
  const RegionLayer* regions = nullptr;  ///< the choropleth, if any
  double timeSeconds = 0;  ///< animation clock (pulses)
  float uiScale = 1;       ///< marker sizes scale with the UI
};

}  // namespace citywall::scene
