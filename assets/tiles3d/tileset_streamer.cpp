// tileset_streamer.cpp — 3D Tiles selection, loading and the memory budget.
//
// [SECTION] Placement
// [SECTION] The tile tree
// [SECTION] Workers
// [SECTION] Taking finished loads (and the budget)
// [SECTION] Selection

#include "assets/tiles3d/tileset_streamer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <glm/gtc/matrix_transform.hpp>
#include <set>

#include "assets/asset_error.h"
#include "assets/tiles3d/subtree.h"
#include "assets/tiles3d/tile_content.h"
#include "assets/tiles3d/tileset_file.h"

namespace citywall::assets::tiles3d {

double screenSpaceError(double geometricError, double distance, double viewportHeight, double projectionY) {
  return geometricError * viewportHeight * std::abs(projectionY) / (2.0 * std::max(distance, 1e-3));
}

//-----------------------------------------------------------------------------
// [SECTION] Placement
//-----------------------------------------------------------------------------

namespace {

// The root's middle in the tileset's coordinates, and whether those are
// ECEF (a tileset on the globe) rather than local units.
glm::dvec3 rootCentre(const TileSpec& root) {
  const auto& v = root.volume.v;
  if (root.volume.kind == BoundingVolume::Kind::region)
    return geo::geodeticToEcef({(v[0] + v[2]) / 2 * 180 / M_PI, (v[1] + v[3]) / 2 * 180 / M_PI, (v[4] + v[5]) / 2});
  return glm::dvec3(root.transform * glm::dvec4(v[0], v[1], v[2], 1.0));
}
bool onTheGlobe(const TileSpec& root) {
  return root.volume.kind == BoundingVolume::Kind::region || glm::length(rootCentre(root)) > 3.0e6;
}

// Tileset coordinates → the city's frame. A tileset on the globe goes where
// ECEF puts it, unless a placement moves it (its root's centre, at the
// ellipsoid's surface, to the placement); a local tileset stands at its
// placement, or at the city's origin.
glm::dmat4 placementMatrix(const TilesetFile& file, const std::optional<TilesetPlacement>& placement,
                           const geo::GeoFrame& frame) {
  const glm::dmat4 fromEcef = frame.fromEcef();
  const bool globe = onTheGlobe(file.root);
  if (!placement) return globe ? fromEcef : fromEcef * geo::enuToEcef(frame.origin());
  const TilesetPlacement& p = *placement;
  glm::dmat4 m = fromEcef * geo::enuToEcef({p.lon, p.lat, p.height});
  m = glm::rotate(m, -p.heading * M_PI / 180.0, glm::dvec3(0, 0, 1));
  m = glm::scale(m, glm::dvec3(p.scale));
  if (globe) {
    geo::LonLatHeight own = geo::ecefToGeodetic(rootCentre(file.root));
    own.height = 0;
    m = m * glm::inverse(geo::enuToEcef(own));
  }
  return m;
}

}  // namespace

FrameBox tilesetRootBox(const TilesetSource& source, const geo::GeoFrame& frame) {
  const TilesetFile file = readTilesetFile(source.file);
  const glm::dmat4 place = placementMatrix(file, source.placement, frame);
  return placeVolume(file.root.volume, place * file.root.transform, place);
}

geo::LonLatHeight tilesetCentre(const TilesetSource& source) {
  if (source.placement) return {source.placement->lon, source.placement->lat, 0.0};
  const TilesetFile file = readTilesetFile(source.file);
  if (!onTheGlobe(file.root)) return {};
  geo::LonLatHeight c = geo::ecefToGeodetic(rootCentre(file.root));
  c.height = 0;
  return c;
}

//-----------------------------------------------------------------------------
// [SECTION] The tile tree
//-----------------------------------------------------------------------------

// What every tile of one implicit tree shares.
struct ImplicitRoot {
  std::shared_ptr<const ImplicitTiling> tiling;
  std::vector<std::string> contentTemplates;
  BoundingVolume volume;
  double geometricError = 0;
  Refine refine = Refine::replace;
};

// The contents of a tile, loaded, with an id per mesh for the renderer.
struct LoadedContent {
  std::shared_ptr<const TileContent> content;
  std::vector<uint64_t> ids;
  size_t bytes = 0;
  uint64_t preparer = 0;  // which StreamOptions::prepare made its GPU copies (setPreparer counts them)
};

struct TilesetStreamer::Tile {
  // Content also: `preparing` (given room, its GPU copies being made) and
  // `waiting` (read, waiting for frames in flight to free its room).
  enum class State : uint8_t { none, ready, failed, preparing, waiting };
  Tile* parent = nullptr;
  uint32_t tileset = 0;  // which source
  FrameBox box;
  std::optional<FrameBox> requestVolume;  // the viewer must be inside it for this tile to load or refine
  double geometricError = 0;
  Refine refine = Refine::replace;
  glm::dmat4 toFrame{1.0};      // tileset coordinates (after this tile's transform) → frame
  glm::dmat4 ecefToFrame{1.0};  // for regions, which ignore transforms
  std::vector<std::string> meshPaths;
  std::string externalPath;     // a content that is another tileset.json
  std::vector<std::unique_ptr<Tile>> children;
  bool childrenKnown = true;
  // Implicit tiling: the tree, this tile's coordinates, the subtree it lies
  // in (null for a subtree root not read yet) and that subtree's root.
  std::shared_ptr<const ImplicitRoot> implicit;
  uint32_t level = 0, x = 0, y = 0, z = 0;
  std::shared_ptr<const Subtree> subtree;
  uint32_t subtreeLevel = 0, sx = 0, sy = 0, sz = 0;
  State structure = State::ready;  // subtree or external tileset
  State content = State::none;
  LoadedContent loaded;
  std::shared_ptr<TileContent> waiting;  // State::waiting's content
  uint64_t waitingSince = 0;
  uint64_t lastDrawn = 0, retryFrame = 0;
  uint64_t lastInView = 0;  // the update that last found it in the frustum
};

// `prepare`: a content read before, given room by the main thread; its GPU copies to make.
enum class JobKind { content, subtree, tileset, prepare };

struct TilesetStreamer::Job {
  Tile* tile = nullptr;
  uint32_t tileset = 0;
  glm::dmat4 toFrame{1.0};  // content: the tile's (its features' places)
  JobKind kind = JobKind::content;
  std::vector<std::string> paths;
  std::shared_ptr<TileContent> content;  // prepare
  std::shared_ptr<const void> hold;      // prepare: its room
  size_t bytes = 0;
};

struct TilesetStreamer::Result {
  Tile* tile = nullptr;
  JobKind kind = JobKind::content;
  std::shared_ptr<TileContent> content;
  std::shared_ptr<const void> hold;  // the content's room, when it had some (its copies made)
  size_t bytes = 0;
  uint64_t preparer = 0;  // the StreamOptions::prepare the worker had
  std::shared_ptr<Subtree> subtree;
  std::shared_ptr<TilesetFile> tileset;
  std::vector<std::string> errors;
};

struct TilesetStreamer::Request {
  double priority = 0;
  Tile* tile = nullptr;
  JobKind kind = JobKind::content;
};

TilesetStreamer::TilesetStreamer(std::vector<TilesetSource> sources, const geo::GeoFrame& frame, StreamOptions options)
    : frame_(frame), options_(options), features_(options.firstFeature), ledger_(std::make_shared<MemoryLedger>(options.memoryBudget)) {
  stats_.budget = options_.memoryBudget;
  for (const auto& s : sources) addTileset(s);
  for (unsigned i = 0; i < std::max(1u, options_.workers); ++i) workers_.emplace_back([this] { work(); });
}

TilesetStreamer::~TilesetStreamer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

// An explicit tile and the explicit tiles under it (an implicit tree grows
// from its subtrees as it is needed).
static void buildTile(TilesetStreamer::Tile& t, const TileSpec& spec, const glm::dmat4& parentToFrame,
                      const glm::dmat4& ecefToFrame, size_t& count);

void TilesetStreamer::addTileset(const TilesetSource& source) {
  const TilesetFile file = readTilesetFile(source.file);
  if (!file.copyright.empty()) attributions_.push_back(file.copyright);
  const glm::dmat4 place = placementMatrix(file, source.placement, frame_);
  auto root = std::make_unique<Tile>();
  root->tileset = uint32_t(roots_.size());
  idProperties_.push_back(source.idProperty);
  themed_.push_back(source.themed);
  buildTile(*root, file.root, place, place, stats_.tilesKnown);
  rootBoxes_.push_back(root->box);
  roots_.push_back(std::move(root));
}

static void buildTile(TilesetStreamer::Tile& t, const TileSpec& spec, const glm::dmat4& parentToFrame,
                      const glm::dmat4& ecefToFrame, size_t& count) {
  ++count;
  t.toFrame = parentToFrame * spec.transform;
  t.ecefToFrame = ecefToFrame;
  t.box = placeVolume(spec.volume, t.toFrame, ecefToFrame);
  if (spec.viewerRequestVolume) t.requestVolume = placeVolume(*spec.viewerRequestVolume, t.toFrame, ecefToFrame);
  t.geometricError = spec.geometricError;
  t.refine = spec.refine;
  if (spec.implicit) {
    auto root = std::make_shared<ImplicitRoot>();
    root->tiling = spec.implicit;
    root->contentTemplates = spec.contents;
    root->volume = spec.volume;
    root->geometricError = spec.geometricError;
    root->refine = spec.refine;
    t.implicit = std::move(root);
    t.structure = TilesetStreamer::Tile::State::none;  // its subtree, when first needed
    t.childrenKnown = false;
    return;
  }
  for (const auto& c : spec.contents) {
    std::string ext = std::filesystem::path(c).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    if (ext == ".json") t.externalPath = c;
    else t.meshPaths.push_back(c);
  }
  if (!t.externalPath.empty()) t.structure = TilesetStreamer::Tile::State::none, t.childrenKnown = false;
  for (const auto& cs : spec.children) {
    auto child = std::make_unique<TilesetStreamer::Tile>();
    child->parent = &t;
    child->tileset = t.tileset;
    buildTile(*child, cs, t.toFrame, ecefToFrame, count);
    t.children.push_back(std::move(child));
  }
}

// A subtree has been read for `t` (a subtree root): its own contents, and
// its children from the subtree's availability.
void TilesetStreamer::makeImplicitChildren(Tile& t) {
  const ImplicitRoot& ir = *t.implicit;
  const ImplicitTiling& tiling = *ir.tiling;
  const Subtree& st = *t.subtree;
  const int childCount = tiling.octree ? 8 : 4;
  const uint32_t level = t.level + 1;
  t.childrenKnown = true;
  if (level >= tiling.availableLevels) return;
  const uint32_t rel = level - t.subtreeLevel;
  for (int c = 0; c < childCount; ++c) {
    const uint32_t cx = 2 * t.x + (c & 1), cy = 2 * t.y + ((c >> 1) & 1), cz = tiling.octree ? 2 * t.z + ((c >> 2) & 1) : 0;
    const uint64_t morton = mortonIndex(cx - (t.sx << rel), cy - (t.sy << rel), cz - (t.sz << rel), tiling.octree);
    auto child = std::make_unique<Tile>();
    child->parent = &t;
    child->tileset = t.tileset;
    child->implicit = t.implicit;
    child->level = level, child->x = cx, child->y = cy, child->z = cz;
    child->toFrame = t.toFrame, child->ecefToFrame = t.ecefToFrame;
    child->refine = ir.refine;
    child->geometricError = ir.geometricError / std::ldexp(1.0, int(level));
    child->box = placeVolume(ir.volume.subdivided(level, cx, cy, cz, tiling.octree), child->toFrame, child->ecefToFrame);
    if (rel < tiling.subtreeLevels) {
      const uint64_t bit = subtreeBitIndex(rel, morton, tiling.octree);
      if (!st.tiles.at(bit)) continue;
      child->subtree = t.subtree;
      child->subtreeLevel = t.subtreeLevel, child->sx = t.sx, child->sy = t.sy, child->sz = t.sz;
      for (size_t k = 0; k < ir.contentTemplates.size() && k < st.contents.size(); ++k)
        if (st.contents[k].at(bit)) child->meshPaths.push_back(expandTemplate(ir.contentTemplates[k], level, cx, cy, cz));
      child->structure = Tile::State::ready;
      child->childrenKnown = false;  // made from the same subtree when first needed
    } else {
      if (!st.childSubtrees.at(morton)) continue;
      child->subtreeLevel = level, child->sx = cx, child->sy = cy, child->sz = cz;
      child->structure = Tile::State::none;
      child->childrenKnown = false;
    }
    ++stats_.tilesKnown;
    t.children.push_back(std::move(child));
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Workers
//-----------------------------------------------------------------------------

void TilesetStreamer::work() {
  for (;;) {
    Job job;
    scene::MeshPreparer prepare;
    uint64_t preparer = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || !queue_.empty() || !prepareQueue_.empty(); });
      if (stop_) return;
      prepare = options_.prepare;
      preparer = preparers_;
      // Content already read, with its room held, before anything new is read.
      auto& from = prepareQueue_.empty() ? queue_ : prepareQueue_;
      job = std::move(from.front());
      from.pop_front();
      ++busy_;
      busyTiles_.insert(job.tile);
    }
    Result r;
    r.tile = job.tile;
    r.kind = job.kind;
    r.preparer = preparer;
    switch (job.kind) {
      case JobKind::content: {
        auto content = std::make_shared<TileContent>();
        for (const auto& path : job.paths) {
          try {
            TileContent one = readTileContent(path);
            numberFeatures(one, job.tileset, path, job.toFrame);
            // An extruded city's faces are flat: a corner once, not once a
            // face. A point cloud's GPU copy is 16 bytes a point, no index.
            for (auto& m : one.meshes) m.mesh.weldFacets(), m.mesh.findPointsOnly();
            for (auto& m : one.meshes) content->meshes.push_back(std::move(m));
            for (auto& w : one.warnings) content->warnings.push_back(std::move(w));
          } catch (const std::exception& e) {
            r.errors.push_back(e.what());
          }
        }
        // The GPU copies made here, not by the frame that first draws the
        // tile, once there is room for them; else the main thread makes
        // room and sends the content back (JobKind::prepare).
        r.bytes = content->bytes();
        if ((r.hold = ledger_->hold(r.bytes))) {
          inFlightHeld_ += r.bytes;
          prepareMeshes(*content, r.hold, r.bytes, prepare, r.errors);
        }
        r.content = std::move(content);
        break;
      }
      case JobKind::prepare:
        r.bytes = job.bytes;
        prepareMeshes(*job.content, job.hold, r.bytes, prepare, r.errors);
        r.content = std::move(job.content);
        r.hold = std::move(job.hold);
        break;
      case JobKind::subtree:
        try {
          r.subtree = std::make_shared<Subtree>(readSubtree(readFileBytes(job.paths[0]), job.paths[0]));
        } catch (const std::exception& e) {
          r.errors.push_back(e.what());
        }
        break;
      case JobKind::tileset:
        try {
          r.tileset = std::make_shared<TilesetFile>(readTilesetFile(job.paths[0]));
        } catch (const std::exception& e) {
          r.errors.push_back(e.what());
        }
        break;
    }
    std::lock_guard lock(mutex_);
    --busy_;
    busyTiles_.erase(job.tile);
    done_.push_back(std::move(r));
  }
}

