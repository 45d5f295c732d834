// Instanced 3D Model (i3dm, 3D Tiles 1.0): one glTF model and, in a
// feature table, where each instance stands (POSITION or
// POSITION_QUANTIZED, RTC_CENTER), how it turns (NORMAL_UP and
// NORMAL_RIGHT, their oct-encoded forms, or EAST_NORTH_UP) and how large
// it is (SCALE, SCALE_NON_UNIFORM), and which feature it is (BATCH_ID).
// The model is copied to every instance into one mesh — one draw for a
// tile of trees — each copy's feature id its instance's, so picking and
// tint work per tree.

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <optional>

#include "assets/asset_error.h"
#include "assets/model_loader.h"
#include "assets/tiles3d/content_parts.h"
#include "assets/tiles3d/tileset_file.h"

namespace citywall::assets::tiles3d {
namespace {

constexpr uint64_t kMaxInstances = 1'000'000;

// Each instance's transform: the glTF model's axes (y up) → the tileset's.
std::vector<glm::dmat4> instanceTransforms(const FeatureTableView& ft) {
  const uint64_t n = ft.count;
  const glm::dvec3 rtc = ft.vec3("RTC_CENTER").value_or(glm::dvec3(0.0));
  const std::vector<glm::dvec3> positions = itemPositions(ft);
  const char* up = ft.values("NORMAL_UP", 3, 4);
  const char* right = ft.values("NORMAL_RIGHT", 3, 4);
  const char* upOct = ft.values("NORMAL_UP_OCT32P", 2, 2);
  const char* rightOct = ft.values("NORMAL_RIGHT_OCT32P", 2, 2);
  bool eastNorthUp = false;
  if (ft.json["EAST_NORTH_UP"].get_bool().get(eastNorthUp)) eastNorthUp = false;
  const char* scale = ft.values("SCALE", 1, 4);
  const char* scale3 = ft.values("SCALE_NON_UNIFORM", 3, 4);

  std::vector<glm::dmat4> out(n);
  for (uint64_t i = 0; i < n; ++i) {
    const glm::dvec3 at = rtc + positions[i];
    // The model's up (glTF +y) goes to the instance's up, its +x to the right.
    glm::dmat3 turn = glm::dmat3(yUpToZUp());  // no orientation given: the model stands up in the tileset's z
    if ((up && right) || (upOct && rightOct)) {
      const glm::dvec3 u = up ? glm::dvec3(read<float>(up, i * 3), read<float>(up, i * 3 + 1), read<float>(up, i * 3 + 2))
                              : octDecode(read<uint16_t>(upOct, i * 2), read<uint16_t>(upOct, i * 2 + 1));
      const glm::dvec3 r = right ? glm::dvec3(read<float>(right, i * 3), read<float>(right, i * 3 + 1), read<float>(right, i * 3 + 2))
                                 : octDecode(read<uint16_t>(rightOct, i * 2), read<uint16_t>(rightOct, i * 2 + 1));
      turn = glm::dmat3(r, u, glm::cross(r, u));
    } else if (eastNorthUp) {
      // On the globe (ECEF): the ellipsoid's normal at the instance is up.
      constexpr double a2 = 6378137.0 * 6378137.0, b2 = 6356752.314245 * 6356752.314245;
      const glm::dvec3 upAt = glm::normalize(glm::dvec3(at.x / a2, at.y / a2, at.z / b2));
      glm::dvec3 east = glm::cross(glm::dvec3(0, 0, 1), upAt);
      east = glm::length(east) > 1e-9 ? glm::normalize(east) : glm::dvec3(1, 0, 0);
      const glm::dvec3 north = glm::cross(upAt, east);
      turn = glm::dmat3(east, north, upAt) * glm::dmat3(yUpToZUp());
    }
    glm::dvec3 size(1.0);
    if (scale) size = glm::dvec3(read<float>(scale, i));
    if (scale3) size *= glm::dvec3(read<float>(scale3, i * 3), read<float>(scale3, i * 3 + 1), read<float>(scale3, i * 3 + 2));
    glm::dmat4 m(turn * glm::dmat3(glm::scale(glm::dmat4(1.0), size)));
    m[3] = glm::dvec4(at, 1.0);
    out[i] = m;
  }
  return out;
}

// Each instance's feature: its BATCH_ID, else its number.
std::vector<uint32_t> instanceFeatures(const FeatureTableView& ft) {
  std::vector<uint32_t> out(ft.count);
  std::string_view type = "UNSIGNED_SHORT";
  simdjson::dom::element e;
  if (!ft.json["BATCH_ID"].get(e) && e["componentType"].get_string().get(type)) type = "UNSIGNED_SHORT";
  const size_t size = type == "UNSIGNED_BYTE" ? 1 : type == "UNSIGNED_INT" ? 4 : 2;
  const char* ids = ft.values("BATCH_ID", 1, size);
  for (uint64_t i = 0; i < ft.count; ++i)
    out[i] = !ids ? uint32_t(i) : size == 1 ? read<uint8_t>(ids, i) : size == 2 ? read<uint16_t>(ids, i) : read<uint32_t>(ids, i);
  return out;
}

}  // namespace

std::vector<glm::dvec3> itemPositions(const FeatureTableView& ft) {
  std::vector<glm::dvec3> positions(ft.count);
  if (const char* p = ft.values("POSITION", 3, 4)) {
    for (uint64_t i = 0; i < ft.count; ++i)
      positions[i] = glm::dvec3(read<float>(p, i * 3), read<float>(p, i * 3 + 1), read<float>(p, i * 3 + 2));
  } else if (const char* q = ft.values("POSITION_QUANTIZED", 3, 2)) {
    const auto offset = ft.vec3("QUANTIZED_VOLUME_OFFSET"), scale = ft.vec3("QUANTIZED_VOLUME_SCALE");
    if (!offset || !scale) throw AssetError(ft.path, ft.kind + "'s POSITION_QUANTIZED needs QUANTIZED_VOLUME_OFFSET and _SCALE");
    for (uint64_t i = 0; i < ft.count; ++i)
      for (int k = 0; k < 3; ++k) positions[i][k] = (*offset)[k] + double(read<uint16_t>(q, i * 3 + size_t(k))) / 65535.0 * (*scale)[k];
  } else {
    throw AssetError(ft.path, ft.kind + " without POSITION or POSITION_QUANTIZED");
  }
  return positions;
}

void readI3dm(std::string_view b, size_t at, size_t length, const std::string& path, TileContent& out) {
  if (length < 32) throw AssetError(path, "an i3dm shorter than its 32-byte header");
  const size_t ftJson = u32(b, at + 12), ftBin = u32(b, at + 16), btJson = u32(b, at + 20), btBin = u32(b, at + 24);
  const uint32_t gltfFormat = u32(b, at + 28);
  if (ftJson + ftBin + btJson + btBin > length - 32) throw AssetError(path, "the i3dm's table lengths run past its end");
  const size_t ft = at + 32, bt = ft + ftJson + ftBin, body = bt + btJson + btBin;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!ftJson || parser.parse(b.data() + ft, ftJson).get(doc)) throw AssetError(path, "an i3dm without a readable feature table");
  uint64_t count = 0;
  if (doc["INSTANCES_LENGTH"].get_uint64().get(count) || count == 0 || count > kMaxInstances)
    throw AssetError(path, "an i3dm's INSTANCES_LENGTH is missing or not 1 to " + std::to_string(kMaxInstances));
  const FeatureTableView table{doc, std::string_view(b).substr(ft + ftJson, ftBin), count, path, "the i3dm"};
  const std::vector<glm::dmat4> transforms = instanceTransforms(table);
  const std::vector<uint32_t> features = instanceFeatures(table);

