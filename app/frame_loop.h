#pragma once
// FrameLoop: the one frame step every caller runs — the window, headless
// screenshots, replay export, a wall's conductor and its render nodes:
//
//   step(input) = pump the feeds into the store
//               → carry out the commands (keys, clicks, camera moves, the
//                 command line, the panels of the previous frame)
//               → presentation (alert focus, tour, the camera flight)
//               → update the scene from the store's change log
//               → snapshot the scene into a FrameView
//               → build the UI (its clicks become next frame's commands)
//               → draw (and read back when asked)
//
// The caller owns the platform (a GLFW window or nothing) and the renderer;
// the loop owns the scene and the presentation state. Main thread.

#include <chrono>
#include <functional>
#include <optional>

#include "app/bookmark_writer.h"
#include "app/operator_state.h"
#include "assets/basemap_tiles.h"
#include "assets/tiles3d/tileset_streamer.h"
#include "config/command_line.h"
#include "feed/drill.h"
#include "feed/live_session.h"
#include "app/test_trace.h"
#include "renderer/renderer.h"
#include "scene/scene.h"
#include "ui/alert_watch.h"
#include "ui/dashboard.h"
#include "ui/imgui_host.h"
#include "ui/map_labels.h"
#include "ui/presenter.h"
#include "wall/packets.h"

namespace citywall::app {

/// What one frame is asked to do.
struct FrameInput {
  ui::Commands commands;  ///< carried out in order, after the panels' commands of the previous frame
  double seconds = 1.0 / 60;  ///< since the previous frame
  double time = 0;            ///< steady seconds since start (flights, tours, pulses)
  uint32_t width = 0, height = 0;  ///< the target in pixels (0: the renderer's)
  bool capture = false;       ///< read the frame's pixels back
  /// A render node: the conductor's view this frame, taken on after the
  /// commands and the presentation (it wins over flights and the tour).
  std::optional<wall::WallView> wallView{};
  /// A render node not following the wall (joining, the conductor lost):
  /// the card its panel shows over the last picture.
  ui::WallCardKind wallStatus = ui::WallCardKind::none;
  /// The conductor: its console of the wall's panels and nodes.
  std::optional<ui::WallConsoleInfo> wallConsole{};
};

struct FrameOutput {
  bool drawn = false;
  std::optional<renderer::Image> image;  ///< with FrameInput::capture
};

/// A video wall's panels: the frame is laid out for the wall's whole canvas
/// (camera, clusters, names, the dashboard) and draws only `rect` of it
/// (the span of the panels, bezels included), into a target of the
/// rectangle's size.
struct WallTile {
  uint32_t canvasWidth = 1, canvasHeight = 1;
  scene::CanvasRect rect;
};

class FrameLoop {
 public:
  /// `ui` may be null (no overlay). The city, regions, live session,
  /// renderer and UI host must outlive the loop.
  FrameLoop(const config::AppOptions& options, const scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live,
            renderer::Renderer& renderer, ui::ImGuiHost* ui);

  FrameOutput step(FrameInput input);
  /// Base-map tiles the current view asked for that are not drawn yet (a
  /// screenshot waits for them).
  size_t mapTilesLoading() const { return (tiles_ ? tiles_->loading() : 0) + (tilesets_ ? tilesets_->loading() : 0); }
  /// The 3D Tiles streamer (null without --tileset).
  const assets::tiles3d::TilesetStreamer* tilesets() const { return tilesets_.get(); }
  /// Characters on screen the font atlas does not hold yet (it grows every few seconds).
  bool glyphsPending() const { return ui_ && ui_->glyphsPending(); }
  /// Where the UI's windows stood at the end of the last frame (the
  /// dashboard's panels, or the overlay's boxes): a screenshot waits until
  /// two frames agree, since a window fits its content a frame late.
  std::vector<ui::LabelBox> uiBoxes() const;

