// Point Cloud (pnts, 3D Tiles 1.0): points and, in a feature table, where
// each is (POSITION or POSITION_QUANTIZED, RTC_CENTER), its colour (RGBA,
// RGB, RGB565 or one CONSTANT_RGBA; else grey) and its feature
// (BATCH_ID). Read into one mesh of points — a scanned street or a site
// survey drawn in its own colours. A batch table without batch ids has a
// row per point (classification, intensity…): it is kept as it came and a
// point's row is read when the point is picked. Draco-compressed point clouds
// (3DTILES_draco_point_compression) are decoded with Debian's libdraco, the
// per-point properties of the batch table kept in the Draco data too.

#include <draco/compression/decode.h>

#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

#include "assets/gltf_draco.h"
#include "assets/tiles3d/content_parts.h"
#include "geo/json_text.h"

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

// What a point cloud's feature table gives per point, read from the table
// or decoded from its Draco data.
struct Points {
  std::vector<glm::dvec3> positions;
  std::vector<std::array<uint8_t, 4>> colours;
  std::vector<uint32_t> features;
};

// 3DTILES_draco_point_compression: the properties it names (POSITION, RGB,
// RGBA, BATCH_ID; NORMAL is not used) come from the Draco data in the feature
// table's body; any it does not name are read from the table as usual. The
// decoded cloud is returned for the batch table's properties it holds.
std::unique_ptr<draco::PointCloud> decodeDracoPoints(simdjson::dom::element extension, const FeatureTableView& table, Points& points) {
  const std::string& path = table.path;
  uint64_t offset = 0, length = 0;
  simdjson::dom::object properties;
  if (extension["byteOffset"].get_uint64().get(offset) || extension["byteLength"].get_uint64().get(length) ||
      extension["properties"].get_object().get(properties))
    throw AssetError(path, "the pnts's Draco extension has no byteOffset, byteLength or properties");
  if (offset > table.binary.size() || length > table.binary.size() - offset)
    throw AssetError(path, "the pnts's Draco data runs past its feature table");
  checkDracoSize(table.binary.substr(size_t(offset), size_t(length)), path, "the pnts");
  draco::DecoderBuffer input;
  input.Init(table.binary.data() + offset, size_t(length));
  draco::Decoder decoder;
  auto decoded = decoder.DecodePointCloudFromBuffer(&input);
  if (!decoded.ok()) throw AssetError(path, "the pnts's Draco data cannot be decoded (" + decoded.status().error_msg_string() + ")");
  std::unique_ptr<draco::PointCloud> cloud = std::move(decoded).value();
  if (!cloud || uint64_t(cloud->num_points()) != table.count)
    throw AssetError(path, "the pnts's Draco data holds " + std::to_string(cloud ? cloud->num_points() : 0) + " points, not POINTS_LENGTH " +
                               std::to_string(table.count));
  for (auto [name, id] : properties) {
    uint64_t unique = 0;
    if (id.get_uint64().get(unique) || unique > UINT32_MAX) throw AssetError(path, "the pnts's Draco property " + std::string(name) + " has no id");
    const draco::PointAttribute* a = cloud->GetAttributeByUniqueId(uint32_t(unique));
    if (!a) throw AssetError(path, "the pnts's Draco data has no attribute " + std::to_string(unique) + " (" + std::string(name) + ")");
    checkDracoValues(*a, std::string(name), path, "the pnts");
    for (draco::PointIndex i(0); i < cloud->num_points(); ++i) {
      const draco::AttributeValueIndex v = a->mapped_index(i);
      const size_t k = i.value();
      if (name == "POSITION") {
        float p[3] = {0, 0, 0};
        a->ConvertValue<float>(v, 3, p);
        points.positions[k] = glm::dvec3(p[0], p[1], p[2]);
      } else if (name == "RGB" || name == "RGBA") {
        a->ConvertValue<uint8_t>(v, int8_t(name.size()), points.colours[k].data());  // RGB leaves alpha at 255
      } else if (name == "BATCH_ID") {
        a->ConvertValue<uint32_t>(v, 1, &points.features[k]);
      }
    }
  }
  return cloud;
}

