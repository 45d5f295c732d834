// frame_commands.cpp — FrameLoop carrying out commands: the one place where
// what a panel, a key, a click, a camera drag, the presenter or the command
// line asks for changes the scene and the presentation state.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/frame_loop.h"
#include "app/view_setup.h"

namespace citywall::app {

scene::MapCamera FrameLoop::cameraFor(const ui::CameraView& v, bool keepDistance) const {
  scene::MapCamera c = cameraAt(scene_->city(), {v.lon, v.lat, v.distance, v.heading, v.pitch});
  const scene::MapCamera& current = scene_->camera();
  if (keepDistance) c.distance = current.distance, c.heading = current.heading, c.pitch = current.pitch;
  c.normalize();
  return c;
}

ui::CameraView FrameLoop::viewOf(const scene::MapCamera& c) const {
  const auto& frame = scene_->city().frame;
  const auto g = frame.toGeodetic({c.target.x, c.target.y, frame.surfaceZ(c.target.x, c.target.y)});
  return {g.lon, g.lat, c.distance, c.heading, c.pitch};
}

// Close over a selected case or sensor, tilted enough to see it among the towers.
void FrameLoop::flyOver(const live::LonLat& where, double now) {
  const scene::MapCamera& c = scene_->camera();
  const ui::CameraView v{where.lon, where.lat, std::min(c.distance, 900.0), c.heading, std::max(c.pitch, 45.0)};
  scene_->flyTo(cameraFor(v, false), 0, now);
}

void FrameLoop::apply(const ui::Commands& commands, const scene::FrameClock& clock) {
  ui::Commands more;
  for (const auto& c : commands) apply(c, clock, more);
  // What the presenter asked for in turn (a bookmark → a flight).
  for (size_t i = 0; i < more.size(); ++i) {
    ui::Commands next;
    apply(more[i], clock, next);
    more.insert(more.end(), next.begin(), next.end());
  }
}

void FrameLoop::apply(const ui::Command& command, const scene::FrameClock& clock, ui::Commands& more) {
  const double now = clock.animation;
  const auto& cases = live_.store().cases();
  const auto& sensors = live_.store().sensors();
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, ui::FlyTo>) {
          scene::MapCamera to = cameraFor(c.view, c.keepDistance);
          if (c.keepHeading) to.heading = scene_->camera().heading;
          scene_->flyTo(to, c.seconds, now);
        } else if constexpr (std::is_same_v<T, ui::SelectCase> || std::is_same_v<T, ui::SelectSensor>) {
          constexpr bool isCase = std::is_same_v<T, ui::SelectCase>;
          const auto slot = isCase ? cases.slotOf(c.id) : sensors.slotOf(c.id);
          const char* what = isCase ? "case" : "sensor";
          if (!slot) {
            std::fprintf(stderr, "citywall: no %s '%s' to select\n", what, c.id.c_str());
            ++failedCommands_;
            return;
          }
          if (isCase) scene_->selectCase(*slot), dashboard_.scrollToSelection = true;
          else scene_->selectSensor(*slot);
          std::printf("citywall: selected %s %s\n", what, c.id.c_str());
          if (c.fly) flyOver(isCase ? cases.all()[*slot].position : sensors.all()[*slot].position, now);
        } else if constexpr (std::is_same_v<T, ui::ClearSelection>) {
          scene_->clearSelection();
        } else if constexpr (std::is_same_v<T, ui::SetLayerVisible> || std::is_same_v<T, ui::ToggleLayer> ||
                             std::is_same_v<T, ui::ClearMark> || std::is_same_v<T, ui::ShowAllBuildings>) {
          applyLasting(command);
        } else if constexpr (std::is_same_v<T, ui::SetFeatureLayerVisible>) {
          scene::FeatureLayers& layers = scene_->features();
          bool found = false;
          for (uint32_t i = 0; i < layers.size(); ++i)
            if (layers.set().layers[i].name == c.name) layers.setVisible(i, c.visible), found = true;
          if (!found) {
            std::fprintf(stderr, "citywall: no governance layer named '%s'\n", c.name.c_str());
            ++failedCommands_;
          }
          // A selected feature of a layer switched off is no longer on the map.
          const auto f = scene_->selection().feature;
          if (f && !layers.visible(layers.set().features[*f].layer)) scene_->clearSelection();
        } else if constexpr (std::is_same_v<T, ui::SetLanguage>) {
          language_ = c.chinese ? ui::Language::zh : ui::Language::en;
          if (ui_) ui_->setLanguage(language_);
        } else if constexpr (std::is_same_v<T, ui::GoToBookmark>) {
          presenter_.goTo(c.name, now, more);
        } else if constexpr (std::is_same_v<T, ui::GoToBookmarkNumber>) {
          if (c.index < presenter_.bookmarks().size()) presenter_.goTo(presenter_.bookmarks()[c.index].name, now, more);
        } else if constexpr (std::is_same_v<T, ui::SetTour>) {
          if (c.on) presenter_.startTour(now, more);
          else presenter_.stopTour();
        } else if constexpr (std::is_same_v<T, ui::SetAlertsPaused>) {
          presenter_.setAlertsPaused(c.paused);
        } else if constexpr (std::is_same_v<T, ui::SaveBookmark>) {
          bookmarks_.save(presenter_, viewOf(scene_->camera()), language_);
        } else if constexpr (std::is_same_v<T, ui::FitCity>) {
          const auto& city = scene_->city();
          if (!city.empty()) scene_->camera().fitBox(city.boundsMin, city.boundsMax, viewport_.width, viewport_.height);
          scene_->cancelFlight();
          presenter_.userTookOver();
        } else if constexpr (std::is_same_v<T, ui::SetCamera>) {
          // A person moved the camera: the flight, the tour and alert focus yield.
          scene_->camera() = c.camera;
          scene_->cancelFlight();
          presenter_.userTookOver();
        } else if constexpr (std::is_same_v<T, ui::PickAt>) {
          const auto hit = scene_->pick({c.x, c.y}, viewport_);
          if (hit.kind == scene::PickKind::cluster) {
            // Clicking a cluster zooms into it: a third of the distance, centred on it.
            scene::MapCamera to = scene_->camera();
            to.target = {hit.where.x, hit.where.y, to.target.z};
            to.distance /= 3;
            to.normalize();
            scene_->flyTo(to, 0.8, now);
            return;
          }
          scene_->clearSelection();
          if (hit.kind == scene::PickKind::caseMarker) {
            if (auto slot = scene_->caseOfMarker(hit.index)) {
              scene_->selectCase(*slot);
              std::printf("citywall: selected case %s\n", cases.all()[*slot].id.c_str());
              dashboard_.scrollToSelection = true;
            }
          } else if (hit.kind == scene::PickKind::sensor) {
            scene_->selectSensor(hit.index);
          } else if (hit.kind == scene::PickKind::building) {
            scene_->selectBuilding(hit.index);
          } else if (hit.kind == scene::PickKind::tilePoint && hit.point) {
            std::printf("citywall: selected point %u of %s\n", hit.point->index, hit.point->source.c_str());
            scene_->selectTilePoint(*hit.point);
          } else if (hit.kind == scene::PickKind::feature) {
            scene_->selectFeature(hit.index);
            const scene::Feature& f = scene_->city().features.features[hit.index];
            std::printf("citywall: selected %s %s\n", scene_->city().features.layers[f.layer].name.c_str(),
                        f.label.empty() ? "(no label)" : f.label.c_str());
          }
        } else if constexpr (std::is_same_v<T, ui::SetTheme>) {
          if (const auto theme = scene::themeByName(c.name); theme && theme->name != scene_->theme.name) {
            scene_->theme = scene::withBaseMapStyle(*theme, options_.basemapStyle);
            if (ui_) ui_->setTheme(scene_->theme);
          }
        } else if constexpr (std::is_same_v<T, ui::DrillBanner>) {
          drillBanner_ = c;
          drillShown_ = true;
          if (ui_) ui_->requireBigText(c.name), ui_->requireText(c.caption);
        } else if constexpr (std::is_same_v<T, ui::WallIdentify>) {
          wallIdentify_ = c.on;
        } else if constexpr (std::is_same_v<T, ui::WallBlank>) {
          if (c.panel >= 1 && c.panel <= 4096) {
            if (wallBlanked_.size() < size_t(c.panel)) wallBlanked_.resize(size_t(c.panel), false);
            wallBlanked_[size_t(c.panel - 1)] = c.on;
          }
        } else if constexpr (std::is_same_v<T, ui::MarkArea>) {
          const scene::AreaMark& m = c.mark;
          if (!acceptableMark(m)) {
            std::fprintf(stderr, "citywall: cannot mark area '%s': it needs an id, a place and a radius of up to 50 km\n", m.id.c_str());
            ++failedCommands_;
            return;
          }
          applyLasting(command);
        } else if constexpr (std::is_same_v<T, ui::HideBuilding>) {
          const scene::BuildingRef& b = c.building;
          const size_t tilesets = options_.tilesets.size();
          if (b.tileset < 0 ? b.number >= city_.buildings.size() : size_t(b.tileset) >= tilesets || b.identity.empty()) {
            std::fprintf(stderr, "citywall: cannot hide building %s: no such building here\n",
                         b.tileset < 0 ? std::to_string(b.number).c_str() : b.identity.c_str());
            ++failedCommands_;
            return;
          }
          applyLasting(command);
        } else if constexpr (std::is_same_v<T, ui::HideSelected>) {
          if (auto named = hideSelected()) more.push_back(std::move(*named));  // (the frame step names it before this)
        } else if constexpr (std::is_same_v<T, ui::CordonSelected>) {
          if (auto named = cordonSelected(c)) more.push_back(std::move(*named));  // (likewise)
        } else if constexpr (std::is_same_v<T, ui::ResumeDrill>) {
          if (drill_) drill_->resume();
        } else if constexpr (std::is_same_v<T, ui::SetReplaySpeed>) {
          if (feed::JournalPlayer* player = live_.replay()) player->setSpeed(c.speed);
        } else if constexpr (std::is_same_v<T, ui::LoopReplay>) {
          if (feed::JournalPlayer* player = live_.replay()) {
            player->setLoopRange(c.from, c.to);
            if (player->loopRange()) live_.seekReplay(player->loopRange()->first), player->setPlaying(true);
          }
        } else if constexpr (std::is_same_v<T, ui::SeekReplay>) {
          if (c.preview) {
            dragSeek_ = c.time;  // seekForDrag, after the commands
          } else {
            dragSeek_.reset();
            live_.seekReplay(c.time);
          }
        } else if constexpr (std::is_same_v<T, ui::Replay>) {
          feed::JournalPlayer* player = live_.replay();
          if (c.action == ui::ReplayAction::live) return live_.stopReview();
          if (!player) {
            // A live wall that records looks back: paused here, or 10 s ago.
            const live::TimeMs now = live_.clockNow();
            if (c.action == ui::ReplayAction::playPause || c.action == ui::ReplayAction::back)
              live_.startReview(c.action == ui::ReplayAction::back ? now - 10 * live::kSecond : now);
            return;
          }
          switch (c.action) {
            case ui::ReplayAction::playPause:
              // At the end, play starts the range again.
              if (!player->playing() && player->time() >= player->end()) live_.seekReplay(player->begin());
              player->setPlaying(!player->playing());
              break;
            case ui::ReplayAction::faster: player->setSpeed(player->speed() * 2); break;
            case ui::ReplayAction::slower: player->setSpeed(player->speed() / 2); break;
            case ui::ReplayAction::forward: live_.seekReplay(player->time() + 10 * live::kSecond); break;
            case ui::ReplayAction::back: live_.seekReplay(player->time() - 10 * live::kSecond); break;
            case ui::ReplayAction::live: break;  // handled above
          }
        } else if constexpr (std::is_same_v<T, ui::Toggle>) {
          switch (c.setting) {
            case ui::Setting::theme: more.push_back(ui::SetTheme{scene_->theme.name == "night" ? "day" : "night"}); break;
            case ui::Setting::ui: showUi_ = !showUi_; break;
            case ui::Setting::tour:
              if (presenter_.touring()) presenter_.stopTour();
              else presenter_.startTour(now, more);
              break;
            case ui::Setting::alertsPaused: presenter_.setAlertsPaused(!presenter_.alertsPaused()); break;
            case ui::Setting::language:
              more.push_back(ui::SetLanguage{language_ != ui::Language::zh});
              break;
            case ui::Setting::carousel: dashboard_.carousel = !dashboard_.carousel; break;
            case ui::Setting::stats: showStats_ = !showStats_; break;
          }
        }
      },
      command);
}

