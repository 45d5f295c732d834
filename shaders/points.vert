#version 450
// A point cloud's points in their packed form (scene::PackedPointVertex):
// positions quantized within the mesh's box, which push.transform undoes
// (the renderer folds the box into it), colours, features. Shaded by
// model.frag as model.vert's points are: unlit, in the scan's colours.
#define CITYWALL_MODEL_PUSH
#include "frame.glsl"
layout(location = 0) in vec3 inPosition;  // unorm16: 0–1 across the box
layout(location = 2) in vec4 inColor;     // unorm8, sRGB
layout(location = 3) in uint inFeature;   // index into the building table (3D Tiles), or 0xffffffff
layout(location = 0) out vec3 vNormal;
layout(location = 1) out vec3 vRel;
layout(location = 2) out vec3 vColor;
layout(location = 3) flat out uint vFeature;
layout(location = 4) out vec2 vUv;
layout(location = 5) out float vAlpha;
void main() {
  vec4 rel = push.transform * vec4(inPosition, 1.0);
  vNormal = vec3(0.0);  // unlit: no light to take from it
  vRel = rel.xyz;
  vColor = srgbToLinear(inColor.rgb);
  vAlpha = inColor.a;
  vUv = vec2(0.0);  // the white texture
  bool known = inFeature < uint(buildings.entries.length());
  vFeature = known ? inFeature : 0xffffffffu;
  bool hidden = known && (buildings.entries[inFeature].flags & 1u) != 0u;
  gl_Position = hidden ? vec4(0.0, 0.0, -2.0, 1.0) : frame.viewProjection * vec4(rel.xyz, 1.0);
  gl_PointSize = push.material.w > 0.0 ? push.material.w : 1.0;
}
