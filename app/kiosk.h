#pragma once
// Kiosk placement: where the wall's window goes — borderless over one
// monitor, or one window across every monitor (a video wall driven as one
// desktop) — recomputed when monitors come and go. The geometry is plain
// data so it is tested without a display.

#include <optional>
#include <string>
#include <vector>

#include "config/command_line.h"

struct GLFWwindow;

namespace citywall::app {

struct MonitorRect {
  int x = 0, y = 0, width = 0, height = 0;  ///< desktop coordinates of the monitor's video mode
};

struct Placement {
  MonitorRect rect;
  std::string note;  ///< why, when the wanted monitor was not there
};

/// The window rectangle for `kiosk` given the monitors (index 0 = primary).
/// Nullopt when not fullscreen or when there are no monitors.
std::optional<Placement> kioskPlacement(const config::KioskOptions& kiosk, const std::vector<MonitorRect>& monitors);

/// The monitors GLFW sees now.
std::vector<MonitorRect> currentMonitors();
/// Applies the placement to a window (borderless, on top of the taskbar's area).
void placeWindow(GLFWwindow* window, const Placement& placement);

}  // namespace citywall::app
