#version 450
#include "basemap.glsl"
layout(location = 0) in vec3 inPosition;  // relative to the base map's origin, on the ground
layout(location = 1) in vec2 inOffset;    // lines: the unit push across (and along at the ends)
layout(location = 2) in float inHalfWidth;
layout(location = 3) in uint inStyle;
layout(location = 0) out vec4 vColor;

// As frame.glsl's: nothing near the target, the horizon colour far beyond.
float fogAmount(float dist) {
  float cam = push.params.y;
  float d = max(dist - cam * 1.2, 0.0) / (cam * 6.0);
  return clamp(1.0 - exp(-d * d * push.fog.a * 8.0), 0.0, 1.0);
}

void main() {
  uint style = inStyle & 0xffu;
  bool casing = push.params.z > 0.5;
  vec3 rel = inPosition + push.originFromEye.xyz;
  vec4 color = casing ? palette.casing[style] : palette.fill[style];
  if (inOffset != vec2(0.0)) {
    // A line: its width in metres, or its minimum in pixels at this depth when wider.
    vec4 sizes = palette.sizes[style];
    float metresPerPixel = push.params.x * max((push.viewProjection * vec4(rel, 1.0)).w, 1e-3);
    float halfW = max(inHalfWidth, 0.5 * sizes.x * metresPerPixel);
    if (casing) halfW += sizes.y * metresPerPixel;
    rel.xy += inOffset * halfW;
    color.a *= 1.0 - smoothstep(sizes.z, sizes.w, push.params.y);
    if ((inStyle & 0x100u) != 0u) color.a *= 0.35;  // a tunnel: under the ground
  }
  color.rgb = mix(color.rgb, push.fog.rgb, fogAmount(length(rel)));
  vColor = color;
  gl_Position = push.viewProjection * vec4(rel, 1.0);
  // Nothing to draw (a style without a casing, a line faded out): every
  // vertex of its triangles on one point, so no pixel is shaded.
  if (color.a <= 0.0) gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
}
