// window_run.cpp — the interactive window: GLFW events → camera, the frame
// loop, resize and minimise, vsync toggle, screenshots.

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "app/camera_controller.h"
#include "app/frame_ui.h"
#include "app/kiosk.h"
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
  bool userMoved = false;            // drag, wheel or camera keys this frame: flights and tours yield
  double cursorMovedAt = 0;          // for hiding an idle cursor
  bool monitorsChanged = false;
  bool toggleFullscreen = false;
  ui::Commands keyCommands;          // presentation keys, carried out like the panels' commands
  std::optional<int> bookmarkKey;
  bool saveBookmark = false;
  bool toggleTour = false, toggleAlerts = false, toggleCarousel = false, toggleStats = false, toggleLanguage = false;
};

bool monitorsChangedFlag = false;  // GLFW's monitor callback has no user pointer
void onMonitor(GLFWmonitor*, int) { monitorsChangedFlag = true; }

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
  s.userMoved = true;
  const bool rotate = button == GLFW_MOUSE_BUTTON_RIGHT || button == GLFW_MOUSE_BUTTON_MIDDLE ||
                      (button == GLFW_MOUSE_BUTTON_LEFT && (mods & GLFW_MOD_CONTROL));
  s.controller.beginDrag(rotate ? DragMode::rotate : DragMode::pan, {x, y});
}

void onCursor(GLFWwindow* w, double x, double y) {
  const glm::dvec2 size = windowSize(w);
  auto& s = state(w);
  s.controller.moveCursor({x, y}, size.x, size.y);
  s.cursorMovedAt = glfwGetTime();
}

void onScroll(GLFWwindow* w, double, double dy) {
  if (uiWantsMouse()) return;
  double x, y;
  glfwGetCursorPos(w, &x, &y);
  const glm::dvec2 size = windowSize(w);
  state(w).controller.scroll(dy, {x, y}, size.x, size.y);
  state(w).userMoved = true;
}

