// The base map (water, land use, streets) and the governance layers'
// lines and areas: shared by the vertex and fragment shaders. Must match renderer/vulkan/basemap_pass.cpp.
layout(set = 0, binding = 0, std140) uniform Palette {
  vec4 fill[256];    // linear rgb, a = opacity, by style (BaseMapPass::kPaletteSize)
  vec4 casing[256];  // linear rgb, a = opacity
  vec4 sizes[256];   // x = minimum width (px), y = casing reach (px), z, w = fade between these camera distances (m)
} palette;
layout(push_constant) uniform Push {
  mat4 viewProjection;  // world − eye → clip (rotation only)
  vec4 originFromEye;   // xyz: the base map's origin − eye
  vec4 fog;             // rgb: the horizon colour, a: fog density
  vec4 params;          // x: metres per pixel per unit of clip w, y: camera distance (m), z: 1 when drawing casings
} push;
