#version 450
#include "frame.glsl"
layout(location = 0) flat in vec3 vNormal;
layout(location = 1) in vec2 vHeightFog;  // metres above the ground; fog amount
layout(location = 2) flat in uint vBuilding;
layout(location = 0) out vec4 outColor;
void main() {
  BuildingEntry e = buildings.entries[vBuilding];
  vec3 n = vNormal;
  float tall = smoothstep(60.0, 350.0, e.height);
  vec3 base;
  if (n.z > 0.5) {
    base = mix(frame.roof.rgb, frame.tallAccent.rgb, tall * 0.35);
  } else {
    // Walls brighten toward the top (a lit city seen from above reads by its
    // roofs and upper floors), and tall towers take the accent colour.
    float t = clamp(vHeightFog.x / max(e.height, 1.0), 0.0, 1.0);
    base = mix(frame.wallBase.rgb, frame.wallTop.rgb, t * t * (0.6 + 0.4 * tall));
    base = mix(base, frame.tallAccent.rgb, tall * t * 0.35);
  }
  vec4 tint = unpackUnorm4x8(e.tint).abgr;  // 0xRRGGBBAA
  base = mix(base, srgbToLinear(tint.rgb), tint.a);
  float light = frame.wallBase.a + frame.sun.w * max(dot(n, frame.sun.xyz), 0.0);
  vec3 c = base * light;
  if ((e.flags & 2u) != 0u) c = mix(c, vec3(1.0, 0.78, 0.25), 0.55);  // highlighted
  c = mix(c, frame.skyHorizon.rgb, vHeightFog.y);
  outColor = vec4(c, 1.0);
}
