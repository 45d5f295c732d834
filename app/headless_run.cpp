#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "app/frame_loop.h"
#include "app/mp4_export.h"
#include "app/runs.h"
#include "app/view_setup.h"
#include "app/renderer_rebuild.h"
#include "app/wiring.h"
#include "renderer/renderer.h"

namespace citywall::app {
namespace {

struct NamedView {
  std::string name;
  scene::MapCamera camera;
  scene::Theme theme;
};

// The demo's views when no --screenshot is given: what a newcomer should see.
std::vector<NamedView> demoViews(const config::AppOptions& o, const scene::CityModel& city, double w, double h) {
  const scene::Theme theme = *scene::themeByName(o.theme);
  const scene::MapCamera overview = initialCamera(o, city, w, h);
  std::vector<NamedView> views{{"overview", overview, theme}};
  // A tilted close-up on the tallest building.
  if (!city.buildings.empty()) {
    size_t tallest = 0;
    for (size_t i = 1; i < city.buildings.size(); ++i)
      if (city.buildings[i].height > city.buildings[tallest].height) tallest = i;
    scene::MapCamera close = overview;
    close.target = city.buildings[tallest].centroid + glm::dvec3(0, 0, city.buildings[tallest].height * 0.35);
    close.distance = std::max(400.0, city.buildings[tallest].height * 3.2);
    close.pitch = 68;
    close.heading = overview.heading + 40;
    close.normalize();
    views.push_back({"closeup", close, theme});
  }
  scene::MapCamera top = overview;
  top.pitch = 0;
  views.push_back({"topdown", top, theme});
  const scene::Theme other = *scene::themeByName(o.theme == "night" ? "day" : "night");
  views.push_back({"overview-" + other.name, overview, other});
  // The configuration's bookmarks, as a briefing would show them.
  for (size_t i = 0; i < o.bookmarks.size(); ++i) {
    const auto& v = o.bookmarks[i].view;
    views.push_back({"bookmark-" + std::to_string(i + 1), cameraAt(city, {v.lon, v.lat, v.distance, v.heading, v.pitch}), theme});
  }
  return views;
}

bool sameBoxes(const std::vector<ui::LabelBox>& a, const std::vector<ui::LabelBox>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const ui::LabelBox& p, const ui::LabelBox& q) {
    return p.x0 == q.x0 && p.y0 == q.y0 && p.x1 == q.x1 && p.y1 == q.y1;
  });
}

// --export-frames: the replay's range, one PNG per frame (frame-000001.png…),
// each 1/fps of replay wall time × speed after the one before.
int exportFrames(const config::AppOptions& o, FrameLoop& loop, feed::LiveSession& live) {
  feed::JournalPlayer* player = live.replay();
  if (!player || !player->frames()) return std::fprintf(stderr, "citywall: --export-frames: nothing to replay\n"), 1;
  std::error_code ec;
  std::filesystem::create_directories(o.exportFrames, ec);
  // A first frame that is not kept: ImGui sizes its windows; the replay waits.
  player->setPlaying(false);
  loop.step({{}, 1.0 / o.exportFps, 0, o.width, o.height});
  loop.renderer().waitIdle();
  player->setPlaying(true);
  int written = 0;
  for (double t = 0; player->playing() && written < 1'000'000; t += 1.0 / o.exportFps) {
    const FrameOutput frame = loop.step({{}, 1.0 / o.exportFps, t, o.width, o.height, true});
    char name[32];
    std::snprintf(name, sizeof name, "frame-%06d.png", ++written);
    std::string error;
    if (!renderer::savePng(*frame.image, (std::filesystem::path(o.exportFrames) / name).string(), error))
      return std::fprintf(stderr, "citywall: %s\n", error.c_str()), 1;
  }
  std::printf("citywall: wrote %d frames into %s (%.1f fps, replay ×%g)\n", written, o.exportFrames.c_str(), o.exportFps,
              player->speed());
  // The video for the after-action report, where Debian's ffmpeg is installed.
  if (!ffmpegAvailable()) {
    std::printf("citywall: no ffmpeg on the PATH: PNG frames only (apt install ffmpeg for %s/replay.mp4)\n",
                o.exportFrames.c_str());
    return 0;
  }
  std::string error;
  if (!encodeMp4(o.exportFrames, o.exportFps, error)) return std::fprintf(stderr, "citywall: %s\n", error.c_str()), 1;
  std::printf("citywall: wrote %s/replay.mp4\n", o.exportFrames.c_str());
  return 0;
}

}  // namespace

