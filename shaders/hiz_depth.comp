#version 450
#include "hiz.glsl"
