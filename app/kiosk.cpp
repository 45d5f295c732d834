#include "app/kiosk.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <climits>

namespace citywall::app {

std::optional<Placement> kioskPlacement(const config::KioskOptions& kiosk, const std::vector<MonitorRect>& monitors) {
  if (!kiosk.fullscreen || monitors.empty()) return std::nullopt;
  if (kiosk.spanAll) {
    int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
    for (const auto& m : monitors) {
      x0 = std::min(x0, m.x), y0 = std::min(y0, m.y);
      x1 = std::max(x1, m.x + m.width), y1 = std::max(y1, m.y + m.height);
    }
    return Placement{{x0, y0, x1 - x0, y1 - y0}, {}};
  }
  const bool there = kiosk.monitor >= 0 && size_t(kiosk.monitor) < monitors.size();
  Placement p{monitors[there ? size_t(kiosk.monitor) : 0], {}};
  if (!there)
    p.note = "monitor " + std::to_string(kiosk.monitor) + " is not connected (" + std::to_string(monitors.size()) +
             " found); using the primary until it is";
  if (kiosk.spanWidth > 0 && kiosk.spanHeight > 0) p.rect.width = kiosk.spanWidth, p.rect.height = kiosk.spanHeight;
  return p;
}

std::vector<MonitorRect> currentMonitors() {
  int count = 0;
  GLFWmonitor** list = glfwGetMonitors(&count);
  std::vector<MonitorRect> out;
  for (int i = 0; i < count; ++i) {
    const GLFWvidmode* mode = glfwGetVideoMode(list[i]);
    if (!mode) continue;
    MonitorRect r;
    glfwGetMonitorPos(list[i], &r.x, &r.y);
    r.width = mode->width, r.height = mode->height;
    out.push_back(r);
  }
  return out;
}

void placeWindow(GLFWwindow* window, const Placement& p) {
  glfwSetWindowAttrib(window, GLFW_DECORATED, GLFW_FALSE);
  glfwSetWindowAttrib(window, GLFW_FLOATING, GLFW_TRUE);
  glfwSetWindowPos(window, p.rect.x, p.rect.y);
  glfwSetWindowSize(window, p.rect.width, p.rect.height);
}

}  // namespace citywall::app
