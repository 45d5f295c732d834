#pragma once
// Areas marked on the wall — a cordon round a chemical leak, an evacuation
// zone, a fire's exclusion radius — by an operator or a drill step. Every
// building whose middle lies inside a marked circle is tinted in the
// mark's colour: the city's extruded buildings and the 3D Tiles' alike (a
// tile building by the place of its first tile, so the tint comes back
// when the tile loads again, as the per-building table keeps it). On the
// ground each mark shows as a faint disc inside a ring at its edge, so the
// zone reads where no building stands (a square, a river, open ground).

#include <cstdint>
#include <utility>
#include <span>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "geo/geo_frame.h"
#include "scene/basemap.h"
#include "scene/city_model.h"
#include "scene/draw_types.h"
#include "scene/theme.h"

namespace citywall::scene {

struct AreaMark {
  std::string id;           ///< names it, to move or clear it ("evacuation")
  double lon = 0, lat = 0;  ///< the centre, WGS84 degrees
  double radius = 300;      ///< metres
  uint32_t rgba = 0xff3b30a0u;  ///< sRGB tint, 0xRRGGBBAA; alpha: how much of it
  bool operator==(const AreaMark&) const = default;
};

/// A building's tint from the marks: its number and the sRGB 0xRRGGBBAA.
using MarkTint = std::pair<uint32_t, uint32_t>;

/// Appends to `tints`, in building order, every building inside a mark:
/// the city's buildings (numbers 0…), then the tile buildings
/// (`tileFeatures[i]` is the ENU place of number `firstTileFeature + i`, at
/// or after the city's; NaN where not known yet). A building inside several
/// marks takes the last one's colour.
void tintMarkedBuildings(std::span<const AreaMark> marks, const geo::GeoFrame& frame, std::span<const BuildingInfo> buildings,
                         std::span<const glm::dvec3> tileFeatures, uint32_t firstTileFeature, std::vector<MarkTint>& tints);

/// The most marks drawn on the ground (two palette entries each); a mark
/// past them still tints its buildings.
constexpr size_t kMaxGroundMarks = 128;

/// The marks on the ground, as base-map geometry in `frame`: mark i's disc
/// is an area of style 2i, its ring a line of style 2i + 1 — a band along
/// the edge, as wide as a hundredth of the radius (1 to 25 m), each piece
/// pushed straight out from the centre so neighbours share their edges
/// and a translucent ring shows no darker joints.
BaseMap markGround(std::span<const AreaMark> marks, const geo::GeoFrame& frame);
/// The palette for markGround: per mark a faint fill and a strong ring with
/// a dark casing (it must read over the heat's red as over the night ground).
std::vector<BaseMapPaint> markGroundPaints(std::span<const AreaMark> marks);

}  // namespace citywall::scene
