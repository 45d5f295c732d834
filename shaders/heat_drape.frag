#version 450
#include "heat.glsl"
layout(location = 0) in vec2 vCell;
layout(location = 0) out vec4 outColor;

// Piecewise-linear through nine stops at x = 0…8: each mix saturates once x
// is past its stop, so the last one not saturated blends its two stops.
// (Constant arrays indexed by a computed index were built per pixel on
// lavapipe: 150 ms a frame for a drape over half a 1080p screen.)
vec3 throughStops(float x, vec3 s0, vec3 s1, vec3 s2, vec3 s3, vec3 s4, vec3 s5, vec3 s6, vec3 s7, vec3 s8) {
  vec3 c = mix(s0, s1, clamp(x, 0.0, 1.0));
  c = mix(c, s2, clamp(x - 1.0, 0.0, 1.0));
  c = mix(c, s3, clamp(x - 2.0, 0.0, 1.0));
  c = mix(c, s4, clamp(x - 3.0, 0.0, 1.0));
  c = mix(c, s5, clamp(x - 4.0, 0.0, 1.0));
  c = mix(c, s6, clamp(x - 5.0, 0.0, 1.0));
  c = mix(c, s7, clamp(x - 6.0, 0.0, 1.0));
  return mix(c, s8, clamp(x - 7.0, 0.0, 1.0));
}

// Colour ramps as nine stops. viridis and magma are perceptually uniform
// (matplotlib's), "command" runs dark blue → cyan → yellow → red for a
// dark operations-centre wall; aqi is China's PM2.5 bands sampled at 0, 31,
// 62 … 250 µg/m³ (t = value / 250).
vec3 ramp(uint which, float t) {
  float x = clamp(t, 0.0, 1.0) * 8.0;
  vec3 c;
  if (which == 0u)
    c = /* viridis */ throughStops(x, vec3(0.267, 0.005, 0.329), vec3(0.279, 0.175, 0.483), vec3(0.230, 0.322, 0.546),
                     vec3(0.173, 0.449, 0.558), vec3(0.128, 0.567, 0.551), vec3(0.153, 0.683, 0.503),
                     vec3(0.369, 0.789, 0.383), vec3(0.678, 0.864, 0.190), vec3(0.993, 0.906, 0.144));
  else if (which == 1u)
    c = /* magma */ throughStops(x, vec3(0.001, 0.000, 0.014), vec3(0.110, 0.066, 0.268), vec3(0.316, 0.071, 0.485),
                     vec3(0.511, 0.128, 0.506), vec3(0.716, 0.215, 0.475), vec3(0.904, 0.312, 0.400),
                     vec3(0.987, 0.536, 0.382), vec3(0.996, 0.780, 0.541), vec3(0.987, 0.991, 0.750));
  else if (which == 2u)
    c = /* command */ throughStops(x, vec3(0.02, 0.10, 0.35), vec3(0.00, 0.30, 0.75), vec3(0.00, 0.62, 0.95),
                     vec3(0.20, 0.85, 0.90), vec3(0.55, 0.95, 0.55), vec3(0.95, 0.95, 0.30),
                     vec3(1.00, 0.70, 0.15), vec3(1.00, 0.38, 0.10), vec3(0.95, 0.10, 0.10));
  else
    c = /* aqi */ throughStops(x, vec3(0.00, 0.89, 0.00), vec3(0.00, 0.89, 0.00), vec3(1.00, 1.00, 0.00),
                     vec3(1.00, 0.49, 0.00), vec3(1.00, 0.00, 0.00), vec3(0.60, 0.00, 0.30),
                     vec3(0.60, 0.00, 0.30), vec3(0.60, 0.00, 0.30), vec3(0.49, 0.00, 0.14));
  return pow(c, vec3(2.2));  // stops are sRGB; the target is linear
}

float sampleDensity(vec2 cell) {
  ivec2 size = ivec2(push.size.xy);
  vec2 u = cell - 0.5;
  ivec2 c = ivec2(floor(u));
  vec2 f = u - vec2(c);
  float v[4];
  for (int k = 0; k < 4; ++k) {
    ivec2 q = clamp(c + ivec2(k & 1, k >> 1), ivec2(0), size - 1);
    v[k] = density[q.y * size.x + q.x];
  }
  return mix(mix(v[0], v[1], f.x), mix(v[2], v[3], f.x), f.y);
}

void main() {
  float t = sampleDensity(vCell) / max(push.look.y, 1e-6);
  if (t <= 0.01) discard;
  float alpha = push.look.z * smoothstep(0.01, 0.15, t);
  if (push.drape.z > 0.5) {  // field mode: solid colour, fading away from the stations
    ivec2 q = clamp(ivec2(vCell), ivec2(0), ivec2(push.size.xy) - 1);
    float nearest = temp[q.y * int(push.size.x) + q.x];
    alpha = push.look.z * (1.0 - smoothstep(push.drape.w * 0.5, push.drape.w, nearest));
    if (alpha <= 0.01) discard;
  }
  outColor = vec4(ramp(uint(push.look.w), t), alpha);
}
