// What the GPU culling passes share (renderer/vulkan/gpu_culling.cpp
// dispatches them in this order, a barrier between each):
//   cull_level.comp    one invocation per chunk: its level (full, coarse or block; early phase only)
//   cull.comp          one invocation per building: what this phase draws
//   cull_place.comp    one invocation per chunk: where the drawn indices go
//   cull_copy.comp     one invocation per building: copies them there
//                      (cull_copy16.comp where the indices are 16 bits)
//   cull_compact.comp  one workgroup: the indirect draws and their count
// No pass waits on a workgroup barrier in a loop (lavapipe pays dearly for
// those), and every result is in building order whatever the scheduling.
#include "culling.glsl"

layout(set = 0, binding = 0, std140) uniform Cull {
  mat4 viewProjection;  // world − eye → clip
  vec4 planes[5];       // left, right, top, bottom, near (inside: dot ≥ 0)
  vec4 eyeHigh;
  vec4 eyeLow;
  vec4 params;          // x: pixels per radian, y: smallest size in pixels (0: all), z, w: pyramid size
  uvec4 counts;         // z: pyramid levels
  vec4 lod;             // x: a chunk is coarse while its coarse error spans fewer pixels (0: never),
                        // y: buildings spanning fewer pixels are drawn without outlines (0: all outlined),
                        // z: the share of x under which a chunk enters its coarse level,
                        // w: as x for the block level
} cull;
layout(set = 0, binding = 1, std430) readonly buffer Chunks { ChunkRecord chunks[]; };
layout(set = 0, binding = 2, std430) readonly buffer Buildings { BuildingRecord buildings[]; };
// The city's indices, then the scratch room culled chunks are drawn from (each chunk's full level's size).
// 16 bits an index where the city's fit (CityPass::setCity); only
// cull_copy16.comp reads them so, and it copies them without arithmetic.
#ifdef CITYWALL_INDEX16
layout(set = 0, binding = 3, std430) buffer Indices { uint16_t cityIndices[]; };
layout(set = 0, binding = 4, std430) buffer Lines { uint16_t cityLines[]; };
#else
layout(set = 0, binding = 3, std430) buffer Indices { uint cityIndices[]; };
layout(set = 0, binding = 4, std430) buffer Lines { uint cityLines[]; };
#endif
// Per building: bit 0 its triangles are drawn, bit 1 its outlines.
layout(set = 0, binding = 5, std430) buffer Decisions { uint decisions[]; };
// Per building: where its drawn indices go in the scratch rooms (kNowhere: not copied).
layout(set = 0, binding = 6, std430) buffer Placements { uvec2 placements[]; };
// Per chunk: the triangle indices drawn (x: first, absolute in the index
// buffer; y: count), the same for the outlines (z, w).
layout(set = 0, binding = 7, std430) buffer ChunkCounts { uvec4 chunkCounts[]; };
// Per building, twice: [parity]: seen last frame (read), [1 − parity]: seen this frame (written).
layout(set = 0, binding = 8, std430) buffer Visible { uint visible[]; };
layout(set = 0, binding = 9) uniform sampler2D pyramid;  // farthest depth (reversed-Z: smallest)
// This frame slot's totals, read by the CPU after the frame: [0..2] indices
// of the early, late and outline draws, [3..5] their draw counts, [6]
// triangle indices the late phase found hidden, [7] 1: occlusion tested,
// [8] chunks at their coarse or block level, [9] of those at their block level.
layout(set = 0, binding = 12, std430) buffer Totals { uint totals[12]; };
// Per chunk, kept from frame to frame: bits 0–1 its level (renderer/vulkan/level_choice.h:
// 0 full, 1 coarse, 2 block); bit 2 set when the early phase drew its block level this frame.
layout(set = 0, binding = 13, std430) buffer Levels { uint levels[]; };
// Per chunk (the CPU's): 1 while it holds a styled building, which keeps it at the full level.
layout(set = 0, binding = 14, std430) readonly buffer Styled { uint styled[]; };

layout(push_constant) uniform Push {
  uint chunks;
  uint phase;           // 0: one pass without occlusion, 1: early, 2: late
  uint triangleRegion;  // where cull_compact.comp writes the triangle draws: 0 early, 1 late
  uint writeLines;      // 1: cull_compact.comp writes the outline draws too
  uint buildings;
  uint parity;          // which half of `visible` holds last frame's
  uint scratchIndices;  // where the scratch rooms start
  uint scratchLines;
} push;

const uint kNowhere = 0xffffffffu;

// A building's runs of indices at its chunk's level this frame (x: first
// triangle index, y: count, z: first outline index, w: count).
// (A chunk at its block level copies no building's runs: the coarse ones stand in.)
uvec4 drawnRuns(BuildingRecord r) {
  return (levels[floatBitsToUint(r.lo.w)] & 3u) != 0u ? r.coarse : r.range;
}

// A chunk's nearest point's distance from the eye.
float chunkDistance(ChunkRecord c) {
  vec3 offset = chunkFromEye(c, cull.eyeHigh.xyz, cull.eyeLow.xyz);
  return max(length(clamp(vec3(0.0), c.boundsMin.xyz + offset, c.boundsMax.xyz + offset)), 1e-3);
}
