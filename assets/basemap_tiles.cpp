#include "assets/basemap_tiles.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <glm/geometric.hpp>

#include "assets/asset_error.h"
#include "assets/pmtiles.h"

namespace citywall::assets {
namespace {

// One archive as one worker reads it (SQLite connections and file streams
// are not shared between threads).
class TileArchive {
 public:
  explicit TileArchive(const BaseMapSource& s) {
    if (s.kind == BaseMapKind::mbtiles) mb_ = std::make_unique<MbTiles>(s.file);
    else pm_ = std::make_unique<PmTiles>(s.file);
  }
  const MbTilesInfo& info() const { return mb_ ? mb_->info() : pm_->info(); }
  std::vector<MbTile> read(TileId t) {
    // The tile's own box, pulled in a little: exactly this tile.
    const TileBounds b = tileBounds(t);
    const double dx = (b.east - b.west) * 1e-3, dy = (b.north - b.south) * 1e-3;
    return mb_ ? mb_->tiles(t.z, b.west + dx, b.south + dy, b.east - dx, b.north - dy)
               : pm_->tiles(t.z, b.west + dx, b.south + dy, b.east - dx, b.north - dy);
  }

 private:
  std::unique_ptr<MbTiles> mb_;
  std::unique_ptr<PmTiles> pm_;
};

void append(scene::BaseMap& to, const scene::BaseMap& piece) {
  const auto base = uint32_t(to.vertices.size());
  to.vertices.insert(to.vertices.end(), piece.vertices.begin(), piece.vertices.end());
  for (uint32_t i : piece.areas) to.areas.push_back(base + i);
  for (uint32_t i : piece.lines) to.lines.push_back(base + i);
  to.labels.insert(to.labels.end(), piece.labels.begin(), piece.labels.end());
  for (const auto& a : piece.attributions)
    if (std::find(to.attributions.begin(), to.attributions.end(), a) == to.attributions.end()) to.attributions.push_back(a);
  auto& r = to.report;
  const auto& p = piece.report;
  r.features += p.features, r.areas += p.areas, r.lines += p.lines, r.labels += p.labels;
  r.skipped += p.skipped, r.repaired += p.repaired, r.unstyled += p.unstyled, r.tiles += p.tiles, r.badTiles += p.badTiles;
}

}  // namespace

double zoomForResolution(double metresPerPixel, double latDegrees) {
  const double equator = 40075016.686 * std::cos(latDegrees * M_PI / 180);
  return std::log2(equator / (512.0 * std::max(metresPerPixel, 1e-6)));
}

std::vector<TileId> tilesCovering(const LonLatBox& area, uint32_t z) {
  const TileId a = tileAt(area.west, area.north, z), b = tileAt(area.east, area.south, z);
  std::vector<TileId> out;
  for (uint32_t x = a.x; x <= b.x; ++x)
    for (uint32_t y = a.y; y <= b.y; ++y) out.push_back({z, x, y});
  return out;
}

BaseMapTiles::Key BaseMapTiles::key(uint32_t source, TileId t) {
  return (uint64_t(source) << 56) | (uint64_t(t.z) << 50) | (uint64_t(t.x) << 25) | uint64_t(t.y);
}
uint32_t BaseMapTiles::sourceOf(Key k) { return uint32_t(k >> 56); }
TileId BaseMapTiles::tileOf(Key k) {
  return {uint32_t((k >> 50) & 63), uint32_t((k >> 25) & 0x1ffffff), uint32_t(k & 0x1ffffff)};
}

bool BaseMapTiles::overlaps(Key a, Key b) {
  if (sourceOf(a) != sourceOf(b)) return false;
  TileId p = tileOf(a), q = tileOf(b);
  if (p.z > q.z) std::swap(p, q);
  const uint32_t shift = q.z - p.z;
  return (q.x >> shift) == p.x && (q.y >> shift) == p.y;
}

BaseMapTiles::BaseMapTiles(std::vector<BaseMapSource> sources, const geo::GeoFrame& frame, unsigned workers)
    : frame_(frame) {
  for (auto& s : sources) {
    TileArchive archive(s);  // throws AssetError naming a file that cannot be used
    if (!archive.info().format.empty() && archive.info().format != "pbf")
      throw AssetError(s.file, "holds \"" + archive.info().format + "\" tiles; vector tiles (pbf) are read");
    sources_.push_back({std::move(s), archive.info()});
  }
  for (unsigned i = 0; i < std::max(1u, workers); ++i) workers_.emplace_back([this] { work(); });
}

BaseMapTiles::~BaseMapTiles() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

void BaseMapTiles::work() {
  std::vector<std::unique_ptr<TileArchive>> archives(sources_.size());
  for (;;) {
    Key k;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      k = queue_.front();
      queue_.pop_front();
      busy_.insert(k);
    }
    const uint32_t s = sourceOf(k);
    auto piece = std::make_shared<scene::BaseMap>();
    try {
      if (!archives[s]) archives[s] = std::make_unique<TileArchive>(sources_[s].spec);
      const TileId wanted = tileOf(k);
      std::vector<MbTile> tiles = archives[s]->read(wanted);
      if (!tiles.empty()) {
        *piece = loadBaseMapTiles(sources_[s].spec, sources_[s].info, tiles, frame_);
      } else {
        // A hole in the archive (a sparse extract, an ocean left out): the
        // nearest ancestor it has stands in, cut to this tile's box, as web
        // maps overzoom a missing tile.
        const TileBounds box = tileBounds(wanted);
        for (uint32_t up = 1; up <= kParentLevels && wanted.z >= sources_[s].info.minZoom + up && tiles.empty(); ++up) {
          tiles = archives[s]->read({wanted.z - up, wanted.x >> up, wanted.y >> up});
          if (!tiles.empty()) *piece = loadBaseMapTiles(sources_[s].spec, sources_[s].info, tiles, frame_, &box);
        }
      }
    } catch (const std::exception&) {
      piece = std::make_shared<scene::BaseMap>();
      piece->report.badTiles = 1;  // counted; the view goes on without it
    }
    std::lock_guard lock(mutex_);
    busy_.erase(k);
    done_.emplace_back(k, std::move(piece));
  }
}

