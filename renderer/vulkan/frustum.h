#pragma once
// The view frustum of an eye-relative view-projection, as planes, and the
// box test the CPU's chunk culling shares with the GPU's (shaders/cull.comp).

#include <array>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

namespace citywall::renderer::vulkan {

/// Planes (ax + by + cz + d ≥ 0 inside): left, right, top, bottom, near.
/// The reversed infinite projection has no far plane.
inline std::array<glm::vec4, 5> frustumPlanes(const glm::mat4& m) {
  const glm::vec4 r0(m[0][0], m[1][0], m[2][0], m[3][0]);
  const glm::vec4 r1(m[0][1], m[1][1], m[2][1], m[3][1]);
  const glm::vec4 r2(m[0][2], m[1][2], m[2][2], m[3][2]);
  const glm::vec4 r3(m[0][3], m[1][3], m[2][3], m[3][3]);
  return {r3 + r0, r3 - r0, r3 + r1, r3 - r1, r3 - r2};
}

/// Whether an axis-aligned box (eye-relative) is at least partly inside.
inline bool boxVisible(const std::array<glm::vec4, 5>& planes, const glm::vec3& lo, const glm::vec3& hi) {
  for (const auto& p : planes) {
    const glm::vec3 v(p.x >= 0 ? hi.x : lo.x, p.y >= 0 ? hi.y : lo.y, p.z >= 0 ? hi.z : lo.z);
    if (glm::dot(glm::vec3(p), v) + p.w < 0) return false;
  }
  return true;
}

}  // namespace citywall::renderer::vulkan