// Makes each mesh's GPU copies (StreamOptions::prepare), each carrying the
// content's hold: its bytes stay counted while a frame in flight draws the
// copy after the streamer has let the tile go. Then the CPU keeps only
// what picking reads, and `bytes` (what the hold counts) drops to what is
// left. A failure (the device's memory full) leaves the meshes whole, to
// the frame, with a warning.
void TilesetStreamer::prepareMeshes(TileContent& content, const std::shared_ptr<const void>& hold, size_t& bytes,
                                    const scene::MeshPreparer& prepare, std::vector<std::string>& errors) {
  if (!prepare) return;
  try {
    for (auto& m : content.meshes) m.mesh.prepared = withHold(prepare(m.mesh), hold);
  } catch (const std::exception& e) {
    for (auto& m : content.meshes) m.mesh.prepared.reset();
    errors.push_back((content.meshes.empty() ? std::string("a tile") : content.meshes[0].mesh.source) +
                     ": its GPU copies could not be made on the loading worker: " + e.what());
    return;
  }
  // The GPU has the rest now: the CPU keeps what picking reads, and none of
  // the images. That part welds a face's corners into one vertex: smaller
  // than counted, so the hold gives the difference back.
  for (auto& m : content.meshes)
    if (m.mesh.prepared) m.mesh.keepOnlyWhatPickingReads();
  const size_t now = content.bytes();
  if (now < bytes) {
    MemoryLedger::shrink(hold, bytes - now);
    inFlightHeld_ -= bytes - now;
    bytes = now;
  }
}

