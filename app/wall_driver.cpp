#include "app/wall_driver.h"

#include <cstdio>

#include "app/config.h"
#include "app/view_setup.h"

namespace citywall::app {

WallDriver::WallDriver(const AppOptions& o, const scene::CityModel& city, LiveLayers& layers, renderer::Renderer& renderer)
    : options_(o),
      city_(city),
      layers_(layers),
      renderer_(renderer),
      presenter_(o.bookmarks, o.tour, o.alertFocus),
      alerts_(o.alertFocus),
      language_(o.language) {
  panels = o.panels;
}

scene::MapCamera WallDriver::cameraFor(const ui::CameraView& v, const scene::MapCamera& current, bool keepDistance) const {
  scene::MapCamera c = cameraAt(city_, {v.lon, v.lat, v.distance, v.heading, v.pitch});
  if (keepDistance) c.distance = current.distance, c.heading = current.heading, c.pitch = current.pitch;
  c.normalize();
  return c;
}

ui::CameraView WallDriver::viewOf(const scene::MapCamera& c) const {
  const auto g = city_.frame.toGeodetic({c.target.x, c.target.y, city_.frame.surfaceZ(c.target.x, c.target.y)});
  return {g.lon, g.lat, c.distance, c.heading, c.pitch};
}

void WallDriver::flyTo(const scene::MapCamera& from, const scene::MapCamera& to, double seconds, double now) {
  flight_.emplace(from, to, seconds);
  flightStart_ = now;
  flightPending_ = false;
  if (!animate) flightStart_ = now - flight_->seconds();  // screenshots land at once
}

void WallDriver::saveBookmark(const scene::MapCamera& camera) {
  ui::Bookmark b;
  // A name no bookmark has yet: the file must load again next time.
  for (size_t n = presenter_.bookmarks().size() + 1; b.name.empty() || presenter_.bookmark(b.name); ++n)
    b.name = (language_ == ui::Language::zh ? "视角 " : "View ") + std::to_string(n);
  b.view = viewOf(camera);
  presenter_.addBookmark(b);
  std::string error;
  if (options_.configFile.empty()) {
    std::printf("citywall: bookmark '%s' saved for this session (no --config file to keep it in)\n", b.name.c_str());
  } else if (appendBookmark(options_.configFile, b, error)) {
    std::printf("citywall: bookmark '%s' saved in %s\n", b.name.c_str(), options_.configFile.c_str());
  } else {
    std::fprintf(stderr, "citywall: %s; it stays for this session\n", error.c_str());
  }
}

void WallDriver::userMovedCamera() {
  flight_.reset();
  presenter_.userTookOver();
}

void WallDriver::click(glm::dvec2 pixel, double width, double height, float uiScale, LiveSession& live,
                       scene::MapCamera& camera) {
  const scene::MapCamera before = camera;
  const auto hit = selection_.click(pixel, width, height, uiScale, city_, layers_, renderer_, camera);
  if (hit.kind == scene::PickKind::cluster) {
    // The pick moved the camera in; fly there instead of jumping.
    const scene::MapCamera to = camera;
    camera = before;
    flight_.emplace(before, to, 0.8);
    flightPending_ = true;  // starts at the next update()
  }
  if (auto slot = selection_.caseSlot()) {
    std::printf("citywall: selected case %s\n", live.store().cases().all()[*slot].id.c_str());
    std::fflush(stdout);
    dashboard_.scrollToSelection = true;
  }
}

void WallDriver::apply(const ui::Commands& commands, LiveSession& live, scene::MapCamera& camera, double now) {
  const auto& cases = live.store().cases();
  const auto& sensors = live.store().sensors();
  for (const auto& command : commands) {
    if (auto* f = std::get_if<ui::FlyTo>(&command)) {
      scene::MapCamera to = cameraFor(f->view, camera, f->keepDistance);
      if (f->keepHeading) to.heading = camera.heading;
      flyTo(camera, to, f->seconds, now);
    } else if (auto* c = std::get_if<ui::SelectCase>(&command)) {
      const auto slot = cases.slotOf(c->id);
      if (!slot) {
        std::printf("citywall: no case '%s' to select\n", c->id.c_str());
        continue;
      }
      selection_.selectCase(*slot, layers_, renderer_);
      dashboard_.scrollToSelection = true;
      std::printf("citywall: selected case %s\n", c->id.c_str());
      std::fflush(stdout);
      if (c->fly) {
        const auto& record = cases.all()[*slot];
        ui::CameraView v{record.position.lon, record.position.lat, std::min(camera.distance, 900.0), camera.heading,
                         std::max(camera.pitch, 45.0)};
        flyTo(camera, cameraFor(v, camera, false), 0, now);
      }
    } else if (auto* s = std::get_if<ui::SelectSensor>(&command)) {
      const auto slot = sensors.slotOf(s->id);
      if (!slot) continue;
      selection_.selectSensor(*slot, layers_, renderer_);
      std::printf("citywall: selected sensor %s\n", s->id.c_str());
      if (s->fly) {
        const auto& record = sensors.all()[*slot];
        ui::CameraView v{record.position.lon, record.position.lat, std::min(camera.distance, 900.0), camera.heading,
                         std::max(camera.pitch, 45.0)};
        flyTo(camera, cameraFor(v, camera, false), 0, now);
      }
    } else if (std::holds_alternative<ui::ClearSelection>(command)) {
      selection_.clear(layers_, renderer_);
    } else if (auto* l = std::get_if<ui::SetLayerVisible>(&command)) {
      auto& v = layers_.visible;
      switch (l->layer) {
        case ui::LayerId::markers: v.markers = l->visible; break;
        case ui::LayerId::heat: v.heat = l->visible; break;
        case ui::LayerId::sensorField: v.sensorField = l->visible; break;
        case ui::LayerId::regions: v.regions = l->visible; break;
        case ui::LayerId::sensors: v.sensors = l->visible; break;
      }
    } else if (auto* lang = std::get_if<ui::SetLanguage>(&command)) {
      const ui::Language next = lang->chinese ? ui::Language::zh : ui::Language::en;
      languageChanged_ = languageChanged_ || next != language_;
      language_ = next;
    } else if (auto* b = std::get_if<ui::GoToBookmark>(&command)) {
      ui::Commands more;
      presenter_.goTo(b->name, now, more);
      apply(more, live, camera, now);
    } else if (auto* t = std::get_if<ui::SetTour>(&command)) {
      if (t->on) {
        ui::Commands more;
        presenter_.startTour(now, more);
        apply(more, live, camera, now);
      } else {
        presenter_.stopTour();
      }
    } else if (auto* a = std::get_if<ui::SetAlertsPaused>(&command)) {
      presenter_.setAlertsPaused(a->paused);
    }
  }
}

void WallDriver::update(LiveSession& live, scene::MapCamera& camera, double now) {
  ui::Commands out;
  if (!started_) {
    started_ = true;
    if (options_.tour.autoStart) presenter_.startTour(now, out);
  }
  for (const auto& alert : alerts_.poll(live.store())) {
    std::printf("citywall: alert %s %s\n", alert.kind == ui::Alert::Kind::alarm ? "alarm" : "case", alert.id.c_str());
    presenter_.alert(alert, now, viewOf(camera), out);
  }
  if (flight_) {
    if (flightPending_) flightStart_ = now, flightPending_ = false;
    camera = flight_->at(now - flightStart_);
    if (flight_->arrived(now - flightStart_)) {
      flight_.reset();
      const auto g = viewOf(camera);
      std::printf("citywall: camera arrived at %.6f,%.6f distance %.0f\n", g.lon, g.lat, camera.distance);
      // Where the selected case's marker head is now (input tests click it).
      if (trace && selection_.caseSlot() && width_ > 0) {
        const auto& inst = layers_.markers().instances()[*selection_.caseSlot()];
        if (auto at = scene::projectToPixel(camera.matrices(width_, height_),
                                            glm::dvec3(inst.position[0], inst.position[1], inst.position[2]), width_, height_))
          std::printf("trace: marker %s at %.0f %.0f\n", live.store().cases().all()[*selection_.caseSlot()].id.c_str(),
                      at->x, at->y - 26.0 * uiScale_);
      }
      std::fflush(stdout);
    }
  }
  presenter_.update(now, flying(), out);
  if (!out.empty()) apply(out, live, camera, now);
}

void WallDriver::traceRows() {
  if (!trace || rowsTraced_ || dashboard_.visibleRows.empty()) return;
  // Only once the layout has settled (windows auto-fit over the first frames).
  const float y = dashboard_.visibleRows.front().y;
  if (y != lastRowY_) {
    lastRowY_ = y;
    return;
  }
  rowsTraced_ = true;
  for (size_t i = 0; i < dashboard_.visibleRows.size() && i < 5; ++i) {
    const auto& r = dashboard_.visibleRows[i];
    std::printf("trace: row %zu %s at %.0f %.0f %.0f %.0f\n", i, r.id.c_str(), r.x, r.y, r.w, r.h);
  }
  std::fflush(stdout);
}

ui::DashboardInput WallDriver::dashboardInput(const LiveSession& live, ui::OverlayInfo overlay, double seconds) const {
  ui::DashboardInput in;
  in.store = &live.store();
  in.categories = &options_.categories;
  in.statusRgb = layers_.markers().style().statusRgb;
  in.language = language_;
  in.animate = animate;
  in.seconds = seconds;
  const auto feeds = live.feeds();
  in.feeds.configured = int(feeds.size());
  for (const auto& f : feeds) in.feeds.connected += f.state == feed::FeedState::connected;
  in.feeds.recorded = feeds.empty() && live.store().applied() > 0;
  in.layers = {layers_.visible.markers, layers_.visible.heat, layers_.visible.sensorField, layers_.visible.regions,
               layers_.visible.sensors, layers_.hasRegions()};
  in.presentation.touring = presenter_.touring();
  in.presentation.tourStop = presenter_.tourStop();
  in.presentation.alertsPaused = presenter_.alertsPaused();
  if (const ui::Alert* a = presenter_.focused()) in.presentation.focusedAlert = a->id;
  for (const auto& b : presenter_.bookmarks()) in.presentation.bookmarks.push_back(b.name);
  if (auto slot = selection_.caseSlot(); slot && *slot < live.store().cases().all().size() &&
                                          !live.store().cases().all()[*slot].evicted)
    in.selectedCase = live.store().cases().all()[*slot].id;
  if (auto slot = selection_.sensorSlot(); slot && *slot < live.store().sensors().all().size())
    in.selectedSensor = live.store().sensors().all()[*slot].id;
  if (selection_.building()) in.otherSelection = selection_.describe(city_, live, language_);
  in.overlay = std::move(overlay);
  in.showStats = showStats;
  return in;
}

}  // namespace citywall::app
