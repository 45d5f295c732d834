#version 450
// GPU culling, first pass of the early phase: one invocation per chunk
// chooses its level for this frame: the full one, the coarse one (its
// buildings without the walls a neighbour hides, footprints simplified) or
// the block one (buildings merged into blocks). The coarsest level whose
// error spans fewer pixels than its threshold at the chunk's nearest point
// is drawn, entering it only under a share of the threshold (cull.lod.z:
// kCoarseEnterShare; renderer/vulkan/level_choice.h chooseLevel, the
// CPU's rule), and never a coarser one while the chunk holds a styled
// building. Writing the level also clears the block level's "drawn early".
#include "cull_bindings.glsl"
layout(local_size_x = 64) in;

// drawCoarse of level_choice.h: below the threshold, or its share to enter.
bool under(float errorPixels, float threshold, bool there) {
  return threshold > 0.0 && errorPixels < (there ? threshold : threshold * cull.lod.z);
}

void main() {
  uint ci = gl_GlobalInvocationID.x;
  if (ci >= push.chunks) return;
  ChunkRecord c = chunks[ci];
  float pixelsPerMetre = cull.params.x / chunkDistance(c);
  uint was = levels[ci] & 3u;
  uint level = 0u;
  if (styled[ci] == 0u && cull.lod.x > 0.0) {  // (a coarse threshold of 0: every chunk in full)
    if (c.block.y > 0u && under(c.boundsMax.w * pixelsPerMetre, cull.lod.w, was >= 2u)) level = 2u;
    else if (c.coarse.y > 0u && under(c.boundsMin.w * pixelsPerMetre, cull.lod.x, was >= 1u)) level = 1u;
  }
  levels[ci] = level;
  if (level != 0u) atomicAdd(totals[8], 1u);
  if (level == 2u) atomicAdd(totals[9], 1u);
}
