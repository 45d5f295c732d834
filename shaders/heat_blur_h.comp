#version 450
// Separable Gaussian, horizontal: one thread per cell.
#include "heat.glsl"
layout(local_size_x = 16, local_size_y = 16) in;
void main() {
  ivec2 c = ivec2(gl_GlobalInvocationID.xy);
  ivec2 size = ivec2(push.size.xy);
  if (c.x >= size.x || c.y >= size.y) return;
  int reach = int(push.size.w);
  float inv2s2 = 1.0 / (2.0 * push.grid.y * push.grid.y);
  float sum = 0.0;
  for (int k = max(-reach, -c.x); k <= min(reach, size.x - 1 - c.x); ++k)
    sum += float(bins[c.y * size.x + c.x + k]) * exp(-float(k * k) * inv2s2);
  temp[c.y * size.x + c.x] = sum / kScale;
}
