#pragma once
// Writes a city's extruded buildings as a 3D Tiles 1.1 tileset that
// citywall (or CesiumJS, or any 1.1 reader) streams: an implicit quadtree
// with ADD refinement where each building sits at the level its size calls
// for (the tallest and widest at the root, the small ones in the deep
// tiles), so a far view loads a few landmark buildings and a near view adds
// the rest. Content is GLB with EXT_mesh_features (one feature per
// building) and an EXT_structural_metadata property table (id, name,
// height), so picking and styling work per building.

#include <string>

#include "scene/city_model.h"

namespace citywall::assets::tiles3d {

/// How the content's geometry is stored: plain, or compressed the way the
/// common pipelines do (Draco: smallest; meshopt: fastest to decode). Both
/// are required extensions of the GLB, which CesiumJS and citywall read.
enum class Compression { none, draco, meshopt };

struct TilesetWriteOptions {
  /// About this many buildings in a deepest tile (sets the depth). 500
  /// keeps a tile near 1 MB and its meshes mostly under 65,536 vertices, so
  /// their GPU copies take 16-bit indices (ModelMesh::narrowIndices).
  uint32_t buildingsPerTile = 500;
  uint32_t maxLevels = 8;            ///< at most this many levels below the root
  Compression compression = Compression::none;
};

struct TilesetWriteReport {
  size_t buildings = 0, contents = 0, tiles = 0, bytes = 0;
  uint32_t levels = 0;   ///< levels in the tree (root included)
  double rootError = 0;  ///< metres (16 × the largest building left out below the root: see the .cpp)
};

/// Writes `dir`/tileset.json, `dir`/subtrees/ and `dir`/content/ (the folder
/// is created; files in it are replaced). Throws AssetError naming what
/// could not be written.
TilesetWriteReport writeTileset(const scene::CityModel& city, const std::string& dir, const TilesetWriteOptions& options = {});

}  // namespace citywall::assets::tiles3d
