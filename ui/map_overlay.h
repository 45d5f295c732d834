#pragma once
// What the overlay says about the map, in the UI language: the legend of the
// visible layers, labels placed on the map (sensor readings, region names and
// values), the region under the cursor, what is selected, and the live
// status lines. Reads the scene and the store; changes nothing.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "live/store.h"
#include "scene/scene.h"
#include "ui/overlay.h"

namespace citywall::ui {

/// One feed as the status lines show it (the app summarises feed/ for us).
struct FeedLine {
  size_t state = 0;  ///< index into Strings::feedStates (feed::FeedState)
  uint64_t events = 0, rejected = 0;
};

/// The legend of the visible layers.
/// A governance layer's name in `language` (its English name where it has one).
std::string featureLayerName(const scene::FeatureLayerStyle& layer, Language language);
std::vector<OverlayInfo::LegendSection> layerLegend(const scene::Scene& scene, Language language);
/// Sensor readings beside their rings when the camera is close.
std::vector<OverlayInfo::Label> sensorLabels(const scene::Scene& scene, const scene::FrameView& view,
                                             const live::Store& store, double width, double height, Language language);
/// Each marked area's name and radius ("疏散区 · 半径 300 米"), in its colour,
/// just outside its ring where the ring comes nearest the bottom of the view
/// (the edge facing the viewer, clear of the case marker at its centre).
std::vector<OverlayInfo::Label> markLabels(const scene::Scene& scene, const scene::FrameView& view, double width, double height,
                                           Language language);
/// Region labels ("name value") at each region's label point.
std::vector<OverlayInfo::Label> regionLabels(const scene::Scene& scene, const scene::FrameView& view, double width,
                                             double height);
/// "Name  open N" for the region under an ENU ground point, if any.
std::optional<std::string> regionAt(const scene::Scene& scene, glm::dvec2 enu, Language language);
/// Lines describing the selection (empty when nothing is selected).
std::vector<std::string> describeSelection(const scene::Scene& scene, const live::Store& store, Language language);
/// A card's property lines ("    name  value"), the first 16 that have a value, then "…".
void appendPropertyLines(std::vector<std::string>& out, const std::vector<std::pair<std::string, std::string>>& properties);
/// The overlay's live lines: cases, sensors, one line per feed (none without feeds).
std::vector<std::string> liveLines(const live::Store& store, const std::vector<FeedLine>& feeds, Language language);

}  // namespace citywall::ui