// A layer switch, a mark, a hidden building: what the operators set that
// lasts changes the one way a replay's jump sets it (app::fold).
void FrameLoop::applyLasting(const ui::Command& command) {
  OperatorState state = operatorState();
  fold(state, command, city_.features);
  setOperatorState(state);
}

void FrameLoop::queueStartCommands(const config::AppOptions& o) {
  if (o.selectCase.empty()) return;
  // --select: the card opens, and the camera looks at it unless a camera or
  // bookmark was asked for. The same in a window and headless: an id the
  // store does not hold is an error (the run goes on and exits with 1).
  const bool fly = !o.camera && !o.webCamera && o.bookmark.empty();
  const auto& store = live_.store();
  if (store.sensors().find(o.selectCase)) {
    pending_.push_back(ui::SelectSensor{o.selectCase, fly});
  } else if (store.cases().find(o.selectCase)) {
    pending_.push_back(ui::SelectCase{o.selectCase, fly});
  } else if (const auto building = buildingWithSourceId(o.selectCase)) {
    scene_->selectBuilding(*building);  // its card, as a click on it gives
  } else {
    std::fprintf(stderr, "citywall: --select: no case, sensor or building '%s'\n", o.selectCase.c_str());
    ++failedCommands_;
  }
}

}  // namespace citywall::app
