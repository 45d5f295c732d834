#pragma once
// WallDriver: carries out what the dashboard and the presenter ask (select,
// fly to, toggle layers, tour, alert focus, language) and runs the camera
// flights. Shared by the window and headless runs so a screenshot shows what
// the wall shows. Main thread.

#include <optional>

#include "app/command_line.h"
#include "app/live_layers.h"
#include "app/selection.h"
#include "scene/camera_flight.h"
#include "ui/alert_watch.h"
#include "ui/dashboard.h"
#include "ui/presenter.h"

namespace citywall::app {

class WallDriver {
 public:
  WallDriver(const AppOptions& options, const scene::CityModel& city, LiveLayers& layers, renderer::Renderer& renderer);

  /// Once per frame, after the store and layers are up to date: new alerts,
  /// the presenter's timers, the camera flight. `now`: seconds on a steady clock.
  void update(LiveSession& live, scene::MapCamera& camera, double now);
  /// Carries out commands from the UI or the presenter.
  void apply(const ui::Commands& commands, LiveSession& live, scene::MapCamera& camera, double now);
  /// Saves the current view as a new bookmark ("视角 N" / "View N"): the
  /// presenter gets it at once and, with a configuration file, it is
  /// appended there so it survives a restart.
  void saveBookmark(const scene::MapCamera& camera);
  /// The user moved the camera: the flight, the tour and alert focus yield.
  void userMovedCamera();
  /// A click on the map (picking; a cluster zooms in).
  void click(glm::dvec2 pixel, double width, double height, float uiScale, LiveSession& live, scene::MapCamera& camera);

  /// What the dashboard needs this frame; `overlay` carries labels, legend,
  /// attributions and stats.
  ui::DashboardInput dashboardInput(const LiveSession& live, ui::OverlayInfo overlay, double seconds) const;
  ui::DashboardState& dashboardState() { return dashboard_; }
  ui::Presenter& presenter() { return presenter_; }
  const Selection& selection() const { return selection_; }
  bool flying() const { return flight_.has_value(); }
  ui::Language language() const { return language_; }
  bool languageChanged() { return std::exchange(languageChanged_, false); }
  /// The window's framebuffer and UI scale (for traces that name pixels).
  void setViewport(double width, double height, float uiScale) { width_ = width, height_ = height, uiScale_ = uiScale; }
  /// CITYWALL_TRACE: print what input tests need (visible case rows, where
  /// the selected case's marker is after a flight).
  bool trace = false;
  void traceRows();
  bool animate = true;  ///< false in screenshots: numbers show their values at once
  bool showStats = false;
  bool panels = true;

  /// The camera looking at lon/lat as `view` says (keepDistance: the
  /// current distance, heading and pitch, only moved over the point).
  scene::MapCamera cameraFor(const ui::CameraView& view, const scene::MapCamera& current, bool keepDistance) const;

 private:
  void flyTo(const scene::MapCamera& from, const scene::MapCamera& to, double seconds, double now);
  ui::CameraView viewOf(const scene::MapCamera& camera) const;

  const AppOptions& options_;
  const scene::CityModel& city_;
  LiveLayers& layers_;
  renderer::Renderer& renderer_;
  Selection selection_;
  ui::Presenter presenter_;
  ui::AlertWatch alerts_;
  ui::DashboardState dashboard_;
  std::optional<scene::CameraFlight> flight_;
  double flightStart_ = 0;
  bool flightPending_ = false;  // starts at the next update() (a click has no clock)
  ui::Language language_;
  bool languageChanged_ = false;
  bool started_ = false;
  double width_ = 0, height_ = 0;
  float uiScale_ = 1;
  bool rowsTraced_ = false;
  float lastRowY_ = -1;
};

}  // namespace citywall::app
