#pragma once
// Picking: what is under a pixel — a case marker, a cluster, a sensor or a
// building. Done on the CPU on demand (a click is an event, not per-frame
// work): markers by their projected heads, buildings by casting the pixel's
// ray through the chunks it crosses and, in them, through each building's
// footprint extruded from its bottom to its roof (the shape its full level
// draws; the meshes themselves live on the GPU alone once uploaded).

#include <optional>
#include <span>
#include <vector>

#include "scene/camera.h"
#include "scene/city_model.h"
#include "scene/frame_view.h"
#include "scene/layers/case_markers.h"

namespace citywall::scene {

enum class PickKind { none, caseMarker, cluster, sensor, building, feature };

struct PickResult {
  PickKind kind = PickKind::none;
  uint32_t index = 0;        ///< instance index (markers), building index, or feature index
  glm::dvec3 where{0.0};     ///< ENU of the picked thing (marker anchor, or the hit point on the building)
};

/// Marker heads float `pinPixels` × uiScale above their anchor and are `size` × uiScale wide.
struct MarkerPickSet {
  std::span<const MarkerInstance> instances;
  glm::dvec3 origin{0.0};
  PickKind kind = PickKind::caseMarker;  ///< clusters are told apart by their shape
  bool pinned = true;  ///< false: the head sits on its anchor (governance icons)
};

/// The nearest marker head under `pixel` (within its radius plus `slop`
/// pixels), else the nearest building the ray hits.
PickResult pick(const CityModel& city, const std::vector<MarkerPickSet>& markers, const MapCamera& camera,
                glm::dvec2 pixel, double width, double height, float uiScale = 1.0f, float pinPixels = kCasePinPixels,
                float slop = 4.0f);

/// The 3D Tiles feature hit by the ray through `pixel` among the drawn
/// tiles: kind building, index its global number (the building table's).
/// A hit on a tile without feature ids blocks what lies behind it and
/// gives kind none.
std::optional<PickResult> pickTiles(std::span<const TileDraw> tiles, const MapCamera& camera, glm::dvec2 pixel, double width,
                                    double height);

/// The building hit by the ray through `pixel`, if any.
std::optional<PickResult> pickBuilding(const CityModel& city, const MapCamera& camera, glm::dvec2 pixel, double width,
                                       double height);

}  // namespace citywall::scene
