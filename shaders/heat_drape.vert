#version 450
#include "heat.glsl"
layout(location = 0) in vec3 inPosition;  // drape mesh, relative to the grid origin (on the ground)
layout(location = 0) out vec2 vCell;      // position in cells
void main() {
  vCell = (inPosition.xy + push.drape.xy) / push.grid.x;
  // `transform` is the whole mesh → clip matrix (projection × rotation ×
  // eye-relative translation, built in double on the CPU). The drape is
  // pulled a little toward the eye so it wins against the ground it lies on.
  vec4 clip = push.transform * vec4(inPosition, 1.0);
  clip.z *= 1.0005;
  gl_Position = clip;
}