// Gives each feature of a loaded content its global number (the same one
// it had before, when its identity is known) and writes it into the
// vertices. Runs on a worker.
void TilesetStreamer::numberFeatures(TileContent& content, uint32_t tileset, const std::string& path, const glm::dmat4& toFrame) {
  for (auto& cm : content.meshes) {
    scene::ModelMesh& mesh = cm.mesh;
    uint32_t localEnd = 0;
    for (const auto& v : mesh.vertices)
      if (v.feature != scene::kNoFeature) localEnd = std::max(localEnd, v.feature + 1);
    if (!localEnd) continue;
    // Each feature's box in the mesh, for its place (an area mark's test).
    std::vector<glm::vec3> lo(localEnd, glm::vec3(INFINITY)), hi(localEnd, glm::vec3(-INFINITY));
    for (const auto& v : mesh.vertices)
      if (v.feature < localEnd) {
        const glm::vec3 p(v.position[0], v.position[1], v.position[2]);
        lo[v.feature] = glm::min(lo[v.feature], p), hi[v.feature] = glm::max(hi[v.feature], p);
      }
    const glm::dmat4 meshToFrame = toFrame * cm.toTileset * glm::translate(glm::dmat4(1.0), mesh.offset);
    const scene::FeatureTable& table = mesh.features;
    int idColumn = -1;
    if (!idProperties_[tileset].empty()) {
      idColumn = table.find(idProperties_[tileset]);
    } else {
      for (const char* name : kIdProperties)
        if ((idColumn = table.find(name)) >= 0) break;
    }
    std::vector<uint32_t> global(localEnd);
    std::string identity;
    std::vector<std::pair<std::string_view, std::string_view>> properties;
    {
      std::lock_guard lock(featuresMutex_);
      for (uint32_t f = 0; f < localEnd; ++f) {
        const std::string& id = idColumn >= 0 ? table.value(size_t(idColumn), f) : std::string();
        identity = id.empty() ? path + "#" + std::to_string(f) : id;
        const auto [number, added] = features_.number(tileset, identity);
        if (!features_.hasCard(number)) {
          // New, or adopted by its identity alone (hidden on a wall's
          // conductor or in a replay before any tile here carried it): its card.
          const std::string key = id.empty() ? std::filesystem::path(path).filename().string() + "#" + std::to_string(f) : id;
          properties.clear();
          for (size_t p = 0; p < table.names.size(); ++p)
            if (!table.value(p, f).empty()) properties.emplace_back(table.names[p], table.value(p, f));
          features_.setCard(number, key, properties);
        }
        // Its place: the middle of its smallest box in any tile so far (a
        // block of the coarse level first, the building itself once a fine
        // tile carries it).
        if (lo[f].x <= hi[f].x) {
          const glm::dvec3 where(meshToFrame * glm::dvec4(glm::dvec3(lo[f] + hi[f]) * 0.5, 1.0));
          const double size = glm::length(glm::dvec3(meshToFrame * glm::dvec4(glm::dvec3(hi[f] - lo[f]), 0.0)));
          if (features_.offerPlace(number, where, size) && !added) ++placesVersion_;
        }
        global[f] = number;
      }
      noteFeatureSize();
    }
    for (auto& v : mesh.vertices)
      if (v.feature != scene::kNoFeature) v.feature = global[v.feature];
  }
}

