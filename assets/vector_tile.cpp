#include "assets/vector_tile.h"

#include <protozero/pbf_reader.hpp>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace citywall::assets {
namespace {

// MVT 2.1 field numbers (vector_tile.proto).
enum : uint32_t { kTileLayers = 3 };
enum : uint32_t { kLayerName = 1, kLayerFeatures = 2, kLayerKeys = 3, kLayerValues = 4, kLayerExtent = 5, kLayerVersion = 15 };
enum : uint32_t { kFeatureId = 1, kFeatureTags = 2, kFeatureType = 3, kFeatureGeometry = 4 };
enum : uint32_t { kMoveTo = 1, kLineTo = 2, kClosePath = 7 };

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// A Value message as text.
std::string valueText(protozero::pbf_reader v) {
  std::string out;
  while (v.next()) {
    switch (v.tag()) {
      case 1: out = v.get_string(); break;
      case 2: out = number(v.get_float()); break;
      case 3: out = number(v.get_double()); break;
      case 4: out = std::to_string(v.get_int64()); break;
      case 5: out = std::to_string(v.get_uint64()); break;
      case 6: out = std::to_string(v.get_sint64()); break;
      case 7: out = v.get_bool() ? "true" : "false"; break;
      default: v.skip();
    }
  }
  return out;
}

int64_t unzigzag(uint32_t v) { return int64_t(v >> 1) ^ -int64_t(v & 1); }

// Tile coordinates → lon/lat.
struct Projection {
  TileId id;
  double extent;
  glm::dvec2 operator()(int64_t x, int64_t y) const {
    const double n = std::pow(2.0, id.z);
    const double px = (id.x + double(x) / extent) / n, py = (id.y + double(y) / extent) / n;
    return {px * 360.0 - 180.0, std::atan(std::sinh(M_PI * (1 - 2 * py))) * 180.0 / M_PI};
  }
};

// The geometry commands of one feature; false when they do not parse.
bool readGeometry(const std::vector<uint32_t>& g, TileFeature& f, const Projection& project) {
  int64_t x = 0, y = 0;
  std::vector<glm::ivec2> ring;  // tile coordinates, for the winding
  std::vector<std::vector<glm::ivec2>> tileParts;
  auto finish = [&] {
    if (!ring.empty()) tileParts.push_back(std::move(ring)), ring.clear();
  };
  for (size_t i = 0; i < g.size();) {
    const uint32_t command = g[i] & 7, count = g[i] >> 3;
    ++i;
    if (command == kClosePath) {
      if (f.type != TileFeature::Type::polygon) return false;
      finish();
      continue;
    }
    if (command != kMoveTo && command != kLineTo) return false;
    if (i + size_t(count) * 2 > g.size()) return false;  // runs past its data
    for (uint32_t k = 0; k < count; ++k, i += 2) {
      x += unzigzag(g[i]), y += unzigzag(g[i + 1]);
      if (command == kMoveTo && (f.type != TileFeature::Type::point || k == 0)) finish();
      if (command == kMoveTo && f.type == TileFeature::Type::point) {
        tileParts.push_back({glm::ivec2(int(x), int(y))});
        continue;
      }
      ring.push_back(glm::ivec2(int(x), int(y)));
    }
  }
  finish();
  for (auto& part : tileParts) {
    if ((f.type == TileFeature::Type::line && part.size() < 2) || (f.type == TileFeature::Type::polygon && part.size() < 3)) continue;
    std::vector<glm::dvec2> ll;
    ll.reserve(part.size());
    for (const auto& p : part) ll.push_back(project(p.x, p.y));
    if (f.type == TileFeature::Type::polygon) {
      // The surveyor's formula in tile coordinates (y down): outer rings are positive.
      double area = 0;
      for (size_t i = 0; i < part.size(); ++i) {
        const auto& a = part[i];
        const auto& b = part[(i + 1) % part.size()];
        area += double(a.x) * b.y - double(b.x) * a.y;
      }
      if (area == 0) continue;
      f.outer.push_back(area > 0);
    }
    f.parts.push_back(std::move(ll));
  }
  if (f.type == TileFeature::Type::polygon && (f.outer.empty() || !f.outer.front())) return false;  // must start with an outer ring
  return !f.parts.empty();
}

TileLayer readLayer(protozero::pbf_reader layer, TileId id, size_t& dropped) {
  TileLayer out;
  std::vector<std::string> keys, values;
  std::vector<protozero::data_view> features;
  double extent = 4096;
  while (layer.next()) {
    switch (layer.tag()) {
      case kLayerName: out.name = layer.get_string(); break;
      case kLayerFeatures: features.push_back(layer.get_view()); break;
      case kLayerKeys: keys.push_back(layer.get_string()); break;
      case kLayerValues: values.push_back(valueText(layer.get_message())); break;
      case kLayerExtent: extent = std::max(1u, layer.get_uint32()); break;
      case kLayerVersion: (void)layer.get_uint32(); break;
      default: layer.skip();
    }
  }
  const Projection project{id, extent};
  for (const auto& view : features) {
    try {
      protozero::pbf_reader feature(view);
      TileFeature f;
      std::vector<uint32_t> tags, geometry;
      uint32_t type = 0;
      while (feature.next()) {
        switch (feature.tag()) {
          case kFeatureTags: {
            auto r = feature.get_packed_uint32();
            tags.assign(r.begin(), r.end());
            break;
          }
          case kFeatureType: type = feature.get_enum(); break;
          case kFeatureGeometry: {
            auto r = feature.get_packed_uint32();
            geometry.assign(r.begin(), r.end());
            break;
          }
          default: feature.skip();
        }
      }
      bool ok = type >= 1 && type <= 3 && tags.size() % 2 == 0;
      for (size_t i = 0; ok && i < tags.size(); i += 2) {
        ok = tags[i] < keys.size() && tags[i + 1] < values.size();
        if (ok) f.properties[keys[tags[i]]] = values[tags[i + 1]];
      }
      if (ok) f.type = TileFeature::Type(type);
      if (!ok || !readGeometry(geometry, f, project)) {
        ++dropped;
        continue;
      }
      out.features.push_back(std::move(f));
    } catch (const protozero::exception&) {
      ++dropped;  // a feature cut short
    }
  }
  return out;
}

}  // namespace

