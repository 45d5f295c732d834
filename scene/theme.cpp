#include "scene/theme.h"

#include <cmath>
#include <glm/geometric.hpp>

namespace citywall::scene {
namespace {
// sRGB hex → linear, so the numbers below are the colours a designer picks.
glm::vec3 srgb(unsigned hex) {
  auto lin = [](float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); };
  return {lin(((hex >> 16) & 255) / 255.f), lin(((hex >> 8) & 255) / 255.f), lin((hex & 255) / 255.f)};
}
}  // namespace

Theme nightTheme() {
  Theme t;
  t.name = "night";
  t.skyTop = srgb(0x02040a);
  t.skyHorizon = srgb(0x0b1a33);
  t.ground = srgb(0x060b14);
  t.gridLine = {srgb(0x1d3d66), 0.55f};
  t.wallBase = srgb(0x0a1a30);
  t.wallTop = srgb(0x1f4a7a);
  t.roof = srgb(0x3a6d9e);
  t.edge = {srgb(0x5fd4ff), 0.85f};
  t.sunDirection = glm::normalize(glm::vec3(-0.45f, -0.6f, 0.65f));
  t.sunStrength = 0.55f;
  t.ambient = 0.55f;
  t.fogDensity = 0.25f;
  t.tallAccent = srgb(0x41b8ff);
  return t;
}

Theme dayTheme() {
  Theme t;
  t.name = "day";
  t.skyTop = srgb(0x6f9fd4);
  t.skyHorizon = srgb(0xdbe5ee);
  t.ground = srgb(0xc3c8cc);
  t.gridLine = {srgb(0x8e99a6), 0.45f};
  t.wallBase = srgb(0x7d8794);
  t.wallTop = srgb(0xc9ced6);
  t.roof = srgb(0xf6f6f3);
  t.edge = {srgb(0x2f3a48), 0.55f};
  t.sunDirection = glm::normalize(glm::vec3(-0.35f, -0.55f, 0.75f));
  t.sunStrength = 0.75f;
  t.ambient = 0.38f;
  t.fogDensity = 0.12f;
  t.tallAccent = srgb(0x7fa9d6);
  return t;
}

std::optional<Theme> themeByName(const std::string& name) {
  if (name == "night") return nightTheme();
  if (name == "day") return dayTheme();
  return std::nullopt;
}

}  // namespace citywall::scene
