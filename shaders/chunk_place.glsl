// Where a building vertex sits seen from the eye (after frame.glsl).
// Buildings and outlines are drawn either one chunk per draw (culled on the
// CPU; the push constant places the chunk) or from GPU-culled indirect
// draws, whose firstInstance names the chunk (renderer/vulkan/gpu_culling.h).
layout(constant_id = 0) const bool kGpuCulled = false;

vec3 fromEye(vec3 position) {
  // The origin's two fields only, not the whole record (224 bytes) per vertex.
  return kGpuCulled ? position + ((chunks.records[gl_InstanceIndex].originHigh.xyz - frame.eyeHigh.xyz) +
                                  (chunks.records[gl_InstanceIndex].originLow.xyz - frame.eyeLow.xyz))
                    : (push.transform * vec4(position, 1.0)).xyz;
}
