#pragma once
// CityModel: everything static about a city, ready for the GPU: extruded
// buildings batched into spatial chunks, the ground, and placed landmark
// models. Built once by assets/ on load, then read-only (the renderer uploads
// it; picking and tinting address buildings by their index).

#include <cstdint>
#include <functional>
#include <glm/mat4x4.hpp>
#include <memory>
#include <optional>
#include <glm/vec3.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geo_frame.h"
#include "scene/basemap.h"
#include "scene/features.h"
#include "scene/picking_copy.h"

namespace citywall::scene {

/// One vertex of an extruded building: 20 bytes. Positions are floats
/// relative to the chunk's origin (a few hundred metres at most, so
/// sub-millimetre). `building` indexes CityModel::buildings and the
/// renderer's per-building GPU table (tint, hide, highlight).
struct BuildingVertex {
  float position[3];
  int8_t normal[4];  ///< unit normal × 127; w unused
  uint32_t building;
};
static_assert(sizeof(BuildingVertex) == 20);

/// A spatial batch of buildings drawn with one call. Index ranges point into
/// CityModel's shared vertex and index arrays.
struct BuildingChunk {
  glm::dvec3 origin;       ///< ENU metres; vertex positions are relative to it
  glm::vec3 boundsMin;     ///< relative to origin
  glm::vec3 boundsMax;     ///< relative to origin
  uint32_t firstIndex = 0;
  uint32_t indexCount = 0;
  uint32_t firstLineIndex = 0;  ///< outline edges (line list), into lineIndices
  uint32_t lineIndexCount = 0;
  int32_t vertexOffset = 0;     ///< added to each index (indices are chunk-local)
  uint32_t buildingCount = 0;
  /// Level of detail: a chunk's buildings are stored largest first, so the
  /// first lodIndexCount[k] indices (lodLineCount[k] outline indices) hold
  /// every building at least lodSize[k] metres in size (its height or its
  /// footprint's width, whichever is more). A far view draws the prefix
  /// whose smallest building still spans a pixel; the last step is all.
  static constexpr int kLodSteps = 6;
  float lodSize[kLodSteps] = {};
  uint32_t lodIndexCount[kLodSteps] = {};
  uint32_t lodLineCount[kLodSteps] = {};
  /// The coarse level (assets/coarse_level.h): the same buildings, in the
  /// same order, without the walls a neighbour hides and with simplified
  /// footprints; drawn instead of the full level where coarseError metres
  /// span less than a pixel. Its indices follow the chunk's own in the
  /// city's arrays, relative to the same vertexOffset; its vertices name
  /// their own buildings. The prefix steps match lodSize. Count 0: none.
  uint32_t coarseFirstIndex = 0, coarseIndexCount = 0;
  uint32_t coarseFirstLine = 0, coarseLineCount = 0;
  uint32_t coarseLodIndexCount[kLodSteps] = {};
  uint32_t coarseLodLineCount[kLodSteps] = {};
  float coarseError = 0;  ///< metres: the most a point of the coarse level is off
  /// The block level (assets/block_level.h): buildings that touch and are
  /// about as tall merged into one mass, drawn instead of the coarse level
  /// where blockError metres span less than a pixel (a city's overview).
  /// Its indices follow the coarse level's, relative to the same
  /// vertexOffset; each region's vertices name its tallest building. Its
  /// regions are stored largest first, with prefix steps as lodSize's but
  /// evenly spaced (1/8, 2/8, … all of its regions: at a distance where
  /// the block level is drawn, most regions span a pixel and the smallest
  /// few do not); blockLodSize is the smallest region's size in each.
  /// Count 0: none.
  static constexpr int kBlockSteps = 8;
  uint32_t blockFirstIndex = 0, blockIndexCount = 0;
  uint32_t blockFirstLine = 0, blockLineCount = 0;
  float blockError = 0;
  float blockLodSize[kBlockSteps] = {};
  uint32_t blockLodIndexCount[kBlockSteps] = {};
  uint32_t blockLodLineCount[kBlockSteps] = {};
};

/// What is known of one building (CPU side, for picking and the UI).
struct BuildingInfo {
  int64_t id = 0;           ///< the source's id (OSM way id, negative for relations), else the feature index
  std::string name;         ///< may be empty
  float height = 0;         ///< metres above ground (roof)
  float minHeight = 0;      ///< metres above ground (bottom; > 0 for bridges and building parts)
  glm::dvec3 centroid{0.0}; ///< ENU metres, on the ground
  uint32_t chunk = 0;
  /// Its footprint's rings in CityModel::rings (every part's outer ring and
  /// holes), extruded from `base + minHeight` to `base + height`: the
  /// shape of its full level, which picking tests.
  uint32_t firstRing = 0, ringCount = 0;
  float base = 0;           ///< z of the ground it stands on, relative to its chunk's origin
};

/// The footprints of a city's buildings, as its full level extrudes them,
/// kept for picking once the meshes live on the GPU alone
/// (CityModel::releaseBuildingMesh): about a twentieth of the mesh's bytes.
struct FootprintRings {
  std::vector<glm::vec2> points;  ///< metres, relative to the building's chunk origin; rings are closed implicitly
  std::vector<uint32_t> ends;     ///< ring r's points are [r ? ends[r-1] : 0, ends[r])
  uint32_t begin(uint32_t ring) const { return ring ? ends[ring - 1] : 0; }
  uint32_t end(uint32_t ring) const { return ends[ring]; }
};

/// A triangle mesh of a loaded model file, in the model's own axes (glTF: y up).
struct ModelVertex {
  float position[3];
  float normal[3];
  float uv[2];       ///< base-colour texture coordinates (glTF TEXCOORD_n)
  uint8_t color[4];  ///< base colour, sRGB (material factor × vertex colour)
  /// The feature this vertex belongs to (glTF EXT_mesh_features, a b3dm's
  /// batch id), kNoFeature for none. 3D Tiles rewrite it to a building index.
  uint32_t feature;
};
static_assert(sizeof(ModelVertex) == 40);
inline constexpr uint32_t kNoFeature = 0xffffffffu;

/// A model vertex as the GPU copy holds it: the normal in 8 bits an axis
/// (about half a degree, as BuildingVertex), a fifth less than ModelVertex.
/// A city's tiles are mostly vertices, so this is a fifth more city under a
/// tile memory budget.
struct PackedModelVertex {
  float position[3];
  int8_t normal[4];  ///< unit normal × 127; w 0
  float uv[2];
  uint8_t color[4];
  uint32_t feature;
};
static_assert(sizeof(PackedModelVertex) == 32);
PackedModelVertex pack(const ModelVertex& v);

/// A point of a point cloud as the GPU copy holds it: half a model vertex,
/// and no index. A point needs no normal (it is drawn unlit) and no texture
/// coordinates; its position is quantized to 16 bits an axis within its
/// mesh's box (PointBox), as a pnts file's POSITION_QUANTIZED is: a
/// millimetre or so on a tile of a hundred metres.
struct PackedPointVertex {
  uint16_t position[4];  ///< xyz within the box, 0–65535; w 0
  uint8_t color[4];
  uint32_t feature;
};
static_assert(sizeof(PackedPointVertex) == 16);

/// The box a point cloud's positions are quantized within: a position is
/// `min + q / 65535 × size` (the renderer folds that into the draw's
/// transform). Degenerate axes get a size of 1.
struct PointBox {
  glm::vec3 min{0.0f}, size{1.0f};
};
PointBox pointBox(const std::vector<ModelVertex>& vertices);
PackedPointVertex packPoint(const ModelVertex& v, const PointBox& box);

/// A decoded texture: RGBA, 8 bits a channel, sRGB.
struct ModelImage {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgba;
};

/// How a part's alpha counts (glTF material alphaMode).
enum class AlphaMode : uint8_t { opaque, mask, blend };

/// A run of a mesh's indices drawn with one material: its base-colour
/// texture (multiplied into the vertex colour) and its alpha mode.
struct ModelPart {
  uint32_t firstIndex = 0, indexCount = 0;
  int32_t image = -1;  ///< index into ModelMesh::images; -1: none
  AlphaMode alpha = AlphaMode::opaque;
  float alphaCutoff = 0.5f;  ///< mask: fragments below it are dropped
  /// Neither a texture nor vertex colours: one flat material colour, which a
  /// 3D Tiles city may trade for the wall's theme (TileDraw::themed).
  bool flat = false;
  /// glTF doubleSided: back faces drawn too (else they are culled, which
  /// halves what a closed mesh costs to rasterise).
  bool doubleSided = true;
  /// Drawn as points, not triangles: a 3D Tiles point cloud (pnts), its
  /// indices one a point; unlit, in the vertices' colours.
  bool points = false;
  /// glTF KHR_materials_unlit: the colours as they are, no sun or shade (a
  /// photogrammetry mesh's textures already hold the day's light).
  bool unlit = false;
};

/// The properties of a mesh's features (glTF EXT_structural_metadata's
/// property table, a b3dm's batch table), as text for cards and ids.
struct FeatureTable {
  std::vector<std::string> names;                ///< property names, in the file's order
  std::vector<std::vector<std::string>> values;  ///< values[property][feature]
  size_t count = 0;                              ///< features in the table
  /// The property's value for a feature; "" when absent.
  const std::string& value(size_t property, size_t feature) const {
    static const std::string none;
    return property < values.size() && feature < values[property].size() ? values[property][feature] : none;
  }
  /// The index of a property by name, or -1.
  int find(std::string_view name) const {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return int(i);
    return -1;
  }
};

/// Properties with a row per vertex (a point cloud's batch table without
/// batch ids: each point's classification, intensity…), read one row at a
/// time when a point is picked: millions of points' values as text would
/// weigh more than the points. Thread-safe (const).
class RowProperties {
 public:
  virtual ~RowProperties() = default;
  /// The row's properties, in the table's order, as text; empty when `row`
  /// is past the end.
  virtual std::vector<std::pair<std::string, std::string>> row(size_t row) const = 0;
  virtual size_t bytes() const = 0;
};

struct ModelMesh {
  std::string source;  ///< the file it came from
  std::vector<std::string> warnings;  ///< what could not be used (a missing or broken image), each naming it
  std::vector<ModelVertex> vertices;  ///< empty once only what picking reads is kept (picking)
  std::vector<uint32_t> indices;      ///< likewise
  /// What picking reads, compressed, once the GPU holds the rest (a 3D
  /// Tiles mesh its loading worker prepared); else empty.
  PickingCopy picking;
  /// The index runs by material, covering every index; empty means one
  /// opaque, untextured part.
  std::vector<ModelPart> parts;
  std::vector<ModelImage> images;
  glm::vec3 boundsMin{0}, boundsMax{0};
  /// Vertex positions are relative to this point of the model's axes (glTF
  /// content of 3D Tiles may sit millions of metres from its origin, too far
  /// for floats); 0 for models loaded whole.
  glm::dvec3 offset{0.0};
  FeatureTable features;  ///< what the vertices' feature ids point at (empty: no table)
  std::shared_ptr<const RowProperties> vertexProperties;  ///< a row per vertex (point clouds), or null
  /// What a renderer made of this mesh on the thread that loaded it (its
  /// GPU buffers, opaque here; see MeshPreparer), or null.
  std::shared_ptr<const void> prepared;
  /// The room a memory budget holds for this mesh's content (3D Tiles), or
  /// null. A GPU copy the renderer makes of the mesh itself keeps it, so the
  /// budget counts the copy until a frame in flight no longer draws it.
  std::shared_ptr<const void> room;
  /// Its normals dropped and its corners welded (weldFacets).
  bool faceted = false;

