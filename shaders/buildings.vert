#version 450
#include "frame.glsl"
#include "chunk_place.glsl"
layout(location = 0) in vec3 inPosition;  // relative to the chunk origin
layout(location = 1) in vec4 inNormal;    // snorm8
layout(location = 2) in uint inBuilding;  // index into the building table
// A software rasteriser sets up every smooth output for every triangle, and
// that setup is most of a far frame's cost: faces are flat, so the normal
// and the building are flat, and the fog is worked out here, per vertex.
layout(location = 0) flat out vec3 vNormal;
layout(location = 1) out vec2 vHeightFog;  // metres above the ground; fog amount
layout(location = 2) flat out uint vBuilding;
void main() {
  BuildingEntry e = buildings.entries[inBuilding];
  vec4 rel = vec4(fromEye(inPosition), 1.0);
  vNormal = normalize(inNormal.xyz);
  // The chunk origin lies on the ground.
  vHeightFog = vec2(inPosition.z, fogAmount(length(rel.xyz)));
  vBuilding = inBuilding;
  // Hidden buildings collapse outside the clip volume (z < 0 is clipped).
  gl_Position = (e.flags & 1u) != 0u ? vec4(0.0, 0.0, -2.0, 1.0) : frame.viewProjection * vec4(rel.xyz, 1.0);
}
