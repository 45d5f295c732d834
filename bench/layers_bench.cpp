// layers_bench — case markers and the heatmap: GPU ms per frame (timestamps
// around the whole frame) and CPU ms per frame for 1,000 and 100,000
// markers and 10,000 and 1,000,000 heat points, over the ground of an empty
// city so the layers' own cost shows (the "none" row is the baseline).
// The heat radius is 128 px on screen at the view's centre.
//
//   layers_bench [--size 1920x1080] [--frames 20] [--only "100k decluttered"]   (rows whose name contains it)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "app/view_setup.h"
#include "bench/bench_cases.h"
#include "renderer/renderer.h"
#include "scene/layers/case_clusters.h"
#include "scene/layers/case_markers.h"
#include "scene/layers/marker_declutter.h"
#include "scene/layers/heat_layer.h"

using namespace citywall;

namespace {

using bench::kNow;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? -1 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t w = 1920, h = 1080;
  int frames = 20;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--size") std::sscanf(argv[i + 1], "%ux%u", &w, &h);
    else if (a == "--frames") frames = std::stoi(argv[i + 1]);
    else if (a == "--only") only = argv[i + 1];
  }
  scene::CityModel city;
  city.frame = geo::GeoFrame({121.4905, 31.2397, 0});
  city.ground = scene::makeGround(city.frame, {-20000, -20000}, {20000, 20000}, 64);
  auto r = renderer::Renderer::createHeadless({}, w, h);
  r->setCity(city);
  scene::MapCamera cam;
  cam.distance = 16000;
  cam.pitch = 45;
  cam.heading = -25;
  const double metresPerPixel = 2 * cam.distance * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / h;
  std::printf("device: %s, %ux%u, heat radius 128 px = %.0f m at the centre\n", r->deviceName().c_str(), w, h,
              128 * metresPerPixel);

  struct Config {
    const char* name;
    int markers, heat;
    bool clustered = false, decluttered = false;
  };
  for (const Config c : {Config{"none", 0, 0}, {"1k markers", 1000, 0}, {"100k markers", 100000, 0},
                         {"100k decluttered", 100000, 0, false, true}, {"100k clustered", 100000, 0, true},
                         {"10k heat points", 0, 10000},
                         {"1M heat points", 0, 1000000}}) {
    if (std::string(c.name).find(only) == std::string::npos) continue;
    live::CaseStore store;
    store.tick(kNow);
    bench::fillCases(store, city.frame, std::max(c.markers, c.heat));
    scene::CaseMarkerLayer markers(city.frame);
    scene::CaseClusterLayer clusters;
    scene::MarkerDeclutter declutter;
    scene::HeatStyle style;
    style.radiusMetres = 128 * metresPerPixel;
    style.cellMetres = style.radiusMetres / 12;  // σ = 4 cells
    style.decayMinutes = 120;                    // clock-dependent: recomputed every frame below
    scene::HeatLayer heat(city.frame, {-7000, -7000}, {7000, 7000}, style, kNow - 6 * live::kHour);
    if (c.markers) markers.update(store, kNow);
    if (c.heat) heat.update(store, kNow);
    std::vector<double> gpu, cpu, layerCpu, heatPass, cityPass, markerPass;
    renderer::FrameStats last;
    for (int f = 0; f < frames + 2; ++f) {
      scene::FrameView view = app::frameView(cam, scene::nightTheme(), w, h);
      const auto t0 = std::chrono::steady_clock::now();
      if (c.markers) {
        // One case changes per frame: only its instance is rebuilt and copied.
        live::CaseUpdate u;
        u.id = "B" + std::to_string(f);
        u.time = kNow + f;
        u.status = f % 2 ? live::CaseStatus::dispatched : live::CaseStatus::inProgress;
        store.apply(u);
        markers.update(store, kNow);
        view.markers = markers.frame();
        if (c.decluttered) {
          // The camera moves a little every frame: the choice is made again each time.
          scene::CameraMatrices m = view.camera;
          m.eye.x += f * 0.5;
          declutter.update(markers.frame(), m, w, h, 1.0f, scene::kCasePinPixels);
          view.markers = declutter.frame(markers.origin());
        }
        if (c.clustered) {
          clusters.update(store, markers);
          clusters.setView(metresPerPixel);
          view.markers = clusters.frame(markers.origin());
        }
      }
      if (c.heat) {
        // Nothing changed since the last frame (the layer's change list is per frame).
        if (f > 0) heat.update(store, kNow);
        view.heat = heat.frame(heat.clockSeconds(kNow) + float(f), 20);
      }
      const double layerMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      r->drawFrame(view, nullptr);
      r->waitIdle();
      if (f < 2) continue;  // warm-up
      last = r->lastFrameStats();
      gpu.push_back(last.gpuMs);
      heatPass.push_back(last.heatComputeMs);
      cityPass.push_back(last.cityMs);
      markerPass.push_back(last.markersMs);
      cpu.push_back(last.cpuMs + layerMs);
      layerCpu.push_back(layerMs);
    }
    std::printf("%-16s GPU %8.2f ms/frame (heat compute %.2f, city+drape %.2f, markers %.2f), CPU %.3f ms/frame "
                "(layer update %.3f ms), markers %u, heat points %u, triangles %llu, draw calls %u\n",
                c.name, median(gpu), median(heatPass), median(cityPass), median(markerPass), median(cpu),
                median(layerCpu), last.markers, last.heatPoints, (unsigned long long)last.triangles, last.drawCalls);
  }
}
