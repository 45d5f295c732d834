#pragma once
// Image: 8-bit RGBA pixels in memory, and PNG files. What the renderer reads
// back from the GPU and what render tests compare.

#include <cstdint>
#include <string>
#include <vector>

namespace citywall::renderer {

struct Image {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint8_t> rgba;  ///< row-major, top row first, sRGB

  const uint8_t* pixel(uint32_t x, uint32_t y) const { return rgba.data() + (size_t(y) * width + x) * 4; }
};

/// Writes a PNG; returns false with `error` set when the file cannot be written.
bool savePng(const Image& image, const std::string& path, std::string& error);
/// Reads a PNG (any channel count becomes RGBA); false with `error` on failure.
bool loadPng(const std::string& path, Image& image, std::string& error);

}  // namespace citywall::renderer
