#version 450
// One thread per point: its weight (with time decay and window against the
// clock) splatted bilinearly into the four nearest cells.
#include "heat.glsl"
layout(local_size_x = 256) in;
void main() {
  uint i = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * 256u;
  if (i >= push.size.z) return;
  HeatPoint p = points[i];
  float w = p.weight;
  float age = max(0.0, push.grid.z - p.time);
  if (push.look.x > 0.0 && age > push.look.x) w = 0.0;
  if (push.grid.w > 0.0) w *= exp(-age / push.grid.w);
  if (w <= 0.0) return;
  vec2 u = vec2(p.x, p.y) / push.grid.x - 0.5;
  ivec2 c = ivec2(floor(u));
  vec2 f = u - vec2(c);
  ivec2 size = ivec2(push.size.xy);
  for (int dy = 0; dy <= 1; ++dy)
    for (int dx = 0; dx <= 1; ++dx) {
      ivec2 q = c + ivec2(dx, dy);
      if (q.x < 0 || q.y < 0 || q.x >= size.x || q.y >= size.y) continue;
      float share = (dx == 1 ? f.x : 1.0 - f.x) * (dy == 1 ? f.y : 1.0 - f.y);
      atomicAdd(bins[q.y * size.x + q.x], uint(w * share * kScale + 0.5));
    }
}
