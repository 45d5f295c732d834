// What the GPU culling passes (cull.comp, cull_compact.comp) and the culled
// building draws (buildings.vert, outlines.vert) share. Must match
// renderer/vulkan/gpu_culling.h.

// A chunk: where it sits and where its buildings' indices live.
struct ChunkRecord {
  vec4 originHigh;  // xyz: ENU metres, rounded to float …
  vec4 originLow;   // xyz: … and what the rounding left (origin = high + low)
  vec4 boundsMin;   // xyz: relative to the origin; w: the coarse level's error (metres)
  vec4 boundsMax;
  uvec4 range;      // x: first building, y: buildings, z, w: where its triangle and outline indices go in the scratch rooms
  ivec4 draw;       // x: vertex offset, y: triangle indices, z: outline indices
  uvec4 coarse;     // the coarse level: first triangle index, triangle indices (0: none), first outline index, outline indices
  uvec4 block;      // the block level, the same (its error is boundsMax.w)
  vec4 blockSize[2];      // its eight prefix steps: the smallest region's size in each (metres) …
  uvec4 blockIndices[2];  // … the triangle indices of each prefix …
  uvec4 blockLines[2];    // … and its outline indices
};

// One building: its box (relative to the chunk's origin) and its index runs.
struct BuildingRecord {
  vec4 lo;          // w: its chunk (floatBitsToUint)
  vec4 hi;
  uvec4 range;  // x: first triangle index, y: triangle indices, z: first outline index, w: outline indices
  uvec4 coarse; // the same at its chunk's coarse level
};

// The chunk's origin seen from the eye. Both are split into a float and its
// remainder, so the difference keeps millimetres anywhere in the city
// without doubles on the GPU.
vec3 chunkFromEye(ChunkRecord c, vec3 eyeHigh, vec3 eyeLow) {
  return (c.originHigh.xyz - eyeHigh) + (c.originLow.xyz - eyeLow);
}
