#pragma once
// Mapbox Vector Tiles (MVT 2.1): one tile's layers and features, decoded
// with Debian's libprotozero, geometry turned into lon/lat. A tile that is
// not whole — a cut protobuf, an unknown geometry type, a command that
// runs past its data — loses what is bad and keeps the rest, and says how
// much it dropped.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec2.hpp>

namespace citywall::assets {

struct TileId {
  uint32_t z = 0, x = 0, y = 0;  ///< XYZ (y down from the north, as web maps count)
};

struct TileFeature {
  enum class Type : uint8_t { point = 1, line = 2, polygon = 3 };
  Type type = Type::point;
  /// Points: each a one-point part. Lines: each a part. Polygons: rings;
  /// an outer ring starts each polygon (`outer` says which).
  std::vector<std::vector<glm::dvec2>> parts;  ///< lon, lat
  std::vector<bool> outer;                     ///< polygons: by part
  std::map<std::string, std::string, std::less<>> properties;  ///< values as text (numbers printed, booleans "true"/"false")
};

struct TileLayer {
  std::string name;
  std::vector<TileFeature> features;
};

struct DecodedTile {
  std::vector<TileLayer> layers;
  size_t dropped = 0;  ///< features (or whole layers) that could not be read
};

/// Decodes `bytes` (gzip-compressed or not) as tile `id`. Throws
/// std::runtime_error only when nothing in it is readable at all (a
/// corrupt gzip stream, or not a tile).
DecodedTile decodeVectorTile(std::string_view bytes, TileId id);

/// Tile (x, y) at `z` that holds lon/lat (web Mercator, XYZ).
TileId tileAt(double lon, double lat, uint32_t z);

/// The lon/lat box a tile covers (degrees).
struct TileBounds {
  double west, south, east, north;
};
TileBounds tileBounds(TileId id);

/// Inflates gzip data; throws std::runtime_error when it is corrupt.
std::string gunzip(std::string_view bytes);

}  // namespace citywall::assets
