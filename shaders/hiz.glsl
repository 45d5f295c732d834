// The first level of the depth pyramid: each texel holds the farthest depth
// (reversed-Z: the smallest value) of every depth sample it covers. The
// pyramid's base is a power of two no larger than the target, so a texel
// covers up to 2 × 2 pixels (3 × 3 where they straddle), all of them read:
// a pyramid that missed one would hide what shows through a gap.
layout(local_size_x = 8, local_size_y = 8) in;
#ifdef CITYWALL_MULTISAMPLED
layout(set = 0, binding = 0) uniform sampler2DMS depth;
#else
layout(set = 0, binding = 0) uniform sampler2D depth;
#endif
layout(set = 0, binding = 1, r32f) writeonly uniform image2D level0;
layout(push_constant) uniform Push {
  ivec2 depthSize;
  ivec2 levelSize;
  int samples;
} push;

void main() {
  ivec2 p = ivec2(gl_GlobalInvocationID.xy);
  if (any(greaterThanEqual(p, push.levelSize))) return;
  ivec2 a = p * push.depthSize / push.levelSize;
  ivec2 b = min(((p + 1) * push.depthSize + push.levelSize - 1) / push.levelSize, push.depthSize);
  float farthest = 1.0;
  for (int y = a.y; y < b.y; ++y)
    for (int x = a.x; x < b.x; ++x) {
#ifdef CITYWALL_MULTISAMPLED
      for (int s = 0; s < push.samples; ++s) farthest = min(farthest, texelFetch(depth, ivec2(x, y), s).r);
#else
      farthest = min(farthest, texelFetch(depth, ivec2(x, y), 0).r);
#endif
    }
  imageStore(level0, p, vec4(farthest));
}
