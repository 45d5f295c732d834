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
  // Text from the feed the font may not have yet: the rows on screen, the
  // selected case, the alarms.
  const auto& cases = live.store().cases();
  for (const auto& row : driver.dashboardState().visibleRows)
    if (const live::CaseRecord* c = cases.find(row.id)) ui.requireText(c->title), ui.requireText(c->address);
  if (auto slot = driver.selection().caseSlot(); slot && *slot < cases.all().size()) {
    const auto& c = cases.all()[*slot];
    for (const std::string* t : {&c.title, &c.address, &c.description, &c.agency, &c.source, &c.grid}) ui.requireText(*t);
    for (const auto& [k, v] : c.props) ui.requireText(k), ui.requireText(v);
  }
  const auto& sensors = live.store().sensors();
  size_t shown = 0;
  for (uint32_t slot : sensors.sensorsAtWarnOrAbove())
    if (++shown <= 16) ui.requireText(sensors.all()[slot].name);
  for (const auto& [id, a] : sensors.explicitAlarms())
    if (++shown <= 32) ui.requireText(a.message);
  if (auto slot = driver.selection().sensorSlot(); slot && *slot < sensors.all().size()) ui.requireText(sensors.all()[*slot].name);

  ui::DashboardInput in = driver.dashboardInput(live, std::move(info), seconds);
  in.scale = ui.scale();
  return ui.build([&] { ui::drawDashboard(in, driver.dashboardState(), out); }, width, height, seconds);
}

}  // namespace citywall::app
