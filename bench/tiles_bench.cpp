// tiles_bench — a camera flight through a 3D Tiles city, headless: what
// BENCHMARKS.md records for streaming. Tiles loaded per second, the bytes
// held (never over the budget), frames whose CPU time (the streamer's
// update, uploads, recording) passed 50 ms, GPU ms, and triangles drawn
// against the triangles of the whole city. Not a test: nothing here
// asserts a timing.
//
//   tiles_bench [--tileset FILE.json] [--frames 120] [--size 1920x1080] [--budget-mb 512] [--msaa 4]
//               [--web-camera lon,lat,zoom,pitch,bearing]  (no flight: this view, once every tile it needs is in)
//               [--prepare workers|frame]  (who makes a tile's GPU buffers: the loading workers, as the app
//                                           does (default), or the first frame that draws it)
//               [--read-all PASSES]  (no drawing: every content file read into meshes, as a loading worker does,
//                                     PASSES times on one thread; for plain against compressed content; then
//                                     faceted meshes welded and picking's part of each mesh kept, each timed apart)
//
// Without --tileset it writes Manhattan (113k buildings, ../shared/data) as a
// tileset with citywall-tiles' writer into $TMPDIR/citywall-manhattan-tiles-N
// (N: the writer's buildings a tile, so a folder written with another is not reused)
// (once), and skips with a message when the data is absent.

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "assets/city_loader.h"
#include "assets/tiles3d/tile_content.h"
#include "assets/tiles3d/tileset_streamer.h"
#include "assets/tiles3d/tileset_writer.h"
#include "bench/bench_stats.h"
#include "bench/process_memory.h"
#include "renderer/renderer.h"
#include "scene/picking.h"
#include "scene/theme.h"

using namespace citywall;
using Clock = std::chrono::steady_clock;

namespace {

using bench::median;
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::string tileset;
  int frames = 120, msaa = 4;
  uint32_t width = 1920, height = 1080;
  double budgetMb = 512;
  std::vector<double> web;
  int readPasses = 0;
  bool prepareOnWorkers = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--tileset") tileset = v;
    else if (a == "--frames") frames = std::stoi(v);
    else if (a == "--msaa") msaa = std::stoi(v);
    else if (a == "--budget-mb") budgetMb = std::stod(v);
    else if (a == "--read-all") readPasses = std::stoi(v);
    else if (a == "--prepare") prepareOnWorkers = v != "frame";
    else if (a == "--size") std::sscanf(v.c_str(), "%ux%u", &width, &height);
    else if (a == "--web-camera") {
      double c[5];
      if (std::sscanf(v.c_str(), "%lf,%lf,%lf,%lf,%lf", &c[0], &c[1], &c[2], &c[3], &c[4]) == 5) web.assign(c, c + 5);
    }
    else {
      std::fprintf(stderr, "tiles_bench: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  size_t cityTriangles = 0;
  if (tileset.empty()) {
    const std::string source = std::string(CITYWALL_SOURCE_DIR) + "/../shared/data/buildings/nyc_manhattan_area_osm_buildings.geojson.gz";
    if (!std::filesystem::exists(source)) {
      std::printf("tiles_bench: SKIPPED: %s not found (the benchmark data lives in ../shared/data)\n", source.c_str());
      return 0;
    }
    const std::string dir = (std::filesystem::temp_directory_path() /
                             ("citywall-manhattan-tiles-" + std::to_string(assets::tiles3d::TilesetWriteOptions{}.buildingsPerTile)))
                                .string();
    assets::CitySpec spec;
    spec.buildings = {source};
    const auto t0 = Clock::now();
    const scene::CityModel city = assets::loadCity(spec);
    cityTriangles = city.triangleCount();
    if (!std::filesystem::exists(dir + "/tileset.json")) {
      const auto t1 = Clock::now();
      const auto r = assets::tiles3d::writeTileset(city, dir);
      std::printf("wrote %s: %zu buildings in %zu tiles of %u levels, %.1f MB, %.1f s (+ %.1f s to read the GeoJSON)\n", dir.c_str(),
                  r.buildings, r.contents, r.levels, r.bytes / 1e6, ms(Clock::now() - t1) / 1000, ms(t1 - t0) / 1000);
    }
    tileset = dir + "/tileset.json";
  }
  if (readPasses > 0) {
    // Every content file (under the tileset's folder) read into meshes as a
    // loading worker reads it: the file, then decoding and building meshes.
    std::vector<std::string> files;
    size_t bytes = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::filesystem::path(tileset).parent_path()))
      if (e.is_regular_file() && (e.path().extension() == ".glb" || e.path().extension() == ".b3dm" || e.path().extension() == ".pnts"))
        files.push_back(e.path().string()), bytes += size_t(e.file_size());
    std::vector<double> seconds, keepSeconds, weldSeconds;
    size_t triangles = 0, vertices = 0, welded = 0, kept = 0, keptBytes = 0;
    for (int pass = 0; pass < readPasses; ++pass) {
      triangles = vertices = welded = kept = keptBytes = 0;
      double keepMs = 0, weldMs = 0;
      const auto t0 = Clock::now();
      for (const std::string& f : files)
        for (auto& m : assets::tiles3d::readTileContent(f).meshes) {
          triangles += m.mesh.indices.size() / 3, vertices += m.mesh.vertices.size();
          // What a worker does after reading (ModelMesh::weldFacets) and
          // once the GPU copy is made, each timed apart.
          const auto w0 = Clock::now();
          m.mesh.weldFacets();
          weldMs += ms(Clock::now() - w0);
          welded += m.mesh.vertices.size();
          const auto k0 = Clock::now();
          m.mesh.keepOnlyWhatPickingReads();
          keepMs += ms(Clock::now() - k0);
          kept += m.mesh.vertexCount(), keptBytes += m.mesh.pickBytes();
        }
      seconds.push_back(ms(Clock::now() - t0) / 1000 - keepMs / 1000 - weldMs / 1000);
      keepSeconds.push_back(keepMs / 1000);
      weldSeconds.push_back(weldMs / 1000);
    }
    const double mid = bench::median(seconds);
    std::printf("read all: %zu files, %.1f MB on disk, %.2f M triangles, %.2f M vertices; %.3f s a pass (median of %d: ", files.size(),
                bytes / 1e6, triangles / 1e6, vertices / 1e6, mid, readPasses);
    for (double t : seconds) std::printf("%.3f ", t);
    std::printf("s), %.1f M triangles/s, %.1f files/s\n", triangles / 1e6 / mid, files.size() / mid);
    std::printf("  faceted meshes welded: %.2f M vertices of %.2f M: %.3f s a pass (median of %d)\n", welded / 1e6, vertices / 1e6,
                bench::median(weldSeconds), readPasses);
    std::printf("  picking's part kept (corners welded: %.2f M vertices of %.2f M; %.1f MB): %.3f s a pass (median of %d)\n",
                kept / 1e6, welded / 1e6, keptBytes / 1048576.0, bench::median(keepSeconds), readPasses);
    return 0;
  }
  const assets::tiles3d::TilesetSource source{tileset};
  const geo::GeoFrame frame(assets::tiles3d::tilesetCentre(source));
  auto r = renderer::Renderer::createHeadless({false, true, msaa, ""}, width, height);
  assets::tiles3d::StreamOptions so;
  so.memoryBudget = size_t(budgetMb * 1048576);
  if (prepareOnWorkers) so.prepare = r->meshPreparer();  // as the app: the loading workers make the GPU buffers
  assets::tiles3d::TilesetStreamer streamer({source}, frame, so);
  const auto root = streamer.roots().at(0);
  scene::CityModel empty;
  empty.frame = frame;
  const glm::dvec2 lo(root.min()), hi(root.max());
  empty.ground = scene::makeGround(frame, lo - 2000.0, hi + 2000.0, 64);
  r->setCity(empty);

