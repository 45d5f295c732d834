#pragma once
// A 3D Tiles tileset.json (1.0 and 1.1) as written: the tree of explicit
// tiles with their volumes, errors, refinement, transforms and contents,
// and the implicit tiling of a tile that has one. Content files are not
// read here (tile_content.h does that when a tile is needed).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assets/tiles3d/bounding_volume.h"

namespace citywall::assets::tiles3d {

enum class Refine { add, replace };

/// A tile's implicit subtree scheme (3D Tiles 1.1 "Implicit tiling").
struct ImplicitTiling {
  bool octree = false;
  uint32_t subtreeLevels = 1;
  uint32_t availableLevels = 1;
  std::string subtreeTemplate;  ///< a path with {level}, {x}, {y} (and {z}), already resolved against the tileset's folder
};

struct TileSpec {
  BoundingVolume volume;
  double geometricError = 0;
  Refine refine = Refine::replace;  ///< inherited from the parent when the tile says none
  glm::dmat4 transform{1.0};        ///< the tile's own (column-major, like glTF)
  /// Where the viewer must be before the tile's content is requested or
  /// the tile refined (an interior's tiles, shown only from inside it).
  std::optional<BoundingVolume> viewerRequestVolume;
  std::vector<std::string> contents;  ///< paths (templates under implicit tiling), resolved against the tileset's folder
  std::vector<TileSpec> children;
  std::shared_ptr<const ImplicitTiling> implicit;  ///< set: the tiles below come from subtrees
};

struct TilesetFile {
  std::string path;
  std::string version;  ///< asset.version ("1.0", "1.1")
  double geometricError = 0;
  TileSpec root;
  std::string copyright;  ///< asset.extras' copyright or attribution, when given
};

/// Reads a tileset.json; throws AssetError naming the file and the problem
/// (not JSON, no root, a volume of the wrong length, a content on a server).
TilesetFile readTilesetFile(const std::string& path);

/// The same from the file's text already read; `path` is where it lies
/// (contents resolve against its folder) and names it in errors.
TilesetFile parseTilesetJson(const std::string& bytes, const std::string& path);

/// `uri` as a path next to `base` (a file): relative URIs resolve against
/// its folder, percent escapes and a query string are dropped. Throws
/// AssetError (naming `base`) for http(s) URIs: citywall works offline.
std::string resolveUri(const std::string& base, const std::string& uri);

/// A content or subtree template with the tile's coordinates filled in.
std::string expandTemplate(const std::string& templ, uint32_t level, uint32_t x, uint32_t y, uint32_t z);

}  // namespace citywall::assets::tiles3d
