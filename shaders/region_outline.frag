#version 450
#include "region.glsl"
layout(location = 0) flat in uint vRegion;
layout(location = 0) out vec4 outColor;
void main() {
  // Outlines of regions that hold something are drawn a little stronger.
  float weight = unpackUnorm4x8(colors[vRegion]).a > 0.2 ? 1.0 : 0.6;
  outColor = vec4(push.outline.rgb, push.outline.a * weight);
}