  /// Every part drawn as points, each index its own vertex (0, 1, 2, …):
  /// its GPU copy is PackedPointVertex and no indices.
  bool pointsOnly() const { return pointsOnly_; }
  /// Works pointsOnly() out again after the parts or the indices changed
  /// (a loader calls it once the mesh is read).
  void findPointsOnly();
  /// Only what picking reads is kept (picking): a renderer cannot make
  /// its GPU copy again from it (the content is read again instead).
  bool pickingOnly() const { return vertices.empty() && !picking.empty(); }
  size_t vertexCount() const { return pickingOnly() ? picking.vertexCount() : vertices.size(); }
  size_t indexCount() const { return pickingOnly() ? picking.indexCount() : indices.size(); }
  /// Keeps only what picking reads (positions, features, indices, parts,
  /// per-point properties; the first three compressed, see PickingCopy)
  /// and frees the rest: normals, texture coordinates, colours, images.
  /// Vertices at one place with one feature become one (the indices
  /// renumbered), but a point cloud's points keep their numbers. For a mesh
  /// whose GPU copy is made.
  void keepOnlyWhatPickingReads();
  /// A faceted mesh, every face flat-shaded (its corners' normals its own),
  /// as an extruded city's tiles are: its normals are dropped (zero; the
  /// fragment shader works each face's out from how its position changes
  /// across pixels) and the corners the faces shared become one vertex, the
  /// indices renumbered. An extruded building's corner is then one vertex
  /// where it was three. Returns whether it was faceted; a mesh that is not
  /// (smooth normals, points, an index past its vertices) is left as it is.
  bool weldFacets();

