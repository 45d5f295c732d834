#version 450
#define CITYWALL_MODEL_PUSH
#include "frame.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec4 inColor;  // unorm8, sRGB
layout(location = 3) in uint inFeature;  // index into the building table (3D Tiles), or 0xffffffff
layout(location = 4) in vec2 inUv;
layout(location = 0) out vec3 vNormal;
layout(location = 1) out vec3 vRel;
layout(location = 2) out vec3 vColor;
layout(location = 3) flat out uint vFeature;
layout(location = 4) out vec2 vUv;
layout(location = 5) out float vAlpha;
void main() {
  vec4 rel = push.transform * vec4(inPosition, 1.0);
  // Zero for a faceted mesh (ModelMesh::weldFacets), else a unit vector
  // whatever the transform's scale (a model scaled to a thousandth is not
  // taken for faceted).
  vNormal = dot(inNormal, inNormal) > 0.0 ? normalize(mat3(push.transform) * inNormal) : vec3(0.0);
  vRel = rel.xyz;
  vColor = srgbToLinear(inColor.rgb);
  vAlpha = inColor.a;
  vUv = inUv;
  bool known = inFeature < uint(buildings.entries.length());
  vFeature = known ? inFeature : 0xffffffffu;
  // A hidden building collapses outside the clip volume, as the extruded ones do.
  bool hidden = known && (buildings.entries[inFeature].flags & 1u) != 0u;
  gl_Position = hidden ? vec4(0.0, 0.0, -2.0, 1.0) : frame.viewProjection * vec4(rel.xyz, 1.0);
  gl_PointSize = push.material.w > 0.0 ? push.material.w : 1.0;  // a point cloud's (drawn as points only then)
}
