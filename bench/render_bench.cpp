// render_bench — renders a city headless and reports what BENCHMARKS.md
// records: load time from GeoJSON to the first finished frame, GPU ms per
// frame (timestamp queries), CPU ms per frame (update + culling + recording +
// submission), triangles and draw calls, GPU and CPU memory per building.
// Medians over --frames frames. Not a test: nothing here asserts a timing.
//
//   render_bench [--city FILE] [--web-camera lon,lat,zoom,pitch,bearing]
//                [--sizes 1920x1080,3840x2160] [--frames 30] [--msaa 4]
//                [--basemap FILE ...]   (GeoJSON layers or an .mbtiles file; repeatable)
//                [--features CONFIG.toml]  (its [[layers.features]]: the governance layers)
//                [--tiles FILE.mbtiles]    (tiles for the camera, on workers: time until they show)
//                [--lod-pixels P]          (buildings smaller than P pixels left out; 0: all; default 1)
//                [--coarse-pixels P]       (chunks at their coarse level while its error spans under P pixels;
//                                          0: never; default 1)
//                [--block-pixels P]        (chunks at their block level while its error spans under P pixels;
//                                          0: never; default 1)
//                [--outline-pixels P]      (buildings under P pixels drawn without outlines; 0: all; default 2)
//                [--no-coarse-level]       (the chunks' coarse levels not built: what they cost to load)
//                [--no-block-level]        (the same for the block levels alone)
//                [--no-corner-weld]        (a vertex per face at each corner, as before assets/corner_weld.h)
//                [--index32]               (the buildings' indices uploaded as 32 bits, as before
//                                          renderer/vulkan/narrow_indices.h)
//                [--culling gpu|always|frustum|cpu]  (GPU culling with occlusion while it pays (default), with
//                                          it every frame, without it, or per chunk on the CPU)
//                [--png FILE]              (the first size's frame, written after its timing)
//                [--cases FILE.csv[.gz]]   (NYC 311 requests, replayed into a store: heat and case markers drawn
//                                          as the wall draws them; the heat counts every status, as the peer)
//                [--remap-cases]           (their positions rescaled into the city's box, as the deck.gl peer
//                                          does for Shanghai)
//                [--mark lon,lat,radius]   (an area marked: the buildings inside tinted, its disc and ring on
//                                          the ground, as a drill's cordon; prints what tinting them costs the frame step)
//                (--city none: no buildings, the frame around the camera)
//
// Without --city it reads the 113k-building Manhattan set from
// ../shared/data and skips with a message when that is absent.

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/view_setup.h"
#include "assets/basemap_tiles.h"
#include "config/config_file.h"
#include "scene/layers/feature_layer.h"
#include "bench/bench_stats.h"
#include "bench/peer_cases.h"
#include "bench/process_memory.h"
#include "assets/city_loader.h"
#include "renderer/renderer.h"
#include "scene/scene.h"

using namespace citywall;
using Clock = std::chrono::steady_clock;

