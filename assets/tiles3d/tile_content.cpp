#include "assets/tiles3d/tile_content.h"

#include <simdjson.h>

#include <cstring>
#include <filesystem>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/asset_error.h"
#include "assets/model_loader.h"
#include "assets/tiles3d/content_parts.h"

namespace citywall::assets::tiles3d {

uint32_t u32(std::string_view b, size_t at) {
  uint32_t v = 0;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

// glTF is y up, tilesets are z up: (x, y, z) → (x, −z, y).
glm::dmat4 yUpToZUp() {
  glm::dmat4 m(0.0);
  m[0][0] = 1, m[1][2] = 1, m[2][1] = -1, m[3][3] = 1;
  return m;
}

// A b3dm's batch table as text: each property a JSON array, or a
// reference into the binary body ({byteOffset, componentType, type}).
scene::FeatureTable readBatchTable(std::string_view json, std::string_view binary, size_t batchLength, size_t first, size_t rows) {
  scene::FeatureTable out;
  first = std::min(first, batchLength);
  const size_t end = first + std::min(rows, batchLength - first);
  out.count = end - first;
  simdjson::dom::parser parser;
  simdjson::dom::object doc;
  if (json.empty() || parser.parse(json.data(), json.size()).get_object().get(doc)) return out;
  auto text = [](simdjson::dom::element e) -> std::string {
    if (std::string_view s; !e.get_string().get(s)) return std::string(s);
    if (int64_t i; !e.get_int64().get(i)) return std::to_string(i);
    if (uint64_t u; !e.get_uint64().get(u)) return std::to_string(u);
    if (double d; !e.get_double().get(d)) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.10g", d);
      return buf;
    }
    if (bool b; !e.get_bool().get(b)) return b ? "true" : "false";
    return std::string(simdjson::minify(e));
  };
  // Properties a point cloud keeps in its Draco data are not in the binary body.
  simdjson::dom::object inDraco;
  const bool draco = !doc["extensions"]["3DTILES_draco_point_compression"]["properties"].get_object().get(inDraco);
  for (auto [key, value] : doc) {
    if (key == "extensions" || key == "extras") continue;
    if (simdjson::dom::element ignored; draco && !inDraco[key].get(ignored)) continue;
    std::vector<std::string> column;
    if (simdjson::dom::array a; !value.get_array().get(a)) {
      size_t i = 0;
      for (auto e : a) {
        if (i >= end) break;
        if (i++ >= first) column.push_back(text(e));
      }
    } else if (simdjson::dom::object ref; !value.get_object().get(ref)) {
      uint64_t offset = 0;
      std::string_view ct, type;
      if (ref["byteOffset"].get_uint64().get(offset) || ref["componentType"].get_string().get(ct) || ref["type"].get_string().get(type))
        continue;
      const size_t comps = batchComponents(type);
      const size_t size = ct == "BYTE" || ct == "UNSIGNED_BYTE" ? 1 : ct == "SHORT" || ct == "UNSIGNED_SHORT" ? 2
                        : ct == "INT" || ct == "UNSIGNED_INT" || ct == "FLOAT" ? 4 : ct == "DOUBLE" ? 8 : 0;
      if (!comps || !size || !fitsWithin(offset, batchLength, comps * size, binary.size())) continue;
      for (size_t f = first; f < end; ++f) {
        std::string v;
        for (size_t c = 0; c < comps; ++c) {
          const char* p = binary.data() + offset + (f * comps + c) * size;
          char buf[40];
          auto put = [&](auto x) {
            std::memcpy(&x, p, sizeof x);
            if constexpr (std::is_floating_point_v<decltype(x)>) std::snprintf(buf, sizeof buf, "%.10g", double(x));
            else std::snprintf(buf, sizeof buf, "%lld", (long long)x);
          };
          if (ct == "BYTE") put(int8_t{});
          else if (ct == "UNSIGNED_BYTE") put(uint8_t{});
          else if (ct == "SHORT") put(int16_t{});
          else if (ct == "UNSIGNED_SHORT") put(uint16_t{});
          else if (ct == "INT") put(int32_t{});
          else if (ct == "UNSIGNED_INT") put(uint32_t{});
          else if (ct == "FLOAT") put(float{});
          else put(double{});
          v += (c ? ", " : "") + std::string(buf);
        }
        column.push_back(std::move(v));
      }
    } else {
      continue;
    }
    out.names.emplace_back(key);
    out.values.push_back(std::move(column));
  }
  return out;
}

namespace {

// A batch table as it came; a row is parsed out of it when asked for.
class BatchTableRows final : public scene::RowProperties {
 public:
  BatchTableRows(std::string_view json, std::string_view binary, size_t rows) : json_(json), binary_(binary), rows_(rows) {}
  std::vector<std::pair<std::string, std::string>> row(size_t row) const override {
    const scene::FeatureTable t = readBatchTable(json_, binary_, rows_, row, 1);
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t p = 0; p < t.names.size(); ++p)
      if (!t.value(p, 0).empty()) out.emplace_back(t.names[p], t.value(p, 0));
    return out;
  }
  size_t bytes() const override { return json_.size() + binary_.size(); }

 private:
  std::string json_, binary_;
  size_t rows_;
};

}  // namespace

std::shared_ptr<const scene::RowProperties> batchTableRows(std::string_view json, std::string_view binary, size_t rows) {
  // Worth keeping only when at least one property can be read (the first row shows it).
  if (readBatchTable(json, binary, rows, 0, 1).names.empty()) return nullptr;
  return std::make_shared<const BatchTableRows>(json, binary, rows);
}

