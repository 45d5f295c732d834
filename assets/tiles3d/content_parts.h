#pragma once
// Pieces the readers of tile content share (tile_content.cpp,
// instanced_model.cpp); not for use outside assets/tiles3d.

#include <cstdint>
#include <string>
#include <string_view>

#include <glm/mat4x4.hpp>

#include "assets/tiles3d/tile_content.h"
#include "scene/city_model.h"

namespace citywall::assets::tiles3d {

/// A little-endian uint32 at `at`.
uint32_t u32(const std::string& b, size_t at);
/// glTF is y up, tilesets are z up: (x, y, z) → (x, −z, y).
glm::dmat4 yUpToZUp();
/// A 3D Tiles 1.0 batch table (JSON, and the binary body its properties
/// may point into) as the features of `batchLength` batch ids.
scene::FeatureTable readBatchTable(std::string_view json, std::string_view binary, size_t batchLength);
/// An Instanced 3D Model (i3dm) at [at, at + length) of `b`: its model,
/// copied to every instance, appended to `out` as one mesh.
void readI3dm(const std::string& b, size_t at, size_t length, const std::string& path, TileContent& out);

}  // namespace citywall::assets::tiles3d
