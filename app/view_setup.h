#pragma once
// Turning options and a loaded city into what a frame needs: the initial
// camera and the per-frame FrameView. Shared by the window, headless runs,
// render tests and benchmarks, so they all see a city the same way.

#include "config/command_line.h"
#include "renderer/renderer.h"
#include "scene/city_model.h"
#include "scene/frame_view.h"

namespace citywall::app {

/// The renderer options the command line asks for (the window adds vsync).
renderer::RendererOptions rendererOptions(const config::AppOptions& options);

/// The city spec the command line asks for.
assets::CitySpec citySpecFrom(const config::AppOptions& options);
/// A tile archive without a pinned `zoom` is read for the camera as it
/// moves (assets::BaseMapTiles), not once with the city.
bool followsCamera(const assets::BaseMapSource& source);

/// The camera the options ask for, or one that frames the whole city (a
/// tilted overview, heading −25° like the peers' cameras).
scene::MapCamera initialCamera(const config::AppOptions& options, const scene::CityModel& city, double width, double height);

/// Camera from lon/lat/distance/heading/pitch in the city's frame.
scene::MapCamera cameraAt(const scene::CityModel& city, const config::CameraSpec& spec);

/// The frame description for a camera and theme in a width × height target.
scene::FrameView frameView(const scene::MapCamera& camera, const scene::Theme& theme, double width, double height);

}  // namespace citywall::app