void TilesetStreamer::setPreparer(scene::MeshPreparer prepare) {
  std::lock_guard lock(mutex_);
  options_.prepare = std::move(prepare);
  ++preparers_;
}

// Content whose GPU copies an earlier preparer made (a renderer since lost
// with its device) and of which the CPU kept only what picking reads: no
// renderer can draw it again, so it is let go and read again.
void TilesetStreamer::dropContentOfLostRenderers() {
  uint64_t current = 0;
  {
    std::lock_guard lock(mutex_);
    current = preparers_;
  }
  if (current == 0) return;  // the first preparer still (or none): nothing it made has gone
  std::erase_if(resident_, [&](Tile* t) {
    if (t->loaded.preparer == current) return false;
    const auto& meshes = t->loaded.content->meshes;
    if (std::none_of(meshes.begin(), meshes.end(), [](const ContentMesh& m) { return m.mesh.pickingOnly(); })) return false;
    stats_.residentBytes -= t->loaded.bytes;
    t->loaded = {};
    t->content = Tile::State::none;
    ++stats_.readAgain;
    return true;
  });
}

std::optional<TileFeature> TilesetStreamer::feature(uint32_t id) const {
  std::lock_guard lock(featuresMutex_);
  return features_.feature(id);
}

std::optional<uint32_t> TilesetStreamer::adoptFeature(const TileFeature& feature) {
  if (feature.tileset >= idProperties_.size() || feature.identity.empty()) return std::nullopt;
  std::lock_guard lock(featuresMutex_);
  const auto [number, added] = features_.number(feature.tileset, feature.identity);
  if (added && !feature.key.empty()) {  // its card as given until a tile carrying it loads
    std::vector<std::pair<std::string_view, std::string_view>> properties(feature.properties.begin(), feature.properties.end());
    features_.setCard(number, feature.key, properties);
  }
  if (added && feature.where) features_.offerPlace(number, *feature.where, INFINITY);  // any tile's place is better
  noteFeatureSize();
  return number;
}

