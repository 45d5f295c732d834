// libFuzzer: GeoJSON building footprints (assets/geojson_footprints.h) and
// what the extruder makes of them (assets/building_extruder.h), with the
// coarse and block levels of a chunk of them (assets/coarse_level.h,
// assets/block_level.h). Invariant: a file either is refused with an
// AssetError or gives buildings whose meshes are whole — every index names
// a vertex, every position is finite, every block vertex names one of the
// chunk's buildings (a bad index would read past a GPU buffer; a NaN would
// blank a chunk).
#include <cmath>
#include <cstdint>
#include <string_view>

#include "assets/asset_error.h"
#include "assets/block_level.h"
#include "assets/building_extruder.h"
#include "assets/coarse_level.h"
#include "assets/geojson_footprints.h"

namespace {
template <class Mesh>
void check(const Mesh& mesh) {
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
  std::vector<assets::BuildingMesh> meshes;
  for (const auto& footprint : file.footprints) {
    meshes.push_back(assets::extrudeFootprint(footprint, frame, options));
    check(meshes.back());
    if (meshes.size() == 16) break;
  }
  // The buildings as one chunk, its origin at the frame's.
  std::vector<assets::CoarseInput> inputs;
  for (size_t i = 0; i < meshes.size(); ++i)
    if (!meshes[i].empty())
      inputs.push_back({&meshes[i].footprint, glm::dvec2(0.0), meshes[i].ground, file.footprints[i].minHeight, file.footprints[i].height});
  // Grids of fewer cells than a wall's (a footprint kilometres wide makes
  // the cells grow, the same path): the fuzzer then runs hundreds of inputs a second.
  assets::CoarseOptions coarseOptions;
  coarseOptions.maxCells = 1 << 16;
  assets::BlockOptions blockOptions;
  blockOptions.maxCells = 1 << 14;
  const assets::CoarseLevel coarse = assets::makeCoarseLevel(inputs, coarseOptions);
  for (const auto& m : coarse.meshes) check(m);
  const assets::BlockLevel block = assets::makeBlockLevel(inputs, blockOptions, &coarse.meshes);
  check(block.mesh);
  if (block.owners.size() != block.mesh.positions.size()) __builtin_trap();
  for (uint32_t o : block.owners)
    if (o >= inputs.size()) __builtin_trap();
  if (!block.ends.empty() && (block.ends.back().triangles != block.mesh.triangles.size() || block.ends.back().lines != block.mesh.lines.size()))
    __builtin_trap();
  return 0;
}
