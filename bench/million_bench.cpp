// million_bench — a city of a million buildings with 100,000 case markers
// and 1,000,000 heat points, headless: GPU ms and CPU ms per frame,
// triangles drawn against loaded, memory per building, for each way of
// culling. The city is Manhattan's real footprints repeated on a grid
// (--repeat 3: 3 × 3 copies, 1,017,288 buildings), each copy standing on
// the curved ground where it lands.
//
//   million_bench [--city FILE] [--repeat 3] [--size 3840x2160] [--frames 5] [--msaa 4]
//                 [--cullings gpu,always,frustum,cpu] [--markers 100000] [--heat 1000000] [--coarse-pixels 1]
//                 [--changes-per-frame 17] [--index32 1]
//   (culling: occlusion while it pays, occlusion every frame, none, per chunk on the CPU)
//
// --index32 1 uploads the buildings' indices as 32 bits (as before
// renderer/vulkan/narrow_indices.h), for the memory they took.
//
// Every frame, as on a live wall, some cases change (17: a feed of 1,000
// events a second at 60 frames a second) before the layers are updated.
//
// Views: the whole grid from above at 50° (the wall's overview), and one
// down the avenues of the middle copy at 75°. Without --city it reads
// ../shared/data and skips with a message when that is absent. Not a test:
// nothing here asserts a timing.

#include <malloc.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "app/view_setup.h"
#include "assets/city_loader.h"
#include "bench/bench_cases.h"
#include "bench/bench_stats.h"
#include "bench/process_memory.h"
#include "renderer/renderer.h"
#include "scene/layers/case_markers.h"
#include "scene/layers/heat_layer.h"
#include "scene/layers/marker_declutter.h"

using namespace citywall;
using Clock = std::chrono::steady_clock;

