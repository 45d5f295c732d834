#version 450
#include "frame.glsl"
layout(location = 0) in vec3 inPosition;  // relative to the ground origin
layout(location = 0) out vec2 vWorldXY;   // ENU metres, for grid lines
layout(location = 1) out vec3 vRel;       // world − eye
void main() {
  vec4 rel = push.transform * vec4(inPosition, 1.0);
  vRel = rel.xyz;
  vWorldXY = frame.groundOrigin.xy + inPosition.xy;
  gl_Position = frame.viewProjection * vec4(rel.xyz, 1.0);
}
