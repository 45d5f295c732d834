#pragma once
// The bundled district the GPU tests draw: Shanghai's Bund and Lujiazui
// (1,449 buildings), loaded once per test program.

#include <string>

#include "assets/city_loader.h"

namespace citywall::test {

inline const scene::CityModel& shanghai() {
  static const scene::CityModel city = [] {
    assets::CitySpec spec;
    spec.buildings = {std::string(CITYWALL_SOURCE_DIR) + "/data/shanghai_bund_lujiazui_osm_buildings.geojson"};
    return assets::loadCity(spec);
  }();
  return city;
}

}  // namespace citywall::test