void BaseMapTiles::want(const TileView& view) {
  const double lat = (view.area.south + view.area.north) / 2, lon = (view.area.west + view.area.east) / 2;
  const double fine = zoomForResolution(view.metresPerPixel, lat);
  std::vector<Key> wanted;
  for (uint32_t s = 0; s < sources_.size(); ++s) {
    const MbTilesInfo& info = sources_[s].info;
    // Past the deepest level the deepest tiles are drawn larger (overzoom):
    // vector geometry keeps its detail.
    auto z = uint32_t(std::clamp(std::floor(fine + 0.25), double(info.minZoom), double(info.maxZoom)));
    std::vector<TileId> tiles = tilesCovering(view.area, z);
    while (tiles.size() > kMaxTilesPerView && z > info.minZoom) tiles = tilesCovering(view.area, --z);
    if (s == 0) zoom_ = z;
    // Nearest the middle of the view first.
    const TileId middle = tileAt(lon, lat, z);
    std::stable_sort(tiles.begin(), tiles.end(), [&](const TileId& a, const TileId& b) {
      auto d = [&](const TileId& t) { return std::abs(int64_t(t.x) - middle.x) + std::abs(int64_t(t.y) - middle.y); };
      return d(a) < d(b);
    });
    for (const TileId& t : tiles) wanted.push_back(key(s, t));
  }
  if (wanted == wanted_) return;
  wanted_ = wanted;
  std::lock_guard lock(mutex_);
  queue_.clear();
  for (Key k : wanted_)
    if (!cache_.count(k) && !busy_.count(k)) queue_.push_back(k);
  wake_.notify_all();
}

size_t BaseMapTiles::loading() const {
  return size_t(std::count_if(wanted_.begin(), wanted_.end(), [&](Key k) { return !cache_.count(k); }));
}

bool BaseMapTiles::collect() {
  {
    std::lock_guard lock(mutex_);
    for (auto& [k, piece] : done_) cache_[k] = std::move(piece);
    done_.clear();
  }
  ++tick_;
  // What to show: every wanted tile that is ready, and, over the gaps of
  // those still loading, the tiles shown before (a coarser or finer level).
  std::vector<Key> shown;
  std::vector<Key> gaps;
  for (Key k : wanted_) (cache_.count(k) ? shown : gaps).push_back(k);
  for (Key old : shown_)
    if (std::find(shown.begin(), shown.end(), old) == shown.end() && cache_.count(old) &&
        std::any_of(gaps.begin(), gaps.end(), [&](Key g) { return overlaps(g, old); }))
      shown.push_back(old);
  for (Key k : shown) lastUsed_[k] = tick_;
  // The cache keeps the most recently shown tiles.
  if (cache_.size() > kCacheTiles) {
    std::vector<std::pair<uint64_t, Key>> byAge;
    for (const auto& [k, piece] : cache_) byAge.push_back({lastUsed_[k], k});
    std::sort(byAge.begin(), byAge.end());
    for (size_t i = 0; i < byAge.size() && cache_.size() > kCacheTiles; ++i)
      if (byAge[i].first != tick_) cache_.erase(byAge[i].second), lastUsed_.erase(byAge[i].second);
  }
  if (shown == shown_) return false;
  shown_ = std::move(shown);
  rebuild();
  return true;
}

void BaseMapTiles::rebuild() {
  scene::BaseMap map;
  // Coarser tiles under finer ones: while a level loads, what is new draws on top.
  std::vector<Key> order = shown_;
  std::stable_sort(order.begin(), order.end(), [](Key a, Key b) { return tileOf(a).z < tileOf(b).z; });
  for (Key k : order) append(map, *cache_.at(k));
  // A road named in two tiles near their seam: once (as a one-off load
  // names it, every 400 m along it).
  std::unordered_map<std::string, std::vector<glm::dvec2>> roads;
  std::erase_if(map.labels, [&](const scene::BaseMapLabel& l) {
    if (l.kind != scene::BaseMapLabel::Kind::road) return false;
    auto& seen = roads[l.name];
    const glm::dvec2 at(l.position);
    if (std::any_of(seen.begin(), seen.end(), [&](glm::dvec2 p) { return glm::distance(p, at) < 400; })) return true;
    seen.push_back(at);
    return false;
  });
  map.report.labels = map.labels.size();
  for (const auto& s : sources_) map.sources.push_back(s.spec.file);
  map_ = std::move(map);
  ++version_;
}

}  // namespace citywall::assets
