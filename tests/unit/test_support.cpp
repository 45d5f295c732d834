#include "test_support.h"

#include "assets/building_extruder.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

namespace citywall::test {

std::string tempDir(const std::string& name) {
  // Named for the process too: two test runs at once on one machine (a
  // fresh clone's CI beside a developer's build) must not share a journal.
  // Each is removed when the process ends.
  struct Made {
    std::vector<std::filesystem::path> dirs;
    ~Made() {
      std::error_code ignored;
      for (const auto& d : dirs) std::filesystem::remove_all(d, ignored);
    }
  };
  static Made made;
  const auto dir = std::filesystem::temp_directory_path() / ("citywall-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  if (std::find(made.dirs.begin(), made.dirs.end(), dir) == made.dirs.end()) made.dirs.push_back(dir);
  return dir.string();
}

std::string writeFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string base64(const std::string& bytes) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 2]));
    out += abc[(v >> 18) & 63], out += abc[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? abc[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? abc[v & 63] : '=';
  }
  return out;
}

const geo::GeoFrame& bundFrame() {
  static const geo::GeoFrame frame({121.4905, 31.2397, 0});
  return frame;
}

assets::Footprint footprintInMetres(const geo::GeoFrame& frame, const std::vector<glm::dvec2>& ring, double height, int64_t id) {
  std::vector<glm::dvec2> lonLat;
  for (glm::dvec2 m : ring) {
    const auto g = frame.toGeodetic({m.x, m.y, 0});
    lonLat.emplace_back(g.lon, g.lat);
  }
  lonLat.push_back(lonLat.front());
  assets::Footprint fp;
  fp.polygons.push_back({{lonLat}});
  fp.height = height, fp.id = id;
  return fp;
}

scene::CityModel extrudedCity(const geo::GeoFrame& frame, const std::vector<assets::Footprint>& footprints,
                              const assets::ExtrudeOptions& options) {
  scene::CityModel city;
  city.frame = frame;
  assets::addBuildings(footprints, city, options);
  return city;
}

scene::CityModel oneTower() {
  scene::CityModel city;
  city.frame = bundFrame();
  const assets::Footprint fp = footprintInMetres(city.frame, {{280, -20}, {320, -20}, {320, 20}, {280, 20}}, 60, 4242);
  assets::addBuildings({fp}, city);
  return city;
}

scene::MapCamera lookingAtTheTower() {
  scene::MapCamera cam;
  cam.target = {300, 0, 30};
  cam.distance = 800;
  cam.pitch = 60;
  cam.heading = 0;
  return cam;
}

}  // namespace citywall::test
