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

// A base-map style as a designer writes it: sRGB fill and casing with
// their opacities, widths in pixels, the camera distances over which it fades.
struct PaintSpec {
  uint32_t fill;
  float fillAlpha;
  uint32_t casing;
  float casingAlpha, minPixels, casingPixels, fadeFrom, fadeTo;
};
constexpr float kNever = 1e9f;

// Night: the city dark, water a deep blue with lit edges, the big roads
// glowing amber and the small ones just visible, fading as the camera
// pulls back so the wall never turns into a mesh of lines.
constexpr PaintSpec kNightMap[kBaseMapStyles] = {
    {0x0c1628, 0.55f, 0, 0, 0, 0, kNever, kNever},              // landuse
    {0x121f33, 0.75f, 0, 0, 0, 0, kNever, kNever},              // pedestrian
    {0x0b2a24, 0.85f, 0, 0, 0, 0, kNever, kNever},              // green
    {0x16263d, 0.85f, 0, 0, 0, 0, kNever, kNever},              // pier
    {0x0a2c52, 1.00f, 0, 0, 0, 0, kNever, kNever},              // water
    {0x3aa6e8, 0.90f, 0, 0, 1.5f, 0, kNever, kNever},           // water edges
    {0x2a6a9a, 0.55f, 0, 0, 1.0f, 0, 4000, 8000},               // ferry
    {0x1d2e45, 0.90f, 0, 0, 0.7f, 0, 1500, 3000},               // path
    {0x22344f, 0.95f, 0, 0, 0.9f, 0, 2500, 5000},               // service
    {0x2c4566, 1.00f, 0, 0, 1.0f, 0, 6000, 12000},              // minor road
    {0x7a5224, 1.00f, 0x3a2208, 0.55f, 1.4f, 1.5f, 30000, 60000},  // major road
    {0xa8712e, 1.00f, 0x452809, 0.60f, 2.0f, 2.0f, kNever, kNever},  // highway
    {0x66758c, 0.90f, 0, 0, 1.0f, 0, 8000, 16000},              // rail
};
// Day: a light map as on paper — white streets with grey casings, yellow
// main roads, green parks, blue water.
constexpr PaintSpec kDayMap[kBaseMapStyles] = {
    {0xd8d5cd, 0.55f, 0, 0, 0, 0, kNever, kNever},              // landuse
    {0xe6e3dd, 0.80f, 0, 0, 0, 0, kNever, kNever},              // pedestrian
    {0xa9d3a0, 0.90f, 0, 0, 0, 0, kNever, kNever},              // green
    {0xd2cec6, 0.90f, 0, 0, 0, 0, kNever, kNever},              // pier
    {0x8cc2e2, 1.00f, 0, 0, 0, 0, kNever, kNever},              // water
    {0x5f9fc8, 0.80f, 0, 0, 1.0f, 0, kNever, kNever},           // water edges
    {0x5d9fcc, 0.60f, 0, 0, 1.0f, 0, 4000, 8000},               // ferry
    {0xf4f2ee, 0.95f, 0, 0, 0.7f, 0, 1500, 3000},               // path
    {0xfbfaf7, 1.00f, 0xb3aea5, 0.8f, 0.9f, 0.6f, 2500, 5000},  // service
    {0xffffff, 1.00f, 0xa6a197, 0.9f, 1.0f, 0.8f, 6000, 12000},  // minor road
    {0xffe08a, 1.00f, 0xc29b3e, 1.0f, 1.6f, 1.0f, 30000, 60000},  // major road
    {0xf7ad5f, 1.00f, 0xbd7326, 1.0f, 2.2f, 1.0f, kNever, kNever},  // highway
    {0x8b8b8b, 0.90f, 0, 0, 1.0f, 0, 8000, 16000},              // rail
};

std::array<BaseMapPaint, kBaseMapStyles> paints(const PaintSpec (&specs)[kBaseMapStyles]) {
  std::array<BaseMapPaint, kBaseMapStyles> out;
  for (uint32_t i = 0; i < kBaseMapStyles; ++i) {
    const PaintSpec& p = specs[i];
    out[i] = {{linearRgb(p.fill), p.fillAlpha}, {linearRgb(p.casing), p.casingAlpha}, p.minPixels, p.casingPixels, p.fadeFrom, p.fadeTo};
  }
  return out;
}

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

Theme nightTheme() {
  Theme t = themeFrom(kNight);
  t.basemap = paints(kNightMap);
  return t;
}
Theme dayTheme() {
  Theme t = themeFrom(kDay);
  t.basemap = paints(kDayMap);
  return t;
}

Theme withBaseMapStyle(Theme theme, const BaseMapStyleOverrides& overrides) {
  for (const auto& [name, styles] : overrides) {
    if (name != theme.name) continue;
    for (size_t i = 0; i < styles.size(); ++i) {
      const BaseMapPaintOverride& o = styles[i];
      BaseMapPaint& p = theme.basemap[i];
      if (o.rgb) p.fill = glm::vec4(linearRgb(*o.rgb), p.fill.a);
      if (o.opacity) p.fill.a = *o.opacity;
      if (o.casingRgb) p.casing = glm::vec4(linearRgb(*o.casingRgb), p.casing.a > 0 ? p.casing.a : 0.6f);
      if (o.minPixels) p.minPixels = *o.minPixels;
    }
  }
  return theme;
}

std::optional<BaseMapStyle> baseMapStyleNamed(std::string_view name) {
  static_assert(kBaseMapStyles == 13, "name every base-map style here");
  static const char* const names[kBaseMapStyles] = {"landuse", "pedestrian", "green",     "pier",       "water",      "water_line", "ferry",
                                                    "path",    "service",    "minor_road", "major_road", "highway",    "rail"};
  for (uint32_t i = 0; i < kBaseMapStyles; ++i)
    if (name == names[i]) return BaseMapStyle(i);
  return std::nullopt;
}

std::optional<Theme> themeByName(const std::string& name) {
  if (name == "night") return nightTheme();
  if (name == "day") return dayTheme();
  return std::nullopt;
}

}  // namespace citywall::scene