void TilesetStreamer::noteFeatureSize() {
  featureCount_ = features_.size();
  featureBytes_ = features_.bytes();
}

void TilesetStreamer::featurePlaces(uint32_t from, std::vector<glm::dvec3>& out) const {
  std::lock_guard lock(featuresMutex_);
  features_.places(from, out);
}

uint64_t TilesetStreamer::featurePlacesVersion() const {
  std::lock_guard lock(featuresMutex_);
  return placesVersion_;
}

uint32_t TilesetStreamer::featureEnd() const {
  std::lock_guard lock(featuresMutex_);
  return features_.end();
}

//-----------------------------------------------------------------------------
// [SECTION] Taking finished loads (and the budget)
//-----------------------------------------------------------------------------

// Makes room for `bytes` beside what the streamer holds (loaded, and loads
// given room) by dropping the content used least recently, never content
// drawn in the last frame. False when it cannot. (What frames in flight
// still draw of the dropped content comes free a few frames later.)
bool TilesetStreamer::makeRoom(size_t bytes) {
  while (stats_.residentBytes + inFlightHeld_.load() + bytes > options_.memoryBudget) {
    auto victim = resident_.end();
    for (auto it = resident_.begin(); it != resident_.end(); ++it)
      if ((*it)->lastDrawn + 1 < tick_ && (victim == resident_.end() || (*it)->lastDrawn < (*victim)->lastDrawn)) victim = it;
    if (victim == resident_.end()) return false;
    Tile& t = **victim;
    stats_.residentBytes -= t.loaded.bytes;
    t.loaded = {};
    t.content = Tile::State::none;
    resident_.erase(victim);
    ++stats_.evicted;
  }
  return true;
}

