#pragma once
// Scene: the city at the clock's time, as the wall shows it. Owns the map
// layers built from the store (case markers and clusters, sensors, case heat,
// the PM2.5 field, the choropleth), which of them are visible, the selection
// and the building styles it implies, the camera with its flight, and the
// theme. Each frame: update() reads what changed in the store (its versioned
// change log; the store is never modified), then snapshot() returns the
// immutable FrameView the renderer draws. Main thread only.
//
// The one value that flows back from the renderer, the heat density's
// maximum (for the auto colour domain), enters update() as FrameFeedback.

#include <map>
#include <optional>

#include "live/store.h"
#include "scene/area_marks.h"
#include "scene/camera_flight.h"
#include "scene/frame_view.h"
#include "scene/layer_styles.h"
#include "scene/layers/case_clusters.h"
#include "scene/layers/feature_layer.h"
#include "scene/layers/marker_declutter.h"
#include "scene/layers/sensor_markers.h"
#include "scene/picking.h"

namespace citywall::scene {

/// Layer switches (keys M, H, G, N, F; the layer panel).
struct LayerVisibility {
  bool markers = true, heat = true, regions = true, sensors = true;
  bool basemap = true;       ///< water, streets and names under the city
  bool sensorField = false;  ///< the heat layer shows the PM2.5 field between sensors instead of cases
};

/// What is selected: a case, a sensor, a building, a governance feature or
/// a point of a point cloud, at most one of them.
struct Selection {
  std::optional<uint32_t> caseSlot, sensorSlot, building, feature;
  std::optional<TilePoint> tilePoint;  ///< a point of a 3D Tiles point cloud, with its properties
  bool empty() const { return !caseSlot && !sensorSlot && !building && !feature && !tilePoint; }
};

/// The pin on a selected point of a point cloud (FrameView::picked): haloed
/// as a selected marker is, cyan — a colour no case or sensor level uses,
/// on night and day alike.
MarkerInstance pickedPointPin(glm::dvec3 where);
/// The pin on a marked area's centre (FrameView::picked): a diamond in the
/// mark's colour, opaque, so the zone shows where it has no buildings.
MarkerInstance areaMarkPin(const AreaMark& mark, const geo::GeoFrame& frame);

/// The clocks of one frame.
struct FrameClock {
  live::TimeMs now = 0;     ///< the one clock (live, fixed, or following the feed)
  double seconds = 0;       ///< since the previous frame (smoothing)
  double animation = 0;     ///< steady seconds since start (pulses, flights)
};

/// The viewport a frame is drawn into.
struct Viewport {
  uint32_t width = 1, height = 1;
  float uiScale = 1;  ///< marker sizes and label offsets scale with the UI
};

class Scene {
 public:
  /// `regions` (may be null) must outlive the scene; `epoch` is the heat
  /// layer's time origin (the clock at start). The heatmap covers the city's
  /// box plus a margin (5 km around the origin for an empty city).
  Scene(const CityModel& city, const RegionSet* regions, const LayerStyles& styles, live::TimeMs epoch);

  /// Brings the layers up to date with the store (only what changed since
  /// the last update), applies the selection, places clusters for the
  /// camera and viewport, and smooths the heat domain with `feedback`.
  void update(const live::Store& store, const FrameClock& clock, const Viewport& viewport, FrameFeedback feedback = {});
  /// The frame to draw, as of the last update().
  FrameView snapshot(const FrameClock& clock, const Viewport& viewport) const;

  // -- The camera and its flight.
  MapCamera& camera() { return camera_; }
  const MapCamera& camera() const { return camera_; }
  /// Flies from the current camera to `to` (seconds ≤ 0: from the path);
  /// with animate false the camera lands at once.
  void flyTo(const MapCamera& to, double seconds, double now);
  /// Advances the flight; true on the frame it arrives.
  bool advanceFlight(double now);
  void cancelFlight() { flight_.reset(); }
  bool flying() const { return flight_.has_value(); }
  bool animate = true;  ///< false in screenshots: flights land, numbers show their values

  // -- The selection (markers get a halo, a building its highlight).
  void selectCase(uint32_t slot);
  void selectSensor(uint32_t slot);
  void selectBuilding(uint32_t building);
  void selectFeature(uint32_t feature);
  void selectTilePoint(TilePoint point);
  void clearSelection();
  const Selection& selection() const { return selection_; }
  /// What is under `pixel`, as drawn now (clusters when clustered).
  PickResult pick(glm::dvec2 pixel, const Viewport& viewport) const;
  /// The case a picked marker stands for (a lone case in a cluster cell), if any.
  std::optional<uint32_t> caseOfMarker(uint32_t instance) const;

