#pragma once
// Bounds checks for offsets and counts that a file states. A sum such as
// offset + count × size wraps around for the large numbers a malformed or
// hostile file can hold, and a wrapped sum passes a naive "≤ size" check
// (fuzzing found one: a b3dm's BATCH_LENGTH of 2^62 read past its batch
// table). These checks never compute a sum that can wrap.

#include <cstdint>

namespace citywall::assets {

/// Whether `count` items of `itemBytes` each, starting `offset` bytes in,
/// lie within a buffer of `size` bytes.
inline bool fitsWithin(uint64_t offset, uint64_t count, uint64_t itemBytes, uint64_t size) {
  if (offset > size) return false;
  if (count == 0 || itemBytes == 0) return true;
  return count <= (size - offset) / itemBytes;
}

/// Whether `length` bytes starting `offset` bytes in lie within `size` bytes.
inline bool rangeWithin(uint64_t offset, uint64_t length, uint64_t size) { return offset <= size && length <= size - offset; }

}  // namespace citywall::assets
