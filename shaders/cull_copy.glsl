// GPU culling, third pass: one invocation per building copies its drawn
// triangle and outline indices to the places cull_place.comp chose (absolute,
// in the scratch rooms). Compiled twice: cull_copy.comp for 32-bit indices,
// cull_copy16.comp for 16-bit ones (CITYWALL_INDEX16).
#include "cull_bindings.glsl"
layout(local_size_x = 64) in;

void main() {
  uint b = gl_GlobalInvocationID.x;
  if (b >= push.buildings) return;
  uvec2 place = placements[b];
  if (place == uvec2(kNowhere)) return;
  uvec4 runs = drawnRuns(buildings[b]);
  if (place.x != kNowhere)
    for (uint k = 0u; k < runs.y; ++k) cityIndices[place.x + k] = cityIndices[runs.x + k];
  if (place.y != kNowhere)
    for (uint k = 0u; k < runs.w; ++k) cityLines[place.y + k] = cityLines[runs.z + k];
}