  // The model: in the file (gltfFormat 1), or a URI next to it (0).
  std::string_view gltf;  // a view into the tile's bytes, or of `read`
  std::string read, base = std::filesystem::path(path).parent_path().string(), name = path;
  if (gltfFormat > 1) throw AssetError(path, "an i3dm's gltfFormat is " + std::to_string(gltfFormat) + " (0: a URI, 1: the model inside)");
  if (gltfFormat == 1) {
    gltf = b.substr(body, at + length - body);
  } else {
    std::string uri(b.substr(body, at + length - body));
    uri.erase(std::find(uri.begin(), uri.end(), '\0'), uri.end());
    while (!uri.empty() && uri.back() == ' ') uri.pop_back();
    if (uri.empty() || uri.size() > 4096 || std::any_of(uri.begin(), uri.end(), [](char c) { return c == '\n' || c == '\r'; }))
      throw AssetError(path, "an i3dm's model URI is empty or not a URI");
    name = resolveUri(path, uri);
    try {
      read = readFileBytes(name);
      gltf = read;
    } catch (const AssetError& e) {
      throw AssetError(path, std::string("its model: ") + e.what());
    }
    base = std::filesystem::path(name).parent_path().string();
  }
  scene::ModelMesh model;
  try {
    model = loadGltfBytes(gltf, base, name);
  } catch (const AssetError& e) {
    if (name == path) throw;
    throw AssetError(path, std::string("its model: ") + e.what());
  }
  for (const auto& w : model.warnings) out.warnings.push_back(path + ": " + w);

