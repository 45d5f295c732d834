#pragma once
// sRGB ↔ linear for colours given as 0xRRGGBB, the numbers a designer picks:
// themes, layer styles and the UI convert them here, once. The shaders'
// copy is shaders/color.glsl.

#include <algorithm>
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

/// 0xRRGGBB with each channel times `factor` (< 1 darker), clamped.
inline uint32_t scaleRgb(uint32_t rgb, float factor) {
  auto ch = [&](int shift) { return uint32_t(std::clamp(float((rgb >> shift) & 255) * factor, 0.0f, 255.0f)) << shift; };
  return ch(16) | ch(8) | ch(0);
}

/// 0xRRGGBB and an opacity (0–1) → the GPU's 0xAABBGGRR (RGBA unorm8, sRGB).
inline uint32_t packRgba(uint32_t rgb, float alpha) {
  const auto a = uint32_t(std::clamp(alpha, 0.0f, 1.0f) * 255.f + 0.5f);
  return ((rgb >> 16) & 255) | (((rgb >> 8) & 255) << 8) | ((rgb & 255) << 16) | (a << 24);
}

}  // namespace citywall::scene
