#pragma once
// Pieces the readers of tile content share (tile_content.cpp,
// instanced_model.cpp, point_cloud.cpp); not for use outside assets/tiles3d.

#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/mat4x4.hpp>

#include "assets/asset_error.h"
#include "assets/byte_range.h"
#include "assets/tiles3d/tile_content.h"
#include "scene/city_model.h"

namespace citywall::assets::tiles3d {

/// A little-endian uint32 at `at`.
uint32_t u32(std::string_view b, size_t at);
/// glTF is y up, tilesets are z up: (x, y, z) → (x, −z, y).
glm::dmat4 yUpToZUp();
/// Components of a batch table property's `type` (SCALAR, VEC2–4); 0 for another.
inline size_t batchComponents(std::string_view type) {
  return type == "SCALAR" ? 1 : type == "VEC2" ? 2 : type == "VEC3" ? 3 : type == "VEC4" ? 4 : 0;
}
/// A 3D Tiles 1.0 batch table (JSON, and the binary body its properties
/// may point into) as the features of `batchLength` batch ids; only rows
/// [first, first + rows) of them, when asked.
scene::FeatureTable readBatchTable(std::string_view json, std::string_view binary, size_t batchLength, size_t first = 0,
                                   size_t rows = SIZE_MAX);
/// A batch table with a row per point (a pnts without batch ids), kept as
/// it came and read one row at a time (on a pick); null when it names no
/// property.
std::shared_ptr<const scene::RowProperties> batchTableRows(std::string_view json, std::string_view binary, size_t rows);
/// An oct-encoded unit vector (two 16-bit values, as i3dm's *_OCT32P).
inline glm::dvec3 octDecode(uint16_t x, uint16_t y) {
  glm::dvec2 v(double(x) / 65535.0 * 2.0 - 1.0, double(y) / 65535.0 * 2.0 - 1.0);
  glm::dvec3 n(v.x, v.y, 1.0 - std::abs(v.x) - std::abs(v.y));
  if (n.z < 0) {
    const double ox = n.x;
    n.x = (1.0 - std::abs(n.y)) * (ox >= 0 ? 1.0 : -1.0);
    n.y = (1.0 - std::abs(ox)) * (n.y >= 0 ? 1.0 : -1.0);
  }
  return glm::normalize(n);
}

/// Value `index` of an array of T at `p` (unaligned, little-endian).
template <typename T>
T read(const char* p, size_t index) {
  T v;
  std::memcpy(&v, p + index * sizeof(T), sizeof(T));
  return v;
}

/// A pnts or i3dm feature table: its JSON and binary body, and the count
/// of points or instances its per-item properties hold.
struct FeatureTableView {
  simdjson::dom::element json;
  std::string_view binary;
  uint64_t count = 0;
  const std::string& path;
  std::string kind;  ///< "the i3dm", "the pnts": how errors name it

  // A per-instance property's bytes (count × components values of `size`
  // bytes), or null when absent; an error when it runs past the body.
  const char* values(const char* name, size_t components, size_t size) const {
    simdjson::dom::element e;
    if (json[name].get(e)) return nullptr;
    uint64_t offset = 0;
    if (e["byteOffset"].get_uint64().get(offset)) throw AssetError(path, kind + "'s " + name + " has no byteOffset");
    if (!fitsWithin(offset, count, components * size, binary.size()))
      throw AssetError(path, kind + "'s " + name + " runs past its feature table");
    return binary.data() + offset;
  }
  // A global three-number property (RTC_CENTER, QUANTIZED_VOLUME_*).
  std::optional<glm::dvec3> vec3(const char* name) const {
    simdjson::dom::array a;
    if (json[name].get_array().get(a) || a.size() != 3) return std::nullopt;
    glm::dvec3 v;
    int i = 0;
    for (auto e : a) {
      double d = 0;
      if (e.get_double().get(d)) return std::nullopt;
      v[i++] = d;
    }
    return v;
  }
};

/// Each point's or instance's position (POSITION, or POSITION_QUANTIZED
/// with its volume), RTC_CENTER not added; an error naming the file when
/// there is neither.
std::vector<glm::dvec3> itemPositions(const FeatureTableView& ft);
/// A Point Cloud (pnts) at [at, at + length) of `b`, appended to `out` as
/// one mesh of points.
void readPnts(std::string_view b, size_t at, size_t length, const std::string& path, TileContent& out);
/// An Instanced 3D Model (i3dm) at [at, at + length) of `b`: its model,
/// copied to every instance, appended to `out` as one mesh.
void readI3dm(std::string_view b, size_t at, size_t length, const std::string& path, TileContent& out);

}  // namespace citywall::assets::tiles3d
