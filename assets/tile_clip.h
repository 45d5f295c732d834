#pragma once
// A decoded vector tile's feature cut to its tile's box. Tiles carry a
// margin of their neighbours' geometry; drawn twice, it shows as seams —
// translucent areas darker along the tile edges, a label twice. Cutting in
// lon/lat is exact: a tile's edges are meridians and parallels.

#include "assets/vector_tile.h"

namespace citywall::assets {

/// Cuts `feature` to `box` (GEOS). Points on the box's west and north edges
/// belong to it, those on its east and south edges to the neighbour. False
/// when nothing of the feature is inside.
bool clipToTile(TileFeature& feature, const TileBounds& box);

}  // namespace citywall::assets
