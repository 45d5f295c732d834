#version 450
// Separable Gaussian, vertical; also finds the largest density (for the
// automatic colour domain, read back a frame later).
#include "heat.glsl"
layout(local_size_x = 16, local_size_y = 16) in;
void main() {
  ivec2 c = ivec2(gl_GlobalInvocationID.xy);
  ivec2 size = ivec2(push.size.xy);
  if (c.x >= size.x || c.y >= size.y) return;
  int reach = int(push.size.w);
  float inv2s2 = 1.0 / (2.0 * push.grid.y * push.grid.y);
  float sum = 0.0;
  for (int k = max(-reach, -c.y); k <= min(reach, size.y - 1 - c.y); ++k)
    sum += temp[(c.y + k) * size.x + c.x] * exp(-float(k * k) * inv2s2);
  density[c.y * size.x + c.x] = sum;
  if (sum > 0.0) atomicMax(maxBits, floatBitsToUint(sum));  // positive floats order like their bits
}
