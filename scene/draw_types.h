#pragma once
// What the renderer draws, as plain data: instance and point layouts the GPU
// reads, and how a building is styled. The layers in scene/layers/ build
// these from the store; the renderer sees only these types (through
// FrameView), never the store, so renderer/ includes nothing from live/.

#include <cstdint>
#include <glm/vec2.hpp>

namespace citywall::scene {

/// One case as the GPU sees it: 24 bytes.
struct MarkerInstance {
  float position[3];  ///< ENU metres relative to the layer origin (the city origin)
  uint32_t color;     ///< 0xAABBGGRR (unpacked as RGBA unorm8), sRGB
  float size;         ///< diameter in pixels at UI scale 1
  uint32_t flags;     ///< bits 0–3 shape, 4 new, 5 overdue, 6 selected, 7 closed, 8–10 priority, 11 blink, 12 on the ground
};
static_assert(sizeof(MarkerInstance) == 24);

/// How far a case marker's head floats above its ground point (pixels at UI scale 1).
constexpr float kCasePinPixels = 26.0f;

enum MarkerFlag : uint32_t {
  kMarkerNew = 1u << 4,
  kMarkerOverdue = 1u << 5,
  kMarkerSelected = 1u << 6,
  kMarkerClosed = 1u << 7,
  /// The head sits on its spot, with no pin (a marked area's centre, under
  /// the case markers that float above the same spot).
  kMarkerOnTheGround = 1u << 12,
};

/// Shapes the marker shader draws as signed-distance fields.
enum class MarkerShape : uint32_t { circle, square, triangle, diamond, star, drop, hexagon, cross };

/// One case as a heat source: 16 bytes.
struct HeatPoint {
  float x, y;     ///< ENU metres relative to the layer's grid origin
  float weight;   ///< before time decay; 0 = filtered out
  float time;     ///< seconds relative to the layer's epoch (for decay against the clock)
};
static_assert(sizeof(HeatPoint) == 16);

enum class HeatRamp : uint32_t { viridis, magma, command, aqi };  ///< viridis and magma are perceptually uniform; aqi follows the PM2.5 bands

/// What the grid holds: a kernel density of cases, or a field interpolated
/// between sensors (inverse-distance weighting of their latest readings).
enum class HeatMode : uint32_t { density, field };

/// The grid the density lives on (ENU metres).
struct HeatGrid {
  glm::dvec2 origin{0.0};  ///< ENU of cell (0, 0)'s corner
  double cell = 10;        ///< metres
  uint32_t width = 0, height = 0;
};

/// How one building is drawn (the per-building GPU table).
struct BuildingStyle {
  uint32_t tintRgba = 0;  ///< sRGB tint, 0xRRGGBBAA; alpha = how much of it
  bool hidden = false;
  bool highlighted = false;
  bool operator==(const BuildingStyle&) const = default;
};

}  // namespace citywall::scene
