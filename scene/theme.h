#pragma once
// Theme: the colours and light of a rendered city. Night is the default
// command-centre look (dark ground, cool glowing edges); day is for print
// and daylight rooms. Colours are linear RGB in [0, 1].

#include <array>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scene/basemap.h"

namespace citywall::scene {

/// How one base-map style is painted (linear RGB; alpha = opacity).
struct BaseMapPaint {
  glm::vec4 fill{0.0f};
  glm::vec4 casing{0.0f};    ///< lines: an outline (or glow) around them; alpha 0 for none
  float minPixels = 0;       ///< lines: never thinner than this on screen
  float casingPixels = 0;    ///< lines: how far the casing reaches beyond the line
  float fadeFrom = 1e9f, fadeTo = 2e9f;  ///< lines: fade out as the camera pulls back between these distances (m)
};

struct Theme {
  std::string name;
  glm::vec3 skyTop;          ///< background at the top of the screen
  glm::vec3 skyHorizon;      ///< background at the horizon, also the fog colour
  glm::vec3 ground;          ///< the ground plane
  glm::vec4 gridLine;        ///< ground grid lines (alpha = strength)
  glm::vec3 wallBase;        ///< building walls at ground level
  glm::vec3 wallTop;         ///< building walls near the roof (a vertical gradient)
  glm::vec3 roof;            ///< roofs
  glm::vec4 edge;            ///< building outlines (alpha = strength)
  glm::vec3 sunDirection;    ///< unit vector pointing toward the sun (ENU)
  float sunStrength;         ///< diffuse light
  float ambient;             ///< ambient light
  float fogDensity;          ///< per metre, scaled by the camera distance
  glm::vec3 tallAccent;      ///< tint blended into tall buildings' walls
  std::array<BaseMapPaint, kBaseMapStyles> basemap;  ///< by scene::BaseMapStyle
};

/// A deployment's own colours for one base-map style (configuration:
/// [basemap_style.night], [basemap_style.day]); what is unset keeps the theme's.
struct BaseMapPaintOverride {
  std::optional<uint32_t> rgb;          ///< sRGB 0xRRGGBB
  std::optional<float> opacity;
  std::optional<uint32_t> casingRgb;    ///< lines: the casing (glow at night)
  std::optional<float> minPixels;       ///< lines: never thinner on screen
};
/// By theme name ("night", "day"), then by BaseMapStyle.
using BaseMapStyleOverrides = std::vector<std::pair<std::string, std::array<BaseMapPaintOverride, kBaseMapStyles>>>;
/// The theme with the overrides for its name applied.
Theme withBaseMapStyle(Theme theme, const BaseMapStyleOverrides& overrides);
/// "water", "major_road"… (the configuration's names of BaseMapStyle); nullopt for anything else.
std::optional<BaseMapStyle> baseMapStyleNamed(std::string_view name);

Theme nightTheme();
Theme dayTheme();
/// "night" or "day"; nullopt for anything else.
std::optional<Theme> themeByName(const std::string& name);

}  // namespace citywall::scene