  if (!web.empty()) {
    // One view: every tile it needs loaded, then frames timed.
    scene::MapCamera cam;
    cam.target = frame.toLocal({web[0], web[1], 0});
    cam.distance = scene::distanceForWebZoom(web[2], web[1], height);
    cam.pitch = web[3], cam.heading = web[4];
    cam.normalize();
    scene::FrameView view;
    view.camera = cam.matrices(width, height);
    view.cameraDistance = cam.distance;
    view.theme = scene::nightTheme();
    for (int i = 0; i < 20000; ++i) {
      streamer.update(view.camera, height);
      if (streamer.loading() == 0 && i > 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    view.tiles3d = streamer.draws();
    view.buildingCount = streamer.featureEnd();
    std::vector<double> times;
    for (int f = 0; f < frames + 2; ++f) {
      r->drawFrame(view, nullptr);
      r->waitIdle();
      if (f >= 2) times.push_back(r->lastFrameStats().gpuMs);
    }
    const auto s = streamer.stats();
    std::printf("%ux%u view: GPU %.1f ms/frame (median of %d), %zu tiles drawn, %.2f M triangles%s, %.2f M points, %.1f MB loaded\n",
                width, height, median(times), frames, s.drawnTiles, s.drawnTriangles / 1e6,
                cityTriangles ? (" of the city's " + std::to_string(cityTriangles)).c_str() : "", s.drawnPoints / 1e6,
                s.residentBytes / 1048576.0);
    // A click in the middle of the view, on the CPU, as the app picks (a
    // point cloud's every point is tested against the ray).
    std::vector<double> picks;
    for (int k = 0; k < 9; ++k) {
      const auto p0 = Clock::now();
      (void)scene::pickTiles(view.tiles3d, cam, {width / 2.0, height / 2.0}, width, height);
      picks.push_back(ms(Clock::now() - p0));
    }
    std::printf("  a click's pick: %.2f ms (median of 9)\n", median(picks));
    // What the view's content holds on each side: the GPU copies, and the
    // CPU's (only what picking reads once a worker made the GPU copy; the
    // whole mesh when the frame made it, --prepare frame).
    double gpuMb = 0, cpuMb = 0;
    for (const auto& d : view.tiles3d) {
      const scene::ModelMesh& m = *d.mesh;
      size_t cpu = m.pickingOnly() ? m.pickBytes() : m.vertices.size() * sizeof(scene::ModelVertex) + m.indices.size() * 4;
      if (!m.pickingOnly())
        for (const auto& i : m.images) cpu += i.rgba.size();
      gpuMb += m.gpuBytes() / 1048576.0, cpuMb += cpu / 1048576.0;
    }
    malloc_trim(0);  // what the heap has freed goes back, so RSS is what is held
    std::printf("  the view's meshes: %.1f MB on the GPU, %.1f MB kept on the CPU; RSS %.0f MB now (trimmed), peak %.0f MB\n", gpuMb,
                cpuMb, bench::residentKiB() / 1024.0, bench::peakResidentKiB() / 1024.0);
    std::printf("  features numbered: %zu, the registry %.1f MB (%.0f bytes a feature)\n", s.features, s.featureBytes / 1048576.0,
                s.features ? double(s.featureBytes) / double(s.features) : 0.0);
    return 0;
  }

  // The flight: from 20 km over the island down to 800 m above its south,
  // then north along it at that height.
  const glm::dvec2 middle = (lo + hi) * 0.5;
  const double span = hi.y - lo.y;
  std::vector<double> cpu, gpu, update;
  size_t slow = 0, trianglesMax = 0, copies = 0;
  double peakMb = 0, gpuTilesMb = 0;
  const auto start = Clock::now();
  for (int f = 0; f < frames; ++f) {
    const double t = double(f) / std::max(1, frames - 1);
    scene::MapCamera cam;
    cam.heading = 20, cam.pitch = 55;
    if (t < 0.3) {
      const double u = t / 0.3;
      cam.distance = 20000 * std::pow(800.0 / 20000, u);
      cam.target = glm::dvec3(middle.x, middle.y - span * 0.4 * u, 0);
    } else {
      const double u = (t - 0.3) / 0.7;
      cam.distance = 800;
      cam.target = glm::dvec3(middle.x, middle.y - span * 0.4 + span * 0.8 * u, 0);
    }
    cam.normalize();
    const auto u0 = Clock::now();
    streamer.update(cam.matrices(width, height), height);
    update.push_back(ms(Clock::now() - u0));
    scene::FrameView view;
    view.camera = cam.matrices(width, height);
    view.cameraDistance = cam.distance;
    view.theme = scene::nightTheme();
    view.tiles3d = streamer.draws();
    view.buildingCount = streamer.featureEnd();
    r->drawFrame(view, nullptr);
    const auto st = r->lastFrameStats();
    copies += st.uploads;
    cpu.push_back(st.cpuMs + update.back());
    if (st.gpuMs >= 0) gpu.push_back(st.gpuMs);
    slow += cpu.back() > 50;
    const auto s = streamer.stats();
    peakMb = std::max(peakMb, s.residentBytes / 1048576.0);
    trianglesMax = std::max(trianglesMax, s.drawnTriangles);
    gpuTilesMb = std::max(gpuTilesMb, r->gpuMemory().tiles / 1048576.0);
  }
  r->waitIdle();
  const double seconds = ms(Clock::now() - start) / 1000;
  const auto s = streamer.stats();
  std::printf("flight: %d frames at %ux%u in %.1f s on %s\n", frames, width, height, seconds, r->deviceName().c_str());
  std::printf("  tiles loaded: %zu (%.1f per second), evicted %zu, refused %zu, waited for room %zu, failed %zu\n", s.loaded,
              s.loaded / seconds, s.evicted, s.refused, s.waitedForRoom, s.failed);
  std::printf("  content loaded: peak %.1f MB; held with loads and frames in flight: peak %.1f MB of a %.0f MB budget;"
              " GPU tile memory peak %.1f MB (after each frame)\n",
              peakMb, s.peakHeldBytes / 1048576.0, budgetMb, gpuTilesMb);
  std::printf("  CPU ms per frame (update + uploads + recording): median %.2f, max %.1f; streamer update median %.3f ms\n", median(cpu),
              *std::max_element(cpu.begin(), cpu.end()), median(update));
  std::printf("  frames over 50 ms of CPU: %zu of %d\n", slow, frames);
  std::printf("  copies recorded by the frames (staged uploads, textures): %zu; tree: %zu tiles known at the end, %zu parts forgotten\n",
              copies, s.tilesKnown, s.forgotten);
  std::printf("  GPU ms per frame: median %.1f\n", median(gpu));
  if (cityTriangles)
    std::printf("  triangles drawn: at most %zu (%.1f %% of the city's %zu)\n", trianglesMax, 100.0 * trianglesMax / cityTriangles, cityTriangles);
  else
    std::printf("  triangles drawn: at most %zu\n", trianglesMax);
  std::printf("  peak RSS %.0f MB\n", bench::peakResidentKiB() / 1024.0);
  return 0;
}
