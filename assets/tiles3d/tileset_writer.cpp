// tileset_writer.cpp — a city's buildings as a 3D Tiles 1.1 implicit quadtree.
//
// [SECTION] Buildings: their triangles, size and tile
// [SECTION] GLB content
// [SECTION] The subtree and tileset.json

#include "assets/tiles3d/tileset_writer.h"

#include <draco/compression/encode.h>
#include <draco/mesh/triangle_soup_mesh_builder.h>
#include <meshoptimizer.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "assets/asset_error.h"
#include "assets/tiles3d/subtree.h"
#include "geo/geo_frame.h"
#include "geo/json_text.h"

namespace citywall::assets::tiles3d {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Buildings: their triangles, size and tile
//-----------------------------------------------------------------------------

struct Triangle {
  uint32_t building, chunk, firstIndex;
};

struct TileKey {
  uint32_t level, x, y;
  bool operator<(const TileKey& o) const { return std::tie(level, x, y) < std::tie(o.level, o.x, o.y); }
};

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) throw AssetError(path.string(), "cannot be written (disk full, or no permission?)");
}

template <typename T>
void append(std::string& blob, const T& v) {
  blob.append(reinterpret_cast<const char*>(&v), sizeof v);
}


//-----------------------------------------------------------------------------
// [SECTION] GLB content
//-----------------------------------------------------------------------------

// A tile's geometry streams as makeGlb gathers them: positions, normals
// (float VEC3, glTF axes), feature ids (float) and 32-bit indices.
struct GeometryStreams {
  const std::string &positions, &normals, &features, &indices;
  uint32_t vertexCount;
  glm::vec3 lo, hi;
};

// EXT_meshopt_compression: each stream compressed into the BIN chunk
// (buffer 0); the views over buffer 1, a fallback with no data.
struct MeshoptStream {
  size_t offset, length, stride, count;
  const char* mode;
};
MeshoptStream meshoptEncode(std::string& bin, const std::string& data, size_t stride, bool triangles) {
  const size_t count = data.size() / stride;
  std::vector<unsigned char> out(triangles ? meshopt_encodeIndexBufferBound(count, count) : meshopt_encodeVertexBufferBound(count, stride));
  const size_t length = triangles ? meshopt_encodeIndexBuffer(out.data(), out.size(), reinterpret_cast<const unsigned int*>(data.data()), count)
                                  : meshopt_encodeVertexBuffer(out.data(), out.size(), data.data(), count, stride);
  const size_t offset = bin.size();
  bin.append(reinterpret_cast<const char*>(out.data()), length);
  bin.append((4 - bin.size() % 4) % 4, '\0');
  return {offset, length, stride, count, triangles ? "TRIANGLES" : "ATTRIBUTES"};
}

// KHR_draco_mesh_compression: the triangles with their positions (16-bit
// quantised over the tile: millimetres in a deep tile), normals (10 bits)
// and feature ids (exact) as one Draco mesh. Returns the data and the
// attributes' ids in it.
struct DracoMesh {
  std::string bytes;
  uint32_t position = 0, normal = 0, feature = 0;
};
DracoMesh dracoEncode(const GeometryStreams& g) {
  const auto* p = reinterpret_cast<const float*>(g.positions.data());
  const auto* n = reinterpret_cast<const float*>(g.normals.data());
  const auto* f = reinterpret_cast<const float*>(g.features.data());
  const auto* idx = reinterpret_cast<const uint32_t*>(g.indices.data());
  const size_t faces = g.indices.size() / 12;
  draco::TriangleSoupMeshBuilder builder;
  builder.Start(int(faces));
  const int pos = builder.AddAttribute(draco::GeometryAttribute::POSITION, 3, draco::DT_FLOAT32);
  const int nor = builder.AddAttribute(draco::GeometryAttribute::NORMAL, 3, draco::DT_FLOAT32);
  const int fid = builder.AddAttribute(draco::GeometryAttribute::GENERIC, 1, draco::DT_FLOAT32);
  for (size_t t = 0; t < faces; ++t) {
    const uint32_t a = idx[3 * t], b = idx[3 * t + 1], c = idx[3 * t + 2];
    const draco::FaceIndex face{uint32_t(t)};
    builder.SetAttributeValuesForFace(pos, face, p + 3 * a, p + 3 * b, p + 3 * c);
    builder.SetAttributeValuesForFace(nor, face, n + 3 * a, n + 3 * b, n + 3 * c);
    builder.SetAttributeValuesForFace(fid, face, f + a, f + b, f + c);
  }
  const std::unique_ptr<draco::Mesh> mesh = builder.Finalize();
  if (!mesh) throw AssetError("tileset content", "Draco could not build a tile's mesh");
  draco::Encoder encoder;
  encoder.SetAttributeQuantization(draco::GeometryAttribute::POSITION, 16);
  encoder.SetAttributeQuantization(draco::GeometryAttribute::NORMAL, 10);
  draco::EncoderBuffer out;
  if (const draco::Status status = encoder.EncodeMeshToBuffer(*mesh, &out); !status.ok())
    throw AssetError("tileset content", "Draco could not encode a tile (" + status.error_msg_string() + ")");
  return {std::string(out.data(), out.size()), mesh->attribute(pos)->unique_id(), mesh->attribute(nor)->unique_id(),
          mesh->attribute(fid)->unique_id()};
}