namespace {

void addGltfMesh(scene::ModelMesh mesh, const std::string& path, const glm::dmat4& rtc, TileContent& out) {
  ContentMesh cm;
  cm.mesh = std::move(mesh);
  for (auto& w : cm.mesh.warnings) out.warnings.push_back(path + ": " + w);
  cm.toTileset = rtc * yUpToZUp();
  out.meshes.push_back(std::move(cm));
}

void readGltf(std::string_view bytes, const std::string& path, const glm::dmat4& rtc, TileContent& out) {
  addGltfMesh(loadGltfBytes(bytes, std::filesystem::path(path).parent_path().string(), path), path, rtc, out);
}

bool isGltf(std::string_view b) { return b.size() >= 4 && (b.substr(0, 4) == "glTF" || b[0] == '{'); }

// More features than one tile can sensibly carry: a larger BATCH_LENGTH is
// a damaged or hostile file (each feature costs a row in every column).
constexpr uint64_t kMaxBatchLength = 20'000'000;

// Batched 3D Model: a 28-byte header, a feature table (RTC_CENTER), a batch
// table, then a GLB.
void readB3dm(std::string_view b, size_t at, size_t length, const std::string& path, TileContent& out) {
  if (length < 28) throw AssetError(path, "a b3dm shorter than its 28-byte header");
  size_t ftJson = u32(b, at + 12), ftBin = u32(b, at + 16), btJson = u32(b, at + 20), btBin = u32(b, at + 24);
  size_t header = 28;
  // Early b3dm files have shorter headers; a "length" that is really a glTF
  // magic or a batch length gives them away (as Cesium tells them apart).
  if (btJson >= 570425344u) {         // [batchLength][batchTableByteLength]: 20 bytes
    header = 20, btJson = ftBin, ftJson = ftBin = btBin = 0;
  } else if (btBin >= 570425344u) {   // [batchTableJsonByteLength][batchLength]: 24 bytes
    header = 24, btJson = ftJson, ftJson = ftBin = btBin = 0;
  }
  if (ftJson + ftBin + btJson + btBin > length - header) throw AssetError(path, "the b3dm's table lengths run past its end");
  glm::dmat4 rtc(1.0);
  size_t batchLength = 0;
  if (ftJson) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (!parser.parse(b.data() + at + header, ftJson).get(doc)) {
      if (uint64_t n; !doc["BATCH_LENGTH"].get_uint64().get(n)) {
        if (n > kMaxBatchLength)
          throw AssetError(path, "a b3dm's BATCH_LENGTH is " + std::to_string(n) + ", more than " + std::to_string(kMaxBatchLength));
        batchLength = size_t(n);
      }
      simdjson::dom::array centre;
      if (!doc["RTC_CENTER"].get_array().get(centre) && centre.size() == 3) {
        double c[3];
        size_t i = 0;
        for (auto e : centre) c[i++] = e.get_double().value_unsafe();
        rtc = glm::translate(glm::dmat4(1.0), glm::dvec3(c[0], c[1], c[2]));
      }
    }
  }
  const size_t glb = at + header + ftJson + ftBin + btJson + btBin;
  readGltf(b.substr(glb, at + length - glb), path, rtc, out);
  const size_t bt = at + header + ftJson + ftBin;
  out.meshes.back().mesh.features =
      readBatchTable(std::string_view(b).substr(bt, btJson), std::string_view(b).substr(bt + btJson, btBin), batchLength);
}

void readAny(std::string_view b, size_t at, size_t length, const std::string& path, TileContent& out, int depth) {
  if (length < 4) throw AssetError(path, "a content too short to say what it is");
  const std::string_view magic = b.substr(at, 4);
  if (isGltf(b.substr(at, length))) return readGltf(b.substr(at, length), path, glm::dmat4(1.0), out);
  if (magic == "b3dm") return readB3dm(b, at, length, path, out);
  if (magic == "cmpt") {
    if (depth > 8 || length < 16) throw AssetError(path, "a composite tile that is truncated or nested too deep");
    const uint32_t tiles = u32(b, at + 12);
    size_t p = at + 16;
    for (uint32_t i = 0; i < tiles; ++i) {
      if (p + 12 > at + length) throw AssetError(path, "a composite tile's inner tile runs past its end");
      const size_t inner = u32(b, p + 8);
      if (inner < 12 || p + inner > at + length) throw AssetError(path, "a composite tile's inner tile runs past its end");
      readAny(b, p, inner, path, out, depth + 1);
      p += inner;
    }
    return;
  }
  if (magic == "i3dm") return readI3dm(b, at, length, path, out);
  if (magic == "pnts") return readPnts(b, at, length, path, out);
  throw AssetError(path, "not tile content (glTF, b3dm, i3dm or cmpt)");
}

}  // namespace

TileContent readTileContent(const std::string& path) {
  std::string bytes = readFileBytes(path);
  if (!isGltf(bytes)) return readTileContentBytes(bytes, path);
  // 3D Tiles 1.1's content, a glTF on its own: its file is let go once
  // parsed. A 14 MB tile of Manhattan took a worker 72 MB at its peak with
  // the file and a copy of it held to the end (heaptrack), 44 MB without.
  TileContent out;
  addGltfMesh(loadGltfBytes(std::move(bytes), std::filesystem::path(path).parent_path().string(), path), path, glm::dmat4(1.0), out);
  return out;
}

TileContent readTileContentBytes(std::string_view bytes, const std::string& path) {
  TileContent out;
  readAny(bytes, 0, bytes.size(), path, out, 0);
  return out;
}

}  // namespace citywall::assets::tiles3d
