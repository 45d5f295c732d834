#pragma once
// The block level of a chunk of extruded buildings: what is drawn where a
// whole building spans about a pixel, as at a city's overview. There a
// building's own roof and walls cost triangles no one can tell apart, so
// buildings that touch and are about as tall become one mass, as a city
// block reads from far away:
//  - the chunk's footprints are painted on a grid (BlockOptions::cell), each
//    cell holding the tallest roof over its centre;
//  - neighbouring cells whose roofs lie within a share of the height of the
//    tallest join one region, grown from the tallest roof down;
//  - the regions' outlines are traced along the grid and simplified
//    (Douglas–Peucker) one shared stretch at a time, the same for the two
//    regions on either side of it, so regions that touch keep touching and
//    no ground shows between them;
//  - a region is a roof at its tallest height, with walls down to its lower
//    neighbour or to the ground, outlined along the top of its walls.
// Every vertex of a region names its tallest building. The renderer draws
// this level only for chunks without a styled building (a tint, a
// highlight, a hidden building show their chunk at a finer level), and
// picking tests footprints, not this mesh.

#include <vector>

#include "assets/building_extruder.h"
#include "assets/coarse_level.h"

namespace citywall::assets {

struct BlockLevel {
  /// Positions in the chunk's frame (metres: floats, as the city's vertices).
  struct Mesh {
    std::vector<glm::vec3> positions, normals;
    std::vector<uint32_t> triangles, lines;
  } mesh;
  std::vector<uint32_t> owners;  ///< per vertex: the input index of the building it is drawn as
  /// Metres: the most a point is off from the full level (the grid, the
  /// simplification, a roof raised to its region's height).
  double error = 0;
  size_t regions = 0;
  /// The regions are written largest first (size: the most of their width,
  /// depth and height, metres), each region's triangles and outline
  /// indices together: where each ends in mesh.triangles and mesh.lines,
  /// so a far view can draw a prefix as the other levels do.
  struct RegionEnd {
    double size;
    size_t triangles, lines;
  };
  std::vector<RegionEnd> ends;
};

/// The block level of one chunk's buildings (every building counts, parts
/// above the ground included: it is painted from its ground to its roof).
/// `shapes`, if given, holds each building's mesh at the coarse level, in
/// the inputs' order: towers (BlockOptions::keepShapeFrom) are taken from
/// there as they are, not merged. Thread-safe.
BlockLevel makeBlockLevel(const std::vector<CoarseInput>& buildings, const BlockOptions& options = {},
                          const std::vector<BuildingMesh>* shapes = nullptr);

}  // namespace citywall::assets
