#pragma once
// FeatureLayers: the governance layers (治理要素) as the wall shows them —
// an icon per point feature (drawn flat on its spot by the marker pass, no
// pin: a pin means a case), and one palette entry per layer for its lines
// and areas on the ground. Each layer is switched on and off by itself and
// fades out as the camera pulls back past its `min_zoom` distance. Picking
// finds a line within a few pixels, or the area a point falls in.

#include <optional>
#include <span>
#include <vector>

#include "scene/features.h"
#include "scene/frame_view.h"
#include "scene/theme.h"

namespace citywall::scene {

class FeatureLayers {
 public:
  /// `set` must outlive the layers; `latitude` (degrees) turns min_zoom into a distance.
  FeatureLayers(const FeatureSet& set, double latitude);

  size_t size() const { return set_.layers.size(); }
  const FeatureSet& set() const { return set_; }
  void setVisible(uint32_t layer, bool on);
  bool visible(uint32_t layer) const { return layer < on_.size() && on_[layer]; }
  /// The camera distance (m) beyond which a layer is not shown (its min_zoom).
  float reach(uint32_t layer) const { return reach_[layer]; }
  /// How much of a layer shows at this camera distance: 1 near, 0 beyond its
  /// reach (a linear fade over the last fifth), 0 when switched off.
  float shown(uint32_t layer, double cameraDistance) const;

  /// Brings icons and paints up to date for this camera distance (cheap when nothing changed).
  void update(double cameraDistance);
  MarkerFrame frame() const { return {icons_, changed_, glm::dvec3(0.0), &icons_, false}; }
  const std::vector<MarkerInstance>& icons() const { return icons_; }
  /// The feature an icon stands for.
  uint32_t featureOfIcon(uint32_t icon) const { return iconFeature_[icon]; }
  /// Two entries per layer (fill, lines), for the ground pass.
  std::span<const BaseMapPaint> paints() const { return paints_; }
  /// Every labelled feature's name for the map's label placement (under its
  /// icon, in its layer's colour, out to its layer's reach or 6 km), and
  /// the layer each belongs to. Made once.
  const std::vector<BaseMapLabel>& labels() const { return labels_; }
  uint32_t layerOfLabel(size_t label) const { return labelLayer_[label]; }

  /// Highlights one feature (its icon gets the halo, its lines brighten), or none.
  void select(std::optional<uint32_t> feature);
  std::optional<uint32_t> selected() const { return selected_; }

  /// The line or area feature at a ground point (ENU metres): a line within
  /// `tolerance` metres first, else the area it lies in; only features shown now.
  std::optional<uint32_t> pickGround(glm::dvec2 at, double tolerance, double cameraDistance) const;

 private:
  void rebuild();
  const FeatureSet& set_;
  std::vector<bool> on_;
  std::vector<float> reach_, alpha_;  // by layer
  std::vector<MarkerInstance> icons_;
  std::vector<uint32_t> iconFeature_, changed_;
  std::vector<BaseMapPaint> paints_;
  std::vector<BaseMapLabel> labels_;
  std::vector<uint32_t> labelLayer_;
  std::optional<uint32_t> selected_;
  bool dirty_ = true;
};

}  // namespace citywall::scene