// One Draco attribute's values for every point, as a batch table's binary
// property of `componentType` × `components` (little-endian, as the host).
template <typename T>
void appendValues(const draco::PointAttribute& a, const draco::PointCloud& cloud, size_t components, std::string& out) {
  T value[4] = {};
  for (draco::PointIndex i(0); i < cloud.num_points(); ++i) {
    a.ConvertValue<T>(a.mapped_index(i), int8_t(components), value);
    out.append(reinterpret_cast<const char*>(value), components * sizeof(T));
  }
}

// A per-point batch table whose properties 3DTILES_draco_point_compression
// keeps in the Draco data (Intensity, Classification…): those are decoded
// from the cloud into a body of their own after the table's, and the table
// is written again to point at them, so a point's row reads as any other
// table's. A property that cannot be decoded is left out with a warning.
// Null when the table names none.
std::optional<std::pair<std::string, std::string>> decodeDracoBatchTable(std::string_view json, std::string_view binary,
                                                                         const draco::PointCloud& cloud, const std::string& path,
                                                                         std::vector<std::string>& warnings) {
  simdjson::dom::parser parser;
  simdjson::dom::object doc, properties;
  if (parser.parse(json.data(), json.size()).get_object().get(doc) ||
      doc["extensions"]["3DTILES_draco_point_compression"]["properties"].get_object().get(properties))
    return std::nullopt;
  std::string outJson = "{", outBinary(binary);
  for (auto [key, value] : doc) {
    if (key == "extensions") continue;  // the compression is undone; no other extension applies to a row per point
    std::string entry = simdjson::minify(value);
    if (simdjson::dom::element id; !properties[key].get(id)) {
      const std::string name(key);  // (clang 14 lambdas cannot capture a structured binding)
      auto skip = [&](const std::string& why) { warnings.push_back(path + ": the batch table's Draco property " + name + " " + why); };
      uint64_t unique = 0;
      std::string_view ct, type;
      if (id.get_uint64().get(unique) || unique > UINT32_MAX || value["componentType"].get_string().get(ct) ||
          value["type"].get_string().get(type)) {
        skip("has no attribute id, componentType or type");
        continue;
      }
      const size_t comps = batchComponents(type);
      const draco::PointAttribute* a = cloud.GetAttributeByUniqueId(uint32_t(unique));
      if (!a || !comps) {
        skip(a ? "has a type that is not SCALAR or VEC2–4" : "names an attribute the Draco data does not have");
        continue;
      }
      try {
        checkDracoValues(*a, name, path, "the pnts's batch table");
      } catch (const AssetError& e) {
        warnings.push_back(e.what());
        continue;
      }
      outBinary.append(-outBinary.size() & 7, '\0');  // each property on an 8-byte boundary
      const size_t offset = outBinary.size();
      if (ct == "BYTE") appendValues<int8_t>(*a, cloud, comps, outBinary);
      else if (ct == "UNSIGNED_BYTE") appendValues<uint8_t>(*a, cloud, comps, outBinary);
      else if (ct == "SHORT") appendValues<int16_t>(*a, cloud, comps, outBinary);
      else if (ct == "UNSIGNED_SHORT") appendValues<uint16_t>(*a, cloud, comps, outBinary);
      else if (ct == "INT") appendValues<int32_t>(*a, cloud, comps, outBinary);
      else if (ct == "UNSIGNED_INT") appendValues<uint32_t>(*a, cloud, comps, outBinary);
      else if (ct == "FLOAT") appendValues<float>(*a, cloud, comps, outBinary);
      else if (ct == "DOUBLE") appendValues<double>(*a, cloud, comps, outBinary);
      else {
        skip("has an unknown componentType " + std::string(ct));
        continue;
      }
      entry = R"({"byteOffset":)" + std::to_string(offset) + R"(,"componentType":)" + geo::jsonString(ct) + R"(,"type":)" +
              geo::jsonString(type) + "}";
    }
    if (outJson.size() > 1) outJson += ',';
    outJson += geo::jsonString(key) + ":" + entry;
  }
  return std::pair{outJson + "}", std::move(outBinary)};
}

}  // namespace

