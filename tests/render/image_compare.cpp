#include "image_compare.h"

#include <algorithm>
#include <cstdlib>

namespace citywall::test {

ImageDiff compareImages(const renderer::Image& actual, const renderer::Image& expected, int threshold) {
  ImageDiff d;
  d.sameSize = actual.width == expected.width && actual.height == expected.height;
  if (!d.sameSize) return d;
  d.diff = expected;
  const size_t n = size_t(actual.width) * actual.height;
  for (size_t i = 0; i < n; ++i) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(int(actual.rgba[i * 4 + c]) - int(expected.rgba[i * 4 + c])));
    d.maxChannelDiff = std::max(d.maxChannelDiff, worst);
    uint8_t* out = &d.diff.rgba[i * 4];
    if (worst > threshold) {
      ++d.differing;
      out[0] = 255, out[1] = 0, out[2] = 0;
    } else {
      out[0] = uint8_t(out[0] / 4), out[1] = uint8_t(out[1] / 4), out[2] = uint8_t(out[2] / 4);
    }
    out[3] = 255;
  }
  d.fraction = n ? double(d.differing) / double(n) : 0;
  return d;
}

}  // namespace citywall::test
