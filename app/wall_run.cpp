// A video wall's processes without a window: the conductor stepping frames
// for the nodes, and a render node drawing its panel as the conductor says
// (headless: for tests, checks and walls whose outputs another program
// shows). Both run the one FrameLoop step.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "app/frame_loop.h"
#include "app/runs.h"
#include "app/view_setup.h"
#include "app/wall_conductor.h"
#include "app/wall_node.h"
#include "app/renderer_rebuild.h"
#include "app/wiring.h"
#include "renderer/renderer.h"
#include "wall/wall_layout.h"

namespace citywall::app {
namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t stopAsked = 0;
void askStop(int) { stopAsked = 1; }

double percentile(std::vector<float> v, double q) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + ptrdiff_t(k), v.end());
  return v[k];
}

bool saveShot(const renderer::Image& image, const std::string& path) {
  std::string error;
  if (!renderer::savePng(image, path, error)) return std::fprintf(stderr, "citywall: %s\n", error.c_str()), false;
  std::printf("citywall: wrote %s\n", path.c_str());
  return true;
}

}  // namespace

int runWallConductorHeadless(const config::AppOptions& o, scene::CityModel& city, const scene::RegionSet* regions,
                             feed::LiveSession& live) {
  std::signal(SIGTERM, askStop), std::signal(SIGINT, askStop);
  auto r = renderer::Renderer::createHeadless(rendererOptions(o), o.width, o.height);
  uploadCity(*r, city);
  auto ui = offscreenUi(o, r, city, regions);
  FrameLoop loop(o, city, regions, live, *r, ui.get());
  RendererRebuild rebuild(o, r, RendererRebuild::headless(o), city, ui.get());
  rebuild.serve(loop);
  WallConductor conductor(o, live);
  // The wall's frame rate: the kiosk's cap, else 30 frames a second.
  const double fps = o.kiosk.maxFps > 0 ? o.kiosk.maxFps : 30;
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps));
  const auto started = Clock::now();
  auto last = started, next = started;
  while (!stopAsked) {
    const auto now = Clock::now();
    const double time = std::chrono::duration<double>(now - started).count();
    if ((o.runFor > 0 && time >= o.runFor) || (o.frames > 0 && loop.frames() >= uint64_t(o.frames))) break;
    const double seconds = std::chrono::duration<double>(now - last).count();
    last = now;
    conductor.beforeStep();
    FrameInput in{{}, seconds, time, o.width, o.height};
    if (!o.wallCanvas) in.wallConsole = conductor.console(loop);
    loop.step(std::move(in));
    conductor.afterStep(loop, seconds, time);
    std::this_thread::sleep_until(next += period);
    if (Clock::now() > next + period) next = Clock::now();  // fell behind: no burst to catch up
  }
  r->waitIdle();
  for (const auto& n : conductor.link().nodes())
    std::printf("citywall: wall node %s (panel%s %s): %s, last frame %llu, %llu barriers missed, joined %llu times\n",
                n.name.c_str(), n.panels.size() > 1 ? "s" : "", wall::panelList(n.panels).c_str(),
                n.connected ? "connected" : "not connected", (unsigned long long)n.lastFrame,
                (unsigned long long)n.missedBarriers, (unsigned long long)n.joins);
  const auto& stats = conductor.link().stats();
  std::printf("citywall: wall: %llu frames, %llu messages refused, %llu bytes sent\n", (unsigned long long)stats.frames,
              (unsigned long long)stats.rejected, (unsigned long long)stats.bytesSent);
  std::printf("citywall: wall: barrier median %.2f ms, p99 %.2f ms; frame packet median %.0f bytes, p99 %.0f bytes\n",
              percentile(stats.barrierMs, 0.5), percentile(stats.barrierMs, 0.99), percentile(stats.frameSizes, 0.5),
              percentile(stats.frameSizes, 0.99));
  if (!o.screenshot.empty()) {  // the console (or the wall) as the last frame showed it
    FrameInput shot{{}, 0, loop.lastClock().animation, o.width, o.height, true};
    if (!o.wallCanvas) shot.wallConsole = conductor.console(loop);
    if (!saveShot(loop.step(std::move(shot)).image.value(), o.screenshot)) return 1;
  }
  // The dump is the wall's last frame: its clock, as the nodes have it.
  live.setFixedClock(loop.lastClock().now);
  const bool dumped = finishDump(o, live, conductor.dumpJson() + "," + rebuild.dumpJson() + "," + tilesDumpJson(loop.tilesets()));
  if (o.validation && r->validationMessages() > 0) return 3;
  return dumped ? 0 : 1;
}

int runWallNode(const config::AppOptions& o, scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live,
                WindowSession* window) {
  std::signal(SIGTERM, askStop), std::signal(SIGINT, askStop);
  live.followWall();
  std::unique_ptr<renderer::Renderer> headless;
  std::unique_ptr<ui::ImGuiHost> headlessUi;
  if (!window) headless = renderer::Renderer::createHeadless(rendererOptions(o), o.width, o.height);
  std::unique_ptr<renderer::Renderer>& slot = window ? windowRendererSlot(*window) : headless;
  uploadCity(*slot, city);
  if (!window) headlessUi = offscreenUi(o, slot, city, regions);
  ui::ImGuiHost* ui = window ? &windowUi(*window) : headlessUi.get();
  if (window) {
    ui->requireText(regionNamesOf(regions) + mapNamesOf(city));
    ui->layOutAtGivenSize();  // the canvas, of which the window shows its panel
  }
  FrameLoop loop(o, city, regions, live, *slot, ui);
  loop.setPresenting(false);  // the conductor's tour and alert focus arrive as its camera
  RendererRebuild rebuild(o, slot, window ? windowRendererFactory(*window) : RendererRebuild::headless(o), city, ui);
  rebuild.serve(loop);
  std::FILE* report = o.wallReport.empty() ? nullptr : std::fopen(o.wallReport.c_str(), "w");
  if (!o.wallReport.empty() && !report) return std::fprintf(stderr, "citywall: --wall-report: cannot write %s\n", o.wallReport.c_str()), 1;
  std::printf("citywall: wall node %s (panel%s %s of %dx%d) following %s\n", o.wallNode.c_str(),
              o.wallPanels.size() > 1 ? "s" : "", wall::panelList(o.wallPanels).c_str(), o.wall->rows, o.wall->columns,
              o.wallNodeAddress.c_str());
  if (const std::string lock = slot->presentBarrier(); !lock.empty())
    std::printf("citywall: wall node %s: hardware frame lock (VK_NV_present_barrier) %s\n", o.wallNode.c_str(), lock.c_str());
  WallNode node(o, live, loop, report);
  if (o.frames > 0 && !o.screenshot.empty()) node.captureFrame(uint64_t(o.frames));
  const auto started = Clock::now();
  while (!stopAsked && (!window || windowOpen(*window))) {
    if (o.runFor > 0 && Clock::now() - started >= std::chrono::duration<double>(o.runFor)) break;
    if (o.frames > 0 && node.framesDrawn() >= uint64_t(o.frames)) break;
    node.turn();
  }
  slot->waitIdle();
  if (report) std::fclose(report);
  std::printf("citywall: %s\n", node.summary().c_str());
  if (!o.screenshot.empty() && !saveShot(node.picture(), o.screenshot)) return 1;
  const bool dumped = finishDump(o, live, rebuild.dumpJson() + "," + tilesDumpJson(loop.tilesets()));
  if (o.validation && slot->validationMessages() > 0) return 3;
  return dumped ? 0 : 1;
}

}  // namespace citywall::app
