#pragma once
// FrameView: the immutable description of one frame that the renderer draws
// (camera, theme, viewport, the layers' instances, building styles). Made by
// Scene::snapshot each frame; the renderer never reads anything else about
// the world (docs/architecture.md). Only spans and values: what they point
// into is owned by the scene and stays unchanged until the next
// Scene::update, so a frame is recorded from a consistent state. Nothing here
// includes live/: the renderer cannot see the store, even by accident.

#include <cstdint>
#include <span>
#include <utility>

#include "scene/camera.h"
#include "scene/city_model.h"
#include "scene/draw_types.h"
#include "scene/regions.h"
#include "scene/theme.h"

namespace citywall::scene {

/// Case markers, clusters or sensors of this frame, and which instances
/// changed since the previous snapshot (the renderer copies only those).
struct MarkerFrame {
  std::span<const MarkerInstance> instances;
  std::span<const uint32_t> changed;
  glm::dvec3 origin{0.0};       ///< ENU of the instances' origin
  const void* source = nullptr;  ///< which layer: a new source is copied whole
  bool pinned = true;            ///< heads float on a pin above their spot (cases, sensors); false: on the spot
  bool empty() const { return instances.empty(); }
};

/// The heatmap of this frame: points on a ground grid, how they are
/// blurred and coloured, the drape mesh, the clock for decay, the colour
/// domain's top. `points` empty and `grid.width` 0: no heatmap.
struct HeatFrame {
  std::span<const HeatPoint> points;
  std::span<const uint32_t> changed;  ///< points rebuilt since the previous snapshot
  HeatGrid grid;
  const GroundMesh* drape = nullptr;  ///< the mesh the density is draped on
  /// Where the density can be above zero (grid-relative metres; lo > hi:
  /// nowhere): the drape is drawn over these cells only.
  glm::vec2 reachMin{0.0f}, reachMax{-1.0f};
  HeatMode mode = HeatMode::density;
  HeatRamp ramp = HeatRamp::command;
  float sigmaCells = 1;
  float decaySeconds = 0;      ///< e-folding time; 0: no decay
  float windowSeconds = 0;     ///< only points this recent count; 0: all
  float opacity = 0.85f;
  float fieldReachMetres = 0;  ///< field mode: fades out this far from the nearest sensor
  float clockSeconds = 0;      ///< the clock against which decay and window apply
  float domainMax = 1;         ///< density at the top of the ramp (fixed, or the scene's smoothed auto value)
  const void* source = nullptr;  ///< which layer: cases or the sensor field
  bool present() const { return drape && grid.width > 0; }
  bool clockDependent() const { return decaySeconds > 0 || windowSeconds > 0; }
};

/// The choropleth of this frame: region geometry (loaded once) and a colour
/// per region (RGBA, 0xAABBGGRR) that changes when a region changes class.
struct RegionFrame {
  const RegionSet* set = nullptr;
  std::span<const uint32_t> colors;
  uint64_t version = 0;  ///< bumps whenever a colour changed
  uint32_t outlineRgb = 0x7fd3ff;
  bool present() const { return set != nullptr; }
};

/// Buildings drawn other than plainly (selected, tinted, hidden): the whole
/// set, with a version that bumps when it changes, so the renderer updates
/// its per-building table only then.
struct BuildingStyles {
  std::span<const std::pair<uint32_t, BuildingStyle>> styled;
  uint64_t version = 0;
};

/// One mesh of a 3D Tiles tile chosen for this frame. The mesh belongs to
/// the tile streamer and stays valid until the next Scene::update; `id`
/// names its content for good (a tile loaded again gets a new one), so the
/// renderer uploads a mesh once and frees it when no frame draws it.
struct TileDraw {
  const ModelMesh* mesh = nullptr;
  uint64_t id = 0;
  glm::dvec3 origin{0.0};     ///< ENU of the mesh's origin
  glm::mat4 modelToLocal{1};  ///< mesh axes → ENU axes around `origin`
  /// Flat-coloured parts take the theme's building colours (a plain city
  /// tileset reads like the wall's own buildings); textured parts keep theirs.
  bool themed = true;
};

struct FrameView {
  CameraMatrices camera;
  double cameraDistance = 1000;  ///< metres, eye to target; scales fog and grid fading
  Theme theme;
  MarkerFrame markers;
  MarkerFrame sensors;  ///< sensor glyphs, drawn by the same marker pass
  HeatFrame heat;
  RegionFrame regions;
  bool basemap = true;  ///< the city's base map (water, streets) drawn; the operator may switch it off
  /// The base map's vector tiles chosen for the camera (null: none); they
  /// change as it moves, so the renderer uploads them when `tilesVersion` does.
  const BaseMap* tiles = nullptr;
  uint64_t tilesVersion = 0;
  MarkerFrame features;  ///< governance icons (drawn flat on their spot, no pin)
  MarkerFrame picked;    ///< pins on top: the selected point of a point cloud (haloed), each marked area's centre
  /// Governance lines and areas: two palette entries per layer (fill,
  /// lines), alpha 0 for a layer switched off or zoomed past.
  std::span<const BaseMapPaint> featurePaints;
  /// The marked areas on the ground (scene/area_marks.h): discs and rings,
  /// drawn over the heat and the governance lines, under the buildings;
  /// uploaded again when `markGroundVersion` changes (an operator's or a
  /// drill's mark, seldom). Null or empty: none.
  const BaseMap* markGround = nullptr;
  uint64_t markGroundVersion = 0;
  std::span<const BaseMapPaint> markPaints;
  BuildingStyles buildings;
  std::span<const TileDraw> tiles3d;  ///< 3D Tiles content chosen for the camera (drawn like models)
  /// Entries the per-building table needs: the city's buildings, then the
  /// 3D Tiles features numbered so far (their vertices index the same table).
  uint32_t buildingCount = 0;
  /// Buildings smaller than this many pixels (at their chunk's nearest
  /// point) are left out; 0 draws every one.
  float buildingLodPixels = 1.0f;
  /// A chunk is drawn at its coarse level (scene::BuildingChunk) while that
  /// level's error spans fewer pixels than this at its nearest point; to
  /// switch to it the error must fall under four fifths of it, so a chunk at
  /// the threshold does not flicker between the two. 0: never coarse.
  float coarsePixels = 1.0f;
  /// The same for the block level (buildings merged into blocks), which is
  /// drawn instead of the coarse one where its error spans fewer pixels
  /// than this. 0: never.
  float blockPixels = 1.0f;
  /// Buildings spanning fewer pixels than this are drawn without outlines:
  /// on a building of a pixel or two an outline only blurs it, and far
  /// away outline edges cost a software rasteriser as much as the
  /// triangles. 0 outlines every building drawn.
  float outlinePixels = 2.0f;
  double timeSeconds = 0;  ///< animation clock (pulses)
  float uiScale = 1;       ///< marker sizes scale with the UI
};

/// What the renderer learned drawing a frame that the next frame's scene
/// needs: the one value that flows back, through Renderer::feedback() →
/// Scene::snapshot, read once per frame.
struct FrameFeedback {
  float heatMax = 0;  ///< the heat density's largest value in the last finished frame (auto colour domain)
};

}  // namespace citywall::scene
