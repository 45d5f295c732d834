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
  t.text = srgb(0xd8ecff);
  return t;
}

Theme dayTheme() {
  Theme t;
  t.name = "day";
  t.skyTop = srgb(0x7fb2e5);
  t.skyHorizon = srgb(0xe4edf5);
  t.ground = srgb(0xd9d6cf);
  t.gridLine = {srgb(0xa9b2bd), 0.35f};
  t.wallBase = srgb(0xb9bcc2);
  t.wallTop = srgb(0xe9eaee);
  t.roof = srgb(0xf4f4f2);
  t.edge = {srgb(0x56606e), 0.45f};
  t.sunDirection = glm::normalize(glm::vec3(-0.35f, -0.55f, 0.75f));
  t.sunStrength = 0.65f;
  t.ambient = 0.45f;
  t.fogDensity = 0.12f;
  t.tallAccent = srgb(0x9cc3e6);
  t.text = srgb(0x1a2230);
  return t;
}

std::optional<Theme> themeByName(const std::string& name) {
  if (name == "night") return nightTheme();
  if (name == "day") return dayTheme();
  return std::nullopt;
}

}  // namespace citywall::scene
