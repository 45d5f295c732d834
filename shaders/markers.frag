#version 450
layout(location = 0) in vec2 vUv;
layout(location = 1) in vec4 vColor;
layout(location = 2) flat in uint vFlags;
layout(location = 3) flat in float vIsPin;
layout(location = 4) in float vSizePx;
layout(push_constant) uniform Push {
  mat4 viewProjection;
  vec4 origin;
  vec4 viewport;
  vec4 style;
} push;
layout(location = 0) out vec4 outColor;

const float PI = 3.14159265;

// Signed distance (negative inside) of the category shapes, in uv units
// where the shape roughly fills radius 1.
float shapeDistance(uint shape, vec2 p) {
  p.y = -p.y;  // uv y grows downward on screen
  if (shape == 1u) { vec2 d = abs(p) - vec2(0.78); return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0); }  // square
  if (shape == 2u) { p.y += 0.2; float k = sqrt(3.0); p.x = abs(p.x) - 0.95; p.y = p.y + 0.95 / k;
                     if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
                     p.x -= clamp(p.x, -1.9, 0.0); return -length(p) * sign(p.y); }                           // triangle
  if (shape == 3u) { return (abs(p.x) + abs(p.y) - 1.0) * 0.7071; }                                          // diamond
  if (shape == 4u) { float sector = 2.0 * PI / 5.0;                                                        // star
                     float a = mod(atan(p.x, p.y) + sector * 0.5, sector) - sector * 0.5;  // 0 at a tip
                     float t = abs(a) / (sector * 0.5);
                     return (length(p) - mix(1.0, 0.45, t)) * 0.6; }
  if (shape == 5u) { vec2 q = p - vec2(0.0, -0.15); float c = length(q) - 0.72;                             // drop
                     float t = max(abs(p.x) * 1.2 + (p.y - 0.95) * 0.8, -p.y); return min(c, max(t, -q.y)); }
  if (shape == 6u) { vec2 q = abs(p); return max(q.x * 0.866 + q.y * 0.5, q.y) - 0.85; }                   // hexagon
  if (shape == 7u) { vec2 q = abs(p); return min(max(q.x - 0.9, q.y - 0.32), max(q.x - 0.32, q.y - 0.9)); } // cross
  if (shape == 8u) { float r = length(p); return max(r - 0.9, 0.32 - r); }                                // sensor ring
  return length(p) - 0.85;                                                                                    // circle
}

// A digit drawn as seven segments in a cell of uv [-1, 1]² (for cluster counts).
float digitCoverage(int digit, vec2 p, float px) {
  // Segments a b c d e f g as bits: top, top-right, bottom-right, bottom, bottom-left, top-left, middle.
  const int masks[10] = int[](0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f);
  int mask = masks[digit];
  float cover = 0.0;
  const float w = 0.55, h = 0.9, t = 0.16;  // half width, half height, stroke
  vec2 segCentre[7] = vec2[](vec2(0, -h), vec2(w, -h * 0.5), vec2(w, h * 0.5), vec2(0, h), vec2(-w, h * 0.5),
                             vec2(-w, -h * 0.5), vec2(0, 0));
  for (int s = 0; s < 7; ++s) {
    if ((mask & (1 << s)) == 0) continue;
    bool horizontal = s == 0 || s == 3 || s == 6;
    vec2 halfSize = horizontal ? vec2(w, t) : vec2(t, h * 0.5);
    vec2 d = abs(p - segCentre[s]) - halfSize;
    float dist = length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
    cover = max(cover, 1.0 - smoothstep(-px, px, dist));
  }
  return cover;
}

float countCoverage(uint count, vec2 uv, float px) {
  int digits = count >= 1000u ? 4 : count >= 100u ? 3 : count >= 10u ? 2 : 1;
  // Each digit's half width in uv: narrower for longer numbers, so they fit the disc.
  float cellW = digits <= 2 ? 0.42 : digits == 3 ? 0.28 : 0.21;
  float scale = 1.42 / (1.7 * cellW);
  float start = -cellW * float(digits - 1);
  float cover = 0.0;
  uint value = count;
  for (int i = digits - 1; i >= 0; --i) {
    int d = int(value % 10u);
    value /= 10u;
    vec2 local = (uv - vec2(start + 2.0 * cellW * float(i), 0.0)) * scale;
    cover = max(cover, digitCoverage(d, local, px * scale));
  }
  return cover;
}

void main() {
  float alpha = push.style.x;
  if (vIsPin > 0.5) {
    float edge = 1.0 - smoothstep(0.4, 1.0, abs(vUv.x));
    outColor = vec4(vColor.rgb * 0.85, vColor.a * 0.8 * edge * alpha);
    return;
  }
  float px = 2.0 / max(vSizePx, 1.0);  // one pixel in uv units
  float d = shapeDistance(vFlags & 15u, vUv);
  float fill = 1.0 - smoothstep(-px, px, d);
  float outline = 1.0 - smoothstep(px * 0.5, px * 2.0, abs(d + px * 1.2));  // a light rim for contrast
  // Sensor rings are thin: a strong rim would wash out their colour.
  vec3 c = mix(vColor.rgb, vec3(1.0), outline * ((vFlags & 15u) == 8u ? 0.2 : 0.65));
  float a = max(fill, outline * 0.9);
  // Pulses: new cases ring outward once a second, overdue ones in red, faster.
  bool pulsing = (vFlags & 48u) != 0u;
  if (pulsing) {
    float speed = (vFlags & 32u) != 0u ? 1.6 : 1.0;
    float phase = fract(push.viewport.z * speed);
    float ringR = 0.9 + phase * 0.6;
    float ring = (1.0 - smoothstep(px, px * 3.0, abs(length(vUv) - ringR))) * (1.0 - phase);
    vec3 ringColor = (vFlags & 32u) != 0u ? vec3(1.0, 0.15, 0.1) : vColor.rgb;
    c = mix(ringColor, c, a);
    a = max(a, ring);
  }
  if ((vFlags & 64u) != 0u) {  // selected: a white halo
    float halo = 1.0 - smoothstep(px, px * 3.0, abs(length(vUv) - 1.2));
    c = mix(vec3(1.0), c, a);
    a = max(a, halo);
  }
  if ((vFlags & 15u) == 9u) {  // a cluster: a disc in the worst status's colour, a ring, and the count
    uint count = vFlags >> 16;
    float r = length(vUv);
    float disc = 1.0 - smoothstep(0.9 - px, 0.9 + px, r);
    float ring = 1.0 - smoothstep(px, px * 2.5, abs(r - 0.9));
    float text = countCoverage(count, vUv, px);
    vec3 col = mix(vColor.rgb * 0.55, vec3(1.0), text);
    col = mix(col, vColor.rgb, ring * (1.0 - text));
    outColor = vec4(col, max(disc * 0.92, ring) * vColor.a * alpha);
    if (outColor.a < 0.01) discard;
    return;
  }
  if ((vFlags & 2048u) != 0u) {  // blinking: a sensor in alarm
    float on = 0.35 + 0.65 * step(0.5, fract(push.viewport.z * 1.5));
    a *= on;
    float halo = (1.0 - smoothstep(px, px * 4.0, abs(length(vUv) - 1.15))) * on;
    c = mix(vec3(1.0, 0.2, 0.15), c, a);
    a = max(a, halo);
  }
  if (a < 0.01) discard;
  outColor = vec4(c, a * vColor.a * alpha);
}