  /// The areas marked on the wall (AreaMark): the buildings inside them
  /// tinted, after any style set below, under the selection's highlight.
  void setMarks(std::vector<AreaMark> marks);
  const std::vector<AreaMark>& marks() const { return marks_; }
  /// Where the 3D Tiles' buildings are (ENU, NaN where not known yet):
  /// `places[i]` is feature number city().buildings.size() + i. Marks
  /// tint those inside them; a longer span (tiles loaded) or another
  /// `version` (places made finer) restyles.
  void setTileFeaturePlaces(std::span<const glm::dvec3> places, uint64_t version = 0);

  /// A building drawn other than plainly (tint, hide); {} resets it. The
  /// selection's highlight is added on top.
  void setBuildingStyle(uint32_t building, const BuildingStyle& style);
  /// Several at once, restyled once (a replay's jump hides hundreds: one
  /// by one, each would tint every building again under the marks).
  void setBuildingStyles(std::span<const std::pair<uint32_t, BuildingStyle>> styles);

  LayerVisibility visible;
  Theme theme;

  const CityModel& city() const { return city_; }
  const CaseMarkerLayer& markers() const { return markers_; }
  const CaseClusterLayer& clusters() const { return clusters_; }
  const SensorMarkerLayer& sensors() const { return sensors_; }
  const HeatLayer& heat() const { return heat_; }
  const HeatLayer& field() const { return field_; }
  const RegionLayer* regions() const { return regions_ ? &*regions_ : nullptr; }
  /// The base map's tiles for the camera as loaded now (app/ loads them;
  /// `tiles` must stay valid until the next call), drawn with the city's own base map.
  void setBaseMapTiles(const BaseMap* tiles, uint64_t version) { tiles_ = tiles, tilesVersion_ = version; }
  const BaseMap* baseMapTiles() const { return tiles_; }
  /// The 3D Tiles meshes chosen for the camera (app/ streams them; they
  /// must stay valid until the next call).
  /// `featureEnd`: one past the highest feature number the tiles' vertices use.
  void setTiles3d(std::span<const TileDraw> draws, uint32_t featureEnd) { tiles3d_ = draws, tileFeatureEnd_ = featureEnd; }
  std::span<const TileDraw> tiles3d() const { return tiles3d_; }
  /// The governance layers (治理要素), each switched on and off by itself.
  FeatureLayers& features() { return features_; }
  const FeatureLayers& features() const { return features_; }
  bool clustered() const { return clustering_ && clusters_.level() >= 0; }
  /// Unclustered markers too many to draw apart: only the most important per spot is drawn.
  const MarkerDeclutter& declutter() const { return declutter_; }
  double sensorLabelDistance() const { return sensorLabelDistance_; }
  float heatDomain() const { return domain_.value(); }

 private:
  void restyleBuildings();
  void retintMarked();  // every tint of the marks again (marks_, the city, tileFeaturePlaces_)

  const CityModel& city_;
  CaseMarkerLayer markers_;
  CaseClusterLayer clusters_;
  MarkerDeclutter declutter_;  // unclustered and more than a screen shows apart: the one that matters per spot
  SensorMarkerLayer sensors_;
  HeatLayer heat_;
  HeatLayer field_;
  HeatDomain domain_;
  std::optional<RegionLayer> regions_;
  FeatureLayers features_;
  const BaseMap* tiles_ = nullptr;
  uint64_t tilesVersion_ = 0;
  std::span<const TileDraw> tiles3d_;
  void rebuildPins();
  // The pins drawn on top (FrameView::picked): the selected tile point's, then each marked area's centre.
  std::vector<MarkerInstance> pins_;
  std::vector<uint32_t> pinIndices_;  // every pin, copied each frame (they are few)
  uint32_t tileFeatureEnd_ = 0;
  bool clustering_ = true;
  double sensorLabelDistance_ = 3000;
  MapCamera camera_;
  std::optional<CameraFlight> flight_;
  double flightStart_ = 0;
  Selection selection_;
  std::map<uint32_t, BuildingStyle> buildingStyles_;
  std::vector<AreaMark> marks_;
  BaseMap markGround_;  // the marks' discs and rings (FrameView::markGround)
  std::vector<BaseMapPaint> markPaints_;
  uint64_t markGroundVersion_ = 0;
  std::span<const glm::dvec3> tileFeaturePlaces_;
  uint64_t placesVersion_ = 0;
  std::vector<MarkTint> markTints_;  // the buildings inside the marks, in building order
  size_t tintedPlaces_ = 0;          // how many of tileFeaturePlaces_ markTints_ has seen
  std::vector<std::pair<uint32_t, BuildingStyle>> styled_;  // what the frame carries
  uint64_t stylesVersion_ = 1;
};

}  // namespace citywall::scene