namespace {

// n × n copies of the city's buildings side by side (the ground re-made to
// cover them): chunks keep their vertices (relative to the chunk's origin)
// and move their origin, onto the curved ground.
scene::CityModel repeated(const scene::CityModel& city, int n) {
  scene::CityModel out;
  out.frame = city.frame;
  const glm::dvec3 size = city.boundsMax - city.boundsMin;
  const glm::dvec2 step(size.x * 1.02, size.y * 1.02);
  const glm::dvec2 first = -step * double(n - 1) * 0.5;
  out.vertices.reserve(city.vertices.size() * n * n);
  out.indices.reserve(city.indices.size() * n * n);
  out.lineIndices.reserve(city.lineIndices.size() * n * n);
  out.boundsMin = glm::dvec3(std::numeric_limits<double>::max());
  out.boundsMax = glm::dvec3(-std::numeric_limits<double>::max());
  for (int gy = 0; gy < n; ++gy)
    for (int gx = 0; gx < n; ++gx) {
      const glm::dvec2 shift = first + step * glm::dvec2(gx, gy);
      const uint32_t buildingBase = uint32_t(out.buildings.size()), chunkBase = uint32_t(out.chunks.size());
      const int32_t vertexBase = int32_t(out.vertices.size());
      const uint32_t indexBase = uint32_t(out.indices.size()), lineBase = uint32_t(out.lineIndices.size());
      for (auto v : city.vertices) {
        v.building += buildingBase;
        out.vertices.push_back(v);
      }
      out.indices.insert(out.indices.end(), city.indices.begin(), city.indices.end());
      out.lineIndices.insert(out.lineIndices.end(), city.lineIndices.begin(), city.lineIndices.end());
      for (auto c : city.chunks) {
        c.origin.x += shift.x, c.origin.y += shift.y;
        c.origin.z = city.frame.surfaceZ(c.origin.x, c.origin.y);
        c.firstIndex += indexBase, c.firstLineIndex += lineBase, c.vertexOffset += vertexBase;
        c.coarseFirstIndex += indexBase, c.coarseFirstLine += lineBase;
        c.blockFirstIndex += indexBase, c.blockFirstLine += lineBase;
        out.chunks.push_back(c);
        out.boundsMin = glm::min(out.boundsMin, c.origin + glm::dvec3(c.boundsMin));
        out.boundsMax = glm::max(out.boundsMax, c.origin + glm::dvec3(c.boundsMax));
      }
      const uint32_t ringBase = uint32_t(out.rings.ends.size()), pointBase = uint32_t(out.rings.points.size());
      out.rings.points.insert(out.rings.points.end(), city.rings.points.begin(), city.rings.points.end());
      for (const uint32_t e : city.rings.ends) out.rings.ends.push_back(e + pointBase);
      for (auto b : city.buildings) {
        b.centroid.x += shift.x, b.centroid.y += shift.y;
        b.chunk += chunkBase;
        b.firstRing += ringBase;
        out.buildings.push_back(b);
      }
    }
  const glm::dvec2 margin(2000.0);
  out.ground = scene::makeGround(out.frame, glm::dvec2(out.boundsMin) - margin, glm::dvec2(out.boundsMax) + margin, 96);
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string p; std::getline(ss, p, ',');) out.push_back(p);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string city = std::string(CITYWALL_SOURCE_DIR) + "/../shared/data/buildings/nyc_manhattan_area_osm_buildings.geojson.gz";
  int repeat = 3, frames = 5, msaa = 4, markerCount = 100000, heatCount = 1000000, changesPerFrame = 17;
  uint32_t w = 3840, h = 2160;
  float coarsePixels = 1;  // chunks at their coarse level while its error spans under this (0: never)
  bool narrowIndices = true;
  std::vector<std::string> cullings = {"gpu", "frustum", "cpu"};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--city") city = v;
    else if (a == "--repeat") repeat = std::stoi(v);
    else if (a == "--frames") frames = std::stoi(v);
    else if (a == "--msaa") msaa = std::stoi(v);
    else if (a == "--markers") markerCount = std::stoi(v);
    else if (a == "--heat") heatCount = std::stoi(v);
    else if (a == "--size") std::sscanf(v.c_str(), "%ux%u", &w, &h);
    else if (a == "--cullings") cullings = split(v);
    else if (a == "--coarse-pixels") coarsePixels = std::stof(v);
    else if (a == "--changes-per-frame") changesPerFrame = std::stoi(v);
    else if (a == "--index32") narrowIndices = v != "1";
    else {
      std::fprintf(stderr, "million_bench: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (!std::filesystem::exists(city)) {
    std::printf("million_bench: SKIPPED: %s not found (the benchmark data lives in ../shared/data)\n", city.c_str());
    return 0;
  }
  assets::CitySpec spec;
  spec.buildings = {city};
  const scene::CityModel one = assets::loadCity(spec);
  const long rss0 = bench::residentKiB();
  scene::CityModel model = repeated(one, repeat);
  const long rssCity = bench::residentKiB();
  const size_t n = model.buildings.size();
  std::printf("city: %zu buildings (%d × %d copies of %zu), %.2f M triangles, %zu chunks, %.1f × %.1f km\n", n, repeat, repeat,
              one.buildings.size(), model.triangleCount() / 1e6, model.chunks.size(),
              (model.boundsMax.x - model.boundsMin.x) / 1000, (model.boundsMax.y - model.boundsMin.y) / 1000);

  // The layers, as the wall draws them: decluttered markers, the heat field.
  // Two stores: the cases the markers show, the (many more) points the heat sums.
  live::CaseStore cases, heatCases;
  cases.tick(bench::kNow);
  heatCases.tick(bench::kNow);
  const double spread = std::max(model.boundsMax.x - model.boundsMin.x, model.boundsMax.y - model.boundsMin.y) * 0.4;
  bench::fillCases(cases, model.frame, markerCount, spread);
  bench::fillCases(heatCases, model.frame, heatCount, spread);
  scene::CaseMarkerLayer markers(model.frame);
  markers.update(cases, bench::kNow);
  scene::MarkerDeclutter declutter;
  scene::HeatStyle style;
  style.radiusMetres = 400;
  style.cellMetres = style.radiusMetres / 12;
  scene::HeatLayer heat(model.frame, glm::dvec2(model.boundsMin), glm::dvec2(model.boundsMax), style,
                        bench::kNow - 6 * live::kHour);
  heat.update(heatCases, bench::kNow);

  struct View {
    const char* name;
    scene::MapCamera camera;
  };
  std::vector<View> views;
  scene::MapCamera overview;
  overview.fitBox(model.boundsMin, model.boundsMax, w, h);
  overview.pitch = 50, overview.heading = 29;
  views.push_back({"overview", overview});
  scene::MapCamera street;
  street.target = (one.boundsMin + one.boundsMax) * 0.5;  // the middle copy sits where the city was
  street.target.z = 0;
  street.distance = 900, street.pitch = 75, street.heading = 29;
  views.push_back({"street", street});

  uint64_t changeCount = 0;
  for (const std::string& culling : cullings) {
    renderer::RendererOptions options;
    options.msaaSamples = msaa;
    options.gpuCulling = culling != "cpu";
    options.narrowIndices = narrowIndices;
    options.occlusion = culling == "gpu"      ? renderer::RendererOptions::Occlusion::whenItPays
                        : culling == "always" ? renderer::RendererOptions::Occlusion::always
                                              : renderer::RendererOptions::Occlusion::off;
    auto r = renderer::Renderer::createHeadless(options, w, h);
    const auto t0 = Clock::now();
    r->setCity(model);
    r->waitIdle();
    const double uploadS = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto mem = r->gpuMemory();
    std::printf("\nculling %s on %s, %ux%u, %ux MSAA: upload %.2f s, GPU memory %.1f MB (%.0f bytes/building, of which "
                "indices %.0f, culling %.0f), CPU city %.0f bytes/building (RSS growth for the copies)\n",
                culling.c_str(), r->deviceName().c_str(), w, h, r->sampleCount(), uploadS, mem.total() / 1e6,
                double(mem.total()) / n, double(mem.buildingIndices) / n, double(mem.culling) / n,
                double(rssCity - rss0) * 1024 / n);
    for (const View& v : views) {
      std::vector<double> gpu, cpu, layers, cull, parts[4];  // parts: view, markers, declutter, heat
      renderer::FrameStats last;
      for (int f = 0; f < frames + 2; ++f) {
        // The feed: a few cases change status (the same cases in both stores);
        // the stores' work, not the layers'.
        for (int k = 0; k < changesPerFrame; ++k) {
          live::CaseUpdate u;
          u.id = "B" + std::to_string((uint32_t(++changeCount) * 2654435761u) % uint32_t(std::min(markerCount, heatCount)));
          u.time = bench::kNow + changeCount;
          u.status = changeCount % 2 ? live::CaseStatus::dispatched : live::CaseStatus::inProgress;
          u.priority = uint8_t(1 + changeCount % 4);
          cases.apply(u);
          heatCases.apply(u);
        }
        const auto start = Clock::now();
        scene::FrameView view = app::frameView(v.camera, scene::nightTheme(), w, h);
        view.coarsePixels = coarsePixels;
        const auto t1 = Clock::now();
        markers.update(cases, bench::kNow);
        const auto t2 = Clock::now();
        declutter.update(markers.frame(), view.camera, w, h, 1.0f, scene::kCasePinPixels);
        view.markers = declutter.frame(markers.origin());
        const auto t3 = Clock::now();
        heat.update(heatCases, bench::kNow);  // only the changed cases' points are rebuilt
        view.heat = heat.frame(heat.clockSeconds(bench::kNow), 20);
        const auto t4 = Clock::now();
        auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
        const double layersMs = ms(start, t4);
        const double part[4] = {ms(start, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4)};
        r->drawFrame(view, nullptr);
        r->waitIdle();
        if (f < 2) continue;  // warm-up (and occlusion learns what is seen)
        last = r->lastFrameStats();
        gpu.push_back(last.gpuMs);
        cpu.push_back(last.cpuMs);
        layers.push_back(layersMs);
        for (int k = 0; k < 4; ++k) parts[k].push_back(part[k]);
        if (last.gpuCulled && last.cullMs >= 0) cull.push_back(last.cullMs);
      }
      std::printf("  %-8s GPU %.1f ms/frame (median of %zu; GPU culling's early phase %.1f), CPU: renderer %.3f ms/frame, "
                  "layers %.2f ms/frame (%d case changes; view %.3f, markers %.3f, declutter %.3f, heat %.3f); building triangles %.2f M of %.2f M%s, markers drawn %u "
                  "(%llu whole choices so far), heat points %u, chunks coarse %u (block %u) of %u\n",
                  v.name, bench::median(gpu), gpu.size(), cull.empty() ? 0.0 : bench::median(cull), bench::median(cpu),
                  bench::median(layers), changesPerFrame, bench::median(parts[0]), bench::median(parts[1]),
                  bench::median(parts[2]), bench::median(parts[3]), last.buildingTriangles / 1e6, last.trianglesLoaded / 1e6,
                  last.occlusionTested ? ", occlusion tested" : "", last.markers,
                  (unsigned long long)declutter.fullChoices(), last.heatPoints, last.chunksCoarse,
                  last.chunksBlock, last.chunksTotal);
    }
  }
  // The copies' CPU mesh freed, as the wall does once its renderer holds it (app::uploadCity).
  // malloc_trim first, alone, so the release's figure is the mesh's own.
  malloc_trim(0);
  const long rssKept = bench::residentKiB();
  model.releaseBuildingMesh();
  malloc_trim(0);
  const long rssReleased = bench::residentKiB();
  std::printf("\nmesh released after upload: RSS (trimmed) %.1f -> %.1f MB (%.0f bytes/building given back)\n",
              rssKept / 1024.0, rssReleased / 1024.0, double(rssKept - rssReleased) * 1024 / n);
  return 0;
}
