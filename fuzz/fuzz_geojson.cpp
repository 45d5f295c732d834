// libFuzzer: GeoJSON building footprints (assets/geojson_footprints.h) and
// what the extruder makes of them (assets/building_extruder.h). Invariant:
// a file either is refused with an AssetError or gives buildings whose
// meshes are whole — every index names a vertex, every position is finite
// (a bad index would read past a GPU buffer; a NaN would blank a chunk).
#include <cmath>
#include <cstdint>
#include <string_view>

#include "assets/asset_error.h"
#include "assets/building_extruder.h"
#include "assets/geojson_footprints.h"

namespace {
void check(const citywall::assets::BuildingMesh& mesh) {
  for (uint32_t i : mesh.triangles)
    if (i >= mesh.positions.size()) __builtin_trap();
  for (uint32_t i : mesh.lines)
    if (i >= mesh.positions.size()) __builtin_trap();
  if (mesh.triangles.size() % 3 != 0 || mesh.lines.size() % 2 != 0) __builtin_trap();
  for (const auto& p : mesh.positions)
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace citywall;
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  scene::CityLoadReport report;
  assets::FootprintFile file;
  try {
    file = assets::parseFootprints(json, "fuzz.geojson", report);
  } catch (const assets::AssetError&) {
    return 0;  // refused with a message: what citywall promises
  }
  if (report.skipped != report.skippedNoGeometry + report.skippedNotPolygon + report.skippedDegenerate +
                            report.skippedBadCoordinates)
    __builtin_trap();  // the reasons must add up to what was skipped
  if (file.footprints.empty()) return 0;
  // The city's origin where the data is (as the loader puts it), then each
  // building; a few are enough to reach every path of the extruder.
  const auto& first = file.footprints.front();
  geo::LonLatHeight origin{0, 0, 0};
  if (!first.polygons.empty() && !first.polygons[0].rings.empty() && !first.polygons[0].rings[0].empty())
    origin = {first.polygons[0].rings[0][0].x, first.polygons[0].rings[0][0].y, 0};
  const geo::GeoFrame frame(origin);
  assets::ExtrudeOptions options;
  options.threads = 1;
  size_t n = 0;
  for (const auto& footprint : file.footprints) {
    check(assets::extrudeFootprint(footprint, frame, options));
    if (++n == 16) break;
  }
  return 0;
}
