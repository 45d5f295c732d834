#pragma once
// After the GPU device or a window's surface is lost (renderer::DeviceLost:
// a driver reset, a GPU fault, a display plugged out and in), a wall must
// not go dark until someone restarts it. The city, the store and the scene
// live on the CPU; only the renderer's copies are gone. RendererRebuild
// makes a new renderer like the lost one, gives it the city again (the
// building mesh, freed from the CPU once uploaded, is read again from the
// city cache or built again) and the UI's font atlas, and counts it all
// for the dashboard, the log and the state dump.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/frame_loop.h"
#include "config/command_line.h"
#include "renderer/renderer.h"
#include "scene/city_model.h"
#include "ui/imgui_host.h"

namespace citywall::app {

class RendererRebuild {
 public:
  using Create = std::function<std::unique_ptr<renderer::Renderer>()>;
  /// `slot` holds the run's renderer (replaced here); `create` makes one
  /// with the same options and target; `ui` may be null.
  RendererRebuild(const config::AppOptions& options, std::unique_ptr<renderer::Renderer>& slot, Create create,
                  scene::CityModel& city, ui::ImGuiHost* ui);

  /// Replaces the lost renderer with a new one holding the city; `why` is
  /// the loss as the renderer told it. Throws what making the new one
  /// throws (no GPU left at all: the process ends, and its service
  /// manager starts it again).
  renderer::Renderer& operator()(const std::string& why);
  /// Makes this the loop's answer to a lost device (FrameLoop::setRendererRebuild).
  void serve(FrameLoop& loop);
  /// What makes an offscreen renderer of the options' size.
  static Create headless(const config::AppOptions& options);

  uint64_t rebuilds() const { return rebuilds_; }
  const std::string& lastReason() const { return lastReason_; }
  /// For the state dump: "renderer":{"rebuilds":N,"last":"…"}.
  std::string dumpJson() const;

 private:
  void reloadBuildingMesh();

  const config::AppOptions& options_;
  std::unique_ptr<renderer::Renderer>& slot_;
  Create create_;
  scene::CityModel& city_;
  ui::ImGuiHost* ui_;
  uint64_t rebuilds_ = 0;
  std::string lastReason_;
};

}  // namespace citywall::app
