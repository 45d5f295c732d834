// render_bench — renders a city headless and reports what BENCHMARKS.md
// records: load time from GeoJSON to the first finished frame, GPU ms per
// frame (timestamp queries), CPU ms per frame (update + culling + recording +
// submission), triangles and draw calls, GPU and CPU memory per building.
// Medians over --frames frames. Not a test: nothing here asserts a timing.
//
//   render_bench [--city FILE] [--web-camera lon,lat,zoom,pitch,bearing]
//                [--sizes 1920x1080,3840x2160] [--frames 30] [--msaa 4]
//                [--basemap FILE ...]   (GeoJSON layers or an .mbtiles file; repeatable)
//
// Without --city it reads the 113k-building Manhattan set from
// ../shared/data and skips with a message when that is absent.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/view_setup.h"
#include "bench/process_memory.h"
#include "assets/city_loader.h"
#include "renderer/renderer.h"

using namespace citywall;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

size_t cityBytes(const scene::CityModel& c) {
  size_t b = c.vertices.capacity() * sizeof(scene::BuildingVertex) + (c.indices.capacity() + c.lineIndices.capacity()) * 4 +
             c.chunks.capacity() * sizeof(scene::BuildingChunk) + c.buildings.capacity() * sizeof(scene::BuildingInfo);
  for (const auto& b2 : c.buildings) b += b2.name.capacity() > 15 ? b2.name.capacity() : 0;
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string city = std::string(CITYWALL_SOURCE_DIR) + "/../shared/data/buildings/nyc_manhattan_area_osm_buildings.geojson.gz";
  // The deck.gl peer's NYC camera (shared/peers/README.md).
  std::vector<double> web = {-73.9855, 40.738, 12.3, 50, 29};
  std::vector<std::pair<uint32_t, uint32_t>> sizes = {{1920, 1080}, {3840, 2160}};
  int frames = 30, msaa = 4;
  std::vector<assets::BaseMapSource> basemap;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--city") city = v;
    else if (a == "--frames") frames = std::stoi(v);
    else if (a == "--msaa") msaa = std::stoi(v);
    else if (a == "--basemap") {
      assets::BaseMapSource source;
      source.file = v;
      if (v.ends_with(".mbtiles")) source.kind = assets::BaseMapKind::mbtiles;
      basemap.push_back(source);
    }
    else if (a == "--web-camera") {
      web.clear();
      std::stringstream ss(v);
      for (std::string p; std::getline(ss, p, ',');) web.push_back(std::stod(p));
    } else if (a == "--sizes") {
      sizes.clear();
      std::stringstream ss(v);
      for (std::string p; std::getline(ss, p, ',');) {
        unsigned w, h;
        if (std::sscanf(p.c_str(), "%ux%u", &w, &h) == 2) sizes.emplace_back(w, h);
      }
    } else {
      std::fprintf(stderr, "render_bench: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (!std::filesystem::exists(city)) {
    std::printf("render_bench: SKIPPED: %s not found (the benchmark data lives in ../shared/data)\n", city.c_str());
    return 0;
  }

  const long rss0 = bench::residentKiB();
  const auto t0 = Clock::now();
  assets::CitySpec spec;
  spec.buildingFiles = {city};
  spec.basemap = basemap;
  const scene::CityModel model = assets::loadCity(spec);
  const auto tLoaded = Clock::now();
  const long rssLoaded = bench::residentKiB();

  auto r = renderer::Renderer::createHeadless({false, true, msaa, ""}, sizes[0].first, sizes[0].second);
  r->setCity(model);
  config::AppOptions o;
  o.webCamera = config::WebCameraSpec{web[0], web[1], web[2], web[3], web[4]};
  auto frameFor = [&](uint32_t w, uint32_t h) {
    return app::frameView(app::initialCamera(o, model, w, h), scene::nightTheme(), w, h);
  };
  r->drawFrame(frameFor(sizes[0].first, sizes[0].second), nullptr);
  r->waitIdle();
  const auto tFirst = Clock::now();
  const double loadS = std::chrono::duration<double>(tLoaded - t0).count();
  const double firstS = std::chrono::duration<double>(tFirst - t0).count();
  const size_t n = std::max<size_t>(1, model.buildings.size());
  const auto mem = r->gpuMemory();

  std::printf("device: %s, %ux MSAA\n", r->deviceName().c_str(), r->sampleCount());
  std::printf("city: %s\n", city.c_str());
  std::printf("buildings: %zu (%zu repaired, %zu skipped), chunks: %zu, triangles: %zu\n", model.buildings.size(),
              model.report.repaired, model.report.skipped, model.chunks.size(), model.triangleCount());
  std::printf("load GeoJSON -> city model: %.2f s; -> first frame finished: %.2f s\n", loadS, firstS);
  std::printf("GPU memory: %.1f MB (%.0f bytes/building); CPU city model: %.1f MB (%.0f bytes/building); RSS growth while "
              "loading: %.1f MB\n",
              mem.total() / 1e6, double(mem.total()) / n, cityBytes(model) / 1e6, double(cityBytes(model)) / n,
              (rssLoaded - rss0) / 1024.0);

  if (!model.basemap.empty()) {
    const auto& b = model.basemap;
    std::printf("base map: %zu features, %zu areas, %zu lines, %zu names; %zu vertices, %.2f M triangles, %.1f MB of vertices "
                "and indices\n",
                b.report.features, b.report.areas, b.report.lines, b.labels.size(), b.vertices.size(),
                (b.areas.size() + b.lines.size()) / 3e6,
                (b.vertices.size() * sizeof(scene::BaseMapVertex) + (b.areas.size() + b.lines.size()) * 4) / 1e6);
  }
  for (const auto& [w, h] : sizes) {
    r->resize(w, h);
    const auto view = frameFor(w, h);
    for (int i = 0; i < 3; ++i) r->drawFrame(view, nullptr);  // warm-up
    r->waitIdle();
    std::vector<double> gpu, cpu, wall;
    renderer::FrameStats last;
    for (int i = 0; i < frames; ++i) {
      const auto start = Clock::now();
      r->drawFrame(view, nullptr);
      r->waitIdle();  // one frame at a time, so each timestamp pair is one frame
      wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      last = r->lastFrameStats();
      if (last.gpuMs >= 0) gpu.push_back(last.gpuMs);
      cpu.push_back(last.cpuMs);
    }
    std::printf("%ux%u: GPU %.2f ms/frame (median of %zu), CPU %.3f ms/frame, submit-to-idle wall %.1f ms/frame, "
                "triangles %.2f M, draw calls %u, chunks drawn %u/%u\n",
                w, h, median(gpu), gpu.size(), median(cpu), median(wall), last.triangles / 1e6, last.drawCalls,
                last.chunksDrawn, last.chunksTotal);
  }
  return 0;
}