namespace {

using bench::median;

size_t cityBytes(const scene::CityModel& c) {
  size_t b = c.vertices.capacity() * sizeof(scene::BuildingVertex) + (c.indices.capacity() + c.lineIndices.capacity()) * 4 +
             c.chunks.capacity() * sizeof(scene::BuildingChunk) + c.buildings.capacity() * sizeof(scene::BuildingInfo) +
             c.rings.points.capacity() * sizeof(glm::vec2) + c.rings.ends.capacity() * 4;
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
  float lodPixels = 1, coarsePixels = 1, blockPixels = 1, outlinePixels = 2;
  std::string culling = "gpu";
  std::string pngPath;
  std::vector<assets::BaseMapSource> basemap;
  std::vector<scene::FeatureLayerStyle> features;
  std::string tileFile;
  std::string casesFile;
  bool coarseLevel = true, blockLevel = true, remapCases = false, weldCorners = true, narrowIndices = true;
  std::optional<scene::AreaMark> mark;
  for (int i = 1; i < argc;)  // the flags without a value
    if (const std::string a = argv[i]; a == "--no-coarse-level" || a == "--no-block-level" || a == "--remap-cases" ||
                                       a == "--no-corner-weld" || a == "--index32") {
      if (a == "--remap-cases") remapCases = true;
      else if (a == "--no-corner-weld") weldCorners = false;
      else if (a == "--index32") narrowIndices = false;
      else (a == "--no-coarse-level" ? coarseLevel : blockLevel) = false;
      for (int k = i; k + 1 < argc; ++k) argv[k] = argv[k + 1];
      --argc;
    } else {
      ++i;
    }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--city") city = v;
    else if (a == "--frames") frames = std::stoi(v);
    else if (a == "--msaa") msaa = std::stoi(v);
    else if (a == "--lod-pixels") lodPixels = std::stof(v);
    else if (a == "--coarse-pixels") coarsePixels = std::stof(v);
    else if (a == "--block-pixels") blockPixels = std::stof(v);
    else if (a == "--outline-pixels") outlinePixels = std::stof(v);
    else if (a == "--png") pngPath = v;
    else if (a == "--cases") casesFile = v;
    else if (a == "--culling") culling = v;
    else if (a == "--mark") {
      mark.emplace();
      std::sscanf(v.c_str(), "%lf,%lf,%lf", &mark->lon, &mark->lat, &mark->radius);
      mark->id = "bench";
    }
    else if (a == "--basemap") {
      assets::BaseMapSource source;
      source.file = v;
      if (v.ends_with(".mbtiles")) source.kind = assets::BaseMapKind::mbtiles;
      basemap.push_back(source);
    } else if (a == "--features") {
      features = config::loadConfig(v).features;
    } else if (a == "--tiles") {
      tileFile = v;
    } else if (a == "--web-camera") {
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
  const bool noCity = city == "none";  // only what --basemap, --features and --tiles bring, around the camera
  if (!noCity && !std::filesystem::exists(city)) {
    std::printf("render_bench: SKIPPED: %s not found (the benchmark data lives in ../shared/data)\n", city.c_str());
    return 0;
  }

  const long rss0 = bench::residentKiB();
  const auto t0 = Clock::now();
  assets::CitySpec spec;
  if (noCity) spec.origin = geo::LonLatHeight{web[0], web[1], 0};
  else spec.buildings = {city};
  spec.basemap = basemap;
  spec.features = features;
  spec.extrude.coarseLevel = coarseLevel;
  spec.extrude.blockLevel = blockLevel;
  spec.extrude.weldCorners = weldCorners;
  scene::CityModel model = assets::loadCity(spec);
  const auto tLoaded = Clock::now();
  const long rssLoaded = bench::residentKiB();

  renderer::RendererOptions options;
  options.vsync = true, options.msaaSamples = msaa;
  options.gpuCulling = culling != "cpu";
  options.narrowIndices = narrowIndices;
  options.occlusion = culling == "gpu"      ? renderer::RendererOptions::Occlusion::whenItPays
                        : culling == "always" ? renderer::RendererOptions::Occlusion::always
                                              : renderer::RendererOptions::Occlusion::off;
  auto r = renderer::Renderer::createHeadless(options, sizes[0].first, sizes[0].second);
  r->setCity(model);
  config::AppOptions o;
  o.webCamera = config::WebCameraSpec{web[0], web[1], web[2], web[3], web[4]};
  scene::FeatureLayers featureLayers(model.features, model.frame.origin().lat);
  std::unique_ptr<assets::BaseMapTiles> tiles;
  if (!tileFile.empty()) {
    assets::BaseMapSource source;
    source.file = tileFile, source.kind = tileFile.ends_with(".pmtiles") ? assets::BaseMapKind::pmtiles : assets::BaseMapKind::mbtiles;
    tiles = std::make_unique<assets::BaseMapTiles>(std::vector{source}, model.frame);
  }
  // Cases: the product's frame step (scene::Scene) makes their heat and markers.
  std::optional<bench::PeerCases> cases;
  std::unique_ptr<scene::Scene> caseScene;
  if (!casesFile.empty()) {
    std::optional<bench::LonLatBox> into;
    if (remapCases) {
      into.emplace();
      for (const auto& c : model.chunks)
        for (const glm::dvec3 corner : {c.origin + glm::dvec3(c.boundsMin), c.origin + glm::dvec3(c.boundsMax)}) {
          const auto g = model.frame.toGeodetic(corner);
          into->add(g.lon, g.lat);
        }
    }
    cases = bench::loadPeerCases(casesFile, into);
    scene::LayerStyles styles;
    for (size_t k = 0; k < live::kCaseStatusCount; ++k) styles.heat.statuses.insert(live::CaseStatus(k));
    caseScene = std::make_unique<scene::Scene>(model, nullptr, styles, cases->lastMessage);
    caseScene->animate = false;
  }
  // An area marked, through the product's frame step: what tinting the
  // buildings inside costs it (set and cleared, alternately).
  std::unique_ptr<scene::Scene> markScene;
  if (mark) {
    markScene = std::make_unique<scene::Scene>(model, nullptr, scene::LayerStyles{}, 0);
    std::vector<double> ms;
    for (int i = 0; i < 21; ++i) {
      markScene->setMarks({});
      const auto t = Clock::now();
      markScene->setMarks({*mark});
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    const scene::FrameView v = markScene->snapshot({0, 0, 0}, {1920, 1080, 1});
    std::printf("mark: %zu buildings inside %.0f m, tinted in %.3f ms (median of 21)\n", v.buildings.styled.size(), mark->radius,
                median(ms));
    // What an operator's click costs under the mark: a building selected
    // (two in turn) restyles the set; the scene makes it, the renderer
    // applies it to its table (the shared code path, timed without a GPU).
    auto table = renderer::Renderer::createNull(64, 64);
    table->drawFrame(markScene->snapshot({0, 0, 0}, {64, 64, 1}), nullptr);
    std::vector<double> sceneMs, applyMs;
    for (int i = 0; i < 21 && !model.buildings.empty(); ++i) {
      const auto t = Clock::now();
      markScene->selectBuilding(uint32_t(i % 2 ? 0 : model.buildings.size() - 1));
      const auto made = Clock::now();
      table->drawFrame(markScene->snapshot({0, 0, 0}, {64, 64, 1}), nullptr);
      sceneMs.push_back(std::chrono::duration<double, std::milli>(made - t).count());
      applyMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - made).count());
    }
    markScene->clearSelection();
    std::printf("mark: a building selected under it: the scene restyles in %.3f ms, the renderer applies it in %.3f ms "
                "(medians of 21)\n", median(sceneMs), median(applyMs));
  }
  auto frameFor = [&](uint32_t w, uint32_t h) {
    const scene::MapCamera camera = app::initialCamera(o, model, w, h);
    scene::FrameView view = app::frameView(camera, scene::nightTheme(), w, h);
    if (caseScene) {
      // The heat's auto colour domain follows the densest cell the renderer
      // found: a few frames (of 30 s each, past its smoothing) settle it.
      const scene::FrameClock clock{cases->lastMessage, 30, 0};
      const scene::Viewport viewport{w, h, 1};
      caseScene->camera() = camera;
      for (int settle = 0; settle < 3; ++settle) {
        caseScene->update(cases->store, clock, viewport, r->feedback());
        scene::FrameView layers = caseScene->snapshot(clock, viewport);
        layers.outlinePixels = outlinePixels;
        r->drawFrame(layers, nullptr);
        r->waitIdle();
      }
      caseScene->update(cases->store, clock, viewport, r->feedback());
      const scene::FrameView layers = caseScene->snapshot(clock, viewport);
      view.markers = layers.markers, view.heat = layers.heat;
    }
    featureLayers.update(camera.distance);
    view.features = featureLayers.frame();
    view.featurePaints = featureLayers.paints();
    view.buildingLodPixels = lodPixels;
    view.coarsePixels = coarsePixels;
    view.blockPixels = blockPixels;
    view.outlinePixels = outlinePixels;
    if (tiles) view.tiles = &tiles->map(), view.tilesVersion = tiles->version();
    if (markScene) {
      const scene::FrameView marked = markScene->snapshot({0, 0, 0}, {w, h, 1});
      view.buildings = marked.buildings;
      view.markGround = marked.markGround, view.markGroundVersion = marked.markGroundVersion, view.markPaints = marked.markPaints;
      view.picked = marked.picked;  // the centre's diamond
    }
    return view;
  };
  if (tiles) {
    // From asking for the view's tiles to all of them built (the frame step
    // never waits for this: it draws what is ready).
    const scene::MapCamera camera = app::initialCamera(o, model, sizes[0].first, sizes[0].second);
    const double mpp = 2 * camera.distance * std::tan(scene::MapCamera::kFovYDegrees * M_PI / 360) / sizes[0].second;
    const auto start = Clock::now();
    tiles->want({assets::areaAround(model.frame, glm::dvec2(camera.target) - 3 * camera.distance,
                                    glm::dvec2(camera.target) + 3 * camera.distance),
                 mpp});
    while (tiles->loading()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      tiles->collect();
    }
    tiles->collect();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const auto& b = tiles->map();
    std::printf("tiles for the camera: zoom %u, %zu tiles shown (%zu read, %zu bad) in %.1f ms on workers; %zu vertices, %.2f M "
                "triangles, %zu names\n",
                tiles->zoom(), tiles->tilesShown(), b.report.tiles, b.report.badTiles, ms, b.vertices.size(),
                (b.areas.size() + b.lines.size()) / 3e6, b.labels.size());
    // What following the camera costs a frame when nothing new is needed.
    std::vector<double> idle;
    for (int i = 0; i < 200; ++i) {
      const auto t = Clock::now();
      tiles->want({assets::areaAround(model.frame, glm::dvec2(camera.target) - 3 * camera.distance,
                                      glm::dvec2(camera.target) + 3 * camera.distance),
                   mpp});
      tiles->collect();
      idle.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    std::printf("tiles: want + collect with nothing new: %.4f ms (median of 200)\n", median(idle));
  }
  r->drawFrame(frameFor(sizes[0].first, sizes[0].second), nullptr);
  r->waitIdle();
  const auto tFirst = Clock::now();
  const double loadS = std::chrono::duration<double>(tLoaded - t0).count();
  const double firstS = std::chrono::duration<double>(tFirst - t0).count();
  const size_t n = std::max<size_t>(1, model.buildings.size());
  const auto mem = r->gpuMemory();

  std::printf("device: %s, %ux MSAA, culling: %s\n", r->deviceName().c_str(), r->sampleCount(), culling.c_str());
  std::printf("city: %s\n", city.c_str());
  std::printf("buildings: %zu (%zu repaired, %zu skipped), chunks: %zu, triangles: %zu, vertices: %zu (all levels%s)\n",
              model.buildings.size(), model.report.repaired, model.report.skipped, model.chunks.size(), model.triangleCount(),
              model.vertices.size(), weldCorners ? ", corners welded" : "");
  {
    size_t coarse = 0, coarseLines = 0, lines = 0, coarseChunks = 0, block = 0, blockLines = 0, blockChunks = 0;
    std::vector<double> errors, blockErrors;
    for (const auto& c : model.chunks) {
      coarse += c.coarseIndexCount / 3, coarseLines += c.coarseLineCount / 2, lines += c.lineIndexCount / 2;
      if (c.coarseIndexCount) ++coarseChunks, errors.push_back(c.coarseError);
      block += c.blockIndexCount / 3, blockLines += c.blockLineCount / 2;
      if (c.blockIndexCount) ++blockChunks, blockErrors.push_back(c.blockError);
    }
    std::printf("coarse levels: %zu chunks, %zu triangles (%.1f %% of theirs), %zu outlines (of %zu), error "
                "median %.1f m, max %.1f m\n",
                coarseChunks, coarse, 100.0 * double(coarse) / double(std::max<size_t>(1, model.triangleCount())), coarseLines,
                lines, errors.empty() ? 0.0 : double(median(errors)), errors.empty() ? 0.0 : double(*std::max_element(errors.begin(), errors.end())));
    std::printf("block levels: %zu chunks, %zu triangles (%.1f %% of the coarse levels'), %zu outlines, error median %.1f m, max %.1f m\n",
                blockChunks, block, 100.0 * double(block) / double(std::max<size_t>(1, coarse)), blockLines,
                blockErrors.empty() ? 0.0 : double(median(blockErrors)),
                blockErrors.empty() ? 0.0 : double(*std::max_element(blockErrors.begin(), blockErrors.end())));
  }
  std::printf("load GeoJSON -> city model: %.2f s; -> first frame finished: %.2f s\n", loadS, firstS);
  std::printf("GPU memory: %.1f MB (%.0f bytes/building; building indices %.1f MB, culling %.1f MB); CPU city model: %.1f MB "
              "(%.0f bytes/building); RSS growth while loading: %.1f MB\n",
              mem.total() / 1e6, double(mem.total()) / n, mem.buildingIndices / 1e6, mem.culling / 1e6, cityBytes(model) / 1e6,
              double(cityBytes(model)) / n, (rssLoaded - rss0) / 1024.0);

  if (!model.features.empty()) {
    size_t points = 0, lines = 0, areas = 0;
    for (const auto& r : model.features.reports) points += r.points, lines += r.lines, areas += r.areas;
    const auto& g = model.features.ground;
    std::printf("governance layers: %zu layers, %zu icons, %zu lines, %zu areas; %zu ground vertices, %.3f M triangles\n",
                model.features.layers.size(), points, lines, areas, g.vertices.size(), (g.areas.size() + g.lines.size()) / 3e6);
  }
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
    std::vector<double> gpu, cpu, wall, cull, work;
    renderer::FrameStats last;
    for (int i = 0; i < frames; ++i) {
      const auto start = Clock::now();
      const double cpuStart = bench::processCpuMs();
      r->drawFrame(view, nullptr);
      r->waitIdle();  // one frame at a time, so each timestamp pair is one frame
      wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      work.push_back(bench::processCpuMs() - cpuStart);
      last = r->lastFrameStats();
      if (last.gpuMs >= 0) gpu.push_back(last.gpuMs);
      cpu.push_back(last.cpuMs);
      if (last.cullMs >= 0) cull.push_back(last.cullMs);
    }
    std::printf("%ux%u: GPU %.2f ms/frame (median of %zu), CPU %.3f ms/frame, submit-to-idle wall %.1f ms/frame, "
                "triangles %.2f M (buildings %.2f M of %.2f M loaded%s), draw calls %u, chunks drawn %u/%u, coarse %u (block %u)\n",
                w, h, median(gpu), gpu.size(), median(cpu), median(wall), last.triangles / 1e6, last.buildingTriangles / 1e6,
                last.trianglesLoaded / 1e6, last.gpuCulled ? ", culled on the GPU" : "", last.drawCalls, last.chunksDrawn,
                last.chunksTotal, last.chunksCoarse, last.chunksBlock);
    if (last.gpuCulled) std::printf("  GPU culling, early phase: %.2f ms/frame (median)\n", median(cull));
    if (cases)
      std::printf("  cases: %zu in the store, %u markers drawn, %u heat points; GPU ms: heat compute %.2f, city and drape %.2f, "
                  "markers %.2f (last frame)\n",
                  cases->located, last.markers, last.heatPoints, last.heatComputeMs, last.cityMs, last.markersMs);
    // With a software rasteriser this is the frame's whole work, all threads.
    std::printf("  process CPU time: %.1f ms/frame (median)\n", median(work));
    if (!pngPath.empty()) {
      std::string error;
      if (!renderer::savePng(r->drawFrameAndRead(view, nullptr), pngPath, error))
        std::fprintf(stderr, "render_bench: %s\n", error.c_str());
      pngPath.clear();  // the first size only
    }
  }
  // What the wall gives back once the city is on the GPU (app::uploadCity
  // frees the buildings' CPU mesh the same way).
  // malloc_trim first, alone, so the release's figure is the mesh's own.
  r->waitIdle();
  const long rssKept = bench::residentKiB();
  malloc_trim(0);
  const long rssTrimmed = bench::residentKiB();
  const size_t keptBytes = cityBytes(model);
  model.releaseBuildingMesh();
  malloc_trim(0);
  std::printf("mesh released after upload: CPU city model %.1f -> %.1f MB (%.0f -> %.0f bytes/building); RSS %.1f, trimmed "
              "%.1f, released %.1f MB\n",
              keptBytes / 1e6, cityBytes(model) / 1e6, double(keptBytes) / n, double(cityBytes(model)) / n, rssKept / 1024.0,
              rssTrimmed / 1024.0, bench::residentKiB() / 1024.0);
  return 0;
}
