#pragma once
// TilesetStreamer: 3D Tiles for the camera. Each frame update() walks the
// tilesets' trees and picks the tiles whose detail the view needs by their
// screen-space error (refine above `maxScreenSpaceError` pixels), REPLACE
// and ADD refinement as 3D Tiles defines them; a parent stays drawn until
// all of its children in view are ready, so loading never shows holes.
// Content, subtrees and external tilesets load on worker threads, the
// nearest and coarsest first; a frame never waits. Content is held under a
// hard memory budget (MemoryLedger): what is loaded, what the workers have
// made GPU copies of and not handed over yet, and the copies that frames in
// flight still draw, together, never pass it. A worker holds room before it
// makes a content's GPU copies; when there is none, the main thread drops
// the tiles used least recently (never one drawn in the last frame) and
// sends the content back to be made once the room is free; content that
// cannot fit is dropped and asked for again later (its parent stays drawn).
// Parts of the tree read on demand are forgotten once long out of view with
// nothing loaded in them, so the tree does not grow with every place a tour
// has passed. Main thread only, except the workers inside.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "assets/tiles3d/bounding_volume.h"
#include "assets/tiles3d/feature_registry.h"
#include "assets/tiles3d/memory_ledger.h"
#include "assets/tiles3d/tile_content.h"
#include "geo/geo_frame.h"
#include "scene/frame_view.h"
#include "scene/picking.h"

