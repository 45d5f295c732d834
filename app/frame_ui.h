#pragma once
// One frame's UI, the same in the window and in screenshots: the overlay
// information (labels, legend, attributions, stats) and then either the
// dashboard panels or the plain status overlay. Commands the panels emit
// are appended to `out` for the WallDriver.

#include "app/live_layers.h"
#include "app/ui_layer.h"
#include "app/wall_driver.h"

namespace citywall::app {

ui::OverlayInfo overlayInfo(const renderer::Renderer& r, const scene::CityModel& city, const scene::FrameView& view,
                            const LiveLayers& layers, const LiveSession& live, ui::Language language, double width,
                            double height);

ImDrawData* buildFrameUi(UiLayer& ui, WallDriver& driver, const renderer::Renderer& r, const scene::CityModel& city,
                         const scene::FrameView& view, const LiveLayers& layers, const LiveSession& live, uint32_t width,
                         uint32_t height, double seconds, ui::Commands& out);

}  // namespace citywall::app
