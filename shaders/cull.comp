#version 450
// GPU culling of the extruded city: one workgroup per chunk, one invocation
// per building. A building is kept when its box is in the view frustum,
// spans at least the level-of-detail threshold in pixels and (late phase)
// is not hidden behind the depth pyramid. Kept buildings' triangle and
// outline indices are copied, in building order, into the chunk's own
// range of the drawn index buffers, so the result does not depend on how
// invocations are scheduled.
//
// Phases (push.phase):
//   0: one pass, no occlusion: triangles and outlines of every kept building;
//   1: early: triangles of kept buildings that were visible last frame;
//   2: late: against this frame's pyramid (built from the early draw):
//      triangles of buildings visible now that the early phase did not
//      draw, outlines of every building drawn this frame; visibility is
//      written for the next frame.
#include "culling.glsl"
layout(local_size_x = 64) in;

layout(set = 0, binding = 0, std140) uniform Cull {
  mat4 viewProjection;  // world − eye → clip
  vec4 planes[5];       // left, right, top, bottom, near (inside: dot ≥ 0)
  vec4 eyeHigh;
  vec4 eyeLow;
  vec4 params;          // x: pixels per radian, y: smallest size in pixels (0: all), z, w: pyramid size
  uvec4 counts;         // x: chunks, z: pyramid levels
} cull;
layout(push_constant) uniform Push {
  uint chunks;
  uint phase;
  uint triangleRegion;  // for cull_compact.comp
  uint writeLines;
} push;
layout(set = 0, binding = 1, std430) readonly buffer Chunks { ChunkRecord chunks[]; };
layout(set = 0, binding = 2, std430) readonly buffer Buildings { BuildingRecord buildings[]; };
layout(set = 0, binding = 3, std430) readonly buffer SourceIndices { uint sourceIndices[]; };
layout(set = 0, binding = 4, std430) readonly buffer SourceLines { uint sourceLines[]; };
layout(set = 0, binding = 5, std430) writeonly buffer DrawnIndices { uint drawnIndices[]; };
layout(set = 0, binding = 6, std430) writeonly buffer DrawnLines { uint drawnLines[]; };
layout(set = 0, binding = 7, std430) writeonly buffer ChunkCounts { uvec2 chunkCounts[]; };
layout(set = 0, binding = 8, std430) buffer Visible { uint visible[]; };  // per building: 1 = seen last frame
layout(set = 0, binding = 9) uniform sampler2D pyramid;                   // farthest depth (reversed-Z: smallest)

shared uint sTriangles[64];
shared uint sLines[64];

bool boxInFrustum(vec3 lo, vec3 hi) {
  for (int i = 0; i < 5; ++i) {
    vec4 p = cull.planes[i];
    vec3 v = vec3(p.x >= 0.0 ? hi.x : lo.x, p.y >= 0.0 ? hi.y : lo.y, p.z >= 0.0 ? hi.z : lo.z);
    if (dot(p.xyz, v) + p.w < 0.0) return false;
  }
  return true;
}

// Large enough to cover the threshold in pixels at its nearest point.
bool bigEnough(vec3 lo, vec3 hi) {
  if (cull.params.y <= 0.0) return true;
  float size = max(max(hi.x - lo.x, hi.y - lo.y), hi.z - lo.z);
  float distance = length(clamp(vec3(0.0), lo, hi));
  return size * cull.params.x >= cull.params.y * distance;
}

