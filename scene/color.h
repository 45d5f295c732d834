#pragma once
// sRGB ↔ linear for colours given as 0xRRGGBB, the numbers a designer picks:
// themes, layer styles and the UI convert them here, once. The shaders'
// copy is shaders/color.glsl.

#include <cmath>
#include <cstdint>
#include <glm/vec3.hpp>

namespace citywall::scene {

/// One sRGB channel (0–1) → linear (0–1), the IEC 61966-2-1 curve.
inline float srgbToLinear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

/// 0xRRGGBB → linear RGB.
inline glm::vec3 linearRgb(uint32_t rgb) {
  return {srgbToLinear(float((rgb >> 16) & 255) / 255.f), srgbToLinear(float((rgb >> 8) & 255) / 255.f),
          srgbToLinear(float(rgb & 255) / 255.f)};
}

}  // namespace citywall::scene
