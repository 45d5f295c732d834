// sRGB ↔ linear: colours arrive as the sRGB numbers a designer picks; the
// shaders light and blend in linear space and the target converts back.
// The C++ side is scene/color.h.
#ifndef CITYWALL_COLOR_GLSL
#define CITYWALL_COLOR_GLSL
vec3 srgbToLinear(vec3 c) { return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c)); }
#endif
