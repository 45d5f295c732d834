// FrameLoop's side of a video wall: what the conductor's wall shows besides
// the store, as wall::WallView, and a render node taking it on. The node
// sets each part only when it differs, so a view that stays the same costs
// nothing (a new selection restyles buildings; a new theme rebuilds the UI's).

#include <cstring>

#include "app/frame_loop.h"
#include "scene/theme.h"

namespace citywall::app {

wall::WallView FrameLoop::wallView() const {
  wall::WallView v;
  const scene::MapCamera& c = scene_->camera();
  v.target = c.target, v.distance = c.distance, v.heading = c.heading, v.pitch = c.pitch;
  v.theme = scene_->theme.name;
  v.chinese = language_ == ui::Language::zh;
  const auto& l = scene_->visible;
  v.markers = l.markers, v.heat = l.heat, v.regions = l.regions, v.sensors = l.sensors, v.basemap = l.basemap,
  v.sensorField = l.sensorField;
  const auto& features = scene_->features();
  for (uint32_t i = 0; i < features.size(); ++i) v.featureLayers.push_back(features.visible(i));
  const auto& s = scene_->selection();
  v.caseSlot = s.caseSlot, v.sensorSlot = s.sensorSlot, v.building = s.building, v.feature = s.feature;
  v.tilePoint = s.tilePoint;
  if ((v.tileFeature = selectedTileFeature())) v.building.reset();  // a tile building's number is this machine's own
  v.marks = scene_->marks();
  v.hidden = hidden_;
  v.ui = showUi_, v.panels = panels_;
  const auto& d = dashboard_;
  v.category = d.category, v.grid = d.grid, v.search = d.search;
  v.status = d.status, v.priority = d.priority, v.sortColumn = d.sortColumn;
  v.sortAscending = d.sortAscending, v.carousel = d.carousel;
  v.drillShown = drillShown_, v.drillPaused = drillBanner_.paused;
  v.drillName = drillBanner_.name, v.drillCaption = drillBanner_.caption;
  v.identify = wallIdentify_, v.blanked = wallBlanked_;
  v.feeds = feedLines();
  return v;
}

void FrameLoop::applyWallView(const wall::WallView& v) {
  scene::MapCamera& c = scene_->camera();
  scene_->cancelFlight();  // the conductor's camera, flights and tours included
  c.target = v.target, c.distance = v.distance, c.heading = v.heading, c.pitch = v.pitch;
  if (v.theme != scene_->theme.name)
    if (const auto theme = scene::themeByName(v.theme)) {
      scene_->theme = scene::withBaseMapStyle(*theme, options_.basemapStyle);
      if (ui_) ui_->setTheme(scene_->theme);
    }
  if (const auto language = v.chinese ? ui::Language::zh : ui::Language::en; language != language_) {
    language_ = language;
    if (ui_) ui_->setLanguage(language_);
  }
  auto& l = scene_->visible;
  l.markers = v.markers, l.heat = v.heat, l.regions = v.regions, l.sensors = v.sensors, l.basemap = v.basemap,
  l.sensorField = v.sensorField;
  auto& features = scene_->features();
  for (uint32_t i = 0; i < features.size() && i < v.featureLayers.size(); ++i)
    if (features.visible(i) != v.featureLayers[i]) features.setVisible(i, v.featureLayers[i]);
  // The selection, by slot (a node's store is the conductor's, slot for
  // slot), by number (the city's own buildings and features), or as itself
  // (what the tiles hold: their numbers are each machine's own).
  const auto& s = scene_->selection();
  const auto& cases = live_.store().cases().all();
  const auto& sensors = live_.store().sensors().all();
  const auto tileFeature = selectedTileFeature();
  const bool sameBuilding = tileFeature ? !v.building : s.building == v.building;  // the city's own
  // A tile building of a tileset this node does not have is no selection here.
  const bool reachable = v.tileFeature && tilesets_ && v.tileFeature->tileset < tilesets_->roots().size();
  const bool sameTileFeature = tileFeature && reachable ? tileFeature->sameAs(*v.tileFeature) : !tileFeature && !reachable;
  if (s.caseSlot != v.caseSlot || s.sensorSlot != v.sensorSlot || !sameBuilding || s.feature != v.feature ||
      s.tilePoint != v.tilePoint || !sameTileFeature) {
    const auto adopted = reachable ? tilesets_->adoptFeature(*v.tileFeature) : std::nullopt;
    if (v.caseSlot && *v.caseSlot < cases.size()) scene_->selectCase(*v.caseSlot), dashboard_.scrollToSelection = true;
    else if (v.sensorSlot && *v.sensorSlot < sensors.size()) scene_->selectSensor(*v.sensorSlot);
    else if (v.building && *v.building < scene_->city().buildings.size()) scene_->selectBuilding(*v.building);
    else if (v.feature && *v.feature < scene_->city().features.features.size()) scene_->selectFeature(*v.feature);
    else if (v.tilePoint) scene_->selectTilePoint(*v.tilePoint);
    else if (adopted) scene_->selectBuilding(*adopted);
    else scene_->clearSelection();
  }
  if (v.marks != scene_->marks()) scene_->setMarks(v.marks);  // a new set restyles the buildings
  if (v.hidden != hidden_) hidden_ = v.hidden, applyHidden();
  showUi_ = v.ui, panels_ = v.panels;
  auto& d = dashboard_;
  if (d.category != v.category || d.grid != v.grid || std::strncmp(d.search, v.search.c_str(), sizeof d.search) != 0 ||
      d.status != v.status || d.priority != v.priority || d.sortColumn != v.sortColumn || d.sortAscending != v.sortAscending) {
    d.category = v.category, d.grid = v.grid;
    std::snprintf(d.search, sizeof d.search, "%s", v.search.c_str());
    d.status = v.status, d.priority = v.priority, d.sortColumn = v.sortColumn, d.sortAscending = v.sortAscending;
    d.listDirty = true;
  }
  d.carousel = v.carousel;
  if (v.drillShown && (!drillShown_ || drillBanner_.name != v.drillName || drillBanner_.caption != v.drillCaption) && ui_)
    ui_->requireBigText(v.drillName), ui_->requireText(v.drillCaption);
  drillShown_ = v.drillShown;
  drillBanner_ = {v.drillName, v.drillCaption, v.drillPaused};
  wallIdentify_ = v.identify, wallBlanked_ = v.blanked;
  wallFeeds_ = v.feeds;
}

std::vector<wall::WallFeed> FrameLoop::feedLines() const {
  if (live_.followsWall()) return wallFeeds_;
  std::vector<wall::WallFeed> out;
  for (const auto& f : live_.feeds()) out.push_back({uint8_t(f.state), f.decode.events, f.decode.rejected.total()});
  return out;
}

// A node's panels: why it is not following the wall, else what the console asks of each.
std::vector<ui::WallCard> FrameLoop::wallCards(ui::WallCardKind status) const {
  std::vector<ui::WallCard> cards;
  if (!tile_ || options_.wallNode.empty()) return cards;
  for (int panel : options_.wallPanels) {
    ui::WallCard card;
    card.panel = options_.wall->panelRect(panel), card.number = panel, card.node = options_.wallNode;
    const size_t i = size_t(panel - 1);
    card.kind = status != ui::WallCardKind::none               ? status
                : wallIdentify_                                 ? ui::WallCardKind::identify
                : i < wallBlanked_.size() && wallBlanked_[i]    ? ui::WallCardKind::blank
                                                                : ui::WallCardKind::none;
    if (card.kind != ui::WallCardKind::none) cards.push_back(std::move(card));
  }
  return cards;
}

}  // namespace citywall::app
