// Regions (choropleth): shared by the fill and outline shaders.
layout(set = 0, binding = 0, std430) readonly buffer Colors { uint colors[]; };  // 0xAABBGGRR per region (fragment stage)
layout(push_constant) uniform Push {
  mat4 transform;  // region vertices → clip
  vec4 outline;    // rgb (linear), a
} push;
#include "color.glsl"
