#pragma once
// Pixel comparison for golden-image tests, with MapLibre's two tolerances: a
// per-pixel threshold and an allowed fraction of differing pixels.

#include "renderer/image.h"

namespace citywall::test {

struct ImageDiff {
  bool sameSize = false;
  uint64_t differing = 0;   ///< pixels whose largest channel difference exceeds the threshold
  int maxChannelDiff = 0;   ///< over all pixels
  double fraction = 0;      ///< differing / pixels
  renderer::Image diff;     ///< differing pixels in red over a dimmed expected image
};

ImageDiff compareImages(const renderer::Image& actual, const renderer::Image& expected, int threshold);

}  // namespace citywall::test
