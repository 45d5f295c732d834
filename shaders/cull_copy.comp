#version 450
// GPU culling's third pass for a city with 32-bit indices (cull_copy.glsl).
#include "cull_copy.glsl"
