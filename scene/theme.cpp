#include "scene/theme.h"

#include <glm/geometric.hpp>

#include "scene/color.h"

namespace citywall::scene {
namespace {

// A theme as a designer writes it: sRGB hex colours and a few numbers.
struct ThemeSpec {
  const char* name;
  uint32_t skyTop, skyHorizon, ground, gridLine;
  float gridAlpha;
  uint32_t wallBase, wallTop, roof, edge;
  float edgeAlpha;
  glm::vec3 sun;
  float sunStrength, ambient, fogDensity;
  uint32_t tallAccent;
};

constexpr ThemeSpec kNight{"night", 0x02040a, 0x0b1a33, 0x060b14, 0x1d3d66, 0.55f, 0x0a1a30, 0x1f4a7a, 0x3a6d9e,
                           0x5fd4ff, 0.85f, {-0.45f, -0.6f, 0.65f}, 0.55f, 0.55f, 0.25f, 0x41b8ff};
constexpr ThemeSpec kDay{"day", 0x6f9fd4, 0xdbe5ee, 0xc3c8cc, 0x8e99a6, 0.45f, 0x7d8794, 0xc9ced6, 0xf6f6f3,
                         0x2f3a48, 0.55f, {-0.35f, -0.55f, 0.75f}, 0.75f, 0.38f, 0.12f, 0x7fa9d6};

Theme themeFrom(const ThemeSpec& s) {
  Theme t;
  t.name = s.name;
  t.skyTop = linearRgb(s.skyTop);
  t.skyHorizon = linearRgb(s.skyHorizon);
  t.ground = linearRgb(s.ground);
  t.gridLine = {linearRgb(s.gridLine), s.gridAlpha};
  t.wallBase = linearRgb(s.wallBase);
  t.wallTop = linearRgb(s.wallTop);
  t.roof = linearRgb(s.roof);
  t.edge = {linearRgb(s.edge), s.edgeAlpha};
  t.sunDirection = glm::normalize(s.sun);
  t.sunStrength = s.sunStrength;
  t.ambient = s.ambient;
  t.fogDensity = s.fogDensity;
  t.tallAccent = linearRgb(s.tallAccent);
  return t;
}

}  // namespace

Theme nightTheme() { return themeFrom(kNight); }
Theme dayTheme() { return themeFrom(kDay); }

std::optional<Theme> themeByName(const std::string& name) {
  if (name == "night") return nightTheme();
  if (name == "day") return dayTheme();
  return std::nullopt;
}

}  // namespace citywall::scene
