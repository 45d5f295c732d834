#include "assets/gltf_compression.h"

#include <draco/compression/decode.h>
#include <meshoptimizer.h>
#include <simdjson.h>
#include <tiny_gltf.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

#include "assets/asset_error.h"

namespace citywall::assets {
namespace {

constexpr const char* kDraco = "KHR_draco_mesh_compression";
constexpr const char* kMeshopt = "EXT_meshopt_compression";

// The most vertices or indices one decoded primitive may hold: far beyond a
// real tile's, and what keeps a damaged file from asking for gigabytes.
constexpr size_t kMaxDecodedElements = size_t(1) << 26;
// The most one decoded meshopt view may hold (a tile's are a few MB).
constexpr size_t kMaxMeshoptViewBytes = size_t(1) << 28;
// What a Draco header may claim (checkDracoSize): a few hundred MB decoded at most.
constexpr uint64_t kMaxDracoPoints = uint64_t(1) << 23, kMaxDracoCorners = uint64_t(1) << 24;

// Draco's bitstream, as far as the counts (the Draco bitstream
// specification; libdraco's mesh and point cloud decoders): "DRACO", the
// version, the geometry (0 points, 1 triangles), the method, 16 flag bits.
struct DracoReader {
  std::string_view data;
  size_t at = 0;
  bool byte(uint8_t& v) { return at < data.size() ? (v = uint8_t(data[at++]), true) : false; }
  bool u32(uint32_t& v) {
    if (at > data.size() || data.size() - at < 4) return false;
    std::memcpy(&v, data.data() + at, 4);
    at += 4;
    return true;
  }
  bool varint(uint32_t& v) {  // LEB128, at most five bytes for 32 bits
    v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      uint8_t b = 0;
      if (!byte(b)) return false;
      v |= uint32_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
};

template <typename T>
void appendValues(const draco::PointAttribute& attribute, const draco::PointCloud& geometry, int comps,
                  std::vector<unsigned char>& out) {
  std::array<T, 16> value{};
  const size_t start = out.size();
  out.resize(start + size_t(geometry.num_points()) * size_t(comps) * sizeof(T));
  unsigned char* p = out.data() + start;
  for (draco::PointIndex i(0); i < geometry.num_points(); ++i) {
    value.fill(T(0));
    attribute.ConvertValue<T>(attribute.mapped_index(i), int8_t(comps), value.data());
    std::memcpy(p, value.data(), size_t(comps) * sizeof(T));
    p += size_t(comps) * sizeof(T);
  }
}

// Appends `bytes` to `model` as a buffer view over a buffer of its own
// (decoded data never shares a buffer with the file's own).
int addBufferView(tinygltf::Model& model, std::vector<unsigned char> bytes) {
  tinygltf::Buffer buffer;
  buffer.data = std::move(bytes);
  tinygltf::BufferView view;
  view.buffer = int(model.buffers.size());
  view.byteOffset = 0;
  view.byteLength = buffer.data.size();
  model.buffers.push_back(std::move(buffer));
  model.bufferViews.push_back(std::move(view));
  return int(model.bufferViews.size() - 1);
}

void decodeDracoPrimitive(tinygltf::Model& model, tinygltf::Primitive& prim, const tinygltf::Value& ext,
                          const std::string& path, const std::string& where) {
  auto fail = [&](const std::string& problem) { return AssetError(path, where + ": " + problem); };
  const tinygltf::Value& viewIndex = ext.Get("bufferView");
  const tinygltf::Value& attributes = ext.Get("attributes");
  if (!viewIndex.IsNumber() || !attributes.IsObject()) throw fail("its Draco extension has no bufferView or attributes");
  const double v = viewIndex.GetNumberAsDouble();
  if (!(v >= 0 && v < double(model.bufferViews.size()))) throw fail("its Draco bufferView points past the buffer views");
  const tinygltf::BufferView& view = model.bufferViews[size_t(v)];
  if (view.buffer < 0 || size_t(view.buffer) >= model.buffers.size()) throw fail("its Draco bufferView names no buffer");
  const auto& data = model.buffers[size_t(view.buffer)].data;
  if (view.byteOffset > data.size() || view.byteLength > data.size() - view.byteOffset)
    throw fail("its Draco data reaches past the end of its buffer");

  checkDracoSize(std::string_view(reinterpret_cast<const char*>(data.data() + view.byteOffset), view.byteLength), path, where);
  draco::DecoderBuffer input;
  input.Init(reinterpret_cast<const char*>(data.data() + view.byteOffset), view.byteLength);
  draco::Decoder decoder;
  auto decoded = decoder.DecodeMeshFromBuffer(&input);
  if (!decoded.ok()) throw fail("its Draco data cannot be decoded (" + decoded.status().error_msg_string() + ")");
  const std::unique_ptr<draco::Mesh> mesh = std::move(decoded).value();
  if (!mesh) throw fail("its Draco data holds no mesh");
  if (size_t(mesh->num_points()) > kMaxDecodedElements || size_t(mesh->num_faces()) * 3 > kMaxDecodedElements)
    throw fail("its Draco mesh is too large (" + std::to_string(mesh->num_points()) + " vertices)");

  // Each attribute the extension names: its accessor now reads the decoded
  // values, in the accessor's own component type (a normalised colour
  // stays normalised: the loader's reader applies it as for any accessor).
  for (const std::string& name : attributes.Keys()) {
    const tinygltf::Value& id = attributes.Get(name);
    auto accessorIt = prim.attributes.find(name);
    if (accessorIt == prim.attributes.end()) continue;  // compressed but not used by the primitive
    if (!id.IsNumber() || id.GetNumberAsDouble() < 0 || id.GetNumberAsDouble() > 4294967295.0)
      throw fail("its Draco attribute " + name + " has no valid id");
    const draco::PointAttribute* attribute = mesh->GetAttributeByUniqueId(uint32_t(id.GetNumberAsDouble()));
    if (!attribute) throw fail("its Draco data has no attribute " + std::to_string(int64_t(id.GetNumberAsDouble())) + " (" + name + ")");
    if (accessorIt->second < 0 || size_t(accessorIt->second) >= model.accessors.size())
      throw fail("its attribute " + name + " points past the accessors");
    tinygltf::Accessor& accessor = model.accessors[size_t(accessorIt->second)];
    const int comps = tinygltf::GetNumComponentsInType(uint32_t(accessor.type));
    if (comps <= 0 || comps > 16) throw fail("its attribute " + name + " has an unknown type");
    std::vector<unsigned char> bytes;
    switch (accessor.componentType) {
      case TINYGLTF_COMPONENT_TYPE_FLOAT: appendValues<float>(*attribute, *mesh, comps, bytes); break;
      case TINYGLTF_COMPONENT_TYPE_BYTE: appendValues<int8_t>(*attribute, *mesh, comps, bytes); break;
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: appendValues<uint8_t>(*attribute, *mesh, comps, bytes); break;
      case TINYGLTF_COMPONENT_TYPE_SHORT: appendValues<int16_t>(*attribute, *mesh, comps, bytes); break;
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: appendValues<uint16_t>(*attribute, *mesh, comps, bytes); break;
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: appendValues<uint32_t>(*attribute, *mesh, comps, bytes); break;
      default: throw fail("its attribute " + name + " has an unsupported component type");
    }
    accessor.bufferView = addBufferView(model, std::move(bytes));
    accessor.byteOffset = 0;
    accessor.count = size_t(mesh->num_points());
    accessor.sparse = {};
  }

  // The triangles, as 32-bit indices into the decoded vertices.
  std::vector<unsigned char> indices(size_t(mesh->num_faces()) * 3 * sizeof(uint32_t));
  unsigned char* p = indices.data();
  for (draco::FaceIndex f(0); f < mesh->num_faces(); ++f)
    for (draco::PointIndex corner : mesh->face(f)) {
      const uint32_t i = corner.value();
      std::memcpy(p, &i, sizeof i);
      p += sizeof i;
    }
  tinygltf::Accessor indexAccessor;
  if (prim.indices >= 0 && size_t(prim.indices) < model.accessors.size()) indexAccessor = model.accessors[size_t(prim.indices)];
  indexAccessor.bufferView = addBufferView(model, std::move(indices));
  indexAccessor.byteOffset = 0;
  indexAccessor.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
  indexAccessor.type = TINYGLTF_TYPE_SCALAR;
  indexAccessor.normalized = false;
  indexAccessor.count = size_t(mesh->num_faces()) * 3;
  indexAccessor.sparse = {};
  // A new accessor, not the file's: two primitives may share the file's
  // index accessor and only this one's triangles are decoded here.
  model.accessors.push_back(std::move(indexAccessor));
  prim.indices = int(model.accessors.size() - 1);
  prim.extensions.erase(kDraco);
}

// EXT_meshopt_compression: a buffer view whose bytes are the decoded
// `count` × `byteStride` from the compressed range the extension names.
void decodeMeshoptView(tinygltf::Model& model, size_t index, const std::string& path) {
  tinygltf::BufferView& view = model.bufferViews[index];
  const tinygltf::Value& ext = view.extensions.at(kMeshopt);
  auto fail = [&](const std::string& problem) { return AssetError(path, "buffer view " + std::to_string(index) + ": " + problem); };
  auto number = [&](const char* key, double fallback) {
    const tinygltf::Value& v = ext.Get(key);
    return v.IsNumber() ? v.GetNumberAsDouble() : fallback;
  };
  const double buffer = number("buffer", -1), offset = number("byteOffset", 0), length = number("byteLength", -1),
               stride = number("byteStride", -1), count = number("count", -1);
  if (!(buffer >= 0 && buffer < double(model.buffers.size()))) throw fail("its meshopt data names no buffer");
  const auto& data = model.buffers[size_t(buffer)].data;
  if (!(offset >= 0 && length >= 0 && offset + length <= double(data.size()))) throw fail("its meshopt data reaches past the end of its buffer");
  if (!(stride >= 1 && stride <= 256 && count >= 0 && count * stride <= double(kMaxMeshoptViewBytes)))
    throw fail("its meshopt byteStride or count is out of range");
  const std::string mode = ext.Get("mode").IsString() ? ext.Get("mode").Get<std::string>() : "";
  const std::string filter = ext.Get("filter").IsString() ? ext.Get("filter").Get<std::string>() : "NONE";
  const size_t n = size_t(count), size = size_t(stride);
  std::vector<unsigned char> out(n * size);
  const unsigned char* src = data.data() + size_t(offset);
  int rc = -1;
  if (mode == "ATTRIBUTES") {
    if (size % 4) throw fail("its meshopt attributes' byteStride is not a multiple of 4");
    rc = meshopt_decodeVertexBuffer(out.data(), n, size, src, size_t(length));
    if (rc == 0 && filter == "OCTAHEDRAL") {
      if (size != 4 && size != 8) throw fail("its meshopt OCTAHEDRAL filter needs a byteStride of 4 or 8");
      meshopt_decodeFilterOct(out.data(), n, size);
    } else if (rc == 0 && filter == "QUATERNION") {
      if (size != 8) throw fail("its meshopt QUATERNION filter needs a byteStride of 8");
      meshopt_decodeFilterQuat(out.data(), n, size);
    } else if (rc == 0 && filter == "EXPONENTIAL") {
      meshopt_decodeFilterExp(out.data(), n, size);
    } else if (rc == 0 && filter != "NONE") {
      throw fail("its meshopt filter " + filter + " is not one citywall knows");
    }
  } else if (mode == "TRIANGLES" || mode == "INDICES") {
    if (size != 2 && size != 4) throw fail("its meshopt indices' byteStride is not 2 or 4");
    if (mode == "TRIANGLES" && n % 3) throw fail("its meshopt triangles' count is not a multiple of 3");
    rc = mode == "TRIANGLES" ? meshopt_decodeIndexBuffer(out.data(), n, size, src, size_t(length))
                             : meshopt_decodeIndexSequence(out.data(), n, size, src, size_t(length));
  } else {
    throw fail("its meshopt mode \"" + mode + "\" is not ATTRIBUTES, TRIANGLES or INDICES");
  }
  if (rc != 0) throw fail("its meshopt data cannot be decoded (error " + std::to_string(rc) + ")");
  tinygltf::Buffer decoded;
  decoded.data = std::move(out);
  view.buffer = int(model.buffers.size());
  view.byteOffset = 0;
  view.byteLength = decoded.data.size();
  if (mode == "ATTRIBUTES") view.byteStride = size;
  model.buffers.push_back(std::move(decoded));
  view.extensions.erase(kMeshopt);
}

// A JSON string for `text` (the keys simdjson hands back unescaped).
void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (uint8_t(c) < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00", out += hex[uint8_t(c) >> 4], out += hex[uint8_t(c) & 15];
    } else out += c;
  }
  out += '"';
}

bool isDracoPrimitive(simdjson::dom::element primitive) {
  simdjson::dom::element draco;
  return primitive["extensions"][kDraco].get(draco) == simdjson::SUCCESS;
}

// `object` again, minified, with each member passed through `member` (which
// appends the value, or returns false to leave the member out).
template <typename Member>
void appendObject(std::string& out, simdjson::dom::object object, Member&& member) {
  out += '{';
  bool first = true;
  for (auto field : object) {
    std::string value;
    if (!member(field.key, field.value, value)) continue;
    if (!first) out += ',';
    first = false;
    appendJsonString(out, field.key);
    out += ':';
    out += value;
  }
  out += '}';
}

// The glTF JSON with its Draco primitives' `indices` left out and its
// meshopt fallback buffers a byte each.
std::string rewriteJson(simdjson::dom::object root) {
  std::string out;
  appendObject(out, root, [](std::string_view key, simdjson::dom::element value, std::string& to) {
    simdjson::dom::array meshes, buffers;
    if (key == "buffers" && !value.get(buffers)) {
      // meshopt's fallback buffers hold nothing citywall reads (the views
      // over them are decoded from the compressed ones): a byte each.
      to += '[';
      for (size_t b = 0; simdjson::dom::element buffer : buffers) {
        bool fallback = false;
        if (b++) to += ',';
        if (!buffer["extensions"][kMeshopt]["fallback"].get(fallback) && fallback)
          to += R"({"byteLength":1,"uri":"data:application/octet-stream;base64,AA=="})";
        else
          to += simdjson::minify(buffer);
      }
      to += ']';
      return true;
    }
    if (key != "meshes" || value.get(meshes)) return to = simdjson::minify(value), true;
    to += '[';
    for (size_t m = 0; simdjson::dom::element mesh : meshes) {
      if (m++) to += ',';
      simdjson::dom::object meshObject;
      if (mesh.get(meshObject)) { to += simdjson::minify(mesh); continue; }
      appendObject(to, meshObject, [](std::string_view k, simdjson::dom::element v, std::string& t) {
        simdjson::dom::array primitives;
        if (k != "primitives" || v.get(primitives)) return t = simdjson::minify(v), true;
        t += '[';
        for (size_t p = 0; simdjson::dom::element primitive : primitives) {
          if (p++) t += ',';
          simdjson::dom::object primitiveObject;
          if (!isDracoPrimitive(primitive) || primitive.get(primitiveObject)) { t += simdjson::minify(primitive); continue; }
          appendObject(t, primitiveObject, [](std::string_view pk, simdjson::dom::element pv, std::string& pt) {
            if (pk == "indices") return false;
            pt = simdjson::minify(pv);
            return true;
          });
        }
        t += ']';
        return true;
      });
    }
    to += ']';
    return true;
  });
  return out;
}

uint32_t readU32(const std::string& b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

}  // namespace

std::optional<std::string> readyForTinygltf(const std::string& bytes) {
  // GLB: a 12-byte header, then the JSON chunk (length, "JSON", text), then the rest.
  const bool glb = bytes.size() >= 20 && bytes.compare(0, 4, "glTF") == 0;
  size_t jsonStart = 0, jsonLength = bytes.size();
  if (glb) {
    jsonLength = readU32(bytes, 12), jsonStart = 20;
    if (bytes.compare(16, 4, "JSON") != 0 || jsonLength > bytes.size() - jsonStart) return std::nullopt;
  }
  const std::string_view json(bytes.data() + jsonStart, jsonLength);
  if (json.find(kDraco) == std::string_view::npos && json.find(kMeshopt) == std::string_view::npos) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(json.data(), json.size()).get(root)) return std::nullopt;  // tinygltf says what is wrong
  std::string rewritten = rewriteJson(root);
  if (!glb) return rewritten;
  rewritten.resize((rewritten.size() + 3) / 4 * 4, ' ');  // chunks are 4-byte aligned, JSON padded with spaces
  const std::string rest = bytes.substr(jsonStart + jsonLength);
  std::string out = bytes.substr(0, 12);
  const uint32_t chunk = uint32_t(rewritten.size()), total = uint32_t(12 + 8 + rewritten.size() + rest.size());
  std::memcpy(out.data() + 8, &total, 4);
  out.append(reinterpret_cast<const char*>(&chunk), 4).append("JSON").append(rewritten).append(rest);
  return out;
}

