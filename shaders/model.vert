#version 450
#include "frame.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec4 inColor;  // unorm8, sRGB
layout(location = 0) out vec3 vNormal;
layout(location = 1) out vec3 vRel;
layout(location = 2) out vec3 vColor;
void main() {
  vec4 rel = push.transform * vec4(inPosition, 1.0);
  vNormal = normalize(mat3(push.transform) * inNormal);
  vRel = rel.xyz;
  vColor = srgbToLinear(inColor.rgb);
  gl_Position = frame.viewProjection * vec4(rel.xyz, 1.0);
}
