#version 450
#include "region.glsl"
layout(location = 0) flat in uint vRegion;
layout(location = 0) out vec4 outColor;
void main() {
  vec4 c = unpackUnorm4x8(colors[vRegion]);
  outColor = vec4(srgbToLinear(c.rgb), c.a);
}
