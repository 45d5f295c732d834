// The swapchain path under Xvfb: resize, minimise and restore, vsync on/off,
// with validation on. Run by ctest through xvfb-run.

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "app/frame_loop.h"
#include "app/runs.h"
#include "feed/recorded_events.h"
#include "app/view_setup.h"
#include "assets/city_loader.h"
#include "renderer/renderer.h"

using namespace citywall;

namespace {

struct Window {
  GLFWwindow* w = nullptr;
  Window(int width, int height) {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    w = glfwCreateWindow(width, height, "citywall test", nullptr, nullptr);
  }
  ~Window() {
    if (w) glfwDestroyWindow(w);
  }
};

scene::FrameView view(double w, double h) {
  scene::MapCamera cam;
  cam.distance = 2000;
  cam.pitch = 60;
  return app::frameView(cam, scene::nightTheme(), w, h);
}

// X servers apply size changes asynchronously: poll until GLFW sees them.
void waitForSize(GLFWwindow* w, int width, int height) {
  for (int i = 0; i < 200; ++i) {
    glfwPollEvents();
    int fw, fh;
    glfwGetFramebufferSize(w, &fw, &fh);
    if (fw == width && fh == height) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

class WindowTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!glfwInit()) GTEST_SKIP() << "no X display (run under xvfb-run)";
  }
  void TearDown() override { glfwTerminate(); }
};

}  // namespace