  scene::Scene& scene() { return *scene_; }
  const scene::Scene& scene() const { return *scene_; }
  const ui::Presenter& presenter() const { return presenter_; }
  const ui::DashboardState& dashboard() const { return dashboard_; }
  ui::Language language() const { return language_; }
  bool showUi() const { return showUi_; }
  bool showStats() const { return showStats_; }
  uint64_t frames() const { return frames_; }
  /// Commands that could not be carried out (an unknown case to select…).
  uint64_t failedCommands() const { return failedCommands_; }
  /// What the wall shows besides the store (a conductor publishes it each frame).
  wall::WallView wallView() const;
  /// The selection's card as the overlay shows it (a 3D Tiles building told by its tileset's properties).
  std::vector<std::string> describeSelection() const;
  /// The buildings taken off the wall, as named.
  const std::vector<scene::BuildingRef>& hiddenBuildings() const { return hidden_; }
  /// The selected building when it is one of the 3D Tiles', as itself.
  std::optional<scene::TileFeature> selectedTileFeature() const;
  /// What the operators set that lasts (layers, theme, marks, the banner), now.
  OperatorState operatorState() const;
  /// What the console asked of the wall's panels (also in wallView(), which builds all of it).
  bool wallIdentify() const { return wallIdentify_; }
  const std::vector<bool>& wallBlanked() const { return wallBlanked_; }
  /// The clocks of the last frame stepped.
  const scene::FrameClock& lastClock() const { return lastClock_; }
  /// The wall's panels this loop draws (AppOptions::wallPanels), if any.
  const std::optional<WallTile>& wallTile() const { return tile_; }
  /// Screenshots and briefings: numbers show their values, flights land at once.
  void setAnimate(bool on) { scene_->animate = on; }
  /// Whether alert focus and the tour may move the camera (a screenshot of
  /// a named view: no). Flights asked for by commands still run.
  void setPresenting(bool on) { presenting_ = on; }
  /// With no presenter (a headless recording), a drill's pauses end by
  /// themselves after this many seconds.
  void setDrillPausesEndAfter(std::optional<double> seconds) { drillPauseLimit_ = seconds; }

  /// The renderer drawing now (another one after a rebuild).
  renderer::Renderer& renderer() const { return *renderer_; }
  /// What makes a new renderer when the GPU device or the window's surface
  /// is lost (app/renderer_rebuild.h): given the loss, it returns the new
  /// one. Without it a loss ends the run (renderer::DeviceLost).
  using Rebuild = std::function<renderer::Renderer&(const std::string& why)>;
  void setRendererRebuild(Rebuild rebuild) { rebuild_ = std::move(rebuild); }
  /// The kiosk window's monitor is not connected (it stands elsewhere):
  /// said under the dashboard's title while it lasts.
  void setMonitorMissing(bool missing) { monitorMissing_ = missing; }
  /// Renderers made again after a loss.
  uint64_t rendererRebuilds() const { return rebuilds_; }

 private:
  void queueStartCommands(const config::AppOptions& options);
  void restartViews();
  void apply(const ui::Commands& commands, const scene::FrameClock& clock);
  void apply(const ui::Command& command, const scene::FrameClock& clock, ui::Commands& more);
  void present(const scene::FrameClock& clock);
  ImDrawData* buildUi(const scene::FrameView& view, const scene::FrameClock& clock);
  ui::DashboardInput dashboardInput(ui::OverlayInfo overlay, double seconds) const;
  ui::OverlayInfo overlayInfo(const scene::FrameView& view) const;
  void placeMapLabels(const scene::FrameView& view, double seconds, ui::OverlayInfo& info);
  void requireFeedText();
  void stepDrill(ui::Commands& commands, double seconds);
  scene::MapCamera cameraFor(const ui::CameraView& view, bool keepDistance) const;
  void drawTile(scene::FrameView& view, ImDrawData* draw) const;
  void applyWallView(const wall::WallView& view);
  ui::CameraView viewOf(const scene::MapCamera& camera) const;
  void flyOver(const live::LonLat& where, double now);
  void seekForDrag();
  // A replay: what the operators did as it passes it (the replayable ones),
  // and after a jump what they had set by then (over startState_).
  ui::Commands takeReplayedActions();
  void followReplayJump();
  // A live wall's look back: its own state kept aside (liveState_) and given back.
  void followReview();
  void setOperatorState(const OperatorState& state);
  void applyLasting(const ui::Command& command);
  // Hidden buildings: hidden_ as named, shown through the scene's building
  // styles by this machine's numbers (hiddenNumbers_, as last applied).
  void applyHidden();
  std::optional<ui::HideBuilding> hideSelected() const;
  // Key Z / the card's buttons: the cordon round the selected case, named
  // (a MarkArea, or a ClearMark when it is lifted); nullopt: no case selected.
  std::optional<ui::Command> cordonSelected(const ui::CordonSelected& asked) const;
  // The city building whose source id (an OSM way id) is `id`.
  std::optional<uint32_t> buildingWithSourceId(const std::string& id) const;
  std::vector<scene::BuildingRef> hidden_;
  std::vector<uint32_t> hiddenNumbers_;
  FrameOutput draw(const scene::FrameView& view, ImDrawData* ui, bool capture, double time);
  std::string displayNote() const;

