#version 450
#include "frame.glsl"
layout(location = 0) in vec2 vNdc;
layout(location = 0) out vec4 outColor;
void main() {
  vec4 far = frame.inverseViewProjection * vec4(vNdc, 0.5, 1.0);
  vec3 dir = normalize(far.xyz / far.w);
  // Horizon glow just above the horizon, darkening toward the zenith.
  float t = smoothstep(-0.02, 0.45, dir.z);
  vec3 c = mix(frame.skyHorizon.rgb, frame.skyTop.rgb, t);
  outColor = vec4(c, 1.0);
}
