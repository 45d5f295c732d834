// Regions (choropleth): shared by the fill and outline shaders.
layout(set = 0, binding = 0, std430) readonly buffer Colors { uint colors[]; };  // 0xAABBGGRR per region (fragment stage)
layout(push_constant) uniform Push {
  mat4 transform;  // region vertices → clip
  vec4 outline;    // rgb (linear), a
} push;
vec3 srgbToLinear(vec3 c) { return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c)); }
