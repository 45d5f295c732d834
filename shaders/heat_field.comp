#version 450
// Field mode: each cell interpolates the sensors' readings by inverse
// squared distance; the distance to the nearest sensor goes to `temp` so the
// drape can fade where nothing is measured.
#include "heat.glsl"
layout(local_size_x = 16, local_size_y = 16) in;
void main() {
  ivec2 c = ivec2(gl_GlobalInvocationID.xy);
  ivec2 size = ivec2(push.size.xy);
  if (c.x >= size.x || c.y >= size.y) return;
  vec2 centre = (vec2(c) + 0.5) * push.grid.x;
  float cell2 = push.grid.x * push.grid.x;
  float num = 0.0, den = 0.0, nearest = 1e30;
  for (uint i = 0u; i < push.size.z; ++i) {
    HeatPoint p = points[i];
    if (p.weight <= 0.0) continue;
    vec2 d = vec2(p.x, p.y) - centre;
    float d2 = dot(d, d);
    float w = 1.0 / (d2 + cell2);
    num += w * p.weight;
    den += w;
    nearest = min(nearest, d2);
  }
  float value = den > 0.0 ? num / den : 0.0;
  density[c.y * size.x + c.x] = value;
  temp[c.y * size.x + c.x] = sqrt(nearest);
  if (value > 0.0) atomicMax(maxBits, floatBitsToUint(value));
}