TEST_F(WindowTest, SwapchainFollowsWindowResizes) {
  Window win(320, 200);
  ASSERT_TRUE(win.w);
  renderer::RendererOptions o;
  o.validation = true;
  auto r = renderer::Renderer::createForWindow(o, win.w);
  scene::CityModel empty;
  empty.ground = scene::makeGround(empty.frame, {-3000, -3000}, {3000, 3000}, 4);
  r->setCity(empty);
  auto first = r->drawFrameAndRead(view(320, 200), nullptr);
  EXPECT_EQ(first.width, 320u);
  EXPECT_EQ(first.height, 200u);

  glfwSetWindowSize(win.w, 400, 260);
  waitForSize(win.w, 400, 260);
  // The first frame after a resize may find the swapchain out of date; the
  // renderer rebuilds it and the next frame has the new size.
  r->drawFrame(view(400, 260), nullptr);
  const auto resized = r->drawFrameAndRead(view(400, 260), nullptr);
  EXPECT_EQ(resized.width, 400u);
  EXPECT_EQ(resized.height, 260u);
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST_F(WindowTest, VsyncCanBeSwitchedWhileRunning) {
  Window win(160, 120);
  renderer::RendererOptions o;
  o.validation = true;
  auto r = renderer::Renderer::createForWindow(o, win.w);
  r->setCity(scene::CityModel{});
  for (bool vsync : {false, true, false}) {
    r->setVsync(vsync);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(r->drawFrame(view(160, 120), nullptr));
  }
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

TEST_F(WindowTest, MinimisedWindowsDrawNothingAndRecover) {
  Window win(160, 120);
  renderer::RendererOptions o;
  o.validation = true;
  auto r = renderer::Renderer::createForWindow(o, win.w);
  r->setCity(scene::CityModel{});
  EXPECT_TRUE(r->drawFrame(view(160, 120), nullptr));
  // Without a window manager an X window cannot be iconified; a zero-sized
  // framebuffer is what minimising looks like to the renderer, so shrink it
  // to the smallest size and check drawing continues after restoring.
  glfwIconifyWindow(win.w);
  for (int i = 0; i < 40; ++i) glfwPollEvents();
  r->drawFrame(view(160, 120), nullptr);  // true or false (nothing to draw), but never a crash
  glfwRestoreWindow(win.w);
  glfwSetWindowSize(win.w, 200, 150);
  waitForSize(win.w, 200, 150);
  r->drawFrame(view(200, 150), nullptr);
  const auto img = r->drawFrameAndRead(view(200, 150), nullptr);
  EXPECT_EQ(img.width, 200u);
  r->waitIdle();
  EXPECT_EQ(r->validationMessages(), 0u);
}

// The same frame step, state and commands give the same image in a window
// (swapchain) as offscreen: a recorded city state, a selected case with its
// halo, a highlighted building, heat, markers and sensors.
TEST_F(WindowTest, TheFrameStepDrawsTheSameInAWindowAsHeadless) {
  config::AppOptions o;
  o.cityFiles = {std::string(CITYWALL_SOURCE_DIR) + "/data/shanghai_bund_lujiazui_osm_buildings.geojson"};
  o.camera = config::CameraSpec{121.4990, 31.2390, 1800, 20, 55};
  o.width = 480, o.height = 270;
  o.ui = false;
  o.alertFocus.enabled = false;
  o.tour.autoStart = false;
  const scene::CityModel city = assets::loadCity(app::citySpecFrom(o));
  feed::LiveSession live({});
  const auto load = feed::applyRecordedEvents(std::string(CITYWALL_SOURCE_DIR) + "/tests/data/dashboard_events.jsonl", live.store());
  ASSERT_GT(load.events, 100u);
  live.setFixedClock(load.newest);
  const std::string selected = live.store().cases().all()[7].id;
  const ui::Commands commands = {ui::SelectCase{selected, false}, ui::ToggleLayer{ui::LayerId::regions},
                                 ui::PickAt{240, 200}};
  renderer::RendererOptions ro;
  ro.validation = true;
  auto drawn = [&](renderer::Renderer& r) {
    r.setCity(city);
    app::FrameLoop loop(o, city, nullptr, live, r, nullptr);
    loop.setAnimate(false);
    // Time stands still: both draw the same instant of the pulses.
    loop.step({commands, 0, 0, 480, 270});
    loop.step({{ui::SelectCase{selected, false}}, 0, 0, 480, 270});
    r.waitIdle();
    auto out = loop.step({{}, 0, 0, 480, 270, true});
    r.waitIdle();
    EXPECT_EQ(r.validationMessages(), 0u);
    return *out.image;
  };
  renderer::Image inWindow;
  {
    Window win(480, 270);
    ASSERT_TRUE(win.w);
    waitForSize(win.w, 480, 270);
    auto r = renderer::Renderer::createForWindow(ro, win.w);
    inWindow = drawn(*r);
  }
  auto headless = renderer::Renderer::createHeadless(ro, 480, 270);
  const renderer::Image offscreen = drawn(*headless);
  ASSERT_EQ(inWindow.width, offscreen.width);
  ASSERT_EQ(inWindow.height, offscreen.height);
  size_t differing = 0;
  for (size_t i = 0; i < inWindow.rgba.size(); ++i) differing += inWindow.rgba[i] != offscreen.rgba[i];
  EXPECT_EQ(differing, 0u) << "window and headless differ in " << differing << " bytes";
  if (differing || std::getenv("CITYWALL_KEEP_IMAGES")) {  // both images, to look at
    std::string error;
    renderer::savePng(inWindow, "window-step.png", error);
    renderer::savePng(offscreen, "headless-step.png", error);
  }
}

// The window opens before the city exists; a build that takes a moment
// shows its progress there (frames drawn, validation on) while the worker
// builds, and the city comes back whole.
TEST(WindowLoading, TheCityIsBuiltBehindAProgressBar) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (run under xvfb-run)";
  config::AppOptions o;
  o.window = true, o.validation = true, o.width = 640, o.height = 360, o.ui = true;
  auto session = app::openWindow(o);
  assets::CitySpec spec;
  // Forty copies of the district: longer than the 300 ms before the screen shows (0.2 s for ten here).
  for (int i = 0; i < 40; ++i)
    spec.buildings.push_back(std::string(CITYWALL_SOURCE_DIR) + "/data/shanghai_bund_lujiazui_osm_buildings.geojson");
  int reports = 0;
  spec.progress = [&](const char*, double) { ++reports; };
  const auto start = std::chrono::steady_clock::now();
  const scene::CityModel city = app::buildCityInWindow(*session, o, spec);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(city.buildings.size(), 40 * 1449u);
  EXPECT_GT(reports, 0) << "the terminal's progress is still told";
  renderer::Renderer& r = app::windowRenderer(*session);
  r.waitIdle();
  std::printf("built in %.2f s; last loading frame: %u draw calls\n", seconds, r.lastFrameStats().drawCalls);
  if (seconds > 0.5) {
    EXPECT_GT(r.lastFrameStats().drawCalls, 1u) << "the sky and the loading screen's UI were drawn";
  }
  EXPECT_EQ(r.validationMessages(), 0u);
}