void readPnts(std::string_view b, size_t at, size_t length, const std::string& path, TileContent& out) {
  if (length < 28) throw AssetError(path, "a pnts shorter than its 28-byte header");
  const size_t ftJson = u32(b, at + 12), ftBin = u32(b, at + 16), btJson = u32(b, at + 20), btBin = u32(b, at + 24);
  if (ftJson + ftBin + btJson + btBin > length - 28) throw AssetError(path, "the pnts's table lengths run past its end");
  const size_t ft = at + 28, bt = ft + ftJson + ftBin;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!ftJson || parser.parse(b.data() + ft, ftJson).get(doc)) throw AssetError(path, "a pnts without a readable feature table");
  simdjson::dom::element draco;
  const bool compressed = !doc["extensions"]["3DTILES_draco_point_compression"].get(draco);
  uint64_t count = 0;
  if (doc["POINTS_LENGTH"].get_uint64().get(count) || count == 0 || count > kMaxPoints)
    throw AssetError(path, "a pnts's POINTS_LENGTH is missing or not 1 to " + std::to_string(kMaxPoints));
  const FeatureTableView table{doc, std::string_view(b).substr(ft + ftJson, ftBin), count, path, "the pnts"};
  Points points;
  simdjson::dom::element named;
  const auto inDraco = [&](const char* property) { return compressed && !draco["properties"][property].get(named); };
  // Properties Draco carries are not in the table: only the others are read from it.
  points.positions = inDraco("POSITION") ? std::vector<glm::dvec3>(count) : itemPositions(table);
  points.colours = inDraco("RGB") || inDraco("RGBA") ? std::vector<std::array<uint8_t, 4>>(count, {200, 200, 200, 255}) : pointColours(table);
  // Features: BATCH_ID (with BATCH_LENGTH and the batch table), else none.
  points.features.assign(count, scene::kNoFeature);
  std::unique_ptr<draco::PointCloud> cloud;
  if (compressed) cloud = decodeDracoPoints(draco, table, points);
  const std::vector<glm::dvec3>& positions = points.positions;
  const auto& colours = points.colours;
  std::vector<uint32_t>& features = points.features;
  uint64_t batchLength = 0;
  if (simdjson::dom::element e; inDraco("BATCH_ID")) {
    if (doc["BATCH_LENGTH"].get_uint64().get(batchLength)) batchLength = 0;
  } else if (!doc["BATCH_ID"].get(e) && !doc["BATCH_LENGTH"].get_uint64().get(batchLength)) {
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
  std::string_view batchJson = std::string_view(b).substr(bt, btJson), batchBinary = std::string_view(b).substr(bt + btJson, btBin);
  std::optional<std::pair<std::string, std::string>> decodedTable;
  if (cloud && btJson && !batchLength)
    if ((decodedTable = decodeDracoBatchTable(batchJson, batchBinary, *cloud, path, out.warnings)))
      batchJson = decodedTable->first, batchBinary = decodedTable->second;
  if (batchLength) mesh.features = readBatchTable(batchJson, batchBinary, batchLength);
  else if (btJson) mesh.vertexProperties = batchTableRows(batchJson, batchBinary, count);  // a row per point
  cm.toTileset = glm::dmat4(1.0);  // points are in the tileset's axes (z up)
  out.meshes.push_back(std::move(cm));
}

}  // namespace citywall::assets::tiles3d
