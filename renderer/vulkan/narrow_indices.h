#pragma once
// Narrow indices: an extruded city's indices uploaded as 16 bits where
// every one fits (CityPass::setCity). A chunk's indices count from its own
// first vertex, so they stay small however large the city: Manhattan's
// 512 m chunks hold 18,685 vertices at most once their corners are welded.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace citywall::renderer::vulkan {

/// Whether every index fits in 16 bits.
inline bool fitIn16Bits(std::span<const uint32_t> indices) {
  uint32_t largest = 0;
  for (const uint32_t i : indices) largest = std::max(largest, i);
  return largest <= 0xffffu;
}

/// The indices as 16-bit values; only where fitIn16Bits.
inline std::vector<uint16_t> narrowed(std::span<const uint32_t> indices) {
  std::vector<uint16_t> out(indices.size());
  std::transform(indices.begin(), indices.end(), out.begin(), [](uint32_t i) { return uint16_t(i); });
  return out;
}

}  // namespace citywall::renderer::vulkan
