#version 450
// GPU culling, first pass: one invocation per building of the extruded
// city. A building is kept when its box is in the view frustum, spans at
// least the level-of-detail threshold in pixels and (late phase) is not
// hidden behind the depth pyramid; its outlines are drawn only when it
// spans the outline threshold too. What the phase draws of it goes to
// `decisions`:
//   phase 0 (no occlusion): triangles and outlines of every kept building;
//   phase 1 (early): triangles of kept buildings seen last frame;
//   phase 2 (late, against this frame's pyramid built from the early draw):
//     triangles of buildings seen now that the early phase did not draw,
//     outlines of every building drawn this frame; what is seen is written
//     for the next frame.
#include "cull_bindings.glsl"
layout(local_size_x = 64) in;

bool boxInFrustum(vec3 lo, vec3 hi) {
  for (int i = 0; i < 5; ++i) {
    vec4 p = cull.planes[i];
    vec3 v = vec3(p.x >= 0.0 ? hi.x : lo.x, p.y >= 0.0 ? hi.y : lo.y, p.z >= 0.0 ? hi.z : lo.z);
    if (dot(p.xyz, v) + p.w < 0.0) return false;
  }
  return true;
}

// Large enough to span `pixels` at its nearest point (0: always).
bool spans(vec3 lo, vec3 hi, float pixels) {
  if (pixels <= 0.0) return true;
  float size = max(max(hi.x - lo.x, hi.y - lo.y), hi.z - lo.z);
  float distance = length(clamp(vec3(0.0), lo, hi));
  return size * cull.params.x >= pixels * distance;
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
  uint b = gl_GlobalInvocationID.x;
  if (b >= push.buildings) return;
  BuildingRecord r = buildings[b];
  ChunkRecord c = chunks[floatBitsToUint(r.lo.w)];
  vec3 offset = chunkFromEye(c, cull.eyeHigh.xyz, cull.eyeLow.xyz);
  vec3 lo = r.lo.xyz + offset, hi = r.hi.xyz + offset;
  bool kept = boxInFrustum(lo, hi) && spans(lo, hi, cull.params.y);
  bool outlined = spans(lo, hi, cull.lod.y);
  bool seenBefore = visible[push.parity * push.buildings + b] != 0u;
  bool triangles = false, lines = false;
  if (push.phase == 0u) {
    triangles = kept;
    lines = kept && outlined;
  } else if (push.phase == 1u) {
    triangles = kept && seenBefore;
  } else {
    bool drawnEarly = kept && seenBefore;
    bool seen = kept && !occluded(lo, hi);
    triangles = seen && !drawnEarly;
    lines = (seen || drawnEarly) && outlined;
    visible[(1u - push.parity) * push.buildings + b] = seen ? 1u : 0u;
    // What occlusion saved (the renderer rests it when that is little).
    if (kept && !seen) atomicAdd(totals[6], drawnRuns(r).y);
  }
  decisions[b] = (triangles ? 1u : 0u) | (lines ? 2u : 0u);
}
