#include "test_support.h"

#include "assets/building_extruder.h"

#include <filesystem>
#include <fstream>

namespace citywall::test {

std::string tempDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("citywall-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string writeFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

const geo::GeoFrame& bundFrame() {
  static const geo::GeoFrame frame({121.4905, 31.2397, 0});
  return frame;
}

scene::CityModel oneTower() {
  scene::CityModel city;
  city.frame = bundFrame();
  assets::Footprint fp;
  std::vector<glm::dvec2> ring;
  for (glm::dvec2 m : {glm::dvec2(280, -20), glm::dvec2(320, -20), glm::dvec2(320, 20), glm::dvec2(280, 20), glm::dvec2(280, -20)}) {
    const auto g = city.frame.toGeodetic({m.x, m.y, 0});
    ring.emplace_back(g.lon, g.lat);
  }
  fp.polygons.push_back({{ring}});
  fp.height = 60;
  fp.id = 4242;
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
