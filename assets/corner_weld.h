#pragma once
// Corner weld: an extruded city's vertices stored once per corner, not
// once per face.
//
// The building shader lights a face by the normal of its triangle's first
// corner (a flat output: Vulkan's provoking vertex), so the other two
// corners' normals are never read. A box's top corner used to be stored
// three times (two walls and the roof, each with its own normal); here it
// is stored once, and each triangle is turned (its winding kept) so that
// it starts at a corner that carries its face's normal. A prism of n
// corners goes from 5n vertices (4 a wall, 1 a roof corner) to 2n.

#include <cstdint>

namespace citywall::scene {
struct CityModel;
}

namespace citywall::assets {

/// What a weld did, for the log and the benchmarks.
struct CornerWeldReport {
  uint64_t verticesBefore = 0;
  uint64_t verticesAfter = 0;
};

/// Welds the corners of chunks [firstChunk, city.chunks.size()): their
/// full, coarse and block levels' triangles and outlines. A chunk's
/// vertices are those from its vertexOffset to the next chunk's (the last
/// one's to the end of city.vertices). Each triangle keeps its corners'
/// positions and building, in the same winding, and its first corner's
/// normal; vertices no index names are dropped; vertex offsets are
/// renumbered. Chunks are welded on `threads` threads (0: one per core).
CornerWeldReport weldCorners(scene::CityModel& city, uint32_t firstChunk, unsigned threads = 0);

}  // namespace citywall::assets