void onKey(GLFWwindow* w, int key, int, int action, int) {
  if (action != GLFW_PRESS) return;
  if (ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput) return;  // typing in the search box
  auto& s = state(w);
  if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9) {  // bookmarks 1–9
    s.bookmarkKey = key - GLFW_KEY_1;
    return;
  }
  const glm::dvec2 size = windowSize(w);
  switch (key) {
    case GLFW_KEY_ESCAPE: glfwSetWindowShouldClose(w, 1); break;
    case GLFW_KEY_HOME:
    case GLFW_KEY_0:
      if (!s.city->empty()) s.camera.fitBox(s.city->boundsMin, s.city->boundsMax, size.x, size.y);
      s.userMoved = true;
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
    case GLFW_KEY_O: s.toggleTour = true; break;
    case GLFW_KEY_K: s.toggleAlerts = true; break;
    case GLFW_KEY_C: s.toggleCarousel = true; break;
    case GLFW_KEY_I: s.toggleStats = true; break;
    case GLFW_KEY_L: s.toggleLanguage = true; break;
    case GLFW_KEY_B: s.saveBookmark = true; break;
    case GLFW_KEY_BACKSPACE: s.keyCommands.push_back(ui::ClearSelection{}); break;
    case GLFW_KEY_F11: s.toggleFullscreen = true; break;
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
        s.userMoved = true;
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
  const auto placement = kioskPlacement(o.kiosk, currentMonitors());
  if (placement && !placement->note.empty()) std::printf("citywall: %s\n", placement->note.c_str());
  if (placement) glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(placement ? placement->rect.width : int(o.width),
                                        placement ? placement->rect.height : int(o.height), "citywall", nullptr, nullptr);
  if (!window) throw renderer::RendererError("cannot create a window");
  struct WindowCloser {
    GLFWwindow* w;
    ~WindowCloser() { glfwDestroyWindow(w); }
  } closer{window};
  if (placement) placeWindow(window, *placement);
  glfwSetMonitorCallback(onMonitor);

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
              "Home: fit, T: theme, V: vsync, U: overlay, M/H/G/N: markers/heat/areas/sensors, F: PM2.5 field, "
              "1-9: bookmarks, B: save view as bookmark, O: tour, K: alert focus, C: carousel, L: language, I: stats, F11: fullscreen, "
              "P: screenshot, Esc: quit)\n",
              r->deviceName().c_str(), r->width(), r->height(), r->sampleCount());
  r->setCity(city);
  LiveLayers layers(city, regions, regionMetricFrom(o), o.layers, live.clockNow());
  WallDriver driver(o, city, layers, *r);
  driver.showStats = o.showStats;
  driver.trace = std::getenv("CITYWALL_TRACE") != nullptr;
  // UI scale: from the config, else from the screen's height and its DPI
  // (a 4K panel at 200 % scaling reads like a 1080p one at 100 %).
  float uiScale = o.uiScale;
  if (uiScale <= 0) {
    float cx = 1, cy = 1;
    glfwGetWindowContentScale(window, &cx, &cy);
    uiScale = std::max({1.0f, float(r->height()) / 1080.0f * 1.25f, cy * 1.25f});
  }
  // ImGui installs its GLFW callbacks after ours and chains to them.
  UiLayer ui(*r, window, uiScale, s.theme, driver.language(), layers.regionNames() + categoryGlyphs(o));
  std::printf("citywall: UI scale %.2f\n", double(ui.scale()));

  int frame = 0;
  int shots = 0;
  auto last = std::chrono::steady_clock::now();
  const auto started = last;
  int exitCode = 0;
  bool fullscreen = placement.has_value();
  ui::Commands pending;  // from the panels of the last frame
  if (!o.selectCase.empty()) {
    const bool fly = !o.camera && !o.webCamera && o.bookmark.empty();
    if (live.store().sensors().find(o.selectCase)) pending.push_back(ui::SelectSensor{o.selectCase, fly});
    else pending.push_back(ui::SelectCase{o.selectCase, fly});
  }
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
    const double t = std::chrono::duration<double>(now - started).count();
    last = now;
    applyHeldKeys(window, s, std::min(dt, 0.1));
    // Monitors plugged or unplugged: put the wall back where it belongs.
    if (monitorsChangedFlag || s.toggleFullscreen) {
      if (s.toggleFullscreen) fullscreen = !fullscreen;
      monitorsChangedFlag = s.toggleFullscreen = false;
      KioskOptions k = o.kiosk;
      k.fullscreen = fullscreen;
      if (auto p = kioskPlacement(k, currentMonitors())) {
        placeWindow(window, *p);
        std::printf("citywall: monitors changed; window at %d,%d %dx%d%s%s\n", p->rect.x, p->rect.y, p->rect.width,
                    p->rect.height, p->note.empty() ? "" : ": ", p->note.c_str());
      } else if (!fullscreen) {
        glfwSetWindowAttrib(window, GLFW_DECORATED, GLFW_TRUE);
        glfwSetWindowAttrib(window, GLFW_FLOATING, GLFW_FALSE);
        glfwSetWindowSize(window, int(o.width), int(o.height));
      }
    }
    // An idle cursor hides (a wall has no one at the mouse); moving it shows it.
    if (o.kiosk.hideCursorSeconds > 0) {
      const bool idle = glfwGetTime() - s.cursorMovedAt > o.kiosk.hideCursorSeconds;
      glfwSetInputMode(window, GLFW_CURSOR, idle ? GLFW_CURSOR_HIDDEN : GLFW_CURSOR_NORMAL);
    }
    const live::TimeMs nowMs = live.clockNow();
    live.pump(nowMs);  // never blocks: the feeds run on their own thread
    layers.update(live, nowMs);  // only the cases that changed
    if (s.userMoved) driver.userMovedCamera(), s.userMoved = false;
    if (s.click) {
      // Window coordinates → framebuffer pixels (they differ on HiDPI screens).
      const glm::dvec2 wsize = windowSize(window);
      const glm::dvec2 px = *s.click * glm::dvec2(fbw / wsize.x, fbh / wsize.y);
      driver.click(px, fbw, fbh, ui.scale(), live, s.camera);
      s.click.reset();
    }
    // Keys that act like panel buttons.
    if (s.bookmarkKey) {
      const auto& marks = driver.presenter().bookmarks();
      if (size_t(*s.bookmarkKey) < marks.size()) pending.push_back(ui::GoToBookmark{marks[size_t(*s.bookmarkKey)].name});
      s.bookmarkKey.reset();
    }
    if (s.saveBookmark) driver.saveBookmark(s.camera), s.saveBookmark = false;
    if (s.toggleTour) pending.push_back(ui::SetTour{!driver.presenter().touring()}), s.toggleTour = false;
    if (s.toggleAlerts) pending.push_back(ui::SetAlertsPaused{!driver.presenter().alertsPaused()}), s.toggleAlerts = false;
    if (s.toggleLanguage) pending.push_back(ui::SetLanguage{driver.language() != ui::Language::zh}), s.toggleLanguage = false;
    if (s.toggleCarousel) driver.dashboardState().carousel = !driver.dashboardState().carousel, s.toggleCarousel = false;
    if (s.toggleStats) driver.showStats = !driver.showStats, s.toggleStats = false;
    for (auto& c : s.keyCommands) pending.push_back(std::move(c));
    s.keyCommands.clear();
    if (s.toggleMarkers) layers.visible.markers = !layers.visible.markers, s.toggleMarkers = false;
    if (s.toggleHeat) layers.visible.heat = !layers.visible.heat, s.toggleHeat = false;
    if (s.toggleRegions) layers.visible.regions = !layers.visible.regions, s.toggleRegions = false;
    if (s.toggleSensors) layers.visible.sensors = !layers.visible.sensors, s.toggleSensors = false;
    if (s.toggleField) layers.visible.sensorField = !layers.visible.sensorField, s.toggleField = false;
    driver.apply(pending, live, s.camera, t);
    pending.clear();
    driver.setViewport(fbw, fbh, ui.scale());
    driver.update(live, s.camera, t);  // alerts, tour, the camera flight
    if (o.runFor > 0 && t >= o.runFor) break;
    if (s.themeChanged) ui.setTheme(s.theme), s.themeChanged = false;
    if (s.vsyncChanged) r->setVsync(s.vsync), s.vsyncChanged = false;

    scene::FrameView fv = frameView(s.camera, s.theme, fbw, fbh);
    fv.uiScale = ui.scale();
    layers.attach(fv, nowMs, r->heatMax(), dt, fbh);
    fv.timeSeconds = t;
    ImDrawData* draw = buildFrameUi(ui, driver, *r, city, fv, layers, live, uint32_t(fbw), uint32_t(fbh), dt, pending);
    if (!s.showUi) draw = nullptr;
    driver.traceRows();
    ++frame;
    const bool lastFrame = o.frames > 0 && frame >= o.frames;
    const bool shoot = s.screenshotRequested || (lastFrame && !o.screenshot.empty());
    if (shoot) {
      const renderer::Image image = r->drawFrameAndRead(fv, draw);
      const std::string path = !o.screenshot.empty() && lastFrame ? o.screenshot : "citywall-" + std::to_string(++shots) + ".png";
      std::string error;
      if (renderer::savePng(image, path, error)) std::printf("citywall: wrote %s\n", path.c_str());
      else std::fprintf(stderr, "citywall: %s\n", error.c_str()), exitCode = 1;
      s.screenshotRequested = false;
    } else {
      r->drawFrame(fv, draw);
    }
    if (frame == 1) {
      std::printf("citywall: first frame\n");
      std::fflush(stdout);
    }
    if (lastFrame) break;
    // A frame-rate cap saves power on a wall that does not need 60 fps.
    if (o.kiosk.maxFps > 0) {
      const auto budget = std::chrono::duration<double>(1.0 / o.kiosk.maxFps);
      const auto spent = std::chrono::steady_clock::now() - now;
      if (spent < budget) std::this_thread::sleep_for(budget - spent);
    }
  }
  r->waitIdle();
  if (!finishDump(o, live)) exitCode = 1;
  if (o.validation) std::printf("citywall: %llu validation messages\n", (unsigned long long)r->validationMessages());
  if (o.validation && r->validationMessages() > 0) return 3;
  return exitCode;
}

}  // namespace citywall::app
