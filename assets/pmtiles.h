#pragma once
// PMTiles archives: one file of tiles with a directory, read in place.
// Both published layouts are read:
// - version 3 (the current one; what `pmtiles convert` and Protomaps'
//   builds write): a 127-byte header, directories of varint columns keyed
//   by Hilbert tile ids (compressed with gzip, zstd or not at all), leaf
//   directories read only when a tile below them is asked for, runs of
//   identical tiles stored once;
// - version 1 (the PMTiles project's samples of 2021): a 512 KB header
//   holding the JSON metadata and a directory of 17-byte entries.
// Tiles come back as stored: the vector-tile decoder inflates gzip.

#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "assets/mbtiles.h"

namespace citywall::assets {

/// The PMTiles v3 tile id: the tiles of every zoom before `z`, then the
/// tile's position along the Hilbert curve through zoom z.
uint64_t pmtilesTileId(uint32_t z, uint32_t x, uint32_t y);
/// The tile a PMTiles v3 tile id stands for.
TileId pmtilesTileAt(uint64_t id);

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
  void openV1(const std::string& head);
  void openV3(const std::string& head);
  // v1: tiles into tiles_; leaf directories into `leaves` (the root's only).
  void readDirectory(uint64_t offset, size_t entries, std::vector<Entry>* leaves);
  std::string read(uint64_t offset, size_t length);
  std::optional<Entry> findV3(uint64_t tileId);
  std::string path_;
  std::ifstream file_;
  uint64_t size_ = 0;
  MbTilesInfo info_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, Entry> tiles_;  // v1: by z, x, y (so by zoom first)
  // v3: where the sections are, how directories are compressed, and every
  // directory read so far (by its offset in the file), decompressed.
  struct DirectoryEntry {
    uint64_t tileId = 0, offset = 0;
    uint32_t length = 0, runLength = 0;  ///< run 0: a leaf directory
  };
  uint8_t version_ = 1;
  uint64_t rootOffset_ = 0, rootLength_ = 0, leavesOffset_ = 0, dataOffset_ = 0;
  uint8_t internalCompression_ = 0, tileCompression_ = 0;
  std::map<uint64_t, std::vector<DirectoryEntry>> directories_;
  const std::vector<DirectoryEntry>& directory(uint64_t offset, uint64_t length);
  std::string decompress(std::string bytes, const char* what) const;
  void forEachV3Entry(uint64_t offset, uint64_t length, int depth, const std::function<void(const DirectoryEntry&)>& each);
};

}  // namespace citywall::assets