  /// Where each part's indices count from in the GPU copy, which takes 16
  /// bits an index where every part names at most 65,536 vertices: a mesh
  /// that small (no index points past the vertices: the loaders refuse
  /// one that does), or a tile of many small glTF primitives, each
  /// counted from the least vertex it names (a small mesh's all 0).
  /// Nothing: 32 bits, as they are (a part spanning more, or parts whose
  /// index ranges overlap).
  std::optional<std::vector<uint32_t>> narrowPartBases() const;
  bool narrowIndices() const { return narrowPartBases().has_value(); }
  /// What its GPU copy holds: vertices, indices, textures with their mips.
  size_t gpuBytes() const {
    if (pickingOnly()) return gpuCopyBytes;
    size_t n = pointsOnly_ ? vertexCount() * sizeof(PackedPointVertex)
                           : vertexCount() * sizeof(PackedModelVertex) + indices.size() * (narrowIndices() ? 2 : 4);
    for (const auto& i : images) n += i.rgba.size() * 4 / 3;  // with its mip chain
    return n;
  }
  /// What stays on the CPU beside the GPU copy (keepOnlyWhatPickingReads).
  size_t pickBytes() const {
    size_t n = pickingOnly() ? picking.bytes() : vertices.size() * sizeof(PickVertex) + indices.size() * sizeof(uint32_t);
    if (vertexProperties) n += vertexProperties->bytes();
    return n;
  }
  /// What the mesh holds as loaded 3D Tiles content, which a tile memory
  /// budget counts: its GPU copy and what the CPU keeps for picking. (A
  /// loading worker holds the whole CPU copy besides for a moment, while it
  /// makes the GPU copy; without a preparer the whole CPU copy stays.)
  size_t bytes() const { return gpuBytes() + pickBytes(); }

