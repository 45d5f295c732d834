#version 450
#define CITYWALL_MODEL_PUSH
#include "frame.glsl"
layout(location = 0) in vec3 vNormal;
layout(location = 1) in vec3 vRel;
layout(location = 2) in vec3 vColor;
layout(location = 3) flat in uint vFeature;
layout(location = 4) in vec2 vUv;
layout(location = 5) in float vAlpha;
layout(set = 1, binding = 0) uniform sampler2D baseColor;  // sRGB: sampled linear; white when untextured
layout(location = 0) out vec4 outColor;
void main() {
  // A faceted mesh has no normals (ModelMesh::weldFacets): each face's is
  // worked out from how the position changes across pixels, turned to the
  // viewer. Taken before any branch: derivatives need the whole quad.
  vec3 facet = normalize(cross(dFdx(vRel), dFdy(vRel)));
  vec3 n;
  if (dot(vNormal, vNormal) > 1e-6) {
    n = normalize(vNormal);
    if (!gl_FrontFacing) n = -n;
  } else {
    n = dot(facet, vRel) > 0.0 ? -facet : facet;
  }
  vec4 texel = texture(baseColor, vUv);
  float alpha = vAlpha * texel.a;
  if (push.material.x >= 0.0 && alpha < push.material.x) discard;  // alpha mask
  vec3 base = vColor * texel.rgb;
  if (push.material.z > 0.5) {
    // A plain city tileset in the wall's colours: roofs, and walls that
    // brighten with height as the extruded buildings' do.
    float above = vRel.z + frame.camera.y;  // metres above the ground
    float t = clamp(above / 150.0, 0.0, 1.0);
    base = n.z > 0.5 ? frame.roof.rgb : mix(frame.wallBase.rgb, frame.wallTop.rgb, t * t * 0.8);
  }
  bool highlighted = false;
  if (vFeature != 0xffffffffu) {  // a 3D Tiles building: its tint and highlight from the table
    BuildingEntry e = buildings.entries[vFeature];
    vec4 tint = unpackUnorm4x8(e.tint).abgr;  // 0xRRGGBBAA
    base = mix(base, srgbToLinear(tint.rgb), tint.a);
    highlighted = (e.flags & 2u) != 0u;
  }
  // A point cloud (material.w: its point size) is unlit: its colours are the
  // scan's; so is a KHR_materials_unlit material (material.w −1).
  float light = push.material.w != 0.0 ? 1.0 : frame.wallBase.a + frame.sun.w * max(dot(n, frame.sun.xyz), 0.0);
  vec3 c = base * light;
  if (highlighted) c = mix(c, vec3(1.0, 0.78, 0.25), 0.55);
  c = mix(c, frame.skyHorizon.rgb, fogAmount(length(vRel)));
  outColor = vec4(c, push.material.y > 0.5 ? alpha : 1.0);
}