namespace citywall::assets::tiles3d {

/// Where a tileset stands when its own coordinates do not say (or are to be
/// moved): its local origin (or, for a tileset on the globe, its root's
/// centre) goes to lon/lat/height, turned by heading and scaled.
struct TilesetPlacement {
  double lon = 0, lat = 0;  ///< degrees, WGS84
  double height = 0;        ///< metres above the ellipsoid
  double heading = 0;       ///< degrees clockwise from north
  double scale = 1;         ///< tileset units → metres
};

struct TilesetSource {
  std::string file;  ///< tileset.json
  std::optional<TilesetPlacement> placement;
  /// The feature property that names a building across tiles and levels
  /// (its value is the building's identity); "": the first of
  /// kIdProperties the tile's property table has.
  std::string idProperty;
  /// Flat-coloured content in the theme's building colours (true), or in the
  /// file's own material colours; textured content always keeps its images.
  bool themed = true;
  TilesetSource(std::string f = {}, std::optional<TilesetPlacement> p = {}, std::string id = {})
      : file(std::move(f)), placement(p), idProperty(std::move(id)) {}
};

/// Properties tried, in order, as a feature's identity when a tileset names none.
inline constexpr const char* kIdProperties[] = {"building_id", "id", "ID", "gml_id", "osm_id", "BIN", "OBJECTID", "objectid", "uuid", "UUID"};

/// A feature of the tilesets (a building in a city tileset) has a global
/// number that stays the same when its tile unloads and loads again, at
/// every level of detail that carries its id: so a selection, a tint or a
/// hide (kept by number in the renderer's per-building table) survives.
using TileFeature = scene::TileFeature;

struct StreamOptions {
  double maxScreenSpaceError = 16;     ///< pixels; Cesium's default
  uint32_t firstFeature = 0;           ///< global feature numbers start here (after the city's own buildings)
  /// Bytes of content held anywhere (loaded, its GPU copies being made, or
  /// still drawn by frames in flight), never exceeded.
  size_t memoryBudget = size_t(512) << 20;
  unsigned workers = 2;
  /// A part of the tree read on demand (an implicit subtree, an external
  /// tileset) that has been out of view for this many updates, with no
  /// content loaded or loading in it, is forgotten and read again when the
  /// view returns: a tour across a country's tileset keeps only what is
  /// near it. 600: ten seconds at 60 frames a second.
  uint64_t structureIdleUpdates = 600;
  /// Called by the worker that read a content, for each of its meshes, to
  /// make its GPU buffers there (Renderer::meshPreparer); empty: the
  /// renderer makes them when it first draws the mesh.
  scene::MeshPreparer prepare;
};

struct StreamStats {
  size_t tilesKnown = 0;      ///< tiles in the trees read so far
  size_t residentTiles = 0;   ///< tiles whose content is loaded
  size_t residentBytes = 0;   ///< their bytes (≤ heldBytes)
  size_t peakBytes = 0;       ///< the most resident bytes ever
  /// Bytes held anywhere: loaded, being made into GPU copies, or let go by
  /// the streamer but still drawn by frames in flight (≤ the budget, always).
  size_t heldBytes = 0;
  size_t peakHeldBytes = 0;   ///< the most held at once
  size_t budget = 0;
  size_t loading = 0;         ///< loads queued or running for the current view
  size_t drawnTiles = 0;      ///< tiles drawn in the last update
  size_t drawnTriangles = 0;
  size_t drawnPoints = 0;     ///< point clouds' points drawn in the last update
  size_t loaded = 0;          ///< content loads finished, since the start
  size_t evicted = 0;         ///< content dropped to stay in the budget
  size_t refused = 0;         ///< content that did not fit even after evicting
  size_t waitedForRoom = 0;   ///< content that waited for frames in flight to free room
  size_t failed = 0;          ///< content, subtrees or tilesets that could not be read
  size_t forgotten = 0;       ///< parts of the tree forgotten while out of view (StreamOptions::structureIdleUpdates)
  /// Content read again because the renderer that held its GPU copies was
  /// made again (the CPU keeps only what picking reads, once they are made).
  size_t readAgain = 0;
  /// Features numbered since the start (each keeps its number, card and
  /// place for the run, loaded or not), and the heap bytes that takes.
  size_t features = 0;
  size_t featureBytes = 0;
};

/// Pixels a geometric error (metres) spans at `distance` metres in a view
/// `viewportHeight` pixels high whose projection scales y by `projectionY`
/// (1 / tan(fovY / 2)).
double screenSpaceError(double geometricError, double distance, double viewportHeight, double projectionY);

/// The root of a tileset read on its own (for the city's origin and bounds):
/// its volume in the frame. Throws AssetError.
FrameBox tilesetRootBox(const TilesetSource& source, const geo::GeoFrame& frame);
/// Where a tileset lies on the Earth (its root's centre), for a city that
/// has nothing else to take its origin from.
geo::LonLatHeight tilesetCentre(const TilesetSource& source);

class TilesetStreamer {
 public:
  /// Reads every tileset.json (an AssetError names one that cannot be used)
  /// and starts the workers.
  TilesetStreamer(std::vector<TilesetSource> sources, const geo::GeoFrame& frame, StreamOptions options = {});
  ~TilesetStreamer();
  TilesetStreamer(const TilesetStreamer&) = delete;
  TilesetStreamer& operator=(const TilesetStreamer&) = delete;

  /// Takes finished loads, chooses the tiles for this view and queues what
  /// it lacks. `viewportHeight` in pixels.
  void update(const scene::CameraMatrices& camera, double viewportHeight);
  /// The meshes to draw, valid until the next update().
  std::span<const scene::TileDraw> draws() const { return draws_; }
  /// Changes whenever draws() does.
  uint64_t version() const { return version_; }
  StreamStats stats() const;
  /// Loads the current view still waits for.
  size_t loading() const;
  /// The tilesets' roots in the frame.
  const std::vector<FrameBox>& roots() const { return rootBoxes_; }
  /// What could not be used since the last call (a missing tile, a broken
  /// image), each naming the file; the streamer goes on without it.
  std::vector<std::string> takeWarnings();
  /// The feature with global number `id` (≥ StreamOptions::firstFeature), if known.
  std::optional<TileFeature> feature(uint32_t id) const;
  /// The global number here of a feature another machine named (a video
  /// wall's conductor): the one it has, else a new one it will keep when its
  /// tiles load, with the properties as given until then. Empty for a
  /// tileset that is not configured here.
  std::optional<uint32_t> adoptFeature(const TileFeature& feature);
  /// Appends the places (ENU; NaN where not known yet) of the features
  /// numbered `from` (≥ StreamOptions::firstFeature) up to featureEnd().
  void featurePlaces(uint32_t from, std::vector<glm::dvec3>& out) const;
  /// Bumps when a feature already numbered gets a finer place (a finer
  /// tile carrying it loaded): the places read before are to be read again.
  uint64_t featurePlacesVersion() const;
  /// One past the highest global feature number given so far.
  uint32_t featureEnd() const;
  /// A new StreamOptions::prepare for the loads that follow (a renderer made
  /// again after its device was lost). Content the old one made GPU copies
  /// of is read again from the next update: the CPU kept only what picking
  /// reads of it, and the new renderer needs the whole mesh.
  void setPreparer(scene::MeshPreparer prepare);
  /// Credits the tilesets ask to show.
  const std::vector<std::string>& attributions() const { return attributions_; }

