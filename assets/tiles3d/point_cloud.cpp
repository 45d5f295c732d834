// Point Cloud (pnts, 3D Tiles 1.0): points and, in a feature table, where
// each is (POSITION or POSITION_QUANTIZED, RTC_CENTER), its colour (RGBA,
// RGB, RGB565 or one CONSTANT_RGBA; else grey) and its feature
// (BATCH_ID). Read into one mesh of points — a scanned street or a site
// survey drawn in its own colours. Draco-compressed point clouds are told
// and left out: Debian has no Draco library to read them with.

#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/tiles3d/content_parts.h"

namespace citywall::assets::tiles3d {
namespace {

constexpr uint64_t kMaxPoints = 20'000'000;

// Each point's colour, sRGB RGBA.
std::vector<std::array<uint8_t, 4>> pointColours(const FeatureTableView& ft) {
  std::vector<std::array<uint8_t, 4>> out(ft.count, {200, 200, 200, 255});
  if (const char* rgba = ft.values("RGBA", 4, 1)) {
    for (uint64_t i = 0; i < ft.count; ++i)
      for (size_t k = 0; k < 4; ++k) out[i][k] = read<uint8_t>(rgba, i * 4 + k);
  } else if (const char* rgb = ft.values("RGB", 3, 1)) {
    for (uint64_t i = 0; i < ft.count; ++i)
      for (size_t k = 0; k < 3; ++k) out[i][k] = read<uint8_t>(rgb, i * 3 + k);
  } else if (const char* packed = ft.values("RGB565", 1, 2)) {
    for (uint64_t i = 0; i < ft.count; ++i) {
      const uint16_t c = read<uint16_t>(packed, i);
      out[i] = {uint8_t((c >> 11) * 255 / 31), uint8_t(((c >> 5) & 63) * 255 / 63), uint8_t((c & 31) * 255 / 31), 255};
    }
  } else if (simdjson::dom::array constant; !ft.json["CONSTANT_RGBA"].get_array().get(constant) && constant.size() == 4) {
    std::array<uint8_t, 4> c{};
    size_t k = 0;
    for (auto e : constant) {
      uint64_t v = 0;
      if (!e.get_uint64().get(v)) c[k] = uint8_t(std::min<uint64_t>(v, 255));
      ++k;
    }
    std::fill(out.begin(), out.end(), c);
  }
  return out;
}

}  // namespace

void readPnts(const std::string& b, size_t at, size_t length, const std::string& path, TileContent& out) {
  if (length < 28) throw AssetError(path, "a pnts shorter than its 28-byte header");
  const size_t ftJson = u32(b, at + 12), ftBin = u32(b, at + 16), btJson = u32(b, at + 20), btBin = u32(b, at + 24);
  if (ftJson + ftBin + btJson + btBin > length - 28) throw AssetError(path, "the pnts's table lengths run past its end");
  const size_t ft = at + 28, bt = ft + ftJson + ftBin;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!ftJson || parser.parse(b.data() + ft, ftJson).get(doc)) throw AssetError(path, "a pnts without a readable feature table");
  if (simdjson::dom::element draco; !doc["extensions"]["3DTILES_draco_point_compression"].get(draco)) {
    out.warnings.push_back(path + ": a Draco-compressed point cloud is not drawn (no Draco decoder)");
    return;
  }
  uint64_t count = 0;
  if (doc["POINTS_LENGTH"].get_uint64().get(count) || count == 0 || count > kMaxPoints)
    throw AssetError(path, "a pnts's POINTS_LENGTH is missing or not 1 to " + std::to_string(kMaxPoints));
  const FeatureTableView table{doc, std::string_view(b).substr(ft + ftJson, ftBin), count, path, "the pnts"};
  const std::vector<glm::dvec3> positions = itemPositions(table);
  const auto colours = pointColours(table);
  // Features: BATCH_ID (with BATCH_LENGTH and the batch table), else none.
  std::vector<uint32_t> features(count, scene::kNoFeature);
  uint64_t batchLength = 0;
  if (simdjson::dom::element e; !doc["BATCH_ID"].get(e) && !doc["BATCH_LENGTH"].get_uint64().get(batchLength)) {
    std::string_view type = "UNSIGNED_SHORT";
    if (e["componentType"].get_string().get(type)) type = "UNSIGNED_SHORT";
    const size_t size = type == "UNSIGNED_BYTE" ? 1 : type == "UNSIGNED_INT" ? 4 : 2;
    const char* ids = table.values("BATCH_ID", 1, size);
    for (uint64_t i = 0; ids && i < count; ++i)
      features[i] = size == 1 ? read<uint8_t>(ids, i) : size == 2 ? read<uint16_t>(ids, i) : read<uint32_t>(ids, i);
  }

  // Positions relative to the points' middle (floats near their origin), in the tileset's axes.
  const glm::dvec3 rtc = table.vec3("RTC_CENTER").value_or(glm::dvec3(0.0));
  glm::dvec3 middle(0.0);
  for (const auto& p : positions) middle += p / double(count);
  ContentMesh cm;
  scene::ModelMesh& mesh = cm.mesh;
  mesh.source = path;
  mesh.offset = rtc + middle;
  mesh.vertices.resize(count);
  mesh.indices.resize(count);
  glm::vec3 lo(1e30f), hi(-1e30f);
  for (uint64_t i = 0; i < count; ++i) {
    scene::ModelVertex& v = mesh.vertices[i];
    const glm::vec3 p(positions[i] - middle);
    for (int k = 0; k < 3; ++k) v.position[k] = p[k];
    v.normal[2] = 1.0f;  // unlit: the colour is the scan's
    std::copy(colours[i].begin(), colours[i].end(), v.color);
    v.feature = features[i];
    mesh.indices[i] = uint32_t(i);
    lo = glm::min(lo, p), hi = glm::max(hi, p);
  }
  mesh.boundsMin = lo, mesh.boundsMax = hi;
  scene::ModelPart part;
  part.indexCount = uint32_t(count);
  part.points = true;  // opaque: a scan's alpha is seldom meant, and points are drawn without blending
  mesh.parts.push_back(part);
  if (batchLength)
    mesh.features = readBatchTable(std::string_view(b).substr(bt, btJson), std::string_view(b).substr(bt + btJson, btBin), batchLength);
  cm.toTileset = glm::dmat4(1.0);  // points are in the tileset's axes (z up)
  out.meshes.push_back(std::move(cm));
}

}  // namespace citywall::assets::tiles3d
