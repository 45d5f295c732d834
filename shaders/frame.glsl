// Per-frame uniforms and the per-building table, shared by every city shader.
// Must match FrameUniforms and BuildingEntry in renderer/vulkan/city_pass.cpp.

layout(set = 0, binding = 0, std140) uniform Frame {
  mat4 viewProjection;   // world − eye → clip (rotation only; no translation)
  mat4 inverseViewProjection;
  vec4 skyTop;           // rgb
  vec4 skyHorizon;       // rgb, a = fog density
  vec4 ground;           // rgb
  vec4 gridLine;         // rgb, a = strength
  vec4 wallBase;         // rgb, a = ambient light
  vec4 wallTop;          // rgb
  vec4 roof;             // rgb
  vec4 edge;             // rgb, a = strength
  vec4 tallAccent;       // rgb
  vec4 sun;              // xyz = direction toward the sun, w = strength
  vec4 camera;           // x = eye-to-target distance (m), y = eye height above ground (m)
  vec4 groundOrigin;     // xy = ENU of the ground mesh origin (for grid lines)
  vec4 eyeHigh;          // xyz: the eye (ENU metres) rounded to float …
  vec4 eyeLow;           // … and the remainder: GPU-culled draws place their chunks with it
} frame;

struct BuildingEntry {
  uint tint;     // 0xRRGGBBAA (sRGB), alpha = amount
  uint flags;    // bit 0 hidden, bit 1 highlighted
  float height;  // metres
  float pad;
};
layout(set = 0, binding = 1, std430) readonly buffer Buildings { BuildingEntry entries[]; } buildings;

#include "culling.glsl"
layout(set = 0, binding = 2, std430) readonly buffer Chunks { ChunkRecord records[]; } chunks;

#ifndef CITYWALL_MODEL_PUSH
layout(push_constant) uniform Push {
  mat4 transform;  // object → world − eye
} push;
#else
layout(push_constant) uniform Push {
  mat4 transform;  // object → world − eye
  vec4 material;   // x: alpha cutoff (< 0: opaque), y: 1 = blended, z: 1 = in the theme's building colours,
                   // w: point size (points only), −1 unlit (KHR_materials_unlit), 0 lit
} push;
#endif

#include "color.glsl"

// Fog that scales with the camera distance, so the look is the same at every
// zoom: nothing near the target, the horizon colour far beyond it.
float fogAmount(float dist) {
  float d = max(dist - frame.camera.x * 1.2, 0.0) / (frame.camera.x * 6.0);
  return clamp(1.0 - exp(-d * d * frame.skyHorizon.a * 8.0), 0.0, 1.0);
}
