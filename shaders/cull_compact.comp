#version 450
// GPU culling, last pass, after cull_place.comp: one indirect draw per chunk that kept something, packed
// in chunk order (a prefix sum, so the order never depends on scheduling),
// their number for vkCmdDrawIndexedIndirectCount, and the totals the CPU
// reads back for its statistics. One workgroup.
#include "cull_bindings.glsl"
layout(local_size_x = 256) in;

struct DrawCommand {
  uint indexCount;
  uint instanceCount;
  uint firstIndex;
  int vertexOffset;
  uint firstInstance;  // the chunk: the vertex shader places it by gl_InstanceIndex
};

layout(set = 0, binding = 10, std430) writeonly buffer Commands { DrawCommand commands[]; };  // 3 × chunks
layout(set = 0, binding = 11, std430) writeonly buffer DrawCounts { uint drawCounts[4]; };     // early, late, outlines

shared uint sTriangleDraws[256];
shared uint sLineDraws[256];
shared uint sIndices, sLineIndices;

void main() {
  uint lane = gl_LocalInvocationID.x;
  if (lane == 0u) sIndices = 0u, sLineIndices = 0u;
  uint triangleDraws = 0u, lineDraws = 0u;
  for (uint first = 0u; first < push.chunks; first += 256u) {
    uint i = first + lane;
    uvec4 run = i < push.chunks ? chunkCounts[i] : uvec4(0u);
    uvec2 n = run.yw;
    if (push.writeLines == 0u) n.y = 0u;
    uint t = n.x > 0u ? 1u : 0u, l = n.y > 0u ? 1u : 0u;
    sTriangleDraws[lane] = t;
    sLineDraws[lane] = l;
    barrier();
    for (uint step = 1u; step < 256u; step <<= 1) {
      uint a = lane >= step ? sTriangleDraws[lane - step] : 0u;
      uint b = lane >= step ? sLineDraws[lane - step] : 0u;
      barrier();
      sTriangleDraws[lane] += a;
      sLineDraws[lane] += b;
      barrier();
    }
    if (t != 0u) {
      ChunkRecord c = chunks[i];
      commands[push.triangleRegion * push.chunks + triangleDraws + sTriangleDraws[lane] - 1u] =
          DrawCommand(n.x, 1u, run.x, c.draw.x, i);
      atomicAdd(sIndices, n.x);
    }
    if (l != 0u) {
      ChunkRecord c = chunks[i];
      commands[2u * push.chunks + lineDraws + sLineDraws[lane] - 1u] = DrawCommand(n.y, 1u, run.z, c.draw.x, i);
      atomicAdd(sLineIndices, n.y);
    }
    triangleDraws += sTriangleDraws[255];
    lineDraws += sLineDraws[255];
    barrier();
  }
  if (lane == 0u) {
    drawCounts[push.triangleRegion] = triangleDraws;
    totals[push.triangleRegion] = sIndices;
    if (push.phase == 2u) totals[7] = 1u;  // this frame tested occlusion
    totals[3u + push.triangleRegion] = triangleDraws;
    if (push.writeLines != 0u) {
      drawCounts[2] = lineDraws;
      totals[2] = sLineIndices;
      totals[5] = lineDraws;
    }
  }
}
