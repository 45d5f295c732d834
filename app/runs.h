#pragma once
// The two platforms citywall runs on: a window (interactive, or a fixed
// number of frames and a screenshot) and headless (screenshots of one or a
// few views). Both drive the same FrameLoop; both return the exit code.

#include <functional>
#include <memory>

#include "assets/city_loader.h"
#include "config/command_line.h"
#include "renderer/renderer.h"
#include "feed/live_session.h"
#include "scene/city_model.h"
#include "scene/regions.h"
#include "ui/imgui_host.h"

namespace citywall::app {

int runHeadless(const config::AppOptions& options, scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live);

/// A wall's conductor without a window: frames at [kiosk] max_fps (else
/// 30) for --run-for seconds or --frames, published to the render nodes.
int runWallConductorHeadless(const config::AppOptions& options, scene::CityModel& city, const scene::RegionSet* regions,
                             feed::LiveSession& live);
/// A wall's render node: draws its panel of each frame the conductor
/// publishes, in lockstep (wall_run.cpp).
/// With `window`, the panel is shown in it (borderless on its monitor in kiosk mode).
class WindowSession;
int runWallNode(const config::AppOptions& options, scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live,
                WindowSession* window);

/// The wall's window with its renderer and UI (window_run.cpp). It opens
/// before the city exists, so a first build can show how far it is.
class WindowSession;
struct WindowSessionDeleter {
  void operator()(WindowSession* session) const;
};
using WindowSessionPtr = std::unique_ptr<WindowSession, WindowSessionDeleter>;
WindowSessionPtr openWindow(const config::AppOptions& options);
/// The window's renderer (tests read its statistics and validation count).
renderer::Renderer& windowRenderer(WindowSession& window);
/// Where the window keeps it, and what makes another like it for the same
/// window (after a lost device or surface: app/renderer_rebuild.h).
std::unique_ptr<renderer::Renderer>& windowRendererSlot(WindowSession& window);
std::function<std::unique_ptr<renderer::Renderer>()> windowRendererFactory(WindowSession& window);
ui::ImGuiHost& windowUi(WindowSession& window);
/// Handles the window's events; false once it was asked to close.
bool windowOpen(WindowSession& window);
/// Builds the city on a worker thread; a build that takes a moment shows a
/// progress bar in the window (the terminal gets spec.progress as well).
/// Closing the window meanwhile quits. Rethrows what loading threw.
scene::CityModel buildCityInWindow(WindowSession& window, const config::AppOptions& options, assets::CitySpec spec);
int runWindow(WindowSession& window, const config::AppOptions& options, scene::CityModel& city,
              const scene::RegionSet* regions, feed::LiveSession& live);

}  // namespace citywall::app