 private:
  size_t gpuCopyBytes = 0;  ///< gpuBytes() as it was when only picking's part was kept
  bool pointsOnly_ = false;
};

/// Makes a mesh's GPU resources on the calling thread (a 3D Tiles loading
/// worker), so the frame that first draws the mesh only adopts them: Cesium
/// Native's "prepare in load thread". Thread-safe; may return null (the
/// renderer then makes them when it first draws the mesh).
using MeshPreparer = std::function<std::shared_ptr<const void>(const ModelMesh&)>;

/// A model placed in the city.
struct ModelInstance {
  uint32_t mesh = 0;          ///< index into CityModel::models
  glm::dvec3 origin{0.0};     ///< ENU metres of the model's origin
  glm::mat4 modelToLocal{1};  ///< model axes → ENU axes around `origin` (rotation × scale)
};

/// The ground plane: a grid mesh that follows the earth's curvature in the
/// ENU frame, so buildings far from the origin stand on it.
struct GroundMesh {
  glm::dvec3 origin{0.0};
  std::vector<float> positions;  ///< xyz per vertex, relative to origin
  std::vector<uint32_t> indices;  ///< six per cell, row by row (y), cells by x within a row
  glm::dvec2 min{0.0}, max{0.0};  ///< the rectangle covered (ENU metres)
  int cells = 0;                  ///< cells a side
};

/// Counts a user reads after loading: what was kept, repaired and skipped.
struct CityLoadReport {
  size_t features = 0;          ///< GeoJSON features read
  size_t buildings = 0;         ///< buildings extruded
  size_t repaired = 0;          ///< invalid polygons repaired (GEOS MakeValid)
  size_t skipped = 0;           ///< features dropped; the reasons below add up to it
  size_t skippedNoGeometry = 0;
  size_t skippedNotPolygon = 0;
  size_t skippedDegenerate = 0;  ///< nothing left after repair (zero area, < 3 points)
  size_t skippedBadCoordinates = 0;
  size_t defaultHeights = 0;    ///< neither height nor levels: the default was used
  size_t heightsFromLevels = 0;
  bool fromCache = false;       ///< the buildings came from the city cache, not from parsing
};

struct CityModel {
  geo::GeoFrame frame;
  std::vector<BuildingVertex> vertices;
  std::vector<uint32_t> indices;      ///< triangles, chunk-local (each chunk's buildings, then its coarse level)
  std::vector<uint32_t> lineIndices;  ///< outline edges, chunk-local
  std::vector<BuildingChunk> chunks;
  std::vector<BuildingInfo> buildings;
  FootprintRings rings;  ///< the buildings' footprints (BuildingInfo::firstRing)
  /// The extruded mesh (vertices, indices, lineIndices) was handed to the
  /// GPU and freed here (releaseBuildingMesh); chunks and buildings remain.
  bool buildingMeshReleased = false;
  std::vector<ModelMesh> models;
  std::vector<ModelInstance> modelInstances;
  GroundMesh ground;
  BaseMap basemap;  ///< water, streets and names on the ground (empty without a base map)
  FeatureSet features;  ///< governance layers: cameras, hydrants, hospitals, pipelines, grid lines
  glm::dvec3 boundsMin{0.0}, boundsMax{0.0};  ///< ENU metres of all buildings and models
  CityLoadReport report;
  std::vector<std::string> attributions;  ///< shown on screen, e.g. "© OpenStreetMap contributors"
  std::vector<std::string> warnings;  ///< what loading could not use but went on without (a model's broken image)
  std::string cacheNote;  ///< what the city cache had to say (damaged and rebuilt, could not be written); "" when all went well

