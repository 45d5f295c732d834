#version 450
#include "region.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 1) in uint inRegion;
layout(location = 0) flat out uint vRegion;
void main() {
  vRegion = inRegion;
  gl_Position = push.transform * vec4(inPosition, 1.0);
}
