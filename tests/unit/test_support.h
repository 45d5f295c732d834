#pragma once
// Small helpers shared by the unit tests.

#include <string>

#include "assets/building_extruder.h"
#include "assets/geojson_footprints.h"
#include "scene/camera.h"
#include "scene/city_model.h"

namespace citywall::test {

/// The repository root (where data/ and tests/ live), set by CMake.
inline std::string sourceDir() { return CITYWALL_SOURCE_DIR; }

/// A fresh folder under the build's temporary directory for one test.
std::string tempDir(const std::string& name);
/// Writes `text` to `dir/name` and returns the path.
std::string writeFile(const std::string& dir, const std::string& name, const std::string& text);
/// `bytes` in base64 (a glTF's data: URIs).
std::string base64(const std::string& bytes);

/// The frame of the small test cities: the Bund, Shanghai.
const geo::GeoFrame& bundFrame();
/// A footprint from one ring in the frame's metres (closed for it), as GeoJSON gives it.
assets::Footprint footprintInMetres(const geo::GeoFrame& frame, const std::vector<glm::dvec2>& ring, double height, int64_t id);
/// The footprints extruded into a city in `frame` (chunks, their levels).
scene::CityModel extrudedCity(const geo::GeoFrame& frame, const std::vector<assets::Footprint>& footprints,
                              const assets::ExtrudeOptions& options = {});
/// One 60 m tower (a 40 m square centred 300 m east of the origin, id 4242).
scene::CityModel oneTower();
/// A camera 800 m from the tower, tilted 60°, looking north.
scene::MapCamera lookingAtTheTower();

}  // namespace citywall::test