// The GLB: geometry (plain or compressed), then the property table's five
// streams (ids, their offsets, names, their offsets, heights).
std::string assembleGlb(const GeometryStreams& g, std::array<const std::string*, 5> table, size_t buildingCount,
                        const glm::dvec3& centre, Compression compression) {
  std::string bin, views, extensions = "\"EXT_mesh_features\",\"EXT_structural_metadata\"", required, buffers, primitiveExt;
  size_t viewCount = 0;
  auto view = [&](const std::string& data) {
    const size_t offset = bin.size();
    bin += data;
    bin.append((4 - bin.size() % 4) % 4, '\0');
    views += (views.empty() ? "" : ",") + std::string("{\"buffer\":0,\"byteOffset\":") + std::to_string(offset) +
             ",\"byteLength\":" + std::to_string(data.size()) + "}";
    return viewCount++;
  };
  const std::string n = std::to_string(g.vertexCount), count = std::to_string(buildingCount);
  const std::string indexCount = std::to_string(g.indices.size() / 4);
  // Indices in 16 bits where the tile's vertices fit: half their bytes in
  // the file (plain or meshopt; Draco codes its own), as a reader's GPU copy
  // keeps them (ModelMesh::narrowIndices).
  const bool shortIndices = g.vertexCount <= 65536 && compression != Compression::draco;
  std::string narrowed;
  if (shortIndices) {
    narrowed.resize(g.indices.size() / 2);
    for (size_t i = 0; i < g.indices.size() / 4; ++i) {
      uint32_t v;
      std::memcpy(&v, g.indices.data() + 4 * i, 4);
      const uint16_t w = uint16_t(v);
      std::memcpy(narrowed.data() + 2 * i, &w, 2);
    }
  }
  // The four geometry accessors' bufferView members ("" when Draco holds them).
  std::array<std::string, 4> accessorView;
  if (compression == Compression::draco) {
    const DracoMesh d = dracoEncode(g);
    const size_t v = view(d.bytes);
    extensions += ",\"KHR_draco_mesh_compression\"", required = "\"KHR_draco_mesh_compression\"";
    primitiveExt = ",\"KHR_draco_mesh_compression\":{\"bufferView\":" + std::to_string(v) + ",\"attributes\":{\"POSITION\":" +
                   std::to_string(d.position) + ",\"NORMAL\":" + std::to_string(d.normal) + ",\"_FEATURE_ID_0\":" +
                   std::to_string(d.feature) + "}}";
  } else if (compression == Compression::meshopt) {
    MeshoptStream streams[] = {meshoptEncode(bin, g.positions, 12, false), meshoptEncode(bin, g.normals, 12, false),
                               meshoptEncode(bin, g.features, 4, false), meshoptEncode(bin, g.indices, 4, true)};
    if (shortIndices) streams[3].stride = 2;  // the same code, decoded into 16-bit indices
    size_t fallback = 0;
    for (size_t k = 0; k < 4; ++k) {
      const MeshoptStream& m = streams[k];
      const bool attributes = k < 3;
      views += (views.empty() ? "" : ",") + std::string("{\"buffer\":1,\"byteOffset\":") + std::to_string(fallback) +
               ",\"byteLength\":" + std::to_string(m.count * m.stride) +
               (attributes ? ",\"byteStride\":" + std::to_string(m.stride) : "") +
               ",\"extensions\":{\"EXT_meshopt_compression\":{\"buffer\":0,\"byteOffset\":" + std::to_string(m.offset) +
               ",\"byteLength\":" + std::to_string(m.length) + ",\"byteStride\":" + std::to_string(m.stride) + ",\"count\":" +
               std::to_string(m.count) + ",\"mode\":\"" + m.mode + "\"}}}";
      accessorView[k] = "\"bufferView\":" + std::to_string(viewCount++) + ",";
      fallback += m.count * m.stride;
    }
    extensions += ",\"EXT_meshopt_compression\"", required = "\"EXT_meshopt_compression\"";
    buffers = ",{\"byteLength\":" + std::to_string(fallback) + ",\"extensions\":{\"EXT_meshopt_compression\":{\"fallback\":true}}}";
  } else {
    const std::string* streams[] = {&g.positions, &g.normals, &g.features, shortIndices ? &narrowed : &g.indices};
    for (size_t k = 0; k < 4; ++k) accessorView[k] = "\"bufferView\":" + std::to_string(view(*streams[k])) + ",";
  }
  std::array<std::string, 5> tableView;
  for (size_t k = 0; k < 5; ++k) tableView[k] = std::to_string(view(*table[k]));
  char bounds[160];
  std::snprintf(bounds, sizeof bounds, "\"min\":[%.9g,%.9g,%.9g],\"max\":[%.9g,%.9g,%.9g]", g.lo.x, g.lo.y, g.lo.z, g.hi.x, g.hi.y, g.hi.z);
  char translation[120];
  std::snprintf(translation, sizeof translation, "[%.6f,%.6f,%.6f]", centre.x, centre.z, -centre.y);
  std::string json =
      "{\"asset\":{\"version\":\"2.0\",\"generator\":\"citywall-tiles\"},"
      "\"extensionsUsed\":[" + extensions + "]," + (required.empty() ? "" : "\"extensionsRequired\":[" + required + "],") +
      "\"extensions\":{\"EXT_structural_metadata\":{\"schema\":{\"id\":\"citywall\",\"classes\":{\"building\":{\"properties\":{"
      "\"id\":{\"type\":\"STRING\"},\"name\":{\"type\":\"STRING\"},\"height\":{\"type\":\"SCALAR\",\"componentType\":\"FLOAT32\"}}}}},"
      "\"propertyTables\":[{\"class\":\"building\",\"count\":" + count + ",\"properties\":{"
      "\"id\":{\"values\":" + tableView[0] + ",\"stringOffsets\":" + tableView[1] + "},\"name\":{\"values\":" + tableView[2] +
      ",\"stringOffsets\":" + tableView[3] + "},\"height\":{\"values\":" + tableView[4] + "}}}]}},"
      "\"buffers\":[{\"byteLength\":" + std::to_string(bin.size()) + "}" + buffers + "],\"bufferViews\":[" + views + "],"
      "\"accessors\":[{" + accessorView[0] + "\"componentType\":5126,\"count\":" + n + ",\"type\":\"VEC3\"," + bounds + "},"
      "{" + accessorView[1] + "\"componentType\":5126,\"count\":" + n + ",\"type\":\"VEC3\"},"
      "{" + accessorView[2] + "\"componentType\":5126,\"count\":" + n + ",\"type\":\"SCALAR\"},"
      "{" + accessorView[3] + "\"componentType\":" + (shortIndices ? "5123" : "5125") + ",\"count\":" + indexCount +
      ",\"type\":\"SCALAR\"}],"
      "\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.72,0.78,0.86,1],\"metallicFactor\":0}}],"
      "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"NORMAL\":1,\"_FEATURE_ID_0\":2},\"indices\":3,\"material\":0,"
      "\"extensions\":{\"EXT_mesh_features\":{\"featureIds\":[{\"featureCount\":" + count + ",\"attribute\":0,\"propertyTable\":0}]}" +
      primitiveExt + "}}]}],"
      "\"nodes\":[{\"mesh\":0,\"translation\":" + translation + "}],\"scenes\":[{\"nodes\":[0]}],\"scene\":0}";
  json.append((4 - json.size() % 4) % 4, ' ');
  std::string glb;
  append(glb, uint32_t(0x46546C67));  // "glTF"
  append(glb, uint32_t(2));
  append(glb, uint32_t(12 + 8 + json.size() + 8 + bin.size()));
  append(glb, uint32_t(json.size()));
  append(glb, uint32_t(0x4E4F534A));  // "JSON"
  glb += json;
  append(glb, uint32_t(bin.size()));
  append(glb, uint32_t(0x004E4942));  // "BIN\0"
  glb += bin;
  return glb;
}

