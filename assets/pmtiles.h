#pragma once
// PMTiles archives: one file of tiles with a directory, read in place. This
// reads the first published layout (spec v1: a 512 KB header holding the
// JSON metadata and a directory of 17-byte entries, leaf directories for
// big archives), which the PMTiles project's own samples of 2021 use.
// Version 3 (Hilbert tile ids, compressed varint directories) is refused
// with a message until it is read too.

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "assets/mbtiles.h"

namespace citywall::assets {

class PmTiles {
 public:
  /// Opens `path`; throws AssetError naming it when it is not a PMTiles
  /// archive this build reads.
  explicit PmTiles(const std::string& path);

  const MbTilesInfo& info() const { return info_; }
  /// The tiles of zoom `z` that cover [west, east] × [south, north] (degrees);
  /// one that cannot be read (the file cut short) comes with empty data.
  std::vector<MbTile> tiles(uint32_t z, double west, double south, double east, double north);

 private:
  struct Entry {
    uint64_t offset = 0;
    uint32_t length = 0;
  };
  // Tiles into tiles_; leaf directories into `leaves` (the root's only).
  void readDirectory(uint64_t offset, size_t entries, std::vector<Entry>* leaves);
  std::string read(uint64_t offset, size_t length);
  std::string path_;
  std::ifstream file_;
  uint64_t size_ = 0;
  MbTilesInfo info_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, Entry> tiles_;  // by z, x, y (so by zoom first)
};

}  // namespace citywall::assets
