#include "scene/scene.h"

#include <atomic>
#include <cmath>

#include <glm/geometric.hpp>

namespace citywall::scene {
namespace {

std::pair<glm::dvec2, glm::dvec2> heatExtent(const CityModel& city) {
  if (city.empty()) return {glm::dvec2(-5000), glm::dvec2(5000)};
  const double margin = 3000;
  return {glm::dvec2(city.boundsMin) - margin, glm::dvec2(city.boundsMax) + margin};
}

HeatStyle shown(HeatStyle style) {
  style.visible = true;  // shown or not by Scene::visible
  return style;
}

HeatStyle asField(HeatStyle style) {
  style.mode = HeatMode::field;  // whatever the configuration said, this one is the field
  return shown(style);
}

}  // namespace

namespace {
// The versions the renderer compares (building styles, the marks' ground)
// are unique across scenes: a fresh scene (a replay's jump, a store
// rebuilt) never repeats a number the renderer saw from the scene before,
// which would leave that scene's styles or marks drawn.
uint64_t nextVersion() {
  static std::atomic<uint64_t> last{1};  // above every scene's first (stylesVersion_ 1, markGroundVersion_ 0)
  return ++last;
}
}  // namespace

Scene::Scene(const CityModel& city, const RegionSet* regions, const LayerStyles& styles, live::TimeMs epoch)
    : city_(city),
      markers_(city.frame, styles.markers),
      sensors_(city.frame),
      heat_(city.frame, heatExtent(city).first, heatExtent(city).second, shown(styles.heat), epoch),
      field_(city.frame, heatExtent(city).first, heatExtent(city).second, asField(styles.field)),
      features_(city.features, city.frame.origin().lat),
      clustering_(styles.clusters),
      sensorLabelDistance_(styles.sensorLabelDistance) {
  if (regions) {
    RegionStyle style = styles.regions;
    style.visible = true;  // shown or not by `visible`
    regions_.emplace(*regions, city.frame, style);
  }
  visible.markers = styles.markersVisible;
  visible.heat = styles.heat.visible;
  visible.sensorField = styles.field.visible;
  visible.regions = styles.regions.visible;
  visible.sensors = styles.sensorsVisible;
}

void Scene::update(const live::Store& store, const FrameClock& clock, const Viewport& viewport, FrameFeedback feedback) {
  // Each layer reads the store's change log from where it last stopped, so
  // their order does not matter, except that clusters follow the markers.
  markers_.update(store.cases(), clock.now);
  clusters_.update(store.cases(), markers_);
  heat_.update(store.cases(), clock.now);
  sensors_.update(store.sensors());
  field_.updateFromSensors(store.sensors());
  if (regions_) regions_->update(store.cases(), clock.now);
  features_.update(camera_.distance);
  // Clusters for this camera: metres per pixel at the view's centre.
  const double metresPerPixel = 2 * camera_.distance * std::tan(MapCamera::kFovYDegrees * M_PI / 360) /
                                std::max(1.0, double(viewport.height));
  clusters_.setView(metresPerPixel / std::max(0.25f, viewport.uiScale));
  if (!clustered())
    declutter_.update(markers_.frame(), camera_.matrices(viewport.width, viewport.height), viewport.width, viewport.height,
                      viewport.uiScale, kCasePinPixels);
  // The renderer's maximum is the case density's only while that is drawn.
  // A screenshot shows the value, not a moment of its smoothing.
  if (visible.heat && !visible.sensorField)
    domain_.update(heat_.style(), feedback.heatMax, animate ? clock.seconds : 1e9);
}

FrameView Scene::snapshot(const FrameClock& clock, const Viewport& viewport) const {
  FrameView view;
  view.camera = camera_.matrices(viewport.width, viewport.height);
  view.cameraDistance = camera_.distance;
  view.theme = theme;
  view.timeSeconds = clock.animation;
  view.uiScale = viewport.uiScale;
  if (visible.markers) {
    view.markers = clustered()            ? clusters_.frame(markers_.origin())
                   : declutter_.active() ? declutter_.frame(markers_.origin())
                                          : markers_.frame();
  }
  if (visible.sensors) view.sensors = sensors_.frame();
  if (visible.sensorField) view.heat = field_.frame(0, field_.style().fixedMax.value_or(250));
  else if (visible.heat) view.heat = heat_.frame(heat_.clockSeconds(clock.now), domain_.value() > 0 ? domain_.value() : 1.0f);
  if (regions_ && visible.regions) view.regions = regions_->frame();
  view.basemap = visible.basemap;
  view.tiles = tiles_, view.tilesVersion = tilesVersion_;
  view.tiles3d = tiles3d_;
  view.buildingCount = std::max(uint32_t(city_.buildings.size()), tileFeatureEnd_);
  view.features = features_.frame();
  if (!pins_.empty()) view.picked = {pins_, pinIndices_, glm::dvec3(0.0), &pins_, true};
  view.featurePaints = features_.paints();
  view.markGround = &markGround_, view.markGroundVersion = markGroundVersion_, view.markPaints = markPaints_;
  view.buildings = {styled_, stylesVersion_};
  return view;
}

void Scene::flyTo(const MapCamera& to, double seconds, double now) {
  flight_.emplace(camera_, to, seconds);
  flightStart_ = animate ? now : now - flight_->seconds();  // screenshots land at once
}

bool Scene::advanceFlight(double now) {
  if (!flight_) return false;
  camera_ = flight_->at(now - flightStart_);
  if (!flight_->arrived(now - flightStart_)) return false;
  flight_.reset();
  return true;
}

void Scene::clearSelection() {
  const bool hadBuilding = selection_.building.has_value();
  selection_ = {};
  rebuildPins();
  markers_.select(std::nullopt);
  sensors_.select(std::nullopt);
  features_.select(std::nullopt);
  if (hadBuilding) restyleBuildings();
}

void Scene::selectCase(uint32_t slot) {
  clearSelection();
  selection_.caseSlot = slot;
  markers_.select(slot);
}

void Scene::selectSensor(uint32_t slot) {
  clearSelection();
  selection_.sensorSlot = slot;
  sensors_.select(slot);
}

void Scene::selectBuilding(uint32_t building) {
  clearSelection();
  selection_.building = building;
  restyleBuildings();
}

void Scene::selectFeature(uint32_t feature) {
  clearSelection();
  selection_.feature = feature;
  features_.select(feature);
}

MarkerInstance pickedPointPin(glm::dvec3 where) {
  MarkerInstance pin{};
  for (int k = 0; k < 3; ++k) pin.position[k] = float(where[k]);
  pin.color = 0xffffe000u;  // 0xAABBGGRR: (0, 224, 255)
  pin.size = 14;
  pin.flags = uint32_t(MarkerShape::circle) | kMarkerSelected;
  return pin;
}

void Scene::selectTilePoint(TilePoint point) {
  clearSelection();
  selection_.tilePoint = std::move(point);
  rebuildPins();
}

// A marked area's centre: a diamond in its colour (opaque) on the ground, so
// the zone shows where it has no buildings to tint, under the head of a
// case marker at the same spot (a cordon is often drawn round its case).
MarkerInstance areaMarkPin(const AreaMark& mark, const geo::GeoFrame& frame) {
  MarkerInstance pin{};
  const glm::dvec3 at = frame.toLocal({mark.lon, mark.lat, 0});
  for (int k = 0; k < 3; ++k) pin.position[k] = float(at[k]);
  const uint32_t r = mark.rgba >> 24, g = (mark.rgba >> 16) & 0xff, b = (mark.rgba >> 8) & 0xff;
  pin.color = 0xff000000u | (b << 16) | (g << 8) | r;  // 0xAABBGGRR
  pin.size = 16;
  pin.flags = uint32_t(MarkerShape::diamond) | kMarkerOnTheGround;
  return pin;
}

void Scene::rebuildPins() {
  pins_.clear();
  if (selection_.tilePoint) pins_.push_back(pickedPointPin(selection_.tilePoint->where));
  for (const AreaMark& m : marks_) pins_.push_back(areaMarkPin(m, city_.frame));
  pinIndices_.resize(pins_.size());
  for (uint32_t i = 0; i < pinIndices_.size(); ++i) pinIndices_[i] = i;
}

void Scene::setBuildingStyle(uint32_t building, const BuildingStyle& style) {
  const std::pair<uint32_t, BuildingStyle> one{building, style};
  setBuildingStyles({&one, 1});
}

void Scene::setBuildingStyles(std::span<const std::pair<uint32_t, BuildingStyle>> styles) {
  if (styles.empty()) return;
  for (const auto& [building, style] : styles) {
    if (style == BuildingStyle{}) buildingStyles_.erase(building);
    else buildingStyles_[building] = style;
  }
  restyleBuildings();
}

void Scene::setMarks(std::vector<AreaMark> marks) {
  if (marks == marks_) return;
  marks_ = std::move(marks);
  markGround_ = markGround(marks_, city_.frame);
  markPaints_ = markGroundPaints(marks_);
  markGroundVersion_ = nextVersion();
  rebuildPins();
  retintMarked();
  restyleBuildings();
}

void Scene::setTileFeaturePlaces(std::span<const glm::dvec3> places, uint64_t version) {
  const bool finer = version != placesVersion_ || places.size() < tintedPlaces_;
  tileFeaturePlaces_ = places, placesVersion_ = version;
  if (marks_.empty()) return;
  if (finer) {  // a place read before moved: every tint again
    retintMarked();
    restyleBuildings();
  } else if (places.size() > tintedPlaces_) {
    // Only new tile buildings (numbered after every one tinted so far): the
    // marks tint them and nothing else, so streaming tiles under a mark
    // costs what they bring, not the city.
    const size_t before = markTints_.size();
    tintMarkedBuildings(marks_, city_.frame, {}, places.subspan(tintedPlaces_), uint32_t(city_.buildings.size() + tintedPlaces_),
                        markTints_);
    tintedPlaces_ = places.size();
    if (markTints_.size() > before) restyleBuildings();
  }
}

void Scene::retintMarked() {
  markTints_.clear();
  tintMarkedBuildings(marks_, city_.frame, city_.buildings, tileFeaturePlaces_, uint32_t(city_.buildings.size()), markTints_);
  tintedPlaces_ = tileFeaturePlaces_.size();
}

void Scene::restyleBuildings() {
  // The marks' tints and the styles set one by one, both in building order,
  // merged; a style set for a building stands over a mark's tint.
  styled_.clear();
  auto tint = markTints_.cbegin();
  const auto tintedUntil = [&](uint64_t building) {
    for (; tint != markTints_.cend() && tint->first < building; ++tint) {
      BuildingStyle style;
      style.tintRgba = tint->second;
      styled_.emplace_back(tint->first, style);
    }
  };
  for (const auto& [building, style] : buildingStyles_) {
    tintedUntil(building);
    if (tint != markTints_.cend() && tint->first == building) ++tint;
    styled_.emplace_back(building, style);
  }
  tintedUntil(uint64_t(UINT32_MAX) + 1);  // the rest
  if (selection_.building) {
    const uint32_t b = *selection_.building;
    auto it = std::lower_bound(styled_.begin(), styled_.end(), b, [](const auto& s, uint32_t n) { return s.first < n; });
    if (it == styled_.end() || it->first != b) it = styled_.insert(it, {b, BuildingStyle{}});
    it->second.highlighted = true;
  }
  stylesVersion_ = nextVersion();
}

PickResult Scene::pick(glm::dvec2 pixel, const Viewport& viewport) const {
  std::vector<MarkerPickSet> sets;
  if (visible.markers)
    sets.push_back({clustered()            ? clusters_.instances()
                    : declutter_.active() ? std::span<const MarkerInstance>(declutter_.drawn())
                                          : std::span<const MarkerInstance>(markers_.instances()),
                    markers_.origin(), PickKind::caseMarker});
  if (visible.sensors) sets.push_back({sensors_.instances(), sensors_.origin(), PickKind::sensor});
  sets.push_back({features_.icons(), glm::dvec3(0.0), PickKind::feature, false});
  std::vector<uint32_t> hidden;  // taken off the wall: clicks pass through them (sorted: the styles are a map)
  for (const auto& [b, style] : buildingStyles_)
    if (style.hidden) hidden.push_back(b);
  PickResult hit = scene::pick(city_, sets, camera_, pixel, viewport.width, viewport.height, viewport.uiScale, kCasePinPixels, 4.0f, hidden);
  if (hit.kind == PickKind::feature) hit.index = features_.featureOfIcon(hit.index);
  // A 3D Tiles building in front of an extruded one (or with nothing else there) wins.
  if ((hit.kind == PickKind::none || hit.kind == PickKind::building) && !tiles3d_.empty())
    if (auto t = pickTiles(tiles3d_, camera_, pixel, viewport.width, viewport.height, hidden)) {
      const glm::dvec3 eye = camera_.eye();
      if (hit.kind == PickKind::none || glm::distance(eye, t->where) < glm::distance(eye, hit.where)) {
        if (t->kind == PickKind::building || t->kind == PickKind::tilePoint) return *t;
        hit = {};  // a tile without features hides what is behind it
        return hit;
      }
    }
  if (hit.kind != PickKind::none || features_.size() == 0) return hit;
  // Nothing standing there: a governance line within a few pixels, or the area under the pointer.
  glm::dvec3 ground;
  if (!camera_.pixelOnPlane(pixel, viewport.width, viewport.height, 0.0, ground)) return hit;
  const double metresPerPixel = glm::distance(camera_.eye(), ground) * 2 * std::tan(MapCamera::kFovYDegrees * M_PI / 360) /
                                std::max(1.0, double(viewport.height));
  if (const auto f = features_.pickGround(glm::dvec2(ground), 6 * viewport.uiScale * metresPerPixel, camera_.distance))
    return {PickKind::feature, *f, city_.features.features[*f].anchor};
  return hit;
}

std::optional<uint32_t> Scene::caseOfMarker(uint32_t instance) const {
  if (clustered()) return clusters_.loneCase(instance);
  return declutter_.active() ? std::optional<uint32_t>(declutter_.sourceOf(instance)) : std::optional<uint32_t>(instance);
}

}  // namespace citywall::scene
