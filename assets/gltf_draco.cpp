#include "assets/gltf_draco.h"

#include <draco/compression/decode.h>
#include <tiny_gltf.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

#include "assets/asset_error.h"
#include "assets/gltf_value.h"

namespace citywall::assets {
namespace {

constexpr const char* kDraco = "KHR_draco_mesh_compression";

// The most vertices or indices one decoded primitive may hold: far beyond a
// real tile's, and what keeps a damaged file from asking for gigabytes.
constexpr size_t kMaxDecodedElements = size_t(1) << 26;
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
  const tinygltf::Value& viewIndex = member(ext, "bufferView");
  const tinygltf::Value& attributes = member(ext, "attributes");
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
    const tinygltf::Value& id = member(attributes, name);
    auto accessorIt = prim.attributes.find(name);
    if (accessorIt == prim.attributes.end()) continue;  // compressed but not used by the primitive
    if (!id.IsNumber() || id.GetNumberAsDouble() < 0 || id.GetNumberAsDouble() > 4294967295.0)
      throw fail("its Draco attribute " + name + " has no valid id");
    const draco::PointAttribute* attribute = mesh->GetAttributeByUniqueId(uint32_t(id.GetNumberAsDouble()));
    if (!attribute) throw fail("its Draco data has no attribute " + std::to_string(int64_t(id.GetNumberAsDouble())) + " (" + name + ")");
    checkDracoValues(*attribute, name, path, where);
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
}  // namespace

void checkDracoValues(const draco::PointAttribute& attribute, const std::string& name, const std::string& path, const std::string& what) {
  switch (attribute.data_type()) {
    case draco::DT_INT8: case draco::DT_UINT8: case draco::DT_INT16: case draco::DT_UINT16:
    case draco::DT_INT32: case draco::DT_UINT32: case draco::DT_INT64: case draco::DT_UINT64:
    case draco::DT_FLOAT32: case draco::DT_FLOAT64:
      return;
    default:
      throw AssetError(path, what + ": its Draco attribute " + name + " does not hold numbers (Draco data type " +
                                 std::to_string(int(attribute.data_type())) + ")");
  }
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

void decodeDracoPrimitives(tinygltf::Model& model, const std::string& path) {
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
