#pragma once
// BaseMapTiles: a base map of offline vector tiles (MBTiles, PMTiles)
// chosen by the camera. Each frame the wall says what ground it sees and
// how finely (want()); the tiles of the zoom that fits — overzoomed past
// the archive's deepest level, never above its shallowest — are read,
// decoded, cut to their box and built on worker threads, so a frame never
// waits for a tile; finished tiles stay in a bounded cache. collect() hands
// back one base map of what is ready. While the tiles of a new view load,
// the old ones that cover the gaps stay drawn: the city never shows holes.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "assets/basemap_loader.h"
#include "assets/mbtiles.h"

namespace citywall::assets {

/// What a view needs of the base map.
struct TileView {
  LonLatBox area;               ///< the ground in view (degrees)
  double metresPerPixel = 1;    ///< the ground's resolution at the middle of the view
};

/// The web-map zoom (fractional) at which a 512-pixel tile matches this
/// ground resolution at `latDegrees` (MapLibre's tiles are 512 pixels).
double zoomForResolution(double metresPerPixel, double latDegrees);

/// The tiles of zoom `z` covering `area`.
std::vector<TileId> tilesCovering(const LonLatBox& area, uint32_t z);

class BaseMapTiles {
 public:
  /// The most tiles one view may ask for (a coarser zoom is chosen beyond).
  static constexpr size_t kMaxTilesPerView = 48;
  /// Finished tiles kept for views to come.
  static constexpr size_t kCacheTiles = 192;
  /// A tile the archive lacks is drawn from its nearest ancestor up to this many levels up.
  static constexpr uint32_t kParentLevels = 4;

  /// Opens every source (an AssetError names one that cannot be used) and
  /// starts `workers` threads (at least one).
  BaseMapTiles(std::vector<BaseMapSource> sources, const geo::GeoFrame& frame, unsigned workers = 2);
  ~BaseMapTiles();
  BaseMapTiles(const BaseMapTiles&) = delete;
  BaseMapTiles& operator=(const BaseMapTiles&) = delete;

  /// The view to cover: tiles not yet loaded are queued (nearest the middle
  /// first), queued tiles no longer needed are dropped.
  void want(const TileView& view);
  /// Takes what the workers finished; true when map() changed.
  bool collect();
  /// The tiles shown now as one base map; `version` changes with it.
  const scene::BaseMap& map() const { return map_; }
  uint64_t version() const { return version_; }
  /// Tiles of the current view not yet ready.
  size_t loading() const;
  /// The zoom the current view reads from the first source (after overzoom: at most its deepest).
  uint32_t zoom() const { return zoom_; }
  size_t tilesShown() const { return shown_.size(); }

 private:
  struct Source {
    BaseMapSource spec;
    MbTilesInfo info;
  };
  using Key = uint64_t;  // source, z, x, y
  static Key key(uint32_t source, TileId t);
  static uint32_t sourceOf(Key k);
  static TileId tileOf(Key k);
  static bool overlaps(Key a, Key b);
  void work();
  void rebuild();

  std::vector<Source> sources_;
  const geo::GeoFrame& frame_;
  std::vector<std::thread> workers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Key> queue_;       // guarded by mutex_
  std::set<Key> busy_;          // guarded: being built now
  std::vector<std::pair<Key, std::shared_ptr<const scene::BaseMap>>> done_;  // guarded
  bool stop_ = false;           // guarded

  // Main thread only.
  std::map<Key, std::shared_ptr<const scene::BaseMap>> cache_;
  std::map<Key, uint64_t> lastUsed_;
  uint64_t tick_ = 0;
  std::vector<Key> wanted_, shown_;
  uint32_t zoom_ = 0;
  scene::BaseMap map_;
  uint64_t version_ = 0;
};

}  // namespace citywall::assets
