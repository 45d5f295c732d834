#version 450
#include "frame.glsl"
#include "chunk_place.glsl"
layout(location = 0) in vec3 inPosition;  // relative to the chunk origin
layout(location = 1) in vec4 inNormal;    // snorm8
layout(location = 2) in uint inBuilding;  // index into the building table
layout(location = 0) out vec3 vNormal;
layout(location = 1) out vec3 vRel;
layout(location = 2) out float vHeight;   // metres above the ground
layout(location = 3) flat out uint vBuilding;
void main() {
  BuildingEntry e = buildings.entries[inBuilding];
  vec4 rel = vec4(fromEye(inPosition), 1.0);
  vNormal = inNormal.xyz;
  vRel = rel.xyz;
  vHeight = inPosition.z;  // the chunk origin lies on the ground
  vBuilding = inBuilding;
  // Hidden buildings collapse outside the clip volume (z < 0 is clipped).
  gl_Position = (e.flags & 1u) != 0u ? vec4(0.0, 0.0, -2.0, 1.0) : frame.viewProjection * vec4(rel.xyz, 1.0);
}
