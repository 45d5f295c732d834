#include "app/frame_ui.h"

#include "app/runs.h"
#include "ui/dashboard.h"

namespace citywall::app {

ui::OverlayInfo overlayInfo(const renderer::Renderer& r, const scene::CityModel& city, const scene::FrameView& view,
                            const LiveLayers& layers, const LiveSession& live, ui::Language language, double width,
                            double height) {
  const auto stats = r.lastFrameStats();
  const auto eye = city.frame.toGeodetic(view.camera.eye);
  ui::OverlayInfo info{stats.cpuMs, stats.gpuMs, city.buildings.size(), stats.triangles, stats.drawCalls,
                       eye.lon, eye.lat, eye.height, r.deviceName(), city.attributions,
                       liveLines(live, language), {}, layers.regionLabels(view, width, height), layers.legend(language)};
  for (auto& l : layers.sensorLabels(view, live, width, height, language)) info.labels.push_back(std::move(l));
  return info;
}

ImDrawData* buildFrameUi(UiLayer& ui, WallDriver& driver, const renderer::Renderer& r, const scene::CityModel& city,
                         const scene::FrameView& view, const LiveLayers& layers, const LiveSession& live, uint32_t width,
                         uint32_t height, double seconds, ui::Commands& out) {
  if (driver.languageChanged()) ui.setLanguage(driver.language());
  ui::OverlayInfo info = overlayInfo(r, city, view, layers, live, driver.language(), width, height);
  if (!driver.panels) {
    info.selectionLines = driver.selection().describe(city, live, driver.language());
    return ui.build(info, width, height, seconds);
  }
  ui::DashboardInput in = driver.dashboardInput(live, std::move(info), seconds);
  in.scale = ui.scale();
  return ui.build([&] { ui::drawDashboard(in, driver.dashboardState(), out); }, width, height, seconds);
}

}  // namespace citywall::app
