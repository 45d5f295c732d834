#pragma once
// Picking: what is under a pixel — a case marker, a cluster, a sensor or a
// building. Done on the CPU on demand (a click is an event, not per-frame
// work): markers by their projected heads, buildings by casting the pixel's
// ray through the chunks it crosses and, in them, through each building's
// footprint extruded from its bottom to its roof (the shape its full level
// draws; the meshes themselves live on the GPU alone once uploaded).

#include <optional>
#include <string>
#include <utility>
#include <span>
#include <vector>

#include "scene/camera.h"
#include "scene/city_model.h"
#include "scene/frame_view.h"
#include "scene/layers/case_markers.h"

namespace citywall::scene {

enum class PickKind { none, caseMarker, cluster, sensor, building, feature, tilePoint };

/// A point of a 3D Tiles point cloud that has no feature of its own: which
/// one, and its row of the cloud's per-point properties, read at the pick
/// (the tile may unload while it stays selected).
struct TilePoint {
  std::string source;  ///< the content file
  uint32_t index = 0;  ///< the point's number in it
  glm::dvec3 where{0.0};
  std::vector<std::pair<std::string, std::string>> properties;
  bool operator==(const TilePoint&) const = default;
};

/// A feature of the 3D Tiles tilesets (a building of a city tileset) as
/// itself, apart from the global number one machine's streamer gave it: a
/// video wall's nodes load tiles in their own order, so the numbers differ
/// between machines, and the feature travels by its identity.
struct TileFeature {
  uint32_t tileset = 0;  ///< which of the configured tilesets
  /// What numbers it across tiles and levels: the id property's value, else
  /// "<content path>#<feature id>".
  std::string identity;
  std::string key;  ///< as the card shows it: the id, else "<content file>#<feature id>"
  std::vector<std::pair<std::string, std::string>> properties;  ///< as the first tile carrying it says
  std::optional<glm::dvec3> where;  ///< ENU, the middle of its smallest box in the tiles loaded so far
  /// The same feature (the properties may have come from different tiles).
  bool sameAs(const TileFeature& o) const { return tileset == o.tileset && identity == o.identity; }
  bool operator==(const TileFeature&) const = default;
};

/// A building as commands and the wall's messages name it, the same on
/// every machine: the city's by its number (a city file numbers its
/// buildings the same way at every load), a 3D Tiles building by its
/// tileset and identity (TileFeature), never by the number one machine's
/// streamer gave it.
struct BuildingRef {
  int32_t tileset = -1;  ///< -1: the city's building `number`
  uint32_t number = 0;
  std::string identity;  ///< a tile building's (TileFeature::identity)
  bool operator==(const BuildingRef&) const = default;
};

struct PickResult {
  PickKind kind = PickKind::none;
  uint32_t index = 0;        ///< instance index (markers), building index, or feature index
  glm::dvec3 where{0.0};     ///< ENU of the picked thing (marker anchor, or the hit point on the building)
  std::optional<TilePoint> point;  ///< kind tilePoint
  PickResult() = default;
  PickResult(PickKind k, uint32_t i, glm::dvec3 w) : kind(k), index(i), where(w) {}
};

/// How far from a point cloud's point, in pixels, a click still picks it
/// (points are drawn 1 to 3 pixels wide).
inline constexpr double kPointPickPixels = 4.0;

/// Marker heads float `pinPixels` × uiScale above their anchor and are `size` × uiScale wide.
struct MarkerPickSet {
  std::span<const MarkerInstance> instances;
  glm::dvec3 origin{0.0};
  PickKind kind = PickKind::caseMarker;  ///< clusters are told apart by their shape
  bool pinned = true;  ///< false: the head sits on its anchor (governance icons)
};

/// The nearest marker head under `pixel` (within its radius plus `slop`
/// pixels), else the nearest building the ray hits but those in `hidden`
/// (sorted building numbers: taken off the wall, the ray passes through them).
PickResult pick(const CityModel& city, const std::vector<MarkerPickSet>& markers, const MapCamera& camera,
                glm::dvec2 pixel, double width, double height, float uiScale = 1.0f, float pinPixels = kCasePinPixels,
                float slop = 4.0f, std::span<const uint32_t> hidden = {});

/// The 3D Tiles feature hit by the ray through `pixel` among the drawn
/// tiles: kind building, index its global number (the building table's).
/// A point cloud's point counts as hit within kPointPickPixels of the ray,
/// the nearest such point first: its feature, if it has one, else kind
/// tilePoint with its properties. A hit on a tile without feature ids (or
/// on a point without a feature or properties) blocks what lies behind it
/// and gives kind none. Features in `hidden` (sorted) are passed through.
std::optional<PickResult> pickTiles(std::span<const TileDraw> tiles, const MapCamera& camera, glm::dvec2 pixel, double width,
                                    double height, std::span<const uint32_t> hidden = {});

/// The building hit by the ray through `pixel`, if any, but those in `hidden` (sorted).
std::optional<PickResult> pickBuilding(const CityModel& city, const MapCamera& camera, glm::dvec2 pixel, double width,
                                       double height, std::span<const uint32_t> hidden = {});

}  // namespace citywall::scene
