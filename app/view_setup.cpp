#include "app/view_setup.h"

#include <cstdlib>

namespace citywall::app {

bool followsCamera(const assets::BaseMapSource& source) {
  return source.kind != assets::BaseMapKind::geojson && !source.zoom;
}

renderer::RendererOptions rendererOptions(const config::AppOptions& o) {
  renderer::RendererOptions ro;
  ro.validation = o.validation;
  ro.msaaSamples = o.msaa;
  ro.deviceFilter = o.device;
  ro.gpuCulling = o.culling != "cpu";
  ro.occlusion = o.culling == "gpu" ? renderer::RendererOptions::Occlusion::whenItPays : renderer::RendererOptions::Occlusion::off;
  ro.presentBarrier = !o.wallNode.empty();  // a wall's node: hardware frame lock where the site has it
  // Tests: the first renderer made loses its device at this frame (the
  // renderer made again after it does not), so the recovery runs on
  // machines whose GPU never fails (tests/window/display_faults.sh, the recovered dashboard golden).
  static bool lossTaken = false;
  if (const char* at = std::getenv("CITYWALL_TEST_LOSE_DEVICE_AT_FRAME"); at && !lossTaken)
    ro.loseDeviceAtFrame = std::strtoull(at, nullptr, 10), lossTaken = true;
  if (o.wall && o.wallPanels.size() > 1) {
    // A block of panels: drawn as their span of the wall, shown side by side.
    const scene::CanvasRect span = o.wall->spanOf(o.wallPanels);
    renderer::OutputCut cut{uint32_t(span.width), uint32_t(span.height), {}};
    for (const auto& p : o.wall->outputOf(o.wallPanels).pieces)
      cut.pieces.push_back({p.fromX, p.fromY, p.toX, p.toY, o.wall->panelWidth, o.wall->panelHeight});
    ro.cut = std::move(cut);
  }
  return ro;
}

assets::CitySpec citySpecFrom(const config::AppOptions& options) {
  assets::CitySpec spec;
  spec.buildings = options.cityFiles;
  spec.cacheDir = options.cityCache.value_or("");
  spec.models = options.models;
  spec.tilesets = options.tilesets;
  spec.origin = options.origin;
  // Tile archives without a pinned zoom follow the camera (app/frame_loop);
  // the rest is read once with the city.
  for (const auto& b : options.basemap)
    if (!followsCamera(b)) spec.basemap.push_back(b);
  spec.features = options.features;
  // An empty city still needs a frame: centre it on the requested camera.
  if (!spec.origin && options.cityFiles.empty() && options.models.empty() && options.tilesets.empty()) {
    if (options.camera) spec.origin = geo::LonLatHeight{options.camera->lon, options.camera->lat, 0};
    else if (options.webCamera) spec.origin = geo::LonLatHeight{options.webCamera->lon, options.webCamera->lat, 0};
  }
  return spec;
}

scene::MapCamera cameraAt(const scene::CityModel& city, const config::CameraSpec& spec) {
  scene::MapCamera cam;
  const glm::dvec3 t = city.frame.toLocal({spec.lon, spec.lat, 0.0});
  cam.target = t;
  cam.distance = spec.distance;
  cam.heading = spec.heading;
  cam.pitch = spec.pitch;
  cam.normalize();
  return cam;
}

scene::MapCamera initialCamera(const config::AppOptions& options, const scene::CityModel& city, double width, double height) {
  if (options.camera) return cameraAt(city, *options.camera);
  if (!options.bookmark.empty())
    for (const auto& b : options.bookmarks)
      if (b.name == options.bookmark) return cameraAt(city, {b.view.lon, b.view.lat, b.view.distance, b.view.heading, b.view.pitch});
  if (options.webCamera) {
    const auto& w = *options.webCamera;
    return cameraAt(city, {w.lon, w.lat, scene::distanceForWebZoom(w.zoom, w.lat, height), w.bearing, w.pitch});
  }
  scene::MapCamera cam;
  cam.heading = -25;
  cam.pitch = 50;
  cam.normalize();
  if (city.empty()) {
    cam.target = glm::dvec3(0.0);
    cam.distance = 3000;
  } else {
    cam.fitBox(city.boundsMin, city.boundsMax, width, height);
    cam.distance *= 0.8;  // a tilted view shows more than the fitted circle
  }
  return cam;
}

scene::FrameView frameView(const scene::MapCamera& camera, const scene::Theme& theme, double width, double height) {
  scene::FrameView v;
  v.camera = camera.matrices(width, height);
  v.cameraDistance = camera.distance;
  v.theme = theme;
  return v;
}

}  // namespace citywall::app
