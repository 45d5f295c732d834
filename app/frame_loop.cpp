#include "app/frame_loop.h"
#include "app/heap_trimmer.h"
#include "app/service_notify.h"

#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <glm/geometric.hpp>

#include "app/view_setup.h"
#include "app/wiring.h"
#include "config/drill_file.h"
#include "scene/color.h"
#include "ui/map_overlay.h"

namespace citywall::app {

namespace {

// Where [wall.dashboard] puts the dashboard on the wall's canvas (a node's,
// or the whole wall drawn at once), with the header cut at the bezels: a
// part per column of panels it spans. None without a wall tile or canvas.
std::optional<ui::DashboardInput::Placement> dashboardPlacement(const config::AppOptions& o) {
  const auto& w = o.wall;
  if (!w || w->headerPanels.empty() || (o.wallPanels.empty() && !o.wallCanvas)) return std::nullopt;
  const auto box = [&](const std::vector<int>& panels) {
    const scene::CanvasRect r = w->spanOf(panels);
    return ui::LabelBox{float(r.x), float(r.y), float(r.x + r.width), float(r.y + r.height)};
  };
  ui::DashboardInput::Placement placement{box(w->headerPanels), box(w->leftPanels), box(w->rightPanels), {}};
  std::vector<int> columns;
  for (int p : w->headerPanels) columns.push_back((p - 1) % w->columns);
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  if (columns.size() > 1)
    for (int c : columns) {
      std::vector<int> inColumn;
      for (int p : w->headerPanels)
        if ((p - 1) % w->columns == c) inColumn.push_back(p);
      placement.headerParts.push_back(box(inColumn));
    }
  return placement;
}

}  // namespace

FrameLoop::FrameLoop(const config::AppOptions& o, const scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live,
                     renderer::Renderer& renderer, ui::ImGuiHost* ui)
    : options_(o),
      live_(live),
      renderer_(&renderer),
      ui_(ui),
      scene_(std::in_place, city, regions, layerStylesFrom(o), live.clockNow()),
      storeGeneration_(live.storeGeneration()),
      city_(city),
      regions_(regions),
      presenter_(o.bookmarks, o.tour, o.alertFocus),
      alerts_(o.alertFocus),
      bookmarks_(o.configFile),
      trace_(std::getenv("CITYWALL_TRACE") != nullptr),
      language_(o.language),
      showUi_(o.ui),
      showStats_(o.showStats),
      panels_(o.panels) {
  scene_->theme = scene::withBaseMapStyle(*scene::themeByName(o.theme), o.basemapStyle);
  if (o.wall && !o.wallPanels.empty())
    tile_ = WallTile{o.wall->canvasWidth(), o.wall->canvasHeight(), o.wall->spanOf(o.wallPanels)};
  placement_ = dashboardPlacement(o);
  scene_->camera() = tile_ ? initialCamera(o, city, tile_->canvasWidth, tile_->canvasHeight)
                           : initialCamera(o, city, renderer.width(), renderer.height());
  std::vector<assets::BaseMapSource> tiled;
  for (const auto& b : o.basemap)
    if (followsCamera(b)) tiled.push_back(b);
  if (!tiled.empty()) tiles_ = std::make_unique<assets::BaseMapTiles>(tiled, city.frame);
  if (!o.tilesets.empty()) {
    assets::tiles3d::StreamOptions so;
    so.memoryBudget = size_t(o.tilesMemoryMb * 1024 * 1024);
    so.maxScreenSpaceError = o.tilesErrorPx;
    so.firstFeature = uint32_t(city.buildings.size());  // tile buildings share the per-building table after the city's
    so.prepare = renderer.meshPreparer();  // tiles' GPU buffers made by the loading workers, not by a frame
    tilesets_ = std::make_unique<assets::tiles3d::TilesetStreamer>(o.tilesets, city.frame, so);
  }
  queueStartCommands(o);
  startState_ = operatorState();
  if (!o.drillFile.empty() && !live.replay()) {
    drill_.emplace(config::loadDrill(o.drillFile));
    // The banner's words in the first font build (the atlas grows only every few seconds after).
    if (ui_) {
      ui_->requireBigText(drill_->script().name);
      for (const auto& step : drill_->script().steps)
        if (step.kind == feed::DrillStep::Kind::caption) ui_->requireText(step.text);
    }
  }
}

// The drill moves on the wall's clock: its messages go into the store (and
// the journal) now, its captions, flights and pauses become commands (so the
// journal keeps them, and a replay shows them).
void FrameLoop::stepDrill(ui::Commands& commands, double seconds) {
  if (!drill_) return;
  drillPausedFor_ = drill_->paused() ? drillPausedFor_ + seconds : 0;
  if (drillPauseLimit_ && drill_->paused() && drillPausedFor_ >= *drillPauseLimit_) drill_->resume();
  feed::DrillOutput out;
  const bool first = !drillShown_;
  if (first && options_.drillAt) drill_->runTo(live_.clockNow(), live::TimeMs(*options_.drillAt * 1000), out);
  else drill_->advance(live_.clockNow(), out);
  for (const auto& frame : out.frames) live_.injectDrill(frame);
  ui::DrillBanner banner = drillBanner_;
  banner.name = drill_->script().name;
  for (const feed::DrillStep* step : out.actions) {
    if (step->kind == feed::DrillStep::Kind::caption) banner.caption = step->text;
    else if (step->kind == feed::DrillStep::Kind::bookmark) commands.push_back(ui::GoToBookmark{step->text});
    else if (step->kind == feed::DrillStep::Kind::mark)
      commands.push_back(ui::MarkArea{{step->text, step->view[0], step->view[1], step->view[2], step->rgba}});
    else if (step->kind == feed::DrillStep::Kind::unmark) commands.push_back(ui::ClearMark{step->text});
    else if (step->kind == feed::DrillStep::Kind::show && step->text.empty()) commands.push_back(ui::ShowAllBuildings{});
    else if (step->kind == feed::DrillStep::Kind::hide || step->kind == feed::DrillStep::Kind::show) {
      // The building by its id: the city's by its source's id, else a 3D Tiles
      // building by its id property in each tileset (its tiles may not be in
      // yet: hidden when they come). A drill written for another city names none here.
      const bool hide = step->kind == feed::DrillStep::Kind::hide;
      if (const auto n = buildingWithSourceId(step->text)) {
        commands.push_back(ui::HideBuilding{{-1, *n, {}}, hide});
      } else if (!options_.tilesets.empty()) {
        for (size_t t = 0; t < options_.tilesets.size(); ++t) commands.push_back(ui::HideBuilding{{int32_t(t), 0, step->text}, hide});
      } else {
        std::fprintf(stderr, "citywall: drill: no building %s in this city to %s\n", step->text.c_str(),
                     step->kind == feed::DrillStep::Kind::hide ? "hide" : "show");
        ++failedCommands_;
      }
    }
    else if (step->kind == feed::DrillStep::Kind::flyTo)
      commands.push_back(ui::FlyTo{{step->view[0], step->view[1], step->view[2], step->view[3], step->view[4]}});
  }
  banner.paused = drill_->paused();
  if (first || banner.caption != drillBanner_.caption || banner.paused != drillBanner_.paused) commands.push_back(banner);
}

// The store was rebuilt (a replay moved back or looped): the scene and
// everything that followed the old store start over; the view stays.
void FrameLoop::restartViews() {
  storeGeneration_ = live_.storeGeneration();
  scene::Scene fresh(city_, regions_, layerStylesFrom(options_), live_.clockNow());
  fresh.camera() = scene_->camera();
  fresh.theme = scene_->theme;
  fresh.visible = scene_->visible;
  for (uint32_t i = 0; i < fresh.features().size(); ++i) fresh.features().setVisible(i, scene_->features().visible(i));
  fresh.animate = scene_->animate;
  fresh.setMarks(scene_->marks());
  fresh.setTileFeaturePlaces(tileFeaturePlaces_, placesVersion_);
  scene_.reset();
  scene_.emplace(std::move(fresh));
  hiddenNumbers_.clear();  // styles are the scene's: hidden again on the new one
  applyHidden();
  // What the rebuilt store holds was seen before the jump: only what
  // arrives after it may take the wall's attention.
  alerts_ = ui::AlertWatch(options_.alertFocus);
  alerts_.poll(live_.store());
  dashboard_.listDirty = true;
}

FrameOutput FrameLoop::step(FrameInput in) {
  live_.pump(live_.clockNow());  // never blocks: the feeds run on their own thread
  followReview();  // a look back that played on to live has ended
  if (live_.storeGeneration() != storeGeneration_) restartViews();
  followReplayJump();
  // A replay does again what the operators did, when they did it (before this frame's own input).
  ui::Commands replayed = takeReplayedActions();
  const scene::FrameClock clock{live_.clockNow(), in.seconds, in.time};
  viewport_ = {in.width ? in.width : renderer_->width(), in.height ? in.height : renderer_->height(),
               ui_ ? ui_->scale() : 1.0f};
  if (tile_) viewport_.width = tile_->canvasWidth, viewport_.height = tile_->canvasHeight;
  // The panels' clicks of the previous frame, then this frame's input.
  ui::Commands commands = std::move(pending_);
  if (!live_.replay()) stepDrill(commands, in.seconds);
  pending_.clear();
  commands.insert(commands.end(), std::make_move_iterator(in.commands.begin()), std::make_move_iterator(in.commands.end()));
  // Keys X and Z name the building or case selected now, so the journal and the wall's nodes know which.
  for (auto it = commands.begin(); it != commands.end();) {
    if (std::holds_alternative<ui::HideSelected>(*it)) {
      if (auto named = hideSelected()) {
        *it++ = std::move(*named);
        continue;
      }
      std::fprintf(stderr, "citywall: no building selected to hide\n");
    } else if (const auto* cordon = std::get_if<ui::CordonSelected>(&*it)) {
      if (auto named = cordonSelected(*cordon)) {
        *it++ = std::move(*named);
        continue;
      }
      std::fprintf(stderr, "citywall: no case selected to put a cordon round\n");
    } else {
      ++it;
      continue;
    }
    ++failedCommands_;
    it = commands.erase(it);
  }
  // What the operators did, for the replay (not what a look back does again:
  // that is in the journal already).
  if (live_.journaling())
    for (const auto& c : commands)
      if (ui::journaled(c)) live_.journalAction(ui::toJson(c), ui::lasting(c));
  // While the wall looks back, what the operators set holds for live too.
  if (liveState_)
    for (const auto& c : commands) fold(*liveState_, c, city_.features);
  replayed.insert(replayed.end(), std::make_move_iterator(commands.begin()), std::make_move_iterator(commands.end()));
  apply(replayed, clock);
  seekForDrag();
  followReview();
  if (live_.storeGeneration() != storeGeneration_) restartViews();  // a jump this frame: shown this frame
  followReplayJump();
  present(clock);
  if (in.wallView) applyWallView(*in.wallView);
  lastClock_ = clock;
  followCameraWithTiles();
  followCameraWithTilesets();
  scene_->update(live_.store(), clock, viewport_, renderer_->feedback());
  scene::FrameView snapshot = scene_->snapshot(clock, viewport_);
  snapshot.coarsePixels = options_.coarsePixels;
  snapshot.blockPixels = options_.blockPixels;
  const scene::FrameView& view = snapshot;
  if (ui_) {
    std::vector<ui::WallCard> cards = wallCards(in.wallStatus);
    if (cards.empty()) ui_->setOnTop(nullptr);
    else
      ui_->setOnTop([cards = std::move(cards), language = language_, scale = ui_->scale()] {
        for (const auto& card : cards) ui::drawWallCard(card, language, scale);
      });
  }
  wallConsole_ = std::move(in.wallConsole);
  ImDrawData* draw = ui_ ? buildUi(view, clock) : nullptr;
  if (!showUi_) draw = nullptr;
  trace_.rows(dashboard_);
  if (tile_) drawTile(snapshot, draw);
  FrameOutput out = this->draw(view, draw, in.capture, in.time);
  ++frames_;
  // systemd: ready after the first frame, then the watchdog and how the wall is doing
  serviceFrameDone([this] { return serviceStatusLine(live_, tilesets(), processResidentBytes(), heapTrimStats().heapInUseBytes); });
  return out;
}

// What the dashboard says of the display under its title: a missing monitor
// as long as it lasts, and for ten minutes after the renderer was made again
// that it was (the operators saw the wall stutter and should know why; the
// count stays in the log and the state dump).
std::string FrameLoop::displayNote() const {
  std::string note = monitorMissing_ ? ui::panelStrings(language_).monitorMissing : "";
  if (!rebuiltAt_ || lastClock_.animation - *rebuiltAt_ > 600) return note;
  char line[200];
  std::snprintf(line, sizeof line, ui::panelStrings(language_).rendererRebuilt, (unsigned long long)rebuilds_);
  return note + (note.empty() ? "" : "\n") + line;
}

// Draws the frame. A lost GPU device or window surface is not the end of a
// wall that runs for weeks: the renderer is made again and the same frame
// drawn with it (the UI's draw data refers to the font atlas by a handle
// the new renderer gives again, so the UI of this frame waits for the next).
FrameOutput FrameLoop::draw(const scene::FrameView& view, ImDrawData* ui, bool capture, double time) {
  for (int attempt = 0;; ++attempt) {
    try {
      FrameOutput out;
      if (capture) {
        out.image = renderer_->drawFrameAndRead(view, attempt ? nullptr : ui);
        out.drawn = true;
      } else {
        out.drawn = renderer_->drawFrame(view, attempt ? nullptr : ui);
      }
      return out;
    } catch (const renderer::DeviceLost& e) {
      if (!rebuild_ || attempt > 0) throw;  // lost again at once: no GPU to go on with
      std::fprintf(stderr, "citywall: %s; making the renderer again\n", e.what());
      renderer_ = &rebuild_(e.what());
      if (tilesets_) tilesets_->setPreparer(renderer_->meshPreparer());  // what the old one made was emptied with it
      ++rebuilds_;
      rebuiltAt_ = time;
      std::printf("citywall: renderer made again on %s (%llu since start)\n", renderer_->deviceName().c_str(),
                  (unsigned long long)rebuilds_);
    }
  }
}

// A wall's panels: the canvas's frustum cut to their span, and the UI
// built for the canvas moved so the span's corner is the target's (the
// renderer then cuts the bezels out of a span of several panels).
void FrameLoop::drawTile(scene::FrameView& view, ImDrawData* draw) const {
  view.camera = scene::cropToTile(view.camera, tile_->canvasWidth, tile_->canvasHeight, tile_->rect);
  if (!draw) return;
  draw->DisplayPos = ImVec2(float(tile_->rect.x), float(tile_->rect.y));
  draw->DisplaySize = ImVec2(float(tile_->rect.width), float(tile_->rect.height));
  // A window whose pixels are not the panel's (a node tried in a window): the panel fills it.
  draw->FramebufferScale = ImVec2(float(renderer_->width() / tile_->rect.width), float(renderer_->height() / tile_->rect.height));
}

ui::Commands FrameLoop::takeReplayedActions() {
  ui::Commands replayed;
  feed::JournalPlayer* player = live_.replay();
  if (!player) return replayed;
  std::vector<std::string> actions;
  player->takeActions(actions);
  for (const auto& a : actions)
    if (auto c = ui::commandFromJson(a); c && ui::replayable(*c)) replayed.push_back(std::move(*c));
  return replayed;
}

// A jump in a replay (a seek, a loop, its start) lands where the operators
// had set layers, marks and the banner as the journal says: the state the
// replay began with, and their lasting actions up to that moment over it.
void FrameLoop::followReplayJump() {
  feed::JournalPlayer* player = live_.replay();
  if (!player) return;
  const auto jump = player->takeJump();
  if (!jump) return;
  OperatorState state = startState_;
  for (const auto& a : *jump)
    if (auto c = ui::commandFromJson(a); c && ui::lasting(*c)) fold(state, *c, city_.features);
  setOperatorState(state);
}

void FrameLoop::followReview() {
  if (live_.reviewing() && !liveState_) liveState_ = operatorState();
  else if (!live_.reviewing() && liveState_) setOperatorState(*std::exchange(liveState_, std::nullopt));
}

OperatorState FrameLoop::operatorState() const {
  OperatorState s;
  s.visible = scene_->visible;
  for (uint32_t i = 0; i < scene_->features().size(); ++i) s.featureLayers.push_back(scene_->features().visible(i));
  s.theme = scene_->theme.name;
  s.alertsPaused = presenter_.alertsPaused();
  s.marks = scene_->marks();
  s.hidden = hidden_;
  if (drillShown_) s.banner = drillBanner_;
  return s;
}

void FrameLoop::setOperatorState(const OperatorState& s) {
  scene_->visible = s.visible;
  scene::FeatureLayers& layers = scene_->features();
  for (uint32_t i = 0; i < layers.size() && i < s.featureLayers.size(); ++i)
    if (layers.visible(i) != s.featureLayers[i]) layers.setVisible(i, s.featureLayers[i]);
  if (const auto f = scene_->selection().feature; f && !layers.visible(layers.set().features[*f].layer)) scene_->clearSelection();
  if (const auto theme = scene::themeByName(s.theme); theme && theme->name != scene_->theme.name) {
    scene_->theme = scene::withBaseMapStyle(*theme, options_.basemapStyle);
    if (ui_) ui_->setTheme(scene_->theme);
  }
  presenter_.setAlertsPaused(s.alertsPaused);
  if (s.marks != scene_->marks()) scene_->setMarks(s.marks);
  if (s.hidden != hidden_) hidden_ = s.hidden, applyHidden();
  drillShown_ = s.banner.has_value();
  drillBanner_ = s.banner.value_or(ui::DrillBanner{});
  if (ui_ && s.banner) ui_->requireBigText(s.banner->name), ui_->requireText(s.banner->caption);
}

std::optional<uint32_t> FrameLoop::buildingWithSourceId(const std::string& id) const {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (error != std::errc() || end != id.data() + id.size()) return std::nullopt;
  const auto& b = city_.buildings;
  const auto it = std::find_if(b.begin(), b.end(), [&](const scene::BuildingInfo& x) { return x.id == value; });
  if (it == b.end()) return std::nullopt;
  return uint32_t(it - b.begin());
}

std::optional<ui::Command> FrameLoop::cordonSelected(const ui::CordonSelected& asked) const {
  const auto& slot = scene_->selection().caseSlot;
  const auto& cases = live_.store().cases().all();
  if (!slot || *slot >= cases.size() || cases[*slot].evicted) return std::nullopt;
  const live::CaseRecord& c = cases[*slot];
  const auto& marks = scene_->marks();
  const auto now = std::find_if(marks.begin(), marks.end(), [&](const scene::AreaMark& m) { return m.id == c.id; });
  double radius = asked.radius;
  if (radius == 0) {  // the next size up, then none
    radius = -1;
    for (double r : ui::kCordonRadii)
      if (now == marks.end() || r > now->radius + 0.5) {
        radius = r;
        break;
      }
  }
  if (radius < 0) return ui::ClearMark{c.id};
  scene::AreaMark mark;  // the default colour: a drill's evacuation zone's
  mark.id = c.id, mark.lon = c.position.lon, mark.lat = c.position.lat, mark.radius = radius;
  return ui::MarkArea{mark};
}

std::optional<ui::HideBuilding> FrameLoop::hideSelected() const {
  const auto& b = scene_->selection().building;
  if (!b) return std::nullopt;
  if (*b < city_.buildings.size()) return ui::HideBuilding{{-1, *b, {}}};
  if (const auto f = selectedTileFeature()) return ui::HideBuilding{{int32_t(f->tileset), 0, f->identity}};
  return std::nullopt;
}

// This machine's numbers for the buildings named hidden: the city's as
// they are, a tile building's as its streamer has it, or reserves it for
// when a tile carrying it loads (so it never shows, on any node).
void FrameLoop::applyHidden() {
  std::vector<uint32_t> numbers;
  for (const auto& h : hidden_) {
    if (h.tileset < 0) {
      if (h.number < city_.buildings.size()) numbers.push_back(h.number);
    } else if (tilesets_) {
      scene::TileFeature f;
      f.tileset = uint32_t(h.tileset), f.identity = h.identity;
      if (const auto n = tilesets_->adoptFeature(f)) numbers.push_back(*n);
    }
  }
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::vector<std::pair<uint32_t, scene::BuildingStyle>> changed;  // restyled once, however many
  for (uint32_t n : hiddenNumbers_)
    if (!std::binary_search(numbers.begin(), numbers.end(), n)) changed.emplace_back(n, scene::BuildingStyle{});
  for (uint32_t n : numbers)
    if (!std::binary_search(hiddenNumbers_.begin(), hiddenNumbers_.end(), n)) changed.emplace_back(n, scene::BuildingStyle{0, true});
  scene_->setBuildingStyles(changed);
  hiddenNumbers_ = std::move(numbers);
  // A building taken off the wall is no longer selected.
  if (const auto& b = scene_->selection().building; b && std::binary_search(hiddenNumbers_.begin(), hiddenNumbers_.end(), *b))
    scene_->clearSelection();
}

void FrameLoop::seekForDrag() {
  using Clock = std::chrono::steady_clock;
  if (!dragSeek_ || Clock::now() < dragSeekReadyAt_) return;
  const auto start = Clock::now();
  live_.seekReplay(*std::exchange(dragSeek_, std::nullopt));
  const auto end = Clock::now();
  dragSeekReadyAt_ = end + 2 * (end - start);
}

// Alert focus, the tour and the camera flight, once a frame after the commands.
void FrameLoop::present(const scene::FrameClock& clock) {
  const double now = clock.animation;
  ui::Commands out;
  if (!started_ && presenting_) {
    started_ = true;
    if (options_.tour.autoStart) presenter_.startTour(now, out);
  }
  for (const auto& alert : presenting_ ? alerts_.poll(live_.store()) : std::vector<ui::Alert>{}) {
    std::printf("citywall: alert %s %s\n", alert.kind == ui::Alert::Kind::alarm ? "alarm" : "case", alert.id.c_str());
    presenter_.alert(alert, now, viewOf(scene_->camera()), out);
  }
  if (scene_->advanceFlight(now)) {
    const auto g = viewOf(scene_->camera());
    std::printf("citywall: camera arrived at %.6f,%.6f distance %.0f\n", g.lon, g.lat, scene_->camera().distance);
    trace_.arrived(*scene_, live_.store(), viewport_);
  }
  presenter_.update(now, scene_->flying(), out);
  if (!out.empty()) apply(out, clock);
}

ui::OverlayInfo FrameLoop::overlayInfo(const scene::FrameView& view) const {
  const auto stats = renderer_->lastFrameStats();
  const auto& city = scene_->city();
  const auto eye = city.frame.toGeodetic(view.camera.eye);
  std::vector<ui::FeedLine> feeds;
  for (const auto& f : feedLines()) feeds.push_back({size_t(f.state), f.events, f.rejected});
  const double w = viewport_.width, h = viewport_.height;
  // Buildings: the extruded ones and those the 3D Tiles have shown so far.
  const size_t buildings = tilesets_ ? std::max<size_t>(city.buildings.size(), tilesets_->featureEnd()) : city.buildings.size();
  ui::OverlayInfo info{stats.cpuMs, stats.gpuMs, buildings, stats.triangles, stats.drawCalls,
                       eye.lon, eye.lat, eye.height, renderer_->deviceName(), city.attributions,
                       ui::liveLines(live_.store(), feeds, language_), {}, ui::regionLabels(*scene_, view, w, h),
                       ui::layerLegend(*scene_, language_)};
  for (auto& l : ui::sensorLabels(*scene_, view, live_.store(), w, h, language_)) info.labels.push_back(std::move(l));
  for (auto& l : ui::markLabels(*scene_, view, w, h, language_)) info.labels.push_back(std::move(l));
  // A reading or an area's count under a panel cannot be read: left out (the panels as they stood last frame).
  if (panels_) {
    const float wide = 50 * view.uiScale, tall = 10 * view.uiScale;  // about half a reading's text either way
    std::erase_if(info.labels, [&](const ui::OverlayInfo::Label& l) {
      const ui::LabelBox text{l.x - wide, l.y - tall, l.x + wide, l.y + tall};
      return std::any_of(dashboard_.panels.begin(), dashboard_.panels.end(), [&](const ui::LabelBox& b) { return b.overlaps(text); });
    });
  }
  // The tiles' credits (their archives' metadata) while they are drawn.
  if (tiles_ && view.basemap)
    for (const auto& a : tiles_->map().attributions)
      if (std::find(info.attributions.begin(), info.attributions.end(), a) == info.attributions.end()) info.attributions.push_back(a);
  if (tilesets_)
    for (const auto& a : tilesets_->attributions())
      if (std::find(info.attributions.begin(), info.attributions.end(), a) == info.attributions.end()) info.attributions.push_back(a);
  if (auto loading = loadingLine(); !loading.empty()) info.liveLines.push_back(std::move(loading));
  if (auto note = displayNote(); !note.empty()) info.liveLines.push_back(std::move(note));
  if (!journalError_.empty()) {
    char line[200];
    std::snprintf(line, sizeof line, ui::panelStrings(language_).journalFailing, journalError_.substr(0, 80).c_str());
    info.liveLines.push_back(line);
  }
  return info;
}

// The base map's names under the other labels, placed around them (they
// came first: a sensor reading matters more than a street name).
namespace {

// The ground a camera sees and how finely: the rays through the edges of
// the view met with the ground (those above the horizon stop at three
// times the camera's distance), and the resolution at the middle.
assets::TileView groundInView(const scene::MapCamera& camera, const scene::Viewport& v, const geo::GeoFrame& frame) {
  const double w = v.width, h = v.height;
  glm::dvec2 lo(camera.target), hi(camera.target);
  const glm::dvec3 eye = camera.eye();
  for (double fx : {0.0, 0.5, 1.0})
    for (double fy : {0.0, 0.5, 1.0}) {
      glm::dvec3 at;
      const glm::dvec2 px(fx * w, fy * h);
      if (!camera.pixelOnPlane(px, w, h, 0.0, at) || glm::distance(glm::dvec2(at), glm::dvec2(eye)) > 3 * camera.distance) {
        glm::dvec3 dir = camera.rayThroughPixel(px, w, h).direction;
        glm::dvec2 flat(dir.x, dir.y);
        if (glm::length(flat) < 1e-9) continue;
        at = glm::dvec3(glm::dvec2(eye) + glm::normalize(flat) * 3.0 * camera.distance, 0.0);
      }
      lo = glm::min(lo, glm::dvec2(at)), hi = glm::max(hi, glm::dvec2(at));
    }
  glm::dvec3 middle;
  const double reach = camera.pixelOnPlane({w / 2, h / 2}, w, h, 0.0, middle) ? glm::distance(eye, middle) : camera.distance;
  const double metresPerPixel = 2 * reach * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / std::max(1.0, h);
  return {assets::areaAround(frame, lo, hi), metresPerPixel};
}

}  // namespace

void FrameLoop::followCameraWithTiles() {
  if (!tiles_) return;
  tiles_->want(groundInView(scene_->camera(), viewport_, scene_->city().frame));
  tiles_->collect();
  scene_->setBaseMapTiles(&tiles_->map(), tiles_->version());
}

std::vector<ui::LabelBox> FrameLoop::uiBoxes() const {
  if (!ui_) return {};
  return panels_ ? dashboard_.panels : ui_->overlayBoxes();
}

// What is selected, in words; a 3D Tiles building is told by its tileset's properties.
std::vector<std::string> FrameLoop::describeSelection() const {
  std::vector<std::string> lines = ui::describeSelection(*scene_, live_.store(), language_);
  const auto f = selectedTileFeature();
  if (!f) return lines;
  char buf[256];
  std::snprintf(buf, sizeof buf, ui::strings(language_).selectedTileFeature, f->key.c_str());
  lines.push_back(buf);
  ui::appendPropertyLines(lines, f->properties);
  return lines;
}

std::optional<scene::TileFeature> FrameLoop::selectedTileFeature() const {
  const auto& selected = scene_->selection();
  if (!tilesets_ || !selected.building || *selected.building < scene_->city().buildings.size()) return std::nullopt;
  return tilesets_->feature(*selected.building);
}

void FrameLoop::followCameraWithTilesets() {
  if (!tilesets_) return;
  tilesets_->update(scene_->camera().matrices(viewport_.width, viewport_.height), viewport_.height);
  const uint32_t featureEnd = tilesets_->featureEnd();
  scene_->setTiles3d(tilesets_->draws(), featureEnd);
  // Where the tile buildings numbered so far are, for the area marks: the
  // new ones each frame, all again when places were made finer (only while
  // there are marks to test them against).
  const uint32_t first = uint32_t(scene_->city().buildings.size());
  if (const uint64_t version = tilesets_->featurePlacesVersion(); version != placesVersion_ && !scene_->marks().empty())
    tileFeaturePlaces_.clear(), placesVersion_ = version;
  if (first + tileFeaturePlaces_.size() < featureEnd) tilesets_->featurePlaces(first + uint32_t(tileFeaturePlaces_.size()), tileFeaturePlaces_);
  scene_->setTileFeaturePlaces(tileFeaturePlaces_, placesVersion_);
  // A tile that cannot be read is told once and left out; the wall goes on.
  for (const auto& w : tilesets_->takeWarnings()) std::fprintf(stderr, "citywall: warning: %s\n", w.c_str());
}

// "3D Tiles loading 12 · 35 / 512 MB" while tiles load, else "".
std::string FrameLoop::loadingLine() const {
  if (!tilesets_) return {};
  const auto st = tilesets_->stats();
  if (!st.loading) return {};
  char line[160];
  std::snprintf(line, sizeof line, ui::panelStrings(language_).tilesLoading, st.loading, st.heldBytes / 1048576.0,
                st.budget / 1048576.0);
  return line;
}

void FrameLoop::refreshMapNames() {
  const scene::FeatureLayers& layers = scene_->features();
  const uint64_t tiles = tiles_ ? tiles_->version() : 0;
  if (!mapNamesBuilt_ || tiles != mapNamesTiles_) {
    // The list is built (again, for new tiles), each name keeping its fade.
    const std::vector<scene::BaseMapLabel> before = std::move(mapNames_);
    mapNames_ = scene_->city().basemap.labels;
    if (tiles_) mapNames_.insert(mapNames_.end(), tiles_->map().labels.begin(), tiles_->map().labels.end());
    mapNameLayer_.assign(mapNames_.size(), -1);
    mapNames_.insert(mapNames_.end(), layers.labels().begin(), layers.labels().end());
    for (size_t i = 0; i < layers.labels().size(); ++i) mapNameLayer_.push_back(int32_t(layers.layerOfLabel(i)));
    mapNameReach_.clear();
    for (const auto& l : mapNames_) mapNameReach_.push_back(l.maxDistance);
    mapLabels_.carryOver(before, mapNames_);
    mapNamesBuilt_ = true, mapNamesTiles_ = tiles, mapNamesShown_.clear();
  }
  std::vector<bool> shown{scene_->visible.basemap};
  for (uint32_t i = 0; i < layers.size(); ++i) shown.push_back(layers.visible(i));
  if (shown == mapNamesShown_) return;
  mapNamesShown_ = shown;
  for (size_t i = 0; i < mapNames_.size(); ++i)
    mapNames_[i].maxDistance = shown[size_t(mapNameLayer_[i] + 1)] ? mapNameReach_[i] : -1.0f;
}

void FrameLoop::placeMapLabels(const scene::FrameView& view, double seconds, ui::OverlayInfo& info) {
  if (!ui_) return;
  refreshMapNames();
  const auto& names = mapNames_;
  if (names.empty()) return;
  ImFont* font = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
  if (!font) return;
  const float px = font->FontSize;
  const ui::MeasureText measure = [&](std::string_view text, float size) {
    const ImVec2 s = font->CalcTextSizeA(px * size, FLT_MAX, 0, text.data(), text.data() + text.size());
    return glm::vec2(s.x, s.y);
  };
  // The panels or the overlay's boxes (as they stood last frame) hide what is under them: no name goes there.
  std::vector<ui::LabelBox> obstacles = panels_ ? dashboard_.panels : ui_->overlayBoxes();
  for (const auto& l : info.labels) {
    const glm::vec2 e = measure(l.text, l.size);
    obstacles.push_back({l.x - e.x / 2, l.y - e.y / 2, l.x + e.x / 2, l.y + e.y / 2});
  }
  // A still picture (screenshots, exports) shows its names whole, not mid-fade.
  const double fade = scene_->animate ? seconds : 1.0;
  const bool day = scene_->theme.name == "day";
  std::vector<ui::OverlayInfo::Label> placed;
  mapLabels_.uiScale = view.uiScale;
  for (auto& l : mapLabels_.place(names, view.camera, view.cameraDistance, viewport_.width, viewport_.height, language_,
                                  obstacles, measure, fade)) {
    using K = scene::BaseMapLabel::Kind;
    uint32_t rgb = day ? 0x2b3440 : 0xe8f1ff;
    if (l.kind == K::water) rgb = day ? 0x1d5f8f : 0x8fd0ff;
    else if (l.kind == K::road) rgb = day ? 0x5a4a2c : 0xd9c08f;
    else if (l.kind == K::poi) rgb = day ? 0x4b5563 : 0xb8c4d4;
    if (l.rgb) rgb = day ? scene::scaleRgb(l.rgb, 0.55f) : l.rgb;  // a layer's own colour, darker on the light map
    ui_->requireText(l.text);  // names from tiles come and go with the camera: glyphs as they show
    placed.push_back({l.x, l.y, std::move(l.text), l.size, l.alpha, rgb, day, l.angle});
  }
  info.labels.insert(info.labels.begin(), std::make_move_iterator(placed.begin()), std::make_move_iterator(placed.end()));
}

ui::DashboardInput FrameLoop::dashboardInput(ui::OverlayInfo overlay, double seconds) const {
  const live::Store& store = live_.store();
  const scene::Selection& selected = scene_->selection();
  ui::DashboardInput in;
  in.store = &store;
  in.categories = &options_.categories;
  in.statusRgb = scene_->markers().style().statusRgb;
  in.language = language_;
  in.scale = ui_ ? ui_->scale() : 1.0f;
  in.animate = scene_->animate;
  in.seconds = seconds;
  const auto feeds = feedLines();
  in.feeds.configured = int(feeds.size());
  for (const auto& f : feeds) in.feeds.connected += f.state == uint8_t(feed::FeedState::connected);
  in.feeds.recorded = feeds.empty() && store.applied() > 0;
  const auto& v = scene_->visible;
  in.layers = {v.markers, v.heat, v.sensorField, v.regions, v.sensors, v.basemap, scene_->regions() != nullptr,
               !scene_->city().basemap.empty() || tiles_, {}};
  const scene::FeatureLayers& features = scene_->features();
  for (uint32_t i = 0; i < features.size(); ++i) {
    const scene::FeatureLayerStyle& l = features.set().layers[i];
    in.layers.features.push_back({ui::featureLayerName(l, language_), l.name, l.rgb, features.visible(i)});
  }
  in.presentation.touring = presenter_.touring();
  in.presentation.tourStop = presenter_.tourStop();
  in.presentation.alertsPaused = presenter_.alertsPaused();
  if (const ui::Alert* a = presenter_.focused()) in.presentation.focusedAlert = a->id;
  for (const auto& b : presenter_.bookmarks()) in.presentation.bookmarks.push_back(b.name);
  const auto& cases = store.cases().all();
  if (selected.caseSlot && *selected.caseSlot < cases.size() && !cases[*selected.caseSlot].evicted)
    in.selectedCase = cases[*selected.caseSlot].id;
  if (selected.sensorSlot && *selected.sensorSlot < store.sensors().all().size())
    in.selectedSensor = store.sensors().all()[*selected.sensorSlot].id;
  if (selected.building || selected.feature) in.otherSelection = describeSelection();
  in.buildingSelected = selected.building.has_value();
  if (in.selectedCase)
    for (const auto& m : scene_->marks())
      if (m.id == *in.selectedCase) in.cordon = m.radius;
  in.layers.hiddenBuildings = hidden_.size();
  in.overlay = std::move(overlay);
  in.showStats = showStats_;
  in.journalError = journalError_;
  in.wall = wallConsole_;
  in.placement = placement_;
  in.loading = loadingLine();
  if (const std::string note = displayNote(); !note.empty()) in.loading += (in.loading.empty() ? "" : "\n") + note;
  // The banner stands while a drill runs or any drill data is on the wall.
  const size_t drillData = store.cases().drillCases() + store.sensors().drillItems();
  if (drillShown_ || drillData)
    in.drill = ui::DashboardInput::DrillStatus{drillShown_ ? drillBanner_.name : std::string(), drillBanner_.caption,
                                               drillBanner_.paused};
  if (const feed::JournalPlayer* player = live_.replay())
    in.replay = ui::DashboardInput::ReplayStatus{player->speed(), player->playing(), player->begin(), player->end(),
                                                 player->time(), &player->density(160), &player->urgent(),
                                                 live_.reviewing(), player->loopRange()};
  return in;
}

// Text from the feed the font may not have yet: the rows on screen, the
// selected case and sensor, the alarms.
void FrameLoop::requireFeedText() {
  const auto& cases = live_.store().cases();
  for (const auto& row : dashboard_.visibleRows)
    if (const live::CaseRecord* c = cases.find(row.id)) ui_->requireText(c->title), ui_->requireText(c->address);
  const scene::Selection& selected = scene_->selection();
  if (selected.caseSlot && *selected.caseSlot < cases.all().size()) {
    const auto& c = cases.all()[*selected.caseSlot];
    for (const std::string* t : {&c.title, &c.address, &c.description, &c.agency, &c.source, &c.grid}) ui_->requireText(*t);
    for (const auto& [k, v] : c.props) ui_->requireText(k), ui_->requireText(v);
  }
  const auto& sensors = live_.store().sensors();
  size_t shown = 0;
  for (uint32_t slot : sensors.sensorsAtWarnOrAbove())
    if (++shown <= 16) ui_->requireText(sensors.all()[slot].name);
  for (const auto& [id, a] : sensors.explicitAlarms())
    if (++shown <= 32) ui_->requireText(a.message);
  if (selected.sensorSlot && *selected.sensorSlot < sensors.all().size()) ui_->requireText(sensors.all()[*selected.sensorSlot].name);
}

ImDrawData* FrameLoop::buildUi(const scene::FrameView& view, const scene::FrameClock& clock) {
  const auto journal = live_.journal();  // one look a frame (it takes the writer's lock)
  journalError_ = journal ? journal->error : std::string();
  ui::OverlayInfo info = overlayInfo(view);
  const double seconds = clock.seconds;
  placeMapLabels(view, seconds, info);
  for (const auto& m : scene_->marks()) ui_->requireText(m.id);  // an operator's or a drill's name for a zone, in any script
  // A governance feature's card lists whatever its file says, in any script.
  if (const auto f = scene_->selection().feature; f && *f < scene_->city().features.features.size())
    for (const auto& [k, v] : scene_->city().features.features[*f].properties) ui_->requireText(k), ui_->requireText(v);
  if (!panels_) {
    info.selectionLines = describeSelection();
    return ui_->build(info, viewport_.width, viewport_.height, seconds);
  }
  requireFeedText();
  const ui::DashboardInput in = dashboardInput(std::move(info), seconds);
  return ui_->build([&] { ui::drawDashboard(in, dashboard_, pending_); }, viewport_.width, viewport_.height, seconds);
}

}  // namespace citywall::app
