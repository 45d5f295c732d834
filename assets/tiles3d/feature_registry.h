// feature_registry.h — every 3D Tiles feature numbered so far, kept small.
//
// A feature (a building of a city tileset) keeps its global number for the
// whole run, so its state (selected, tinted, hidden) survives its tiles
// being unloaded and read again. The registry therefore grows with every
// feature the camera has ever come near, whatever the tile budget: on a
// wall that tours a city for weeks it ends up holding every building. So
// it is stored compactly: one fixed record a feature, the texts (identity,
// the card's key and properties) packed into shared blocks, and an
// open-addressing index of 32-bit numbers. About 100 bytes a feature with
// a few properties, where strings, vectors and a hash map of nodes took
// about 330 (BENCHMARKS.md, "The feature registry").
//
// Not thread-safe: the streamer guards it with its own mutex.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <glm/vec3.hpp>

#include "scene/picking.h"

namespace citywall::assets::tiles3d {

class FeatureRegistry {
 public:
  /// Numbers start at `first` (after the city's own buildings).
  explicit FeatureRegistry(uint32_t first = 0) : first_(first) {}

  struct Numbered {
    uint32_t number;
    bool added;  ///< new here: no card and no place yet
  };
  /// The number of (tileset, identity): the one it has, else the next.
  Numbered number(uint32_t tileset, std::string_view identity);
  /// Whether the feature has its card (key and properties) yet.
  bool hasCard(uint32_t number) const;
  /// Its card, once: what the first tile carrying it (or a machine that
  /// named it) says. `properties` are name, value pairs.
  void setCard(uint32_t number, std::string_view key,
               const std::vector<std::pair<std::string_view, std::string_view>>& properties);
  /// Takes `where` (ENU) as its place when the box it was seen in (`size`,
  /// its diagonal in metres) is smaller than the one its place came from
  /// (a building of a fine tile after the block of a coarse one); true
  /// when it did.
  bool offerPlace(uint32_t number, const glm::dvec3& where, double size);

  /// The whole feature, as the card and the marks see it; nullopt for a
  /// number not given.
  std::optional<scene::TileFeature> feature(uint32_t number) const;
  /// Appends the places of the features numbered `from` up to end() (NaN
  /// where not known yet).
  void places(uint32_t from, std::vector<glm::dvec3>& out) const;
  /// One past the highest number given.
  uint32_t end() const { return first_ + uint32_t(records_.size()); }
  size_t size() const { return records_.size(); }
  /// Heap bytes held (records, texts, index), for the state dump.
  size_t bytes() const;

 private:
  // A text in the blocks: which block, where in it, how long.
  struct Text {
    uint32_t block = 0, offset = 0, length = 0;
  };
  struct Record {
    Text identity, card;  // card: key, then name, value, ... (each length-prefixed); empty until set
    glm::vec3 where{NAN};  // ENU in metres: float is millimetres within 100 km of the origin
    float size = INFINITY;  // the diagonal of the box `where` came from
    uint32_t tileset = 0;
  };

  Text store(std::string_view bytes);
  std::string_view text(const Text& t) const;
  static uint64_t hashOf(uint32_t tileset, std::string_view identity);
  void grow();

  uint32_t first_;
  std::deque<Record> records_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<uint32_t> blockSizes_;
  size_t shared_ = SIZE_MAX;  // the block short texts go into now
  uint32_t sharedUsed_ = 0;
  std::vector<uint32_t> index_;  // open addressing: 0 empty, else record + 1
};

}  // namespace citywall::assets::tiles3d
