#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "app/frame_ui.h"
#include "app/live_layers.h"
#include "app/runs.h"
#include "app/ui_layer.h"
#include "app/view_setup.h"
#include "renderer/renderer.h"

namespace citywall::app {
namespace {

struct NamedView {
  std::string name;
  scene::MapCamera camera;
  scene::Theme theme;
};

// The demo's views when no --screenshot is given: what a newcomer should see.
std::vector<NamedView> demoViews(const AppOptions& o, const scene::CityModel& city, double w, double h) {
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

}  // namespace

int runHeadless(const AppOptions& o, const scene::CityModel& city, const scene::RegionSet* regions, LiveSession& live) {
  // Live feeds first: run for the asked time, pumping the store as a frame
  // loop would, then dump. A dump without a screenshot renders nothing.
  if (o.runFor > 0) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(o.runFor * 1000));
    while (std::chrono::steady_clock::now() < end) {
      live.pump(live.clockNow());
      std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
  }
  live.pump(live.clockNow());
  const bool dumped = finishDump(o, live);
  if (!o.dumpState.empty() && o.screenshot.empty()) return dumped ? 0 : 1;

  renderer::RendererOptions ro;
  ro.validation = o.validation;
  ro.msaaSamples = o.msaa;
  ro.deviceFilter = o.device;
  auto r = renderer::Renderer::createHeadless(ro, o.width, o.height);
  std::printf("citywall: rendering on %s, %ux%u, %ux MSAA\n", r->deviceName().c_str(), o.width, o.height, r->sampleCount());
  r->setCity(city);
  const scene::Theme theme = *scene::themeByName(o.theme);
  const live::TimeMs now = live.clockNow();
  LiveLayers layers(city, regions, regionMetricFrom(o), o.layers, now);
  layers.update(live, now);
  WallDriver driver(o, city, layers, *r);
  driver.animate = false;  // a screenshot shows the values, not a frame of their animation
  driver.showStats = o.showStats;
  std::unique_ptr<UiLayer> ui;
  if (o.ui) ui = std::make_unique<UiLayer>(*r, nullptr, o.uiScale, theme, driver.language(), layers.regionNames() + categoryGlyphs(o));

  std::vector<NamedView> views;
  if (!o.screenshot.empty()) views.push_back({"", initialCamera(o, city, o.width, o.height), theme});
  else views = demoViews(o, city, o.width, o.height);
  int failures = 0;
  // --select: the card opens, and the camera looks at the case unless a
  // camera or bookmark was asked for.
  if (!o.selectCase.empty()) {
    const bool fly = !o.camera && !o.webCamera && o.bookmark.empty();
    const bool isCase = live.store().cases().find(o.selectCase) != nullptr;
    if (!isCase && !live.store().sensors().find(o.selectCase)) {
      std::fprintf(stderr, "citywall: --select: no case or sensor '%s' in the store\n", o.selectCase.c_str());
      ++failures;
    } else {
      if (isCase) driver.apply({ui::SelectCase{o.selectCase, fly}}, live, views.front().camera, 0);
      else driver.apply({ui::SelectSensor{o.selectCase, fly}}, live, views.front().camera, 0);
      driver.update(live, views.front().camera, 0);
      layers.update(live, now);  // the selection halo
    }
  }

  for (const auto& v : views) {
    scene::FrameView fv = frameView(v.camera, v.theme, o.width, o.height);
    if (ui) fv.uiScale = ui->scale();
    layers.attach(fv, now, r->heatMax(), 0, o.height);
    if (ui) ui->setTheme(v.theme);
    renderer::Image image;
    // ImGui sizes auto-fitting windows on their first frame, so the image
    // is the second frame; the first also gives the overlay real timings.
    for (int frame = 0; frame < 2; ++frame) {
      ImDrawData* draw = nullptr;
      ui::Commands ignored;  // nobody clicks a screenshot
      if (ui) draw = buildFrameUi(*ui, driver, *r, city, fv, layers, live, o.width, o.height, 1.0 / 60, ignored);
      if (frame == 1) {
        image = r->drawFrameAndRead(fv, draw);
      } else {
        r->drawFrame(fv, draw);
        r->waitIdle();  // so the overlay of the captured frame shows this frame's timings
        layers.attach(fv, now, r->heatMax(), 0, o.height);  // and the heat colours use this frame's maximum
      }
    }
    const std::string path = !o.screenshot.empty() ? o.screenshot : (std::filesystem::path(o.outDir) / (v.name + ".png")).string();
    std::string error;
    if (!renderer::savePng(image, path, error)) {
      std::fprintf(stderr, "citywall: %s\n", error.c_str());
      ++failures;
      continue;
    }
    std::printf("citywall: wrote %s\n", path.c_str());
  }
  r->waitIdle();
  if (o.validation) std::printf("citywall: %llu validation messages\n", (unsigned long long)r->validationMessages());
  if (o.validation && r->validationMessages() > 0) return 3;
  return failures || !dumped ? 1 : 0;
}

std::string describeLoad(const scene::CityModel& city, double seconds) {
  const auto& r = city.report;
  char line[512];
  std::snprintf(line, sizeof line,
                "citywall: %zu buildings from %zu features in %.2f s (%zu repaired, %zu skipped: %zu degenerate, %zu not "
                "polygons, %zu bad coordinates, %zu without geometry; %zu default heights), %zu models, %.2f M triangles",
                r.buildings, r.features, seconds, r.repaired, r.skipped, r.skippedDegenerate, r.skippedNotPolygon,
                r.skippedBadCoordinates, r.skippedNoGeometry, r.defaultHeights, city.modelInstances.size(),
                double(city.triangleCount()) / 1e6);
  return line;
}

}  // namespace citywall::app
