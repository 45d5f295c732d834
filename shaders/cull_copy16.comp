#version 450
// GPU culling's third pass for a city with 16-bit indices (cull_copy.glsl;
// CityPass::setCity narrows them where every one fits).
#extension GL_EXT_shader_16bit_storage : require
#define CITYWALL_INDEX16
#include "cull_copy.glsl"