void checkDracoSize(std::string_view data, const std::string& path, const std::string& what) {
  auto fail = [&](const std::string& problem) { return AssetError(path, what + ": " + problem); };
  DracoReader r{data};
  uint8_t major = 0, minor = 0, geometry = 0, method = 0, flagsLow = 0, flagsHigh = 0;
  if (data.size() < 11 || data.substr(0, 5) != "DRACO") throw fail("its Draco data does not start with a Draco header");
  r.at = 5;
  r.byte(major), r.byte(minor), r.byte(geometry), r.byte(method), r.byte(flagsLow), r.byte(flagsHigh);
  const int version = major * 10 + minor;
  if (major != 2) throw fail("its Draco bitstream is version " + std::to_string(major) + "." + std::to_string(minor) + ", not 2.x");
  if (flagsHigh & 0x80) throw fail("its Draco data carries Draco metadata, which citywall does not read");
  uint32_t points = 0, faces = 0;
  bool read = false;
  if (geometry == 0) {  // a point cloud, sequential or kd-tree: the count as 32 bits
    read = r.u32(points);
  } else if (geometry == 1 && method == 0) {  // sequential triangles
    read = version >= 22 ? r.varint(faces) && r.varint(points) : r.u32(faces) && r.u32(points);
  } else if (geometry == 1 && method == 1) {  // edgebreaker: the traversal, then the vertices and faces
    uint8_t traversal = 0;
    uint32_t newVertices = 0;
    read = r.byte(traversal) && (version >= 22 || r.varint(newVertices)) && r.varint(points) && r.varint(faces);
    points = std::max(points, newVertices);
  } else {
    throw fail("its Draco data is of a kind citywall does not read (geometry " + std::to_string(geometry) + ", method " +
               std::to_string(method) + ")");
  }
  if (!read) throw fail("its Draco header is cut short");
  if (points > kMaxDracoPoints || uint64_t(faces) * 3 > kMaxDracoCorners)
    throw fail("its Draco data claims " + std::to_string(points) + " points and " + std::to_string(faces) +
               " triangles, more than a tile's primitive may hold");
}

