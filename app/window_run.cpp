// window_run.cpp — the interactive window: GLFW events → camera, the frame
// loop, resize and minimise, vsync toggle, screenshots.

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>

#include "app/camera_controller.h"
#include "app/live_layers.h"
#include "app/selection.h"
#include "app/runs.h"
#include "app/ui_layer.h"
#include "app/view_setup.h"
#include "renderer/renderer.h"

namespace citywall::app {
namespace {

struct WindowState {
  scene::MapCamera camera;
  CameraController controller{camera};
  const scene::CityModel* city = nullptr;
  scene::Theme theme;
  bool showUi = true;
  bool vsync = true;
  bool screenshotRequested = false;
  bool themeChanged = false;
  bool vsyncChanged = false;
  glm::dvec2 pressedAt{0.0};
  std::optional<glm::dvec2> click;  // a press and release without dragging: pick what is there
  bool toggleMarkers = false, toggleHeat = false, toggleRegions = false, toggleSensors = false, toggleField = false;
};

WindowState& state(GLFWwindow* w) { return *static_cast<WindowState*>(glfwGetWindowUserPointer(w)); }

glm::dvec2 windowSize(GLFWwindow* w) {
  int width, height;
  glfwGetWindowSize(w, &width, &height);
  return {std::max(width, 1), std::max(height, 1)};
}

bool uiWantsMouse() { return ImGui::GetCurrentContext() && ImGui::GetIO().WantCaptureMouse; }

void onMouseButton(GLFWwindow* w, int button, int action, int mods) {
  if (uiWantsMouse()) return;
  auto& s = state(w);
  double x, y;
  glfwGetCursorPos(w, &x, &y);
  if (action == GLFW_RELEASE) {
    if (button == GLFW_MOUSE_BUTTON_LEFT && glm::length(glm::dvec2(x, y) - s.pressedAt) < 4) s.click = glm::dvec2(x, y);
    return s.controller.endDrag();
  }
  if (button == GLFW_MOUSE_BUTTON_LEFT) s.pressedAt = {x, y};
  const bool rotate = button == GLFW_MOUSE_BUTTON_RIGHT || button == GLFW_MOUSE_BUTTON_MIDDLE ||
                      (button == GLFW_MOUSE_BUTTON_LEFT && (mods & GLFW_MOD_CONTROL));
  s.controller.beginDrag(rotate ? DragMode::rotate : DragMode::pan, {x, y});
}

void onCursor(GLFWwindow* w, double x, double y) {
  const glm::dvec2 size = windowSize(w);
  state(w).controller.moveCursor({x, y}, size.x, size.y);
}

void onScroll(GLFWwindow* w, double, double dy) {
  if (uiWantsMouse()) return;
  double x, y;
  glfwGetCursorPos(w, &x, &y);
  const glm::dvec2 size = windowSize(w);
  state(w).controller.scroll(dy, {x, y}, size.x, size.y);
}

void onKey(GLFWwindow* w, int key, int, int action, int) {
  if (action != GLFW_PRESS) return;
  auto& s = state(w);
  const glm::dvec2 size = windowSize(w);
  switch (key) {
    case GLFW_KEY_ESCAPE: glfwSetWindowShouldClose(w, 1); break;
    case GLFW_KEY_HOME:
    case GLFW_KEY_0:
      if (!s.city->empty()) s.camera.fitBox(s.city->boundsMin, s.city->boundsMax, size.x, size.y);
      break;
    case GLFW_KEY_T:
      s.theme = *scene::themeByName(s.theme.name == "night" ? "day" : "night");
      s.themeChanged = true;
      break;
    case GLFW_KEY_V: s.vsync = !s.vsync, s.vsyncChanged = true; break;
    case GLFW_KEY_U: s.showUi = !s.showUi; break;
    case GLFW_KEY_M: s.toggleMarkers = true; break;
    case GLFW_KEY_H: s.toggleHeat = true; break;
    case GLFW_KEY_G: s.toggleRegions = true; break;
    case GLFW_KEY_N: s.toggleSensors = true; break;
    case GLFW_KEY_F: s.toggleField = true; break;
    case GLFW_KEY_F12:
    case GLFW_KEY_P: s.screenshotRequested = true; break;
    default: break;
  }
}

// Held keys move the camera smoothly, scaled by the frame time.
void applyHeldKeys(GLFWwindow* w, WindowState& s, double seconds) {
  if (ImGui::GetCurrentContext() && ImGui::GetIO().WantCaptureKeyboard) return;
  const glm::dvec2 size = windowSize(w);
  const std::pair<std::initializer_list<int>, CameraKey> bindings[] = {
      {{GLFW_KEY_LEFT, GLFW_KEY_A}, CameraKey::panLeft},   {{GLFW_KEY_RIGHT, GLFW_KEY_D}, CameraKey::panRight},
      {{GLFW_KEY_UP, GLFW_KEY_W}, CameraKey::panUp},       {{GLFW_KEY_DOWN, GLFW_KEY_S}, CameraKey::panDown},
      {{GLFW_KEY_Q}, CameraKey::rotateLeft},               {{GLFW_KEY_E}, CameraKey::rotateRight},
      {{GLFW_KEY_R}, CameraKey::tiltUp},                   {{GLFW_KEY_F}, CameraKey::tiltDown},
      {{GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD}, CameraKey::zoomIn}, {{GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT}, CameraKey::zoomOut}};
  for (const auto& [keys, action] : bindings)
    for (int k : keys)
      if (glfwGetKey(w, k) == GLFW_PRESS) {
        s.controller.key(action, seconds, size.x, size.y);
        break;
      }
}

struct GlfwSession {
  GlfwSession() {
    if (!glfwInit()) throw renderer::RendererError("cannot open a window: GLFW could not initialise the display");
  }
  ~GlfwSession() { glfwTerminate(); }
};

}  // namespace

int runWindow(const AppOptions& o, const scene::CityModel& city, const scene::RegionSet* regions, LiveSession& live) {
  GlfwSession glfw;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
  GLFWwindow* window = glfwCreateWindow(int(o.width), int(o.height), "citywall", nullptr, nullptr);
  if (!window) throw renderer::RendererError("cannot create a window");
  struct WindowCloser {
    GLFWwindow* w;
    ~WindowCloser() { glfwDestroyWindow(w); }
  } closer{window};

  WindowState s;
  s.city = &city;
  s.theme = *scene::themeByName(o.theme);
  s.vsync = o.vsync;
  s.showUi = o.ui;
  const glm::dvec2 size = windowSize(window);
  s.camera = initialCamera(o, city, size.x, size.y);
  glfwSetWindowUserPointer(window, &s);
  glfwSetMouseButtonCallback(window, onMouseButton);
  glfwSetCursorPosCallback(window, onCursor);
  glfwSetScrollCallback(window, onScroll);
  glfwSetKeyCallback(window, onKey);

  renderer::RendererOptions ro;
  ro.validation = o.validation;
  ro.vsync = o.vsync;
  ro.msaaSamples = o.msaa;
  ro.deviceFilter = o.device;
  auto r = renderer::Renderer::createForWindow(ro, window);
  std::printf("citywall: window on %s, %ux%u, %ux MSAA (drag: pan, right-drag: rotate/tilt, wheel: zoom, "
              "Home: fit, T: theme, V: vsync, U: overlay, M/H/G/N: markers/heat/areas/sensors, F: PM2.5 field, P: screenshot, Esc: quit)\n",
              r->deviceName().c_str(), r->width(), r->height(), r->sampleCount());
  r->setCity(city);
  // ImGui installs its GLFW callbacks after ours and chains to them.
  LiveLayers layers(city, regions, regionMetricFrom(o), o.layers);
  UiLayer ui(*r, window, o.uiScale, s.theme, o.language, layers.regionNames());

  Selection selection;
  int frame = 0;
  int shots = 0;
  auto last = std::chrono::steady_clock::now();
  const auto started = last;
  int exitCode = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(window, &fbw, &fbh);
    if (fbw == 0 || fbh == 0) {  // minimised: sleep until something happens
      glfwWaitEvents();
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    applyHeldKeys(window, s, std::min(dt, 0.1));
    const live::TimeMs nowMs = wallClockNow();
    live.pump(nowMs);  // never blocks: the feeds run on their own thread
    if (s.click) {
      // Window coordinates → framebuffer pixels (they differ on HiDPI screens).
      const glm::dvec2 size = windowSize(window);
      const glm::dvec2 px = *s.click * glm::dvec2(fbw / size.x, fbh / size.y);
      selection.click(px, fbw, fbh, 1.0f, city, layers, *r, s.camera);
      s.click.reset();
    }
    if (s.toggleMarkers) layers.visible.markers = !layers.visible.markers, s.toggleMarkers = false;
    if (s.toggleHeat) layers.visible.heat = !layers.visible.heat, s.toggleHeat = false;
    if (s.toggleRegions) layers.visible.regions = !layers.visible.regions, s.toggleRegions = false;
    if (s.toggleSensors) layers.visible.sensors = !layers.visible.sensors, s.toggleSensors = false;
    if (s.toggleField) layers.visible.sensorField = !layers.visible.sensorField, s.toggleField = false;
    layers.update(live, nowMs);  // only the cases that changed
    if (o.runFor > 0 && std::chrono::duration<double>(now - started).count() >= o.runFor) break;
    if (s.themeChanged) ui.setTheme(s.theme), s.themeChanged = false;
    if (s.vsyncChanged) r->setVsync(s.vsync), s.vsyncChanged = false;

    scene::FrameView fv = frameView(s.camera, s.theme, fbw, fbh);
    layers.attach(fv, nowMs, r->heatMax(), dt, fbh);
    fv.timeSeconds = std::chrono::duration<double>(now - started).count();
    ImDrawData* draw = nullptr;
    {
      const auto stats = r->lastFrameStats();
      const auto eye = city.frame.toGeodetic(fv.camera.eye);
      ui::OverlayInfo info{stats.cpuMs, stats.gpuMs, city.buildings.size(), stats.triangles, stats.drawCalls,
                           eye.lon, eye.lat, eye.height, r->deviceName(), city.attributions,
                           liveLines(live, o.language), selection.describe(city, live, o.language),
                           layers.regionLabels(fv, fbw, fbh), layers.legend(o.language)};
      for (auto& l : layers.sensorLabels(fv, live, fbw, fbh)) info.labels.push_back(std::move(l));
      // Hovering over a region shows its value.
      double cx, cy;
      glfwGetCursorPos(window, &cx, &cy);
      glm::dvec3 ground;
      const glm::dvec2 size = windowSize(window);
      if (s.camera.pixelOnPlane({cx * fbw / size.x, cy * fbh / size.y}, fbw, fbh, 0, ground))
        if (auto hover = layers.regionAt(glm::dvec2(ground), o.language)) info.selectionLines.push_back(*hover);
      draw = ui.build(info, uint32_t(fbw), uint32_t(fbh), dt);
      if (!s.showUi) draw = nullptr;
    }
    ++frame;
    const bool last = o.frames > 0 && frame >= o.frames;
    const bool shoot = s.screenshotRequested || (last && !o.screenshot.empty());
    if (shoot) {
      const renderer::Image image = r->drawFrameAndRead(fv, draw);
      const std::string path = !o.screenshot.empty() && last ? o.screenshot : "citywall-" + std::to_string(++shots) + ".png";
      std::string error;
      if (renderer::savePng(image, path, error)) std::printf("citywall: wrote %s\n", path.c_str());
      else std::fprintf(stderr, "citywall: %s\n", error.c_str()), exitCode = 1;
      s.screenshotRequested = false;
    } else {
      r->drawFrame(fv, draw);
    }
    if (last) break;
  }
  r->waitIdle();
  if (!finishDump(o, live)) exitCode = 1;
  if (o.validation) std::printf("citywall: %llu validation messages\n", (unsigned long long)r->validationMessages());
  if (o.validation && r->validationMessages() > 0) return 3;
  return exitCode;
}

}  // namespace citywall::app