 public:
  struct Tile;  // the streamer's own (defined in the .cpp)

 private:
  struct Job;
  struct Result;
  struct Request;

  void addTileset(const TilesetSource& source);
  void numberFeatures(TileContent& content, uint32_t tileset, const std::string& path, const glm::dmat4& toFrame);
  void work();
  void collect();
  void attachResult(Result& r);
  void prepareMeshes(TileContent& content, const std::shared_ptr<const void>& hold, size_t& bytes, const scene::MeshPreparer& prepare,
                     std::vector<std::string>& errors);
  bool makeRoom(size_t bytes);
  bool place(Tile& t, const std::shared_ptr<TileContent>& content, size_t bytes);
  void admit(Tile& t, std::shared_ptr<TileContent> content, std::shared_ptr<const void> hold, size_t bytes, uint64_t preparer);
  void dropContentOfLostRenderers();
  void placeWaiting();
  void makeImplicitChildren(Tile& t);
  void forgetIdleStructure();
  bool visit(Tile& t, uint32_t depth, std::vector<Request>& requests);
  bool drawOrRequest(Tile& t, uint32_t depth, double distance, std::vector<Request>& requests);

  const geo::GeoFrame& frame_;
  StreamOptions options_;
  std::vector<std::unique_ptr<Tile>> roots_;
  std::vector<FrameBox> rootBoxes_;
  std::vector<std::string> attributions_;
  std::vector<std::string> idProperties_;  // per tileset; read by the workers, fixed after construction
  std::vector<bool> themed_;               // per tileset

  // The feature numbers, shared by the workers (which number what they load).
  mutable std::mutex featuresMutex_;
  FeatureRegistry features_;
  uint64_t placesVersion_ = 0;  // bumps when a known feature's place is made finer
  // Its size for stats(), which a frame reads: set under the lock, read
  // without it (a worker numbering a large tile holds the lock a while).
  std::atomic<size_t> featureCount_{0}, featureBytes_{0};
  void noteFeatureSize();  // with featuresMutex_ held

  // Shared with the workers.
  std::shared_ptr<MemoryLedger> ledger_;
  std::atomic<size_t> inFlightHeld_{0};  // held by contents the streamer has not admitted yet
  std::vector<std::thread> workers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::deque<Job> prepareQueue_;  // contents given room by the main thread: made before any load
  size_t busy_ = 0;
  std::set<const Tile*> busyTiles_;
  std::vector<Result> done_;
  bool stop_ = false;
  uint64_t preparers_ = 0;  // setPreparer's calls: which preparer the workers now use

  // Main thread only.
  uint64_t tick_ = 0;  // the update count
  glm::dvec3 eye_{0.0};
  Frustum frustum_{};
  double sseFactor_ = 1;
  std::vector<Tile*> resident_;
  std::vector<Tile*> waiting_;  // content read, its room not free yet (frames in flight)
  std::vector<scene::TileDraw> draws_;
  std::vector<std::shared_ptr<const void>> keepAlive_;  // the drawn contents, until the next update
  std::vector<uint64_t> drawnIds_;
  uint64_t version_ = 0;
  uint64_t nextContentId_ = 1;
  std::vector<std::string> warnings_;
  StreamStats stats_;
};

}  // namespace citywall::assets::tiles3d