bool isReadableGltfExtension(const std::string& name) {
  static const char* const kReadable[] = {kDraco, kMeshopt, "KHR_mesh_quantization", "EXT_mesh_features", "EXT_structural_metadata",
                                          "EXT_texture_webp", "CESIUM_RTC",
                                          "EXT_mesh_gpu_instancing", "EXT_instance_features", "KHR_materials_unlit",
                                          "KHR_texture_transform", "KHR_materials_pbrSpecularGlossiness"};
  for (const char* r : kReadable)
    if (name == r) return true;
  return false;
}

void expandCompressedGeometry(tinygltf::Model& model, const std::string& path, std::vector<std::string>& warnings) {
  for (const std::string& name : model.extensionsRequired)
    if (!isReadableGltfExtension(name))
      warnings.push_back("requires the glTF extension " + name + ", which citywall does not read: drawn without it");
  for (size_t v = 0; v < model.bufferViews.size(); ++v)
    if (model.bufferViews[v].extensions.count(kMeshopt)) decodeMeshoptView(model, v, path);
  for (size_t m = 0; m < model.meshes.size(); ++m)
    for (size_t p = 0; p < model.meshes[m].primitives.size(); ++p) {
      tinygltf::Primitive& prim = model.meshes[m].primitives[p];
      const auto ext = prim.extensions.find(kDraco);
      if (ext == prim.extensions.end()) continue;
      const std::string where = "mesh " + std::to_string(m) +
                                (model.meshes[m].name.empty() ? "" : " \"" + model.meshes[m].name + "\"") + ", primitive " +
                                std::to_string(p);
      const tinygltf::Value extension = ext->second;  // a copy: decoding erases it from the primitive
      decodeDracoPrimitive(model, prim, extension, path, where);
    }
}

}  // namespace citywall::assets
