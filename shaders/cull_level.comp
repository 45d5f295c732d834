#version 450
// GPU culling, first pass of the early phase: one invocation per chunk
// chooses its level for this frame, the full one or the coarse one (its
// buildings without the walls a neighbour hides, footprints simplified).
// The coarse level is drawn while its error spans fewer pixels than the
// threshold at the chunk's nearest point, entering it only under a share of
// the threshold (cull.lod.z: kCoarseEnterShare of
// renderer/vulkan/level_choice.h, the CPU's rule), and never while the
// chunk holds a styled building.
#include "cull_bindings.glsl"
layout(local_size_x = 64) in;

void main() {
  uint ci = gl_GlobalInvocationID.x;
  if (ci >= push.chunks) return;
  ChunkRecord c = chunks[ci];
  vec3 offset = chunkFromEye(c, cull.eyeHigh.xyz, cull.eyeLow.xyz);
  float distance = max(length(clamp(vec3(0.0), c.boundsMin.xyz + offset, c.boundsMax.xyz + offset)), 1e-3);
  float errorPixels = c.boundsMin.w * cull.params.x / distance;
  float threshold = cull.lod.x;
  bool was = levels[ci] != 0u;
  bool coarse = c.coarse.y > 0u && styled[ci] == 0u && threshold > 0.0 &&
                errorPixels < (was ? threshold : threshold * cull.lod.z);
  levels[ci] = coarse ? 1u : 0u;
  if (coarse) atomicAdd(totals[8], 1u);
}
