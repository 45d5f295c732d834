#version 450
// One level of the depth pyramid from the one below: the farthest
// (smallest, reversed-Z) of the 2 × 2 texels under each texel. Sizes are
// powers of two; a side already at 1 stays 1.
layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0, r32f) readonly uniform image2D below;
layout(set = 0, binding = 1, r32f) writeonly uniform image2D level;
layout(push_constant) uniform Push {
  ivec2 belowSize;
  ivec2 levelSize;
} push;

void main() {
  ivec2 p = ivec2(gl_GlobalInvocationID.xy);
  if (any(greaterThanEqual(p, push.levelSize))) return;
  ivec2 last = push.belowSize - 1;
  ivec2 q = p * 2;
  float farthest = min(min(imageLoad(below, min(q, last)).r, imageLoad(below, min(q + ivec2(1, 0), last)).r),
                       min(imageLoad(below, min(q + ivec2(0, 1), last)).r, imageLoad(below, min(q + ivec2(1, 1), last)).r));
  imageStore(level, p, vec4(farthest));
}
