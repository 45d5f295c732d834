// window_run.cpp — the interactive window: the platform around FrameLoop.
// GLFW events become commands (keys through the key table, clicks, camera
// drags), then the same frame step as headless runs; resize and minimise,
// vsync, kiosk placement, screenshots.

#include <cmath>
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "scene/camera_controller.h"
#include "app/frame_loop.h"
#include "app/renderer_rebuild.h"
#include "app/wall_conductor.h"
#include "app/key_bindings.h"
#include "app/kiosk.h"
#include "app/runs.h"
#include "app/view_setup.h"
#include "app/wiring.h"
#include "geo/json_text.h"
#include "renderer/renderer.h"
#include "ui/loading_screen.h"

namespace citywall::app {
namespace {

// What the window's callbacks collect between two frames.
struct WindowState {
  scene::MapCamera camera;            // the scene's camera, moved by hand here
  scene::CameraController controller{camera};
  glm::dvec2 pressedAt{0.0};
  bool userMoved = false;             // drag, wheel or held keys this frame
  ui::Commands commands;              // key presses and clicks, for the frame step
  std::optional<WindowAction> actions[4];
  double cursorMovedAt = 0;           // for hiding an idle cursor
  // A kiosk wall whose monitor was not there (at start or after a change)
  // and went on elsewhere: how often, and why while it lasts (log, dashboard, dump).
  uint64_t monitorFallbacks = 0;
  std::string monitorNote;
  bool has(WindowAction a) const { return actions[size_t(a)].has_value(); }
};

// Where a kiosk window goes; a wanted monitor that is missing (or none at
// all) is counted and said, and the window goes where it can.
std::optional<Placement> placeKiosk(const config::KioskOptions& kiosk, WindowState& state) {
  const auto monitors = currentMonitors();
  auto placement = kioskPlacement(kiosk, monitors);
  std::string note = placement ? placement->note : std::string();
  if (kiosk.fullscreen && monitors.empty()) note = "no monitor is connected; a window until one is";
  state.monitorNote = note;  // "" once the wanted monitor is back
  if (!note.empty()) {
    ++state.monitorFallbacks;
    std::printf("citywall: %s\n", note.c_str());
  }
  return placement;
}

bool monitorsChangedFlag = false;  // GLFW's monitor callback has no user pointer
void onMonitor(GLFWmonitor*, int) { monitorsChangedFlag = true; }

WindowState& state(GLFWwindow* w) { return *static_cast<WindowState*>(glfwGetWindowUserPointer(w)); }

glm::dvec2 windowSize(GLFWwindow* w) {
  int width, height;
  glfwGetWindowSize(w, &width, &height);
  return {std::max(width, 1), std::max(height, 1)};
}

// Window coordinates → framebuffer pixels (they differ on HiDPI screens).
glm::dvec2 toFramebuffer(GLFWwindow* w, glm::dvec2 p) {
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(w, &fbw, &fbh);
  const glm::dvec2 size = windowSize(w);
  return p * glm::dvec2(fbw / size.x, fbh / size.y);
}

bool uiWantsMouse() { return ImGui::GetCurrentContext() && ImGui::GetIO().WantCaptureMouse; }

void onMouseButton(GLFWwindow* w, int button, int action, int mods) {
  if (uiWantsMouse()) return;
  auto& s = state(w);
  double x, y;
  glfwGetCursorPos(w, &x, &y);
  if (action == GLFW_RELEASE) {
    // A press and release without dragging: pick what is there.
    if (button == GLFW_MOUSE_BUTTON_LEFT && glm::length(glm::dvec2(x, y) - s.pressedAt) < 4) {
      const glm::dvec2 px = toFramebuffer(w, {x, y});
      s.commands.push_back(ui::PickAt{px.x, px.y});
    }
    return s.controller.endDrag();
  }
  if (button == GLFW_MOUSE_BUTTON_LEFT) s.pressedAt = {x, y};
  const bool rotate = button == GLFW_MOUSE_BUTTON_RIGHT || button == GLFW_MOUSE_BUTTON_MIDDLE ||
                      (button == GLFW_MOUSE_BUTTON_LEFT && (mods & GLFW_MOD_CONTROL));
  s.controller.beginDrag(rotate ? scene::DragMode::rotate : scene::DragMode::pan, {x, y});
}

void onCursor(GLFWwindow* w, double x, double y) {
  const glm::dvec2 size = windowSize(w);
  auto& s = state(w);
  const scene::MapCamera before = s.camera;
  s.controller.moveCursor({x, y}, size.x, size.y);
  if (s.camera.target != before.target || s.camera.heading != before.heading || s.camera.pitch != before.pitch)
    s.userMoved = true;
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

void onKey(GLFWwindow* w, int key, int, int action, int mods) {
  if (action != GLFW_PRESS) return;
  if (ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput) return;  // typing in the search box
  const KeyPress* k = keyPress(key, mods);
  if (!k) return;
  auto& s = state(w);
  if (k->command) s.commands.push_back(*k->command);
  if (k->action) s.actions[size_t(*k->action)] = *k->action;
}

// Held keys move the camera smoothly, scaled by the frame time.
void applyHeldKeys(GLFWwindow* w, WindowState& s, double seconds) {
  if (ImGui::GetCurrentContext() && ImGui::GetIO().WantCaptureKeyboard) return;
  const glm::dvec2 size = windowSize(w);
  bool moved[16] = {};
  for (const auto& h : heldKeys()) {
    if (moved[size_t(h.move)] || glfwGetKey(w, h.key) != GLFW_PRESS) continue;
    moved[size_t(h.move)] = true;  // two keys for one move count once
    s.controller.key(h.move, seconds, size.x, size.y);
    s.userMoved = true;
  }
}

struct GlfwSession {
  GlfwSession() {
    if (!glfwInit()) {
      // GLFW's own words say which display and why (no DISPLAY, refused, too many clients…).
      const char* why = nullptr;
      glfwGetError(&why);
      throw renderer::RendererError(std::string("cannot open a window: GLFW could not initialise the display") +
                                    (why ? std::string(" (") + why + ")" : std::string()));
    }
  }
  ~GlfwSession() { glfwTerminate(); }
};

// Monitors plugged or unplugged, or F11: put the wall back where it belongs.
void placeAgain(GLFWwindow* window, const config::AppOptions& o, bool fullscreen, WindowState& state) {
  config::KioskOptions k = o.kiosk;
  k.fullscreen = fullscreen;
  if (auto p = placeKiosk(k, state)) {
    placeWindow(window, *p);
    std::printf("citywall: monitors changed; window at %d,%d %dx%d\n", p->rect.x, p->rect.y, p->rect.width, p->rect.height);
  } else if (!fullscreen) {
    glfwSetWindowAttrib(window, GLFW_DECORATED, GLFW_TRUE);
    glfwSetWindowAttrib(window, GLFW_FLOATING, GLFW_FALSE);
    glfwSetWindowSize(window, int(o.width), int(o.height));
  }
}

// UI scale: from the config, else from the screen's height and its DPI (a
// 4K panel at 200 % scaling reads like a 1080p one at 100 %).
float uiScaleFor(const config::AppOptions& o, GLFWwindow* window, uint32_t height) {
  if (o.uiScale > 0) return o.uiScale;
  float cx = 1, cy = 1;
  glfwGetWindowContentScale(window, &cx, &cy);
  return std::max({1.0f, float(height) / 1080.0f * 1.25f, cy * 1.25f});
}

bool saveScreenshot(const renderer::Image& image, const std::string& path) {
  std::string error;
  if (renderer::savePng(image, path, error)) return std::printf("citywall: wrote %s\n", path.c_str()), true;
  std::fprintf(stderr, "citywall: %s\n", error.c_str());
  return false;
}

// The wall's window: created where the kiosk settings put it, with our input
// callbacks; destroyed with this object.
struct WallWindow {
  GLFWwindow* handle = nullptr;
  bool fullscreen = false;
  WallWindow(const config::AppOptions& o, WindowState& state) {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    const auto placement = placeKiosk(o.kiosk, state);
    // A wall's node without a monitor of its own (a wall tried on one
    // desktop): a borderless window where its panel hangs on the wall.
    const bool panelWindow = !placement && !o.wallNode.empty() && o.wall;
    if (placement || panelWindow) glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    const std::string title = o.wallNode.empty() ? "citywall" : "citywall · " + o.wallNode;
    handle = glfwCreateWindow(placement ? placement->rect.width : int(o.width),
                              placement ? placement->rect.height : int(o.height), title.c_str(), nullptr, nullptr);
    if (!handle) throw renderer::RendererError("cannot create a window");
    if (placement) placeWindow(handle, *placement);
    if (panelWindow) {
      const auto r = o.wall->spanOf(o.wallPanels);
      glfwSetWindowPos(handle, int(r.x), int(r.y));
    }
    fullscreen = placement.has_value();
    glfwSetMonitorCallback(onMonitor);
    glfwSetWindowUserPointer(handle, &state);
    glfwSetMouseButtonCallback(handle, onMouseButton);
    glfwSetCursorPosCallback(handle, onCursor);
    glfwSetScrollCallback(handle, onScroll);
    glfwSetKeyCallback(handle, onKey);
  }
  ~WallWindow() { glfwDestroyWindow(handle); }
  WallWindow(const WallWindow&) = delete;
  WallWindow& operator=(const WallWindow&) = delete;
};

// What only the window does between frames: window actions (fullscreen,
// vsync), placement after monitor changes, hiding an idle cursor.
void windowChores(WallWindow& window, WindowState& s, const config::AppOptions& o, renderer::Renderer& r, bool& vsync) {
  if (monitorsChangedFlag || s.has(WindowAction::fullscreen)) {
    if (s.has(WindowAction::fullscreen)) window.fullscreen = !window.fullscreen;
    monitorsChangedFlag = false;
    placeAgain(window.handle, o, window.fullscreen, s);
  }
  if (s.has(WindowAction::vsync)) r.setVsync(vsync = !vsync);
  // An idle cursor hides (a wall has no one at the mouse); moving it shows it.
  if (o.kiosk.hideCursorSeconds > 0) {
    const bool idle = glfwGetTime() - s.cursorMovedAt > o.kiosk.hideCursorSeconds;
    glfwSetInputMode(window.handle, GLFW_CURSOR, idle ? GLFW_CURSOR_HIDDEN : GLFW_CURSOR_NORMAL);
  }
}

// A frame-rate cap saves power on a wall that does not need 60 fps.
void capFrameRate(double maxFps, std::chrono::steady_clock::time_point frameStart) {
  if (maxFps <= 0) return;
  const auto budget = std::chrono::duration<double>(1.0 / maxFps);
  const auto spent = std::chrono::steady_clock::now() - frameStart;
  if (spent < budget) std::this_thread::sleep_for(budget - spent);
}

}  // namespace

// The window, its renderer and its UI, in the order they must go away.
class WindowSession {
 public:
  explicit WindowSession(const config::AppOptions& o) : window(o, s), options(o) {
    r = makeRenderer();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window.handle, &w, &h);
    std::printf("citywall: window on %s, %dx%d, %ux MSAA (%s)\n", r->deviceName().c_str(), w, h,
                r->sampleCount(), keyHelp().c_str());
    // ImGui installs its GLFW callbacks after ours and chains to them. The
    // city's and regions' names join the font once they are loaded.
    const ui::UiDeviceHooks hooks{[this] { r->initUi(); }, [this] { if (r) r->shutdownUi(); }};
    const uint32_t uiHeight = uiHeightFor(o, r->height());
    ui = std::make_unique<ui::ImGuiHost>(hooks, uiHeight, window.handle, uiScaleFor(o, window.handle, uiHeight),
                                         *scene::themeByName(o.theme), o.language, categoryGlyphs(o));
    std::printf("citywall: UI scale %.2f\n", double(ui->scale()));
  }

