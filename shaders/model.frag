#version 450
#include "frame.glsl"
layout(location = 0) in vec3 vNormal;
layout(location = 1) in vec3 vRel;
layout(location = 2) in vec3 vColor;
layout(location = 0) out vec4 outColor;
void main() {
  vec3 n = normalize(vNormal);
  if (!gl_FrontFacing) n = -n;
  float light = frame.wallBase.a + frame.sun.w * max(dot(n, frame.sun.xyz), 0.0);
  vec3 c = vColor * light;
  c = mix(c, frame.skyHorizon.rgb, fogAmount(length(vRel)));
  outColor = vec4(c, 1.0);
}