// One tile's buildings as a GLB: positions relative to the tile's centre
// (the node's translation), glTF's y up.
std::string makeGlb(const scene::CityModel& city, const std::vector<uint32_t>& buildings,
                    const std::vector<std::vector<Triangle>>& trianglesOf, const glm::dvec3& centre, Compression compression) {
  std::string positions, normals, features, indices;
  std::string idBytes, nameBytes, heights;
  std::string idOffsets, nameOffsets;
  uint32_t vertexCount = 0;
  glm::vec3 lo(std::numeric_limits<float>::max()), hi(-std::numeric_limits<float>::max());
  for (uint32_t local = 0; local < buildings.size(); ++local) {
    const uint32_t b = buildings[local];
    // City vertex and face normal → this tile's vertex. A city's corner is
    // stored once for all the faces that meet there (assets/corner_weld.h),
    // its face's normal on the corner the triangle starts at; a glTF
    // vertex carries the normal of each face it lights.
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> remap;
    for (const Triangle& t : trianglesOf[b]) {
      const scene::BuildingChunk& chunk = city.chunks[t.chunk];
      const int8_t* normal = city.vertices[uint32_t(chunk.vertexOffset) + city.indices[t.firstIndex]].normal;
      uint32_t normalKey = 0;
      std::memcpy(&normalKey, normal, 3);
      for (int k = 0; k < 3; ++k) {
        const uint32_t cv = uint32_t(chunk.vertexOffset) + city.indices[t.firstIndex + uint32_t(k)];
        auto [it, added] = remap.try_emplace({cv, normalKey}, vertexCount);
        if (added) {
          const scene::BuildingVertex& v = city.vertices[cv];
          const glm::dvec3 enu = chunk.origin + glm::dvec3(v.position[0], v.position[1], v.position[2]) - centre;
          const glm::vec3 p(float(enu.x), float(enu.z), float(-enu.y));  // ENU → glTF y up
          lo = glm::min(lo, p), hi = glm::max(hi, p);
          append(positions, p);
          append(normals, glm::vec3(normal[0] / 127.f, normal[2] / 127.f, -normal[1] / 127.f));
          append(features, float(local));
          ++vertexCount;
        }
        append(indices, it->second);
      }
    }
    append(idOffsets, uint32_t(idBytes.size()));
    append(nameOffsets, uint32_t(nameBytes.size()));
    idBytes += std::to_string(city.buildings[b].id);
    nameBytes += city.buildings[b].name;
    append(heights, city.buildings[b].height);
  }
  append(idOffsets, uint32_t(idBytes.size()));
  append(nameOffsets, uint32_t(nameBytes.size()));

  return assembleGlb({positions, normals, features, indices, vertexCount, lo, hi},
                     {&idBytes, &idOffsets, &nameBytes, &nameOffsets, &heights}, buildings.size(), centre, compression);
}


}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The subtree and tileset.json
//-----------------------------------------------------------------------------