void TilesetStreamer::attachResult(Result& r) {
  Tile& t = *r.tile;
  // A second load of what a tile already has (asked for again while the
  // first one's result waited to be taken) adds nothing, not even twice its bytes.
  const bool again = r.kind == JobKind::content ? t.content != Tile::State::none
                     : r.kind == JobKind::prepare ? t.content != Tile::State::preparing
                                                  : t.structure != Tile::State::none;
  if (again) {
    if (r.hold) inFlightHeld_ -= r.bytes;
    return;
  }
  for (auto& e : r.errors) warnings_.push_back(std::move(e));
  switch (r.kind) {
    case JobKind::content: {
      if (r.content) for (auto& w : r.content->warnings) warnings_.push_back(w);
      if (!r.errors.empty() && (!r.content || r.content->meshes.empty())) {
        t.content = Tile::State::failed;
        ++stats_.failed;
        return;
      }
      if (r.hold) {  // its room held and its GPU copies made by the worker
        inFlightHeld_ -= r.bytes;
        admit(t, std::move(r.content), std::move(r.hold), r.bytes, r.preparer);
        return;
      }
      // (Content larger than the whole budget is refused before anything is dropped for it.)
      if (r.bytes <= options_.memoryBudget && place(t, r.content, r.bytes)) return;
      if (r.bytes > options_.memoryBudget || !makeRoom(r.bytes)) {
        ++stats_.refused;
        t.retryFrame = tick_ + 30;  // asked for again once the view has moved on a little
        return;
      }
      // Room made, but frames in flight still draw what was let go.
      t.content = Tile::State::waiting;
      t.waiting = std::move(r.content);
      t.waitingSince = tick_;
      waiting_.push_back(&t);
      ++stats_.waitedForRoom;
      return;
    }
    case JobKind::prepare:
      inFlightHeld_ -= r.bytes;
      admit(t, std::move(r.content), std::move(r.hold), r.bytes, r.preparer);
      return;
    case JobKind::subtree:
      if (!r.subtree) {
        t.structure = Tile::State::failed;
        ++stats_.failed;
        return;
      }
      t.subtree = std::move(r.subtree);
      t.structure = Tile::State::ready;
      // The subtree root's own contents (bit 0 of the subtree).
      for (size_t k = 0; k < t.implicit->contentTemplates.size() && k < t.subtree->contents.size(); ++k)
        if (t.subtree->contents[k].at(0)) t.meshPaths.push_back(expandTemplate(t.implicit->contentTemplates[k], t.level, t.x, t.y, t.z));
      makeImplicitChildren(t);
      return;
    case JobKind::tileset:
      if (!r.tileset) {
        t.structure = Tile::State::failed;
        t.childrenKnown = true;
        ++stats_.failed;
        return;
      }
      t.structure = Tile::State::ready;
      {
        auto child = std::make_unique<Tile>();
        child->parent = &t;
        child->tileset = t.tileset;
        buildTile(*child, r.tileset->root, t.toFrame, t.ecefToFrame, stats_.tilesKnown);
        t.children.push_back(std::move(child));
      }
      t.childrenKnown = true;
      if (!r.tileset->copyright.empty() &&
          std::find(attributions_.begin(), attributions_.end(), r.tileset->copyright) == attributions_.end())
        attributions_.push_back(r.tileset->copyright);
      return;
  }
}

// Content the streamer holds from now: its bytes stay counted (the hold)
// until it and every GPU copy of it are gone, made by a worker or (after a
// device was lost, or with no preparer) by the frame that first draws it.
void TilesetStreamer::admit(Tile& t, std::shared_ptr<TileContent> content, std::shared_ptr<const void> hold, size_t bytes,
                            uint64_t preparer) {
  for (auto& m : content->meshes) m.mesh.room = hold;  // for copies a renderer makes itself
  t.loaded.content = withHold(std::shared_ptr<const TileContent>(std::move(content)), std::move(hold));
  t.loaded.bytes = bytes;
  t.loaded.preparer = preparer;
  t.loaded.ids.clear();
  for (size_t i = 0; i < t.loaded.content->meshes.size(); ++i) t.loaded.ids.push_back(nextContentId_++);
  t.content = Tile::State::ready;
  stats_.residentBytes += bytes;
  stats_.peakBytes = std::max(stats_.peakBytes, stats_.residentBytes);
  resident_.push_back(&t);
  ++stats_.loaded;
}

// Makes room for a content read without any and holds it: then a worker
// makes its GPU copies (or, with no preparer, it is loaded now). False
// when the room is not free yet.
bool TilesetStreamer::place(Tile& t, const std::shared_ptr<TileContent>& content, size_t bytes) {
  makeRoom(bytes);
  auto hold = ledger_->hold(bytes);
  if (!hold) return false;
  scene::MeshPreparer prepare;
  {
    std::lock_guard lock(mutex_);
    prepare = options_.prepare;
    if (prepare) {
      inFlightHeld_ += bytes;
      t.content = Tile::State::preparing;
      Job job;
      job.tile = &t, job.tileset = t.tileset, job.kind = JobKind::prepare;
      job.content = content, job.hold = std::move(hold), job.bytes = bytes;
      prepareQueue_.push_back(std::move(job));
    }
  }
  if (prepare) wake_.notify_one();
  else admit(t, content, std::move(hold), bytes, 0);
  return true;
}

