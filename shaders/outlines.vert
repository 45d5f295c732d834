#version 450
#include "frame.glsl"
#include "chunk_place.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 2) in uint inBuilding;
layout(location = 0) out float vFade;
void main() {
  BuildingEntry e = buildings.entries[inBuilding];
  vec4 rel = vec4(fromEye(inPosition), 1.0);
  // Pull the edge a little toward the eye so it wins the depth test against
  // its own faces without a global depth bias.
  vec3 p = rel.xyz * 0.9985;
  float dist = length(rel.xyz);
  // Far out, a city's outlines outnumber its pixels and would turn it into
  // one bright blob: thin them with the camera distance.
  float density = clamp(2500.0 / frame.camera.x, 0.12, 1.0);
  vFade = density * (1.0 - fogAmount(dist)) * clamp(1.6 - dist / (frame.camera.x * 3.0), 0.25, 1.0);
  gl_Position = (e.flags & 1u) != 0u ? vec4(0.0, 0.0, -2.0, 1.0) : frame.viewProjection * vec4(p, 1.0);
}