  /// The buildings' triangles at full detail (the coarse levels not counted).
  size_t triangleCount() const {
    size_t n = 0;
    for (const auto& c : chunks) n += c.indexCount / 3;
    return n;
  }
  bool empty() const { return buildings.empty() && modelInstances.empty(); }
  /// Frees the buildings' vertices, indices and outlines once a renderer
  /// holds them: on a wall that is the biggest part of the city's memory
  /// (a million buildings: gigabytes). Picking goes on from `rings`; a
  /// renderer refuses a released city (load it again to upload it anew).
  void releaseBuildingMesh();
};

/// Builds the ground grid for a rectangle of the frame (ENU metres), with
/// `cells` × `cells` quads whose vertices sit on the ellipsoid.
GroundMesh makeGround(const geo::GeoFrame& frame, glm::dvec2 min, glm::dvec2 max, int cells);

/// A run of `indices`: what one indexed draw covers.
struct IndexRun {
  uint32_t first = 0, count = 0;
};
/// The cells of `ground` that reach into the box [lo, hi] (ENU metres), as
/// one run of indices per row, into `runs` (cleared first; kept by the
/// caller so a frame allocates nothing): what is drawn of a drape that is
/// empty outside the box. None when the box misses the mesh or is empty.
void groundCellsWithin(const GroundMesh& ground, glm::dvec2 lo, glm::dvec2 hi, std::vector<IndexRun>& runs);

}  // namespace citywall::scene
