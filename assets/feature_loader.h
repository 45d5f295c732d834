#pragma once
// The governance layers (治理要素) from GeoJSON: each configured layer's
// file read into the city's frame, filtered, its points kept for icons,
// its lines and areas laid on the ground (palette entries 2·layer for a
// fill, 2·layer + 1 for lines and outlines), every feature's properties
// kept for the card. Bad features are skipped and counted per layer; a
// file that cannot be used at all is an AssetError naming it.

#include <vector>

#include "geo/geo_frame.h"
#include "scene/features.h"

namespace citywall::assets {

/// Palette entries of a layer's ground geometry.
constexpr uint32_t featureFillStyle(uint32_t layer) { return 2 * layer; }
constexpr uint32_t featureLineStyle(uint32_t layer) { return 2 * layer + 1; }

scene::FeatureSet loadFeatureLayers(const std::vector<scene::FeatureLayerStyle>& layers, const geo::GeoFrame& frame);

}  // namespace citywall::assets
