#version 450
// Case markers: per instance a pin (a thin line from the ground up) and a
// head (a screen-aligned quad drawn as an SDF shape) that floats a fixed
// number of pixels above the case's ground point. Every vertex takes the
// ground point's depth, so buildings in front of the case hide (dim) it.
layout(location = 0) in vec3 inPosition;  // relative to the layer origin
layout(location = 1) in vec4 inColor;     // unorm8, sRGB
layout(location = 2) in float inSize;     // pixels
layout(location = 3) in uint inFlags;

layout(push_constant) uniform Push {
  mat4 viewProjection;  // world − eye → clip (rotation only)
  vec4 origin;          // xyz: layer origin − eye
  vec4 viewport;        // width, height, time (s), pin height (px)
  vec4 style;           // x: alpha factor (hidden pass), y: UI scale
} push;

layout(location = 0) out vec2 vUv;        // head: [-1, 1]²; pin: x across the line
layout(location = 1) out vec4 vColor;
layout(location = 2) flat out uint vFlags;
layout(location = 3) flat out float vIsPin;
layout(location = 4) out float vSizePx;

#include "color.glsl"

void main() {
  const vec2 corners[6] = vec2[](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));
  int v = gl_VertexIndex;
  bool pin = v < 6;
  vec2 corner = corners[v % 6];
  vec4 anchor = push.viewProjection * vec4(inPosition + push.origin.xyz, 1.0);
  vColor = vec4(srgbToLinear(inColor.rgb), inColor.a);
  vFlags = inFlags;
  vIsPin = pin ? 1.0 : 0.0;
  float size = inSize * push.style.y;
  vSizePx = size;
  if (anchor.w <= 0.0 || size <= 0.0) {  // behind the camera, or hidden by style
    gl_Position = vec4(0.0, 0.0, -2.0, 1.0);
    return;
  }
  vec2 toNdc = 2.0 / push.viewport.xy;
  bool onTheGround = (inFlags & 4096u) != 0u;  // no pin: the head on its spot
  if (pin && onTheGround) {
    gl_Position = vec4(0.0, 0.0, -2.0, 1.0);
    return;
  }
  float lift = onTheGround ? 0.0 : push.viewport.w * push.style.y;  // the head floats this many pixels up
  vec2 offsetPx;
  if (pin) {
    // A 2-pixel line from the ground point to the head's centre.
    offsetPx = vec2(corner.x * 1.0, -lift * (corner.y * 0.5 + 0.5));
    vUv = vec2(corner.x, corner.y);
  } else {
    offsetPx = vec2(0.0, -lift) + corner * (size * 0.5 + 4.0);  // room for the pulse ring
    vUv = corner * (size * 0.5 + 4.0) / (size * 0.5);
  }
  gl_Position = vec4(anchor.xy + offsetPx * toNdc * anchor.w, anchor.z, anchor.w);
}
