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
#include "app/wiring.h"
#include "renderer/renderer.h"
#include "wall/node_link.h"

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
  auto ui = offscreenUi(o, *r, city, regions);
  FrameLoop loop(o, city, regions, live, *r, ui.get());
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
    std::printf("citywall: wall node %s (panel %d): %s, last frame %llu, %llu barriers missed, joined %llu times\n",
                n.name.c_str(), n.panel, n.connected ? "connected" : "not connected", (unsigned long long)n.lastFrame,
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
  const bool dumped = finishDump(o, live, conductor.dumpJson());
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
  renderer::Renderer* r = window ? &windowRenderer(*window) : headless.get();
  uploadCity(*r, city);
  if (!window) headlessUi = offscreenUi(o, *r, city, regions);
  ui::ImGuiHost* ui = window ? &windowUi(*window) : headlessUi.get();
  if (window) {
    ui->requireText(regionNamesOf(regions) + mapNamesOf(city));
    ui->layOutAtGivenSize();  // the canvas, of which the window shows its panel
  }
  FrameLoop loop(o, city, regions, live, *r, ui);
  loop.setPresenting(false);  // the conductor's tour and alert focus arrive as its camera
  std::FILE* report = o.wallReport.empty() ? nullptr : std::fopen(o.wallReport.c_str(), "w");
  if (!o.wallReport.empty() && !report) return std::fprintf(stderr, "citywall: --wall-report: cannot write %s\n", o.wallReport.c_str()), 1;
  wall::NodeLink link(o.wallNodeAddress, o.wallNode, o.wallPanel);
  std::printf("citywall: wall node %s (panel %d of %dx%d) following %s\n", o.wallNode.c_str(), o.wallPanel, o.wall->rows,
              o.wall->columns, o.wallNodeAddress.c_str());
  const auto timeout = std::chrono::duration<double>(o.wall->nodeTimeoutS);
  const auto barrierWait = std::chrono::milliseconds(int64_t(o.wall->barrierMs * 2 + 50));
  bool inStep = false, lost = false;
  uint64_t session = 0, nextFrame = 0, opsNext = 0, drawn = 0, presentedLate = 0, skipped = 0;
  const auto started = Clock::now();
  auto heard = started, helloAt = Clock::time_point{}, cardAt = Clock::time_point{};
  std::optional<renderer::Image> lastImage;
  std::optional<FrameInput> lastFrame;  // the last frame drawn in step, to draw again for a screenshot
  while (!stopAsked && (!window || windowOpen(*window))) {
    if (o.runFor > 0 && Clock::now() - started >= std::chrono::duration<double>(o.runFor)) break;
    if (o.frames > 0 && drawn >= uint64_t(o.frames)) break;
    if (!inStep && Clock::now() - helloAt > std::chrono::seconds(1)) link.hello(), helloAt = Clock::now();
    // Not following the wall: the panel says why, twice a second, over the last picture.
    if (!inStep && Clock::now() - cardAt > std::chrono::milliseconds(500)) {
      FrameInput idle{{}, 0.5, std::chrono::duration<double>(Clock::now() - started).count(), 0, 0};
      idle.wallStatus = lost ? ui::WallCardKind::conductorLost : ui::WallCardKind::joining;
      loop.step(std::move(idle));
      cardAt = Clock::now();
    }
    auto message = link.receive(std::chrono::milliseconds(100));
    if (!message) {
      if (!lost && Clock::now() - heard > timeout) {
        lost = true, inStep = false;
        std::printf("citywall: wall node %s: conductor lost (nothing for %.1f s); waiting for it\n", o.wallNode.c_str(),
                    o.wall->nodeTimeoutS);
      }
      continue;
    }
    heard = Clock::now();
    if (lost) std::printf("citywall: wall node %s: conductor back\n", o.wallNode.c_str()), lost = false;
    if (const auto* snap = std::get_if<wall::Snapshot>(&*message)) {
      std::string error;
      if (!live.restoreWallStore(snap->store, error)) {
        std::fprintf(stderr, "citywall: wall node %s: the conductor's snapshot was refused: %s\n", o.wallNode.c_str(), error.c_str());
        continue;
      }
      inStep = true, session = snap->session, nextFrame = snap->frame + 1, opsNext = snap->opsNext;
      std::printf("citywall: wall node %s: joined at frame %llu (%zu bytes of state)\n", o.wallNode.c_str(),
                  (unsigned long long)snap->frame, snap->store.size());
      continue;
    }
    auto* frame = std::get_if<wall::Frame>(&*message);
    if (!frame) continue;  // a Go for a frame already presented
    if (!inStep || frame->session != session || frame->frame != nextFrame || frame->opsFirst != opsNext) {
      // Another conductor, or a frame missed: the state is asked for again.
      if (inStep) std::printf("citywall: wall node %s: out of step at frame %llu; asking for the state\n", o.wallNode.c_str(),
                              (unsigned long long)frame->frame);
      inStep = false, helloAt = {};
      continue;
    }
    live.applyWallOps(frame->ops);
    opsNext += frame->ops.size();
    nextFrame = frame->frame + 1;
    // Behind the conductor (frames waiting): their changes are applied and
    // only the newest is drawn, so a slow node catches up instead of lagging.
    double seconds = frame->seconds;
    for (auto next = link.receive(std::chrono::milliseconds(0)); next; next = link.receive(std::chrono::milliseconds(0))) {
      if (std::holds_alternative<wall::Go>(*next)) continue;  // the word for a frame skipped: spent
      auto* later = std::get_if<wall::Frame>(&*next);
      if (!later || later->session != session || later->frame != nextFrame || later->opsFirst != opsNext) {
        link.putBack(std::move(*next));  // handled as the loop's next message
        break;
      }
      live.applyWallOps(later->ops);
      opsNext += later->ops.size();
      nextFrame = later->frame + 1;
      seconds += later->seconds;
      ++skipped;
      message = std::move(next);
      frame = std::get_if<wall::Frame>(&*message);
    }
    live.setFixedClock(frame->clock);
    const auto t0 = Clock::now();
    int64_t presentedUs = 0;
    r->setPresentGate([&, id = frame->frame] {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (!link.readyThenWait(session, id, ms, barrierWait)) ++presentedLate;
      presentedUs = systemMicros();
    });
    FrameInput in{{}, seconds, frame->time, 0, 0};
    in.wallView = frame->view;
    lastFrame = {{}, 0, frame->time, 0, 0};
    lastFrame->wallView = frame->view;
    const bool last = o.frames > 0 && drawn + 1 >= uint64_t(o.frames);
    in.capture = last && !o.screenshot.empty();
    FrameOutput out = loop.step(std::move(in));
    r->setPresentGate(nullptr);
    ++drawn;
    if (out.image) lastImage = std::move(out.image);
    if (report) {
      std::fputs(wallReportLine(frame->frame, frame->clock, opsNext, storeDigest(live.store()), presentedUs).c_str(), report);
      std::fflush(report);
    }
  }
  r->waitIdle();
  if (report) std::fclose(report);
  std::printf("citywall: wall node %s: %llu frames drawn, %llu skipped to catch up, %llu presented without the conductor's word, "
              "%llu messages refused\n",
              o.wallNode.c_str(), (unsigned long long)drawn, (unsigned long long)skipped, (unsigned long long)presentedLate,
              (unsigned long long)link.rejected());
  if (!o.screenshot.empty()) {
    if (!lastImage || !inStep) {  // the panel as it stands: the last frame again, or its card
      FrameInput shot = inStep && lastFrame ? *lastFrame : FrameInput{};
      shot.capture = true;
      if (!inStep) shot.wallStatus = lost ? ui::WallCardKind::conductorLost : ui::WallCardKind::joining;
      lastImage = loop.step(std::move(shot)).image;
    }
    if (!saveShot(*lastImage, o.screenshot)) return 1;
  }
  const bool dumped = finishDump(o, live);
  if (o.validation && r->validationMessages() > 0) return 3;
  return dumped ? 0 : 1;
}

}  // namespace citywall::app