  // A renderer for the window as the options and the vsync key ask.
  std::unique_ptr<renderer::Renderer> makeRenderer() const {
    renderer::RendererOptions ro = rendererOptions(options);
    ro.vsync = vsync;
    return renderer::Renderer::createForWindow(ro, window.handle);
  }

  GlfwSession glfw;
  WindowState s;
  WallWindow window;
  const config::AppOptions& options;
  bool vsync = options.vsync;  // V toggles it
  std::unique_ptr<renderer::Renderer> r;
  std::unique_ptr<ui::ImGuiHost> ui;
};

void WindowSessionDeleter::operator()(WindowSession* session) const { delete session; }

WindowSessionPtr openWindow(const config::AppOptions& o) { return WindowSessionPtr(new WindowSession(o)); }

renderer::Renderer& windowRenderer(WindowSession& window) { return *window.r; }
std::unique_ptr<renderer::Renderer>& windowRendererSlot(WindowSession& window) { return window.r; }
std::function<std::unique_ptr<renderer::Renderer>()> windowRendererFactory(WindowSession& window) {
  return [&window] { return window.makeRenderer(); };
}
ui::ImGuiHost& windowUi(WindowSession& window) { return *window.ui; }
bool windowOpen(WindowSession& window) {
  glfwPollEvents();
  return !glfwWindowShouldClose(window.window.handle) && !window.s.has(WindowAction::quit);
}

scene::CityModel buildCityInWindow(WindowSession& w, const config::AppOptions& o, assets::CitySpec spec) {
  std::mutex mutex;
  ui::LoadProgress shared;
  auto terminal = std::move(spec.progress);
  spec.progress = [&](const char* stage, double fraction) {
    if (terminal) terminal(stage, fraction);
    const std::lock_guard lock(mutex);
    shared = {stage, fraction};
  };
  auto city = std::async(std::launch::async, [&spec] { return assets::loadCity(spec); });
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  scene::MapCamera nothing;  // no city yet: the theme's sky over the horizon
  nothing.distance = 3000, nothing.pitch = 60;
  // What the screen shows now: drawn again only when the bar would move a
  // step (or the stage or the size changed), at most four times a second.
  // A software rasteriser's frame costs a core for tens of milliseconds,
  // and redrawn every 30 ms the loading screen took the build's second core
  // (Manhattan's first start in a window: 6.4 s against 4.3 s headless).
  std::string shownStage;
  double shownFraction = -1;
  int shownWidth = 0, shownHeight = 0;
  // ImGui hides a window that fits its content on its first frame: the
  // screen is drawn twice before it waits for the bar to move (else a build
  // whose bar stood still after the first frame showed only the sky).
  int framesShown = 0;
  while (city.wait_for(std::chrono::milliseconds(30)) != std::future_status::ready) {
    glfwPollEvents();
    if (glfwWindowShouldClose(w.window.handle)) {
      std::printf("citywall: the window was closed while the city was being built\n");
      std::fflush(stdout);
      std::_Exit(0);  // nothing is lost: a cache cut short is found out and rebuilt
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - start < std::chrono::milliseconds(300)) continue;  // from the cache: nothing to show
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(w.window.handle, &fbw, &fbh);
    if (fbw == 0 || fbh == 0) continue;
    ui::LoadProgress progress;
    {
      const std::lock_guard lock(mutex);
      progress = shared;
    }
    const bool resized = fbw != shownWidth || fbh != shownHeight;
    const bool moved = progress.stage != shownStage || std::abs(ui::overallFraction(progress) - shownFraction) >= 0.01;
    if (!resized && framesShown >= 2 && (!moved || now - last < std::chrono::milliseconds(250))) continue;
    ++framesShown;
    shownStage = progress.stage, shownFraction = ui::overallFraction(progress), shownWidth = fbw, shownHeight = fbh;
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    ImDrawData* draw = w.ui->build([&] { ui::drawLoadingScreen(progress, o.language, w.ui->scale()); }, uint32_t(fbw),
                                   uint32_t(fbh), dt);
    w.r->drawFrame(app::frameView(nothing, *scene::themeByName(o.theme), fbw, fbh), draw);
  }
  return city.get();
}

int runWindow(WindowSession& session, const config::AppOptions& o, scene::CityModel& city,
              const scene::RegionSet* regions, feed::LiveSession& live) {
  WindowState& s = session.s;
  WallWindow& window = session.window;
  ui::ImGuiHost& ui = *session.ui;
  uploadCity(*session.r, city);
  ui.requireText(regionNamesOf(regions) + mapNamesOf(city));
  FrameLoop loop(o, city, regions, live, *session.r, &ui);
  RendererRebuild rebuild(o, session.r, windowRendererFactory(session), city, &ui);
  rebuild.serve(loop);
  auto r = [&session]() -> renderer::Renderer* { return session.r.get(); };  // another one after a rebuild
  // The operator's console of a wall: this window, and the nodes following it.
  std::unique_ptr<WallConductor> conductor = o.wallConductor ? std::make_unique<WallConductor>(o, live) : nullptr;

  int shots = 0, exitCode = 0;
  bool& vsync = session.vsync;
  const auto started = std::chrono::steady_clock::now();
  auto last = started;
  while (!glfwWindowShouldClose(window.handle)) {
    s.camera = loop.scene().camera();  // hand moves start from where the scene's camera is
    glfwPollEvents();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(window.handle, &fbw, &fbh);
    if (fbw == 0 || fbh == 0) {  // minimised: sleep until something happens
      glfwWaitEvents();
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    FrameInput in{{}, std::chrono::duration<double>(now - last).count(), std::chrono::duration<double>(now - started).count(),
                  uint32_t(fbw), uint32_t(fbh)};
    last = now;
    applyHeldKeys(window.handle, s, std::min(in.seconds, 0.1));
    if (s.userMoved) s.commands.push_back(ui::SetCamera{s.camera}), s.userMoved = false;
    in.commands = std::exchange(s.commands, {});
    if (s.has(WindowAction::quit) || (o.runFor > 0 && in.time >= o.runFor)) break;
    windowChores(window, s, o, *r(), vsync);
    const bool lastFrame = o.frames > 0 && loop.frames() + 1 >= uint64_t(o.frames);
    in.capture = s.has(WindowAction::screenshot) || (lastFrame && !o.screenshot.empty());
    for (auto& a : s.actions) a.reset();
    const double seconds = in.seconds, time = in.time;
    if (conductor) conductor->beforeStep(), in.wallConsole = conductor->console(loop);
    loop.setMonitorMissing(!s.monitorNote.empty());
    const FrameOutput frame = loop.step(std::move(in));
    if (conductor) conductor->afterStep(loop, seconds, time);
    if (frame.image) {
      const std::string path = !o.screenshot.empty() && lastFrame ? o.screenshot : "citywall-" + std::to_string(++shots) + ".png";
      if (!saveScreenshot(*frame.image, path)) exitCode = 1;
    }
    if (loop.frames() == 1) std::printf("citywall: first frame\n");
    if (lastFrame) break;
    capFrameRate(o.kiosk.maxFps, now);
  }
  r()->waitIdle();
  std::string extra = (conductor ? conductor->dumpJson() + "," : std::string()) + rebuild.dumpJson() + "," +
                      tilesDumpJson(loop.tilesets()) + ",\"display\":{\"monitor_fallbacks\":" + std::to_string(s.monitorFallbacks) + ",\"note\":";
  geo::appendJsonString(extra, s.monitorNote);
  extra += "}";
  if (!finishDump(o, live, extra) || loop.failedCommands()) exitCode = 1;
  if (o.validation) std::printf("citywall: %llu validation messages\n", (unsigned long long)r()->validationMessages());
  if (o.validation && r()->validationMessages() > 0) return 3;
  return exitCode;
}

}  // namespace citywall::app
