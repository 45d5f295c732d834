#pragma once
// A tile's content read into meshes: glTF 2.0 (GLB or JSON, 3D Tiles 1.1),
// the legacy Batched 3D Model wrapper (b3dm, 3D Tiles 1.0), Instanced 3D
// Models (i3dm: trees, lamp posts, benches — one model copied to each
// instance, into one mesh), Point Clouds (pnts: a scanned street, drawn as
// points in their colours) and composites of them (cmpt).

#include <glm/mat4x4.hpp>
#include <string>
#include <vector>

#include "scene/city_model.h"

namespace citywall::assets::tiles3d {

struct ContentMesh {
  scene::ModelMesh mesh;
  /// The mesh's axes (glTF's, y up, relative to mesh.offset) → the
  /// tileset's (z up): the y-up to z-up turn, a b3dm's RTC_CENTER.
  glm::dmat4 toTileset{1.0};
};

struct TileContent {
  std::vector<ContentMesh> meshes;
  std::vector<std::string> warnings;  ///< each names the file
  size_t bytes() const {
    size_t n = 0;
    for (const auto& m : meshes) n += m.mesh.bytes();
    return n;
  }
};

/// Reads one content file; throws AssetError naming it when it cannot be
/// used at all (missing, truncated, not glTF).
TileContent readTileContent(const std::string& path);

/// The same from bytes already read; `path` names them in errors, and glTF
/// JSON content finds its external buffers and images next to it.
TileContent readTileContentBytes(std::string_view bytes, const std::string& path);

}  // namespace citywall::assets::tiles3d