// Content waiting for room: placed once frames in flight have freed it;
// dropped (asked for again later) when that takes too long.
void TilesetStreamer::placeWaiting() {
  constexpr uint64_t kMostUpdates = 8;  // frames in flight free their copies within two or three
  std::erase_if(waiting_, [&](Tile* t) {
    std::shared_ptr<TileContent> content = std::move(t->waiting);
    if (place(*t, content, content->bytes())) return true;
    if (tick_ - t->waitingSince > kMostUpdates) {
      t->content = Tile::State::none;
      t->retryFrame = tick_ + 30;
      ++stats_.refused;
      return true;
    }
    t->waiting = std::move(content);
    return false;
  });
}

void TilesetStreamer::collect() {
  std::vector<Result> done;
  {
    std::lock_guard lock(mutex_);
    done.swap(done_);
  }
  placeWaiting();
  for (auto& r : done) attachResult(r);
  if (warnings_.size() > 1000) warnings_.erase(warnings_.begin(), warnings_.end() - 1000);
}

std::vector<std::string> TilesetStreamer::takeWarnings() {
  std::vector<std::string> out;
  out.swap(warnings_);
  return out;
}

size_t TilesetStreamer::loading() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + prepareQueue_.size() + busy_ + done_.size() + waiting_.size();
}

StreamStats TilesetStreamer::stats() const {
  StreamStats s = stats_;
  s.residentTiles = resident_.size();
  s.heldBytes = ledger_->held();
  s.peakHeldBytes = ledger_->peak();
  s.loading = loading();
  s.features = featureCount_;
  s.featureBytes = featureBytes_;
  return s;
}

//-----------------------------------------------------------------------------
// [SECTION] Selection
//-----------------------------------------------------------------------------

// Draws a tile's content when it is loaded, else asks for it; true when
// its part of the view is covered (drawn, or nothing to draw).
bool TilesetStreamer::drawOrRequest(Tile& t, uint32_t depth, double distance, std::vector<Request>& requests) {
  if (t.meshPaths.empty() || t.content == Tile::State::failed) return true;
  if (t.content == Tile::State::ready) {
    t.lastDrawn = tick_;
    const auto& content = *t.loaded.content;
    for (size_t i = 0; i < content.meshes.size(); ++i) {
      const ContentMesh& cm = content.meshes[i];
      const glm::dmat4 m = t.toFrame * cm.toTileset * glm::translate(glm::dmat4(1.0), cm.mesh.offset);
      draws_.push_back({&cm.mesh, t.loaded.ids[i], glm::dvec3(m[3]), glm::mat4(glm::mat3(glm::dmat3(m))), themed_[t.tileset]});
      // A point cloud's indices are points, not triangles' corners.
      size_t points = 0;
      for (const auto& part : cm.mesh.parts) points += part.points ? part.indexCount : 0;
      stats_.drawnTriangles += (cm.mesh.indexCount() - points) / 3;
      stats_.drawnPoints += points;
    }
    keepAlive_.push_back(t.loaded.content);
    ++stats_.drawnTiles;
    return true;
  }
  if (t.content == Tile::State::none && tick_ >= t.retryFrame)
    requests.push_back({depth * 1.0e7 + std::min(distance, 9.9e6), &t, JobKind::content});
  return false;
}

bool TilesetStreamer::visit(Tile& t, uint32_t depth, std::vector<Request>& requests) {
  if (!intersects(frustum_, t.box, eye_)) return true;
  // A viewer outside the tile's request volume sees neither it nor what is
  // under it (3D Tiles: "viewerRequestVolume"; as CesiumJS, like out of view).
  if (t.requestVolume && t.requestVolume->distanceTo(eye_) > 0) return true;
  t.lastInView = tick_;
  const double distance = t.box.distanceTo(eye_);
  // Structure first: a subtree root's subtree, an external tileset.
  if (t.structure == Tile::State::none) {
    requests.push_back({depth * 1.0e7 + std::min(distance, 9.9e6) - 0.5e7, &t, t.implicit ? JobKind::subtree : JobKind::tileset});
    if (t.implicit) return false;  // its contents are not known yet
  }
  if (!t.childrenKnown && t.implicit && t.subtree) makeImplicitChildren(t);
  // Errors are in the tileset's units: a scaled tileset's errors scale too (as in CesiumJS).
  const glm::dmat3 linear(t.toFrame);
  const double scale = std::max({glm::length(linear[0]), glm::length(linear[1]), glm::length(linear[2])});
  const double sse = t.geometricError * scale * sseFactor_ / std::max(distance, 1e-3);
  const bool refine = sse > options_.maxScreenSpaceError && !t.children.empty();
  if (!refine) return drawOrRequest(t, depth, distance, requests);
  if (t.refine == Refine::add) {
    const bool covered = drawOrRequest(t, depth, distance, requests);
    for (auto& c : t.children) visit(*c, depth + 1, requests);
    return covered;
  }
  // REPLACE: the children when every one in view is ready, else this tile
  // (while they load).
  const size_t mark = draws_.size(), keepMark = keepAlive_.size();
  const size_t tilesMark = stats_.drawnTiles, trianglesMark = stats_.drawnTriangles, pointsMark = stats_.drawnPoints;
  bool all = true;
  for (auto& c : t.children) all = visit(*c, depth + 1, requests) && all;
  if (all) return true;
  if (t.meshPaths.empty() || t.content == Tile::State::failed) return false;
  if (t.content != Tile::State::ready) {
    drawOrRequest(t, depth, distance, requests);
    return false;  // the children's part is better than nothing
  }
  draws_.resize(mark), keepAlive_.resize(keepMark);
  stats_.drawnTiles = tilesMark, stats_.drawnTriangles = trianglesMark, stats_.drawnPoints = pointsMark;
  return drawOrRequest(t, depth, distance, requests);
}