std::string gunzip(std::string_view bytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("cannot start inflating");
  std::string out;
  char buf[1 << 15];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = uInt(bytes.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) rc = Z_BUF_ERROR;  // input ended inside the stream
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("corrupt gzip data");
  return out;
}

DecodedTile decodeVectorTile(std::string_view bytes, TileId id) {
  std::string inflated;
  if (bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1f && uint8_t(bytes[1]) == 0x8b) bytes = inflated = gunzip(bytes);
  DecodedTile out;
  try {
    protozero::pbf_reader tile(protozero::data_view(bytes.data(), bytes.size()));
    while (tile.next()) {
      if (tile.tag() != kTileLayers) {
        tile.skip();
        continue;
      }
      const protozero::data_view layer = tile.get_view();
      try {
        out.layers.push_back(readLayer(protozero::pbf_reader(layer), id, out.dropped));
      } catch (const protozero::exception&) {
        ++out.dropped;  // a layer cut short
      }
    }
  } catch (const protozero::exception& e) {
    if (out.layers.empty()) throw std::runtime_error(std::string("not a vector tile (") + e.what() + ")");
    ++out.dropped;  // the tile ends inside a layer: what came before stays
  }
  return out;
}

TileId tileAt(double lon, double lat, uint32_t z) {
  const double n = std::pow(2.0, z);
  const double latRad = std::clamp(lat, -85.0511, 85.0511) * M_PI / 180;
  const double x = (lon + 180.0) / 360.0 * n;
  const double y = (1 - std::log(std::tan(latRad) + 1 / std::cos(latRad)) / M_PI) / 2 * n;
  const auto clampTile = [&](double v) { return uint32_t(std::clamp(v, 0.0, n - 1)); };
  return {z, clampTile(x), clampTile(y)};
}

TileBounds tileBounds(TileId id) {
  const double n = std::pow(2.0, id.z);
  const auto lat = [&](double y) { return std::atan(std::sinh(M_PI * (1 - 2 * y / n))) * 180 / M_PI; };
  return {id.x / n * 360.0 - 180.0, lat(id.y + 1.0), (id.x + 1.0) / n * 360.0 - 180.0, lat(double(id.y))};
}

}  // namespace citywall::assets