// Hidden behind what the pyramid holds: the box's nearest depth is farther
// than the farthest depth over the screen rectangle it covers.
bool occluded(vec3 lo, vec3 hi) {
  vec2 smin = vec2(1.0), smax = vec2(-1.0);
  float nearest = 0.0;
  for (int i = 0; i < 8; ++i) {
    vec3 corner = vec3((i & 1) != 0 ? hi.x : lo.x, (i & 2) != 0 ? hi.y : lo.y, (i & 4) != 0 ? hi.z : lo.z);
    vec4 c = cull.viewProjection * vec4(corner, 1.0);
    if (c.w <= 1e-3) return false;  // reaches behind the eye: treat as seen
    vec3 ndc = c.xyz / c.w;
    smin = min(smin, ndc.xy);
    smax = max(smax, ndc.xy);
    nearest = max(nearest, ndc.z);
  }
  vec2 uvMin = clamp(smin * 0.5 + 0.5, 0.0, 1.0), uvMax = clamp(smax * 0.5 + 0.5, 0.0, 1.0);
  vec2 base = cull.params.zw;
  vec2 extent = (uvMax - uvMin) * base;
  // The level where the rectangle spans at most one texel, so 2 × 2 texels cover it.
  int levels = int(cull.counts.z);
  int level = clamp(int(ceil(log2(max(max(extent.x, extent.y), 1.0)))), 0, levels - 1);
  ivec2 size = max(ivec2(base) >> level, ivec2(1));
  ivec2 a = clamp(ivec2(uvMin * vec2(size)), ivec2(0), size - 1);
  ivec2 b = clamp(ivec2(uvMax * vec2(size)), ivec2(0), size - 1);
  float farthest = min(min(texelFetch(pyramid, a, level).r, texelFetch(pyramid, ivec2(b.x, a.y), level).r),
                       min(texelFetch(pyramid, ivec2(a.x, b.y), level).r, texelFetch(pyramid, b, level).r));
  return nearest < farthest;
}

void main() {
  uint chunkIndex = gl_WorkGroupID.x;
  uint lane = gl_LocalInvocationID.x;
  ChunkRecord c = chunks[chunkIndex];
  uint phase = push.phase;
  vec3 offset = chunkFromEye(c, cull.eyeHigh.xyz, cull.eyeLow.xyz);
  uint triangles = 0u, lines = 0u;  // indices written so far (the same in every invocation)
  if (boxInFrustum(c.boundsMin.xyz + offset, c.boundsMax.xyz + offset)) {
    for (uint first = 0u; first < c.range.y; first += 64u) {
      uint i = first + lane;
      bool drawTriangles = false, drawLines = false;
      BuildingRecord r = BuildingRecord(vec4(0.0), vec4(0.0), uvec4(0u));
      uint b = c.range.x + i;
      if (i < c.range.y) {
        r = buildings[b];
        vec3 lo = r.lo.xyz + offset, hi = r.hi.xyz + offset;
        bool kept = boxInFrustum(lo, hi) && bigEnough(lo, hi);
        if (phase == 0u) {
          drawTriangles = drawLines = kept;
        } else if (phase == 1u) {
          drawTriangles = kept && visible[b] != 0u;
        } else {
          bool drawnEarly = kept && visible[b] != 0u;
          bool seen = kept && !occluded(lo, hi);
          drawTriangles = seen && !drawnEarly;
          drawLines = seen || drawnEarly;
          visible[b] = seen ? 1u : 0u;
        }
      }
      uint nTriangles = drawTriangles ? r.range.y : 0u, nLines = drawLines ? r.range.w : 0u;
      // Inclusive prefix sums over the 64 buildings of this step.
      sTriangles[lane] = nTriangles;
      sLines[lane] = nLines;
      barrier();
      for (uint step = 1u; step < 64u; step <<= 1) {
        uint t = lane >= step ? sTriangles[lane - step] : 0u;
        uint l = lane >= step ? sLines[lane - step] : 0u;
        barrier();
        sTriangles[lane] += t;
        sLines[lane] += l;
        barrier();
      }
      uint to = c.range.z + triangles + sTriangles[lane] - nTriangles;
      for (uint k = 0u; k < nTriangles; ++k) drawnIndices[to + k] = sourceIndices[r.range.x + k];
      to = c.range.w + lines + sLines[lane] - nLines;
      for (uint k = 0u; k < nLines; ++k) drawnLines[to + k] = sourceLines[r.range.z + k];
      triangles += sTriangles[63];
      lines += sLines[63];
      barrier();  // everyone has read the sums before the next step writes them
    }
  }
  if (lane == 0u) chunkCounts[chunkIndex] = uvec2(triangles, lines);
}