namespace {

// Whether a tile and everything under it have been out of view since
// `before` and hold no content, loaded or on its way (`pending`: tiles the
// workers have or will have in hand).
bool idleSince(const TilesetStreamer::Tile& t, uint64_t before, const std::set<const TilesetStreamer::Tile*>& pending) {
  using State = TilesetStreamer::Tile::State;
  if (t.lastInView >= before || t.content == State::ready || t.content == State::preparing || t.content == State::waiting ||
      pending.count(&t))
    return false;
  for (const auto& c : t.children)
    if (!idleSince(*c, before, pending)) return false;
  return true;
}

size_t countTiles(const TilesetStreamer::Tile& t) {
  size_t n = 1;
  for (const auto& c : t.children) n += countTiles(*c);
  return n;
}

}  // namespace

void TilesetStreamer::forgetIdleStructure() {
  if (tick_ % 30 || tick_ <= options_.structureIdleUpdates) return;  // a walk of the tree now and then is enough
  const uint64_t before = tick_ - options_.structureIdleUpdates;
  std::set<const Tile*> pending;
  {
    std::lock_guard lock(mutex_);
    for (const Job& j : queue_) pending.insert(j.tile);
    pending.insert(busyTiles_.begin(), busyTiles_.end());
    for (const Result& r : done_) pending.insert(r.tile);
  }
  // Only where the tree was read on demand: a subtree's root (its subtree
  // is read again) or a tile that names an external tileset.
  auto forget = [&](auto& self, Tile& t) -> void {
    const bool subtreeRoot = t.implicit && t.level == t.subtreeLevel && t.structure == Tile::State::ready && t.subtree;
    const bool external = !t.externalPath.empty() && t.structure == Tile::State::ready;
    if ((subtreeRoot || external) && idleSince(t, before, pending)) {
      stats_.tilesKnown -= countTiles(t) - 1;
      t.children.clear();
      t.childrenKnown = false;
      t.structure = Tile::State::none;
      if (subtreeRoot) t.subtree.reset(), t.meshPaths.clear(), t.content = Tile::State::none;
      ++stats_.forgotten;
      return;
    }
    for (auto& c : t.children) self(self, *c);
  };
  for (auto& r : roots_) forget(forget, *r);
}

void TilesetStreamer::update(const scene::CameraMatrices& camera, double viewportHeight) {
  ++tick_;
  collect();
  dropContentOfLostRenderers();
  eye_ = camera.eye;
  frustum_ = frustumFrom(camera.viewProjection);
  sseFactor_ = viewportHeight * std::abs(double(camera.projection[1][1])) / 2.0;

  draws_.clear();
  keepAlive_.clear();
  stats_.drawnTiles = stats_.drawnTriangles = stats_.drawnPoints = 0;
  std::vector<Request> requests;
  for (auto& r : roots_) visit(*r, 0, requests);

  // The new queue: this view's requests, most urgent first, none twice and
  // none already running.
  std::sort(requests.begin(), requests.end(), [](const Request& a, const Request& b) { return a.priority < b.priority; });
  {
    std::lock_guard lock(mutex_);
    queue_.clear();
    std::set<const Tile*> queued;
    for (const Result& r : done_) queued.insert(r.tile);  // finished since collect(): taken next update
    for (const auto& r : requests) {
      if (busyTiles_.count(r.tile) || !queued.insert(r.tile).second) continue;
      Job job;
      job.tile = r.tile, job.tileset = r.tile->tileset, job.kind = r.kind, job.toFrame = r.tile->toFrame;
      if (r.kind == JobKind::content) job.paths = r.tile->meshPaths;
      else if (r.kind == JobKind::tileset) job.paths = {r.tile->externalPath};
      else job.paths = {expandTemplate(r.tile->implicit->tiling->subtreeTemplate, r.tile->level, r.tile->x, r.tile->y, r.tile->z)};
      queue_.push_back(std::move(job));
      if (queue_.size() >= 256) break;
    }
  }
  wake_.notify_all();
  forgetIdleStructure();

  std::vector<uint64_t> ids;
  ids.reserve(draws_.size());
  for (const auto& d : draws_) ids.push_back(d.id);
  if (ids != drawnIds_) drawnIds_.swap(ids), ++version_;
}

}  // namespace citywall::assets::tiles3d