TilesetWriteReport writeTileset(const scene::CityModel& city, const std::string& dirName, const TilesetWriteOptions& options) {
  namespace fs = std::filesystem;
  const fs::path dir(dirName);
  std::error_code ec;
  fs::create_directories(dir / "content", ec);
  fs::create_directories(dir / "subtrees", ec);
  if (ec) throw AssetError(dirName, "cannot be created (" + ec.message() + ")");
  TilesetWriteReport report;
  const size_t n = city.buildings.size();
  if (!n) throw AssetError(dirName, "the city has no buildings to write");

  // Each building's triangles and footprint.
  std::vector<std::vector<Triangle>> trianglesOf(n);
  std::vector<glm::dvec2> lo(n, glm::dvec2(std::numeric_limits<double>::max())), hi(n, glm::dvec2(-std::numeric_limits<double>::max()));
  for (uint32_t c = 0; c < city.chunks.size(); ++c) {
    const auto& chunk = city.chunks[c];
    for (uint32_t i = chunk.firstIndex; i + 2 < chunk.firstIndex + chunk.indexCount; i += 3) {
      const scene::BuildingVertex& v = city.vertices[size_t(chunk.vertexOffset) + city.indices[i]];
      trianglesOf[v.building].push_back({v.building, c, i});
      for (int k = 0; k < 3; ++k) {
        const auto& w = city.vertices[size_t(chunk.vertexOffset) + city.indices[i + uint32_t(k)]];
        const glm::dvec2 p = glm::dvec2(chunk.origin) + glm::dvec2(w.position[0], w.position[1]);
        lo[v.building] = glm::min(lo[v.building], p), hi[v.building] = glm::max(hi[v.building], p);
      }
    }
  }
  // The quadtree's square, and its depth from the number of buildings.
  const glm::dvec2 centre2 = (glm::dvec2(city.boundsMin) + glm::dvec2(city.boundsMax)) * 0.5;
  const double half = std::max(city.boundsMax.x - city.boundsMin.x, city.boundsMax.y - city.boundsMin.y) * 0.5 + 1.0;
  uint32_t depth = 1;
  while (depth < options.maxLevels && std::pow(4.0, depth) * options.buildingsPerTile < double(n)) ++depth;
  report.levels = depth + 1;
  // A building's size decides its level: the largest at the root, each
  // level down half the size, the rest in the deepest tiles.
  std::vector<double> size(n, 0);
  double largest = 1;
  for (size_t b = 0; b < n; ++b) {
    if (trianglesOf[b].empty()) continue;
    size[b] = std::max({double(city.buildings[b].height), hi[b].x - lo[b].x, hi[b].y - lo[b].y});
    largest = std::max(largest, size[b]);
  }
  std::map<TileKey, std::vector<uint32_t>> tiles;
  for (uint32_t b = 0; b < n; ++b) {
    if (trianglesOf[b].empty()) continue;
    const uint32_t level = std::min<uint32_t>(depth, uint32_t(std::max(0.0, std::floor(std::log2(largest / size[b])))));
    const double parts = std::ldexp(1.0, int(level));
    const glm::dvec2 c = (lo[b] + hi[b]) * 0.5;
    const auto cell = [&](double v, double mid) {
      return uint32_t(std::clamp(std::floor((v - (mid - half)) / (2 * half) * parts), 0.0, parts - 1));
    };
    tiles[{level, cell(c.x, centre2.x), cell(c.y, centre2.y)}].push_back(b);
    ++report.buildings;
  }
  // Content, and availability: a tile exists when it or a tile below it has content.
  std::vector<std::vector<uint8_t>> available(depth + 1), content(depth + 1);
  for (uint32_t l = 0; l <= depth; ++l) available[l].assign(size_t(1) << (2 * l), 0), content[l] = available[l];
  const double zLo = city.boundsMin.z, zHi = std::max(city.boundsMax.z, zLo + 1);
  for (const auto& [key, buildings] : tiles) {
    const double side = 2 * half / std::ldexp(1.0, int(key.level));
    const glm::dvec3 centre(centre2.x - half + (key.x + 0.5) * side, centre2.y - half + (key.y + 0.5) * side, zLo);
    const std::string glb = makeGlb(city, buildings, trianglesOf, centre, options.compression);
    fs::create_directories(dir / "content" / std::to_string(key.level), ec);
    writeFile(dir / "content" / std::to_string(key.level) / (std::to_string(key.x) + "_" + std::to_string(key.y) + ".glb"), glb);
    report.bytes += glb.size();
    ++report.contents;
    content[key.level][mortonIndex(key.x, key.y, 0, false)] = 1;
    for (uint32_t l = key.level, x = key.x, y = key.y;; --l, x /= 2, y /= 2) {
      available[l][mortonIndex(x, y, 0, false)] = 1;
      if (l == 0) break;
    }
  }
  // One subtree holds every level: tile bits, then content bits, LSB first.
  auto bitstream = [&](const std::vector<std::vector<uint8_t>>& levels) {
    std::string bits;
    size_t count = 0, index = 0;
    for (const auto& level : levels)
      for (uint8_t b : level) {
        if (index / 8 >= bits.size()) bits.push_back('\0');
        if (b) bits[index / 8] = char(bits[index / 8] | (1 << (index % 8))), ++count;
        ++index;
      }
    bits.append((8 - bits.size() % 8) % 8, '\0');
    return std::make_pair(bits, count);
  };
  const auto [tileBits, tileCount] = bitstream(available);
  const auto [contentBits, contentCount] = bitstream(content);
  report.tiles = tileCount;
  const std::string body = tileBits + contentBits;
  std::string sub = "{\"buffers\":[{\"byteLength\":" + std::to_string(body.size()) + "}],\"bufferViews\":["
                    "{\"buffer\":0,\"byteOffset\":0,\"byteLength\":" + std::to_string(tileBits.size()) + "},"
                    "{\"buffer\":0,\"byteOffset\":" + std::to_string(tileBits.size()) + ",\"byteLength\":" + std::to_string(contentBits.size()) + "}],"
                    "\"tileAvailability\":{\"bitstream\":0,\"availableCount\":" + std::to_string(tileCount) + "},"
                    "\"contentAvailability\":[{\"bitstream\":1,\"availableCount\":" + std::to_string(contentCount) + "}],"
                    "\"childSubtreeAvailability\":{\"constant\":0}}";
  sub.append((8 - sub.size() % 8) % 8, ' ');
  std::string subtree = "subt";
  append(subtree, uint32_t(1));
  append(subtree, uint64_t(sub.size()));
  append(subtree, uint64_t(body.size()));
  writeFile(dir / "subtrees" / "0.0.0.subtree", subtree + sub + body);

  // tileset.json: the tree stands in ECEF through the frame's east-north-up matrix.
  const glm::dmat4 toEcef = geo::enuToEcef(city.frame.origin());
  std::string transform;
  for (int i = 0; i < 16; ++i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%.17g", i ? "," : "", toEcef[i / 4][i % 4]);
    transform += buf;
  }
  // A tile's error is what leaving out the levels below it costs: their
  // largest building (half the size of this level's smallest). Readers refine
  // at 16 pixels of error (citywall and Cesium both), and a city with its
  // 15-pixel buildings missing no longer reads as a city, so the error is
  // written 16 × larger: a building is left out only below about a pixel.
  constexpr double kPixelsPerError = 16;
  report.rootError = largest / 2 * kPixelsPerError;
  std::string credit;
  for (const auto& a : city.attributions) credit += (credit.empty() ? "" : "; ") + a;
  char box[400];
  std::snprintf(box, sizeof box, "[%.6f,%.6f,%.6f,%.6f,0,0,0,%.6f,0,0,0,%.6f]", centre2.x, centre2.y, (zLo + zHi) / 2, half, half,
                (zHi - zLo) / 2);
  const std::string json =
      "{\n  \"asset\": {\"version\": \"1.1\", \"generator\": \"citywall-tiles\"" +
      (credit.empty() ? std::string() : ", \"extras\": {\"copyright\": " + geo::jsonString(credit) + "}") + "},\n"
      "  \"geometricError\": " + std::to_string(largest * kPixelsPerError) + ",\n"
      "  \"root\": {\n    \"transform\": [" + transform + "],\n"
      "    \"boundingVolume\": {\"box\": " + box + "},\n"
      "    \"geometricError\": " + std::to_string(report.rootError) + ",\n    \"refine\": \"ADD\",\n"
      "    \"content\": {\"uri\": \"content/{level}/{x}_{y}.glb\"},\n"
      "    \"implicitTiling\": {\"subdivisionScheme\": \"QUADTREE\", \"subtreeLevels\": " + std::to_string(depth + 1) +
      ", \"availableLevels\": " + std::to_string(depth + 1) + ", \"subtrees\": {\"uri\": \"subtrees/{level}.{x}.{y}.subtree\"}}\n  }\n}\n";
  writeFile(dir / "tileset.json", json);
  return report;
}

}  // namespace citywall::assets::tiles3d
