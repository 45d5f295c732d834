// libFuzzer: 3D Tiles as a server or a disk hands them over — a tile's
// content (glTF/GLB, b3dm, i3dm, pnts, cmpt: assets/tiles3d/tile_content.h),
// a tileset.json (tileset_file.h) and an implicit-tiling subtree
// (subtree.h). Invariant: each is refused with an AssetError or read into
// meshes whose indices all name a vertex and whose parts cover only them,
// and whose per-point rows (a pnts's batch table) read without harm.
#include <cstdint>
#include <string>

#include "assets/asset_error.h"
#include "assets/tiles3d/subtree.h"
#include "assets/tiles3d/tile_content.h"
#include "assets/tiles3d/tileset_file.h"

namespace {
// Where the input "lies": an empty folder, so external buffers and images
// that a fuzzed glTF names are missing files (an error), never real ones.
const std::string kPath = "/nonexistent-citywall-fuzz/tile";

void check(const citywall::scene::ModelMesh& mesh) {
  for (uint32_t i : mesh.indices)
    if (i >= mesh.vertices.size()) __builtin_trap();
  for (const auto& part : mesh.parts)
    if (size_t(part.firstIndex) + part.indexCount > mesh.indices.size() || part.image >= int32_t(mesh.images.size()))
      __builtin_trap();
  // A point cloud's rows are read on a pick: the first, the last, and one past them.
  if (const auto& rows = mesh.vertexProperties) {
    (void)rows->row(0);
    (void)rows->row(mesh.vertices.size() - 1);
    if (!rows->row(mesh.vertices.size()).empty()) __builtin_trap();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace citywall::assets;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& m : tiles3d::readTileContentBytes(bytes, kPath + ".b3dm").meshes) check(m.mesh);
  } catch (const AssetError&) {
  }
  try {
    (void)tiles3d::parseTilesetJson(bytes, kPath + "set.json");
  } catch (const AssetError&) {
  }
  try {
    (void)tiles3d::readSubtree(bytes, kPath + ".subtree");
  } catch (const AssetError&) {
  }
  return 0;
}
