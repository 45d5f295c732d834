#version 450
#define CITYWALL_MULTISAMPLED
#include "hiz.glsl"
