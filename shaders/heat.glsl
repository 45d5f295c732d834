// Shared by the heatmap's compute passes and its drape. Must match
// renderer/vulkan/heatmap_pass.cpp.
struct HeatPoint { float x, y, weight, time; };
layout(set = 0, binding = 0, std430) readonly buffer Points { HeatPoint points[]; };
layout(set = 0, binding = 1, std430) buffer Bins { uint bins[]; };        // fixed-point weights (× kScale)
layout(set = 0, binding = 2, std430) buffer Temp { float temp[]; };       // after the horizontal blur
layout(set = 0, binding = 3, std430) buffer Density { float density[]; }; // after the vertical blur
layout(set = 0, binding = 4, std430) buffer MaxValue { uint maxBits; };   // float bits of the largest density

layout(push_constant) uniform Push {
  mat4 transform;    // drape: mesh → world − eye (compute passes ignore it)
  uvec4 size;        // grid width, height, point count, kernel reach in cells
  vec4 grid;         // cell size (m), σ (cells), clock (s), decay time (s; 0: none)
  vec4 look;         // window (s; 0: none), domain max, opacity, ramp
  vec4 drape;        // xy: drape mesh origin − grid origin (m)
} push;

const float kScale = 2048.0;  // fixed point: atomics on integers work everywhere
