#version 450
#include "frame.glsl"
layout(location = 0) in vec2 vWorldXY;
layout(location = 1) in vec3 vRel;
layout(location = 0) out vec4 outColor;

// Anti-aliased grid lines `spacing` metres apart, about `width` pixels wide.
float gridLines(vec2 p, float spacing, float width) {
  vec2 q = p / spacing;
  vec2 d = abs(fract(q - 0.5) - 0.5) / max(fwidth(q), vec2(1e-6));
  return 1.0 - clamp(min(d.x, d.y) - (width - 1.0) * 0.5, 0.0, 1.0);
}

void main() {
  float dist = length(vRel);
  float cam = frame.camera.x;
  // Minor lines fade out when they would crowd the screen, major lines stay.
  float minorSpacing = cam < 3000.0 ? 100.0 : 500.0;
  float majorSpacing = minorSpacing * 10.0;
  float minorFade = clamp(1.0 - dist / (cam * 2.5), 0.0, 1.0);
  float minor = gridLines(vWorldXY, minorSpacing, 1.0) * 0.45 * minorFade;
  float major = gridLines(vWorldXY, majorSpacing, 1.5) * clamp(1.0 - dist / (cam * 8.0), 0.0, 1.0);
  float line = max(minor, major) * frame.gridLine.a;
  vec3 c = mix(frame.ground.rgb, frame.gridLine.rgb, line);
  c = mix(c, frame.skyHorizon.rgb, fogAmount(dist));
  outColor = vec4(c, 1.0);
}
