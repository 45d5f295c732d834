#include "scene/layers/heat_ramps.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace citywall::scene {
namespace {

using Stops = std::array<std::array<float, 3>, 9>;
constexpr Stops kViridis = {{{0.267f, 0.005f, 0.329f}, {0.279f, 0.175f, 0.483f}, {0.230f, 0.322f, 0.546f},
                             {0.173f, 0.449f, 0.558f}, {0.128f, 0.567f, 0.551f}, {0.153f, 0.683f, 0.503f},
                             {0.369f, 0.789f, 0.383f}, {0.678f, 0.864f, 0.190f}, {0.993f, 0.906f, 0.144f}}};
constexpr Stops kMagma = {{{0.001f, 0.000f, 0.014f}, {0.110f, 0.066f, 0.268f}, {0.316f, 0.071f, 0.485f},
                           {0.511f, 0.128f, 0.506f}, {0.716f, 0.215f, 0.475f}, {0.904f, 0.312f, 0.400f},
                           {0.987f, 0.536f, 0.382f}, {0.996f, 0.780f, 0.541f}, {0.987f, 0.991f, 0.750f}}};
constexpr Stops kAqi = {{{0.00f, 0.89f, 0.00f}, {0.00f, 0.89f, 0.00f}, {1.00f, 1.00f, 0.00f},
                         {1.00f, 0.49f, 0.00f}, {1.00f, 0.00f, 0.00f}, {0.60f, 0.00f, 0.30f},
                         {0.60f, 0.00f, 0.30f}, {0.60f, 0.00f, 0.30f}, {0.49f, 0.00f, 0.14f}}};
constexpr Stops kCommand = {{{0.02f, 0.10f, 0.35f}, {0.00f, 0.30f, 0.75f}, {0.00f, 0.62f, 0.95f},
                             {0.20f, 0.85f, 0.90f}, {0.55f, 0.95f, 0.55f}, {0.95f, 0.95f, 0.30f},
                             {1.00f, 0.70f, 0.15f}, {1.00f, 0.38f, 0.10f}, {0.95f, 0.10f, 0.10f}}};

}  // namespace

uint32_t heatRampRgb(HeatRamp ramp, float t) {
  const Stops& s = ramp == HeatRamp::viridis ? kViridis : ramp == HeatRamp::magma ? kMagma : ramp == HeatRamp::aqi ? kAqi : kCommand;
  const float x = std::clamp(t, 0.0f, 1.0f) * 8.0f;
  const int i = std::min(int(x), 7);
  const float f = x - float(i);
  uint32_t rgb = 0;
  for (int c = 0; c < 3; ++c) {
    const float v = s[size_t(i)][size_t(c)] * (1 - f) + s[size_t(i + 1)][size_t(c)] * f;
    rgb = (rgb << 8) | uint32_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255));
  }
  return rgb;
}

}  // namespace citywall::scene