  // Every copy in the tileset's axes, relative to the instances' middle (floats near their origin).
  glm::dvec3 middle(0.0);
  for (const auto& m : transforms) middle += glm::dvec3(m[3]) / double(count);
  ContentMesh cm;
  scene::ModelMesh& mesh = cm.mesh;
  mesh.source = name, mesh.images = model.images, mesh.offset = middle;
  const size_t perCopy = model.vertices.size();
  if (perCopy * count > 0xffffffffu) throw AssetError(path, "an i3dm with more vertices than one mesh can index");
  mesh.vertices.reserve(perCopy * count);
  glm::vec3 lo(1e30f), hi(-1e30f);
  for (uint64_t i = 0; i < count; ++i) {
    glm::dmat4 m = transforms[i];
    m[3] -= glm::dvec4(middle, 0.0);
    const glm::dmat3 normals = glm::transpose(glm::inverse(glm::dmat3(m)));
    for (scene::ModelVertex v : model.vertices) {
      const glm::dvec3 p = glm::dvec3(m * glm::dvec4(model.offset + glm::dvec3(v.position[0], v.position[1], v.position[2]), 1.0));
      glm::dvec3 n = normals * glm::dvec3(v.normal[0], v.normal[1], v.normal[2]);
      n = glm::length(n) > 0 ? glm::normalize(n) : n;
      for (int k = 0; k < 3; ++k) v.position[k] = float(p[k]), v.normal[k] = float(n[k]);
      v.feature = features[i];
      lo = glm::min(lo, glm::vec3(p)), hi = glm::max(hi, glm::vec3(p));
      mesh.vertices.push_back(v);
    }
  }
  mesh.boundsMin = lo, mesh.boundsMax = hi;
  // The model's parts (materials), each holding every copy's indices of it.
  std::vector<scene::ModelPart> parts = model.parts;
  if (parts.empty()) parts.push_back({0, uint32_t(model.indices.size())});
  for (const auto& part : parts) {
    scene::ModelPart merged = part;
    merged.firstIndex = uint32_t(mesh.indices.size());
    for (uint64_t i = 0; i < count; ++i)
      for (uint32_t k = 0; k < part.indexCount; ++k)
        mesh.indices.push_back(uint32_t(i * perCopy) + model.indices[part.firstIndex + k]);
    merged.indexCount = uint32_t(mesh.indices.size()) - merged.firstIndex;
    mesh.parts.push_back(merged);
  }
  if (model.parts.empty()) mesh.parts.clear();  // one opaque, untextured part, as the model had
  uint32_t batchLength = 0;
  for (uint32_t f : features) batchLength = std::max(batchLength, f + 1);
  mesh.features = readBatchTable(std::string_view(b).substr(bt, btJson), std::string_view(b).substr(bt + btJson, btBin), batchLength);
  cm.toTileset = glm::dmat4(1.0);  // the copies are in the tileset's axes already
  out.meshes.push_back(std::move(cm));
}

}  // namespace citywall::assets::tiles3d