  const config::AppOptions& options_;
  feed::LiveSession& live_;
  renderer::Renderer* renderer_;
  Rebuild rebuild_;
  uint64_t rebuilds_ = 0;
  std::optional<double> rebuiltAt_;  // FrameInput::time of the last rebuild (the dashboard says so for a while)
  bool monitorMissing_ = false;
  ui::ImGuiHost* ui_;
  std::optional<scene::Scene> scene_;  // made anew when the store is (a replay moved back)
  uint64_t storeGeneration_ = 0;
  const scene::CityModel& city_;
  const scene::RegionSet* regions_;
  scene::Viewport viewport_;
  std::optional<WallTile> tile_;
  /// [wall.dashboard] on the canvas this loop lays out (fixed for the run).
  std::optional<ui::DashboardInput::Placement> placement_;
  scene::FrameClock lastClock_;
  // The wall's console: every panel shows its number; panels blanked (by panel − 1).
  bool wallIdentify_ = false;
  std::vector<bool> wallBlanked_;
  std::vector<ui::WallCard> wallCards(ui::WallCardKind status) const;
  std::optional<ui::WallConsoleInfo> wallConsole_;  // this frame's, for the dashboard
  std::vector<wall::WallFeed> wallFeeds_;  // a node's: the conductor's feeds
  /// The feeds the header and overlay show: this process's, or a node's conductor's.
  std::vector<wall::WallFeed> feedLines() const;  // a wall's panel: the viewport is the canvas, the renderer draws this part
  ui::Presenter presenter_;
  ui::AlertWatch alerts_;
  ui::DashboardState dashboard_;
  BookmarkWriter bookmarks_;
  TestTrace trace_;
  ui::Commands pending_;  // from the panels of the previous frame
  ui::MapLabelPlacer mapLabels_;  // the base map's names and the governance labels: which show, fading
  // What mapLabels_ places: the base map's names, its tiles' names, then
  // every governance feature's label (built again when the tiles change; a
  // switched-off layer's reach becomes -1).
  std::vector<scene::BaseMapLabel> mapNames_;
  std::vector<int32_t> mapNameLayer_;  // -1: the base map's; else the feature layer
  std::vector<float> mapNameReach_;    // maxDistance as built
  std::vector<bool> mapNamesShown_;    // the switches the reaches were last set for
  bool mapNamesBuilt_ = false;
  uint64_t mapNamesTiles_ = 0;         // the tiles' version the names were built for
  void refreshMapNames();
  // The base map's tiles for the camera (tile archives without a pinned zoom).
  std::unique_ptr<assets::BaseMapTiles> tiles_;
  void followCameraWithTiles();
  // 3D Tiles chosen and loaded for the camera.
  std::unique_ptr<assets::tiles3d::TilesetStreamer> tilesets_;
  std::vector<glm::dvec3> tileFeaturePlaces_;  // the tile buildings' places (Scene::setTileFeaturePlaces)
  uint64_t placesVersion_ = 0;                 // TilesetStreamer::featurePlacesVersion they were read at
  void followCameraWithTilesets();
  std::string loadingLine() const;
  // A drag on the timeline: the moment it asks for now, done once the last
  // preview seek's cost is paid back (seeking takes at most a third of the
  // wall's time, so a drag over a heavy day never freezes the wall).
  std::optional<live::TimeMs> dragSeek_;
  std::chrono::steady_clock::time_point dragSeekReadyAt_{};
  std::string journalError_;  // the journal's problem this frame, if any
  std::optional<feed::DrillRunner> drill_;  // --drill: the scenario this wall plays
  OperatorState startState_;  // as the loop began: what a replay's jumps build on
  std::optional<OperatorState> liveState_;  // a live wall's own while it looks back
  ui::DrillBanner drillBanner_;  // what the banner says (from the drill, or replayed)
  bool drillShown_ = false;      // a drill banner came (live or replayed)
  std::optional<double> drillPauseLimit_;
  double drillPausedFor_ = 0;
  ui::Language language_;
  bool showUi_ = true, showStats_ = false, panels_ = true;
  bool started_ = false, presenting_ = true;
  uint64_t frames_ = 0, failedCommands_ = 0;
};

}  // namespace citywall::app
