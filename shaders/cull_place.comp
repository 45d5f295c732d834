#version 450
// GPU culling, second pass: one invocation per chunk walks its buildings in
// order. When the drawn buildings of a chunk lie in one run of the city's
// own indices (all of them, or the largest ones — a chunk stores its
// buildings largest first, so level of detail leaves a prefix), the chunk
// is drawn from there: nothing to copy, the usual case in an overview.
// Otherwise each drawn building gets its place in the chunk's range of the
// scratch room, so the chunk's drawn indices lie together, in building order.
// A chunk at its block level is drawn from its block indices when any of its
// buildings is: the prefix of its regions (largest first) that spans the
// thresholds at its nearest point, as the CPU's chunk culling chooses it.
#include "cull_bindings.glsl"
layout(local_size_x = 64) in;

// One kind of index (triangles or outlines) of one chunk.
struct Run {
  uint first;  // the first drawn building's first index
  uint count;  // indices drawn
  bool gap;    // since the run began, a building with indices was not drawn
  bool split;  // … and a drawn one followed: two runs or more
};

void extend(inout Run run, bool drawn, uint first, uint count) {
  if (count == 0u) return;
  if (!drawn) {
    if (run.first != kNowhere) run.gap = true;
    return;
  }
  if (run.gap) run.split = true;
  if (run.first == kNowhere) run.first = first;
  run.count += count;
}

// The block level's prefix whose smallest region is under `pixels` (0: all):
// its triangle indices (x) and outline indices (y). city_pass.cpp's step.
uvec2 blockPrefix(ChunkRecord c, float pixels, float distance) {
  if (pixels <= 0.0) return c.block.yw;
  float smallest = pixels * distance / cull.params.x;
  for (int k = 0; k < 8; ++k) {
    uint n = c.blockIndices[k / 4][k % 4];
    if (n > 0u && c.blockSize[k / 4][k % 4] <= smallest) return uvec2(n, c.blockLines[k / 4][k % 4]);
  }
  return c.block.yw;
}

void drawBlock(uint ci, ChunkRecord c) {
  bool triangles = false, lines = false;
  for (uint b = c.range.x; b < c.range.x + c.range.y; ++b) {
    uint d = decisions[b];
    triangles = triangles || (d & 1u) != 0u;
    lines = lines || (d & 2u) != 0u;
    placements[b] = uvec2(kNowhere);
  }
  // The early phase drew it: the late one does not again.
  if (push.phase == 2u && (levels[ci] & 4u) != 0u) triangles = false;
  if (push.phase == 1u && triangles) levels[ci] |= 4u;
  float distance = chunkDistance(c);
  uint t = triangles ? blockPrefix(c, cull.params.y, distance).x : 0u;
  uint l = lines ? blockPrefix(c, max(cull.params.y, cull.lod.y), distance).y : 0u;
  chunkCounts[ci] = uvec4(c.block.x, t, c.block.z, l);
}

void main() {
  uint ci = gl_GlobalInvocationID.x;
  if (ci >= push.chunks) return;
  ChunkRecord c = chunks[ci];
  if ((levels[ci] & 3u) == 2u) {
    drawBlock(ci, c);
    return;
  }
  uint first = c.range.x, end = c.range.x + c.range.y;
  Run t = Run(kNowhere, 0u, false, false), l = Run(kNowhere, 0u, false, false);
  bool coarse = (levels[ci] & 3u) == 1u;
  for (uint b = first; b < end; ++b) {
    uint d = decisions[b];
    uvec4 runs = coarse ? buildings[b].coarse : buildings[b].range;
    extend(t, (d & 1u) != 0u, runs.x, runs.y);
    extend(l, (d & 2u) != 0u, runs.z, runs.w);
  }
  bool splitT = t.split, splitL = l.split;
  uvec4 counts = uvec4(t.first, t.count, l.first, l.count);
  uint triangles = 0u, lines = 0u;
  for (uint b = first; b < end && (splitT || splitL); ++b) {
    uint d = decisions[b];
    uvec4 runs = coarse ? buildings[b].coarse : buildings[b].range;
    uvec2 place = uvec2(kNowhere);
    // The chunk's room in the scratch room: its full level's (the coarse one is never larger).
    if (splitT && (d & 1u) != 0u) place.x = push.scratchIndices + c.range.z + triangles, triangles += runs.y;
    if (splitL && (d & 2u) != 0u) place.y = push.scratchLines + c.range.w + lines, lines += runs.w;
    placements[b] = place;
  }
  if (!splitT && !splitL)  // nothing to copy: cull_copy.comp skips the chunk's buildings
    for (uint b = first; b < end; ++b) placements[b] = uvec2(kNowhere);
  if (splitT) counts.x = push.scratchIndices + c.range.z;
  if (splitL) counts.z = push.scratchLines + c.range.w;
  chunkCounts[ci] = counts;
}