int runHeadless(const config::AppOptions& o, scene::CityModel& city, const scene::RegionSet* regions, feed::LiveSession& live) {
  // Live feeds first: run for the asked time, pumping the store as a frame
  // loop would, then dump. A dump without a screenshot renders nothing.
  // With a drill, the frame step runs the drill: the wait and the dump come after the renderer is up.
  const bool drillRun = !o.drillFile.empty();
  if (o.runFor > 0 && !drillRun) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(o.runFor * 1000));
    while (std::chrono::steady_clock::now() < end) {
      live.pump(live.clockNow());
      std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
  }
  live.pump(live.clockNow());
  bool dumped = true;
  if (!drillRun) {
    dumped = finishDump(o, live);
    if (!o.dumpState.empty() && o.screenshot.empty()) return dumped ? 0 : 1;
  }

  auto r = renderer::Renderer::createHeadless(rendererOptions(o), o.width, o.height);
  std::printf("citywall: rendering on %s, %ux%u, %ux MSAA\n", r->deviceName().c_str(), o.width, o.height, r->sampleCount());
  uploadCity(*r, city);
  std::unique_ptr<ui::ImGuiHost> ui = offscreenUi(o, r, city, regions);
  FrameLoop loop(o, city, regions, live, *r, ui.get());
  RendererRebuild rebuild(o, r, RendererRebuild::headless(o), city, ui.get());
  rebuild.serve(loop);
  loop.setAnimate(false);     // a screenshot shows the values, not a frame of their animation
  loop.setPresenting(false);  // and the view asked for, not where alert focus or a tour would fly
  if (drillRun) {
    // A drill recorded headless: its steps on the wall's clock, five frames a
    // second, for --run-for seconds; nobody presses Enter, so a pause holds 5 s.
    loop.setDrillPausesEndAfter(5.0);
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(o.runFor * 1000));
    auto next = std::chrono::steady_clock::now();
    do {  // at least once: --drill-at runs the drill to its moment in the first step
      loop.step({{}, 0.2, 0, o.width, o.height});
      std::this_thread::sleep_until(next += std::chrono::milliseconds(200));
    } while (next < end);
    r->waitIdle();
    dumped = finishDump(o, live, rebuild.dumpJson() + "," + tilesDumpJson(loop.tilesets()));
    if (!o.dumpState.empty() && o.screenshot.empty()) return dumped ? 0 : 1;
  }

  if (!o.exportFrames.empty()) {
    const int rc = exportFrames(o, loop, live);
    r->waitIdle();
    return rc || (o.validation && r->validationMessages() > 0) ? (rc ? rc : 3) : 0;
  }

  std::vector<NamedView> views;
  if (!o.screenshot.empty()) views.push_back({"", loop.scene().camera(), loop.scene().theme});
  else if (const auto& tile = loop.wallTile()) views = demoViews(o, city, tile->canvasWidth, tile->canvasHeight);
  else views = demoViews(o, city, o.width, o.height);
  int failures = 0;
  for (const auto& v : views) {
    loop.scene().camera() = v.camera;
    // ImGui sizes auto-fitting windows on their first frame, and the map's
    // names keep out from under the panels as they stood the frame before,
    // so the image is the third frame; waiting also gives the overlay real
    // timings and the heat colours this view's maximum.
    loop.step({{ui::SetTheme{v.theme.name}}, 1.0 / 60, 0, o.width, o.height});
    r->waitIdle();
    loop.step({{}, 1.0 / 60, 0, o.width, o.height});
    r->waitIdle();
    // A renderer made again while the picture settles (its device lost)
    // lets go of the 3D tiles whose GPU copies went with the old one, and
    // reads them again: the picture settles again, three times at most.
    FrameOutput frame;
    for (int attempt = 0; attempt < 3; ++attempt) {
      const uint64_t rebuilds = loop.rendererRebuilds();
      // The base map's tiles for this view load on worker threads, and the
      // names they bring may need glyphs the font atlas grows for (every 2 s
      // of frame time): a picture waits for both (20 s at most).
      for (int i = 0; i < 1000 && (loop.mapTilesLoading() || loop.glyphsPending()); ++i) {
        if (loop.mapTilesLoading()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        loop.step({{}, loop.mapTilesLoading() ? 1.0 / 60 : 0.5, 0, o.width, o.height});
      }
      // A window fits its content a frame late: a line that appeared in the
      // last frame (a recovered GPU, a loading note) leaves its window short
      // until the next. Step until two frames agree on where the UI stands.
      for (int i = 0; i < 8; ++i) {
        const std::vector<ui::LabelBox> before = loop.uiBoxes();
        loop.step({{}, 1.0 / 60, 0, o.width, o.height});
        if (sameBoxes(before, loop.uiBoxes())) break;
      }
      r->waitIdle();
      frame = loop.step({{}, 1.0 / 60, 0, o.width, o.height, true});
      if (loop.rendererRebuilds() == rebuilds) break;
      loop.step({{}, 1.0 / 60, 0, o.width, o.height});  // the streamer's next update lets the lost copies' tiles go
    }
    const std::string path = !o.screenshot.empty() ? o.screenshot : (std::filesystem::path(o.outDir) / (v.name + ".png")).string();
    std::string error;
    if (!renderer::savePng(*frame.image, path, error)) {
      std::fprintf(stderr, "citywall: %s\n", error.c_str());
      ++failures;
      continue;
    }
    std::printf("citywall: wrote %s\n", path.c_str());
  }
  r->waitIdle();
  if (o.validation) std::printf("citywall: %llu validation messages\n", (unsigned long long)r->validationMessages());
  if (o.validation && r->validationMessages() > 0) return 3;
  return failures || loop.failedCommands() || !dumped ? 1 : 0;
}

}  // namespace citywall::app
