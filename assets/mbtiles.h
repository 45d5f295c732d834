#pragma once
// MBTiles 1.3 (an SQLite file of tiles, through Debian's libsqlite3): its
// metadata and the tiles of one zoom level inside a lon/lat box. Read
// only; the file is never changed.

#include <optional>
#include <string>
#include <vector>

#include "assets/vector_tile.h"

struct sqlite3;

namespace citywall::assets {

struct MbTilesInfo {
  std::string format;       ///< "pbf" for vector tiles
  std::string attribution;  ///< metadata `attribution`, if any
  std::string json;         ///< metadata `json` (vector_layers), if any
  uint32_t minZoom = 0, maxZoom = 0;  ///< what the tiles table holds
};

struct MbTile {
  TileId id;
  std::string data;  ///< as stored (often gzip)
};

class MbTiles {
 public:
  /// Opens `path` read-only; throws AssetError naming it when it is not an MBTiles file.
  explicit MbTiles(const std::string& path);
  ~MbTiles();
  MbTiles(const MbTiles&) = delete;
  MbTiles& operator=(const MbTiles&) = delete;

  const MbTilesInfo& info() const { return info_; }
  /// The tiles of zoom `z` that cover [west, east] × [south, north] (degrees).
  std::vector<MbTile> tiles(uint32_t z, double west, double south, double east, double north) const;

 private:
  std::string path_;
  ::sqlite3* db_ = nullptr;
  MbTilesInfo info_;
};

}  // namespace citywall::assets
