#version 450
#include "frame.glsl"
layout(location = 0) in float vFade;
layout(location = 0) out vec4 outColor;
void main() { outColor = vec4(frame.edge.rgb, frame.edge.a * vFade); }
