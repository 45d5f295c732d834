#pragma once
// An implicit tiling subtree (.subtree binary, or its JSON form): which
// tiles below its root exist, which of them have content, and where the
// next subtrees start. Bits are indexed level by level, Morton order within
// a level (3D Tiles 1.1, "Implicit tiling" → "Availability").

#include <cstdint>
#include <string>
#include <vector>

namespace citywall::assets::tiles3d {

/// One availability: a constant or a bitstream (least significant bit first).
struct Availability {
  bool constant = true;
  bool value = false;
  std::vector<uint8_t> bits;
  bool at(size_t index) const {
    if (constant) return value;
    return index / 8 < bits.size() && ((bits[index / 8] >> (index % 8)) & 1);
  }
};

struct Subtree {
  Availability tiles;
  std::vector<Availability> contents;  ///< one per content of the tile (1.1 "contents")
  Availability childSubtrees;
};

/// Parses a subtree file's bytes (`path` names it in errors and resolves
/// external buffers); throws AssetError.
Subtree readSubtree(const std::string& bytes, const std::string& path);

/// Morton (Z-order) index of a tile's coordinates within its level.
uint64_t mortonIndex(uint32_t x, uint32_t y, uint32_t z, bool octree);
/// Index of (level, morton) among all tiles of a subtree: the tiles of
/// every shallower level come first.
uint64_t subtreeBitIndex(uint32_t level, uint64_t morton, bool octree);

}  // namespace citywall::assets::tiles3d
