// model_loader.cpp — glTF via tinygltf, everything else via Assimp.
//
// [SECTION] Shared helpers
// [SECTION] glTF (tinygltf)
// [SECTION] Other formats (Assimp)
// [SECTION] Placement

#include "assets/model_loader.h"

#include <tiny_gltf.h>
#include <webp/decode.h>

#include <algorithm>
#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <climits>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <filesystem>
#include <fstream>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <numbers>

#include "assets/asset_error.h"
#include "assets/gltf_value.h"
#include "assets/byte_range.h"
#include "assets/gltf_compression.h"

namespace citywall::assets {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Shared helpers
//-----------------------------------------------------------------------------

// An index or a count that may come as a real (1.0 — or 1e95 in a damaged
// file, which tinygltf's GetNumberAsInt would convert with undefined
// behaviour): the int, else `otherwise`.
int gltfInt(const tinygltf::Value& v, int otherwise = -1) {
  if (v.IsInt()) return v.GetNumberAsInt();
  if (v.IsReal()) {
    const double d = v.GetNumberAsDouble();
    if (d >= double(INT_MIN) && d <= double(INT_MAX) && d == std::floor(d)) return int(d);
  }
  return otherwise;
}

// A colour channel; NaN (a damaged file) reads as 0.
uint8_t toByte(float linearOrSrgb) {
  return linearOrSrgb > 0.f ? uint8_t(std::min(linearOrSrgb, 1.f) * 255.f + 0.5f) : uint8_t(0);
}

// A vertex's feature id as the file gives it (a float attribute); one that
// is no whole number a uint32 can hold (negative, NaN, huge: a damaged
// file) is no feature rather than undefined behaviour.
uint32_t featureId(float id) {
  return id >= 0.f && id < 4294967040.f ? uint32_t(id) : scene::kNoFeature;
}

void computeBounds(scene::ModelMesh& mesh, const std::string& path) {
  if (mesh.indices.empty()) throw AssetError(path, "contains no triangles");
  mesh.boundsMin = glm::vec3(std::numeric_limits<float>::max());
  mesh.boundsMax = glm::vec3(-std::numeric_limits<float>::max());
  for (const auto& v : mesh.vertices) {
    const glm::vec3 p(v.position[0], v.position[1], v.position[2]);
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z))
      throw AssetError(path, "has a vertex with a non-finite position");
    mesh.boundsMin = glm::min(mesh.boundsMin, p);
    mesh.boundsMax = glm::max(mesh.boundsMax, p);
  }
}

// Flat normals for primitives that ship none (positions as read, before recentring).
template <typename Build>
void fillMissingNormals(Build& build, size_t firstVertex, size_t firstIndex) {
  auto& mesh = build.mesh;
  for (size_t i = firstIndex; i + 2 < mesh.indices.size(); i += 3) {
    const uint32_t ia = mesh.indices[i], ib = mesh.indices[i + 1], ic = mesh.indices[i + 2];
    const glm::dvec3 pa = build.positions[ia], pb = build.positions[ib], pc = build.positions[ic];
    glm::vec3 n(glm::cross(pb - pa, pc - pa));
    const float len = glm::length(n);
    n = len > 0 ? n / len : glm::vec3(0, 1, 0);
    for (uint32_t j : {ia, ib, ic})
      if (j >= firstVertex) std::copy_n(glm::value_ptr(n), 3, mesh.vertices[j].normal);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] glTF (tinygltf)
//-----------------------------------------------------------------------------

// Reads accessor element i as up to 4 floats (normalised integers → [0, 1],
// or [−1, 1] when signed: KHR_mesh_quantization's positions, normals and
// texture coordinates).
struct AccessorReader {
  const tinygltf::Model& model;
  const tinygltf::Accessor& accessor;
  const std::string& path;
  const uint8_t* base = nullptr;
  size_t stride = 0;
  int comps = 0;  // components per element (VEC3: 3): asking for more reads 0, never past the element

  AccessorReader(const tinygltf::Model& m, int index, const std::string& p)
      : model(m), accessor(m.accessors.at(size_t(index))), path(p) {
    if (accessor.bufferView < 0) throw AssetError(path, "an accessor without a bufferView (sparse-only) is not supported");
    const auto& view = model.bufferViews.at(size_t(accessor.bufferView));
    const auto& buffer = model.buffers.at(size_t(view.buffer));
    comps = tinygltf::GetNumComponentsInType(uint32_t(accessor.type));
    const int compSize = tinygltf::GetComponentSizeInBytes(uint32_t(accessor.componentType));
    if (comps <= 0 || compSize <= 0) throw AssetError(path, "an accessor has an unknown type");
    stride = size_t(accessor.ByteStride(view));
    // Offsets and the count are the file's word: checked so that no sum wraps.
    const size_t size = buffer.data.size(), element = size_t(comps * compSize);
    const bool fits = rangeWithin(view.byteOffset, accessor.byteOffset, size) &&
                      (accessor.count == 0 || (rangeWithin(view.byteOffset + accessor.byteOffset, element, size) &&
                                               fitsWithin(view.byteOffset + accessor.byteOffset + element, accessor.count - 1, stride,
                                                          size)));
    if (!fits) throw AssetError(path, "an accessor reads past the end of its buffer");
    const size_t start = view.byteOffset + accessor.byteOffset;
    base = buffer.data.data() + start;
  }
  float component(size_t i, int c) const {
    // A NORMAL given as VEC2, say: fuzzing found its third component read
    // past the buffer's end (tile content from a 3D Tiles server). An
    // element past the count (an attribute shorter than the ones beside
    // it, as fuzzing found for instance features) reads 0 too.
    if (c >= comps || i >= accessor.count) return 0.f;
    const uint8_t* p = base + stride * i;
    switch (accessor.componentType) {
      case TINYGLTF_COMPONENT_TYPE_FLOAT: { float f; std::memcpy(&f, p + 4 * c, 4); return f; }
      case TINYGLTF_COMPONENT_TYPE_BYTE: { int8_t v; std::memcpy(&v, p + c, 1); return accessor.normalized ? std::max(v / 127.f, -1.f) : float(v); }
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return p[c] / (accessor.normalized ? 255.f : 1.f);
      case TINYGLTF_COMPONENT_TYPE_SHORT: { int16_t v; std::memcpy(&v, p + 2 * c, 2); return accessor.normalized ? std::max(v / 32767.f, -1.f) : float(v); }
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: { uint16_t v; std::memcpy(&v, p + 2 * c, 2); return v / (accessor.normalized ? 65535.f : 1.f); }
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: { uint32_t v; std::memcpy(&v, p + 4 * c, 4); return float(v); }
      default: throw AssetError(path, "an accessor has an unsupported component type");
    }
  }
  // Component c of element i as a whole number (JOINTS_n: unsigned byte or short).
  uint32_t index4(size_t i, int c) const {
    if (c >= comps || i >= accessor.count) return 0;
    const uint8_t* p = base + stride * i;
    switch (accessor.componentType) {
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return p[c];
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: { uint16_t v; std::memcpy(&v, p + 2 * c, 2); return v; }
      default: return 0;
    }
  }
  uint32_t index(size_t i) const {
    if (i >= accessor.count) return 0;
    const uint8_t* p = base + stride * i;
    switch (accessor.componentType) {
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return p[0];
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: { uint16_t v; std::memcpy(&v, p, 2); return v; }
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: { uint32_t v; std::memcpy(&v, p, 4); return v; }
      default: throw AssetError(path, "indices must be unsigned integers");
    }
  }
};

glm::dmat4 nodeMatrix(const tinygltf::Node& node) {
  if (node.matrix.size() == 16) {
    glm::dmat4 m;
    std::copy(node.matrix.begin(), node.matrix.end(), glm::value_ptr(m));
    return m;
  }
  glm::dmat4 m(1.0);
  if (node.translation.size() == 3) m = glm::translate(m, glm::make_vec3(node.translation.data()));
  if (node.rotation.size() == 4)
    m *= glm::mat4_cast(glm::dquat(node.rotation[3], node.rotation[0], node.rotation[1], node.rotation[2]));
  if (node.scale.size() == 3) m = glm::scale(m, glm::make_vec3(node.scale.data()));
  return m;
}

// The accessor holding a primitive's feature ids: EXT_mesh_features' first
// feature-id set (an attribute _FEATURE_ID_n; without one, the vertex index
// is the id), else a b3dm's _BATCHID. -1: none (or ids in a texture, which
// are not read).
struct FeatureSource {
  int accessor = -1;
  bool vertexIndex = false;  ///< implicit ids: the vertex's own index
  int propertyTable = -1;    ///< EXT_structural_metadata's table the ids index
};
FeatureSource featureSource(const tinygltf::Primitive& prim) {
  FeatureSource out;
  if (auto ext = prim.extensions.find("EXT_mesh_features"); ext != prim.extensions.end()) {
    const auto& ids = member(ext->second, "featureIds");
    if (ids.IsArray() && ids.ArrayLen() > 0) {
      const auto& first = element(ids, 0);
      out.propertyTable = gltfInt(member(first, "propertyTable"));
      if (first.Has("attribute") && member(first, "attribute").IsInt()) {
        auto a = prim.attributes.find("_FEATURE_ID_" + std::to_string(member(first, "attribute").GetNumberAsInt()));
        if (a != prim.attributes.end()) out.accessor = a->second;
      } else if (!first.Has("texture")) {
        out.vertexIndex = true;
      }
      return out;
    }
  }
  for (const char* name : {"_BATCHID", "BATCHID"})
    if (auto a = prim.attributes.find(name); a != prim.attributes.end()) out.accessor = a->second;
  return out;
}

// KHR_texture_transform (texture atlases): uv' = translation × rotation ×
// scale × uv. The rotation is counter-clockwise in uv's own axes, where v
// points down: u' = cos·u + sin·v, as Babylon, three.js, Blender and the
// Khronos TextureTransformTest sample have it. (The specification's GLSL
// listing is the transpose, counter-clockwise with v up: glTF issue 1563.)
glm::dmat3 textureTransform(const tinygltf::Value& t) {
  auto number = [&](const tinygltf::Value& v, double fallback) { return v.IsNumber() ? v.GetNumberAsDouble() : fallback; };
  const tinygltf::Value& offset = member(t, "offset");
  const tinygltf::Value& scale = member(t, "scale");
  const double ox = offset.IsArray() && offset.ArrayLen() == 2 ? number(element(offset, 0), 0) : 0;
  const double oy = offset.IsArray() && offset.ArrayLen() == 2 ? number(element(offset, 1), 0) : 0;
  const double sx = scale.IsArray() && scale.ArrayLen() == 2 ? number(element(scale, 0), 1) : 1;
  const double sy = scale.IsArray() && scale.ArrayLen() == 2 ? number(element(scale, 1), 1) : 1;
  const double r = number(member(t, "rotation"), 0), c = std::cos(r), s = std::sin(r);
  // Column-major: the columns are the images of u, v and the offset.
  const glm::dmat3 translation(1, 0, 0, 0, 1, 0, ox, oy, 1);
  const glm::dmat3 rotation(c, -s, 0, s, c, 0, 0, 0, 1);  // column by column: u' = cos·u + sin·v
  const glm::dmat3 scaling(sx, 0, 0, 0, sy, 0, 0, 0, 1);
  return translation * rotation * scaling;
}

// Positions in double until the whole model is read, so content far from
// its origin can be recentred before it becomes floats.
struct GltfBuild {
  scene::ModelMesh mesh;
  std::vector<glm::dvec3> positions;
  int propertyTable = -1;  ///< the EXT_structural_metadata table the feature ids point into
  std::map<int, int32_t> images;  ///< glTF image → index in mesh.images (-1: not usable)
};

// The mesh's copy of a glTF image as RGBA8 (16-bit channels keep their high
// byte); -1 when it was not decoded (a warning already names it).
int32_t meshImage(const tinygltf::Model& model, int texture, GltfBuild& build) {
  if (texture < 0 || size_t(texture) >= model.textures.size()) return -1;
  const tinygltf::Texture& t = model.textures[size_t(texture)];
  int source = t.source;
  // EXT_texture_webp: its source wins; `source`, if any, is a PNG or JPEG fallback.
  if (auto webp = t.extensions.find("EXT_texture_webp"); webp != t.extensions.end() && webp->second.Has("source"))
    source = gltfInt(member(webp->second, "source"));
  if (source < 0 || size_t(source) >= model.images.size()) {
    build.mesh.warnings.push_back("texture " + std::to_string(texture) +
                                  " has no PNG, JPEG or WebP source (KTX2 images are not read): drawn untextured");
    return -1;
  }
  if (auto it = build.images.find(source); it != build.images.end()) return it->second;
  const tinygltf::Image& img = model.images[size_t(source)];
  int32_t index = -1;
  const size_t pixels = size_t(std::max(img.width, 0)) * size_t(std::max(img.height, 0));
  const size_t channelBytes = img.bits == 16 ? 2 : 1;
  if (pixels && img.component == 4 && img.image.size() == pixels * 4 * channelBytes) {
    scene::ModelImage out;
    out.width = uint32_t(img.width), out.height = uint32_t(img.height);
    out.rgba.resize(pixels * 4);
    for (size_t i = 0; i < pixels * 4; ++i) out.rgba[i] = img.image[i * channelBytes + channelBytes - 1];
    index = int32_t(build.mesh.images.size());
    build.mesh.images.push_back(std::move(out));
  }
  build.images[source] = index;
  return index;
}

// EXT_structural_metadata: one property table as text. Scalars, vectors,
// matrices (components joined by ", "), strings and booleans are read;
// variable-length arrays are left out (a card shows what a person reads).
scene::FeatureTable readPropertyTable(const tinygltf::Model& model, int index, std::vector<std::string>& warnings) {
  scene::FeatureTable out;
  auto ext = model.extensions.find("EXT_structural_metadata");
  if (ext == model.extensions.end() || index < 0) return out;
  const tinygltf::Value& meta = ext->second;
  const tinygltf::Value& tables = member(meta, "propertyTables");
  if (!tables.IsArray() || size_t(index) >= tables.ArrayLen()) return out;
  const tinygltf::Value& table = element(tables, index);
  const std::string className = member(table, "class").IsString() ? member(table, "class").Get<std::string>() : "";
  const tinygltf::Value& cls = member(member(member(meta, "schema"), "classes"), className);
  if (!cls.IsObject()) {
    warnings.push_back("property table " + std::to_string(index) + " names class \"" + className + "\" that the schema lacks (an external schemaUri is not read)");
    return out;
  }
  out.count = size_t(std::max(0, gltfInt(member(table, "count"), 0)));
  auto view = [&](const tinygltf::Value& v) -> std::string_view {
    const int i = gltfInt(v);
    if (i < 0 || size_t(i) >= model.bufferViews.size()) return {};
    const auto& bv = model.bufferViews[size_t(i)];
    if (bv.buffer < 0 || size_t(bv.buffer) >= model.buffers.size()) return {};
    const auto& data = model.buffers[size_t(bv.buffer)].data;
    if (!rangeWithin(bv.byteOffset, bv.byteLength, data.size())) return {};
    return {reinterpret_cast<const char*>(data.data()) + bv.byteOffset, bv.byteLength};
  };
  auto sizeOf = [](const std::string& t) -> size_t {
    if (t == "INT8" || t == "UINT8") return 1;
    if (t == "INT16" || t == "UINT16") return 2;
    if (t == "INT32" || t == "UINT32" || t == "FLOAT32") return 4;
    if (t == "INT64" || t == "UINT64" || t == "FLOAT64") return 8;
    return 0;
  };
  auto number = [](std::string_view bytes, size_t at, const std::string& t) -> std::string {
    auto read = [&](auto v) {
      std::memcpy(&v, bytes.data() + at, sizeof v);
      return v;
    };
    char buf[40];
    if (t == "INT8") return std::to_string(read(int8_t{}));
    if (t == "UINT8") return std::to_string(read(uint8_t{}));
    if (t == "INT16") return std::to_string(read(int16_t{}));
    if (t == "UINT16") return std::to_string(read(uint16_t{}));
    if (t == "INT32") return std::to_string(read(int32_t{}));
    if (t == "UINT32") return std::to_string(read(uint32_t{}));
    if (t == "INT64") return std::to_string(read(int64_t{}));
    if (t == "UINT64") return std::to_string(read(uint64_t{}));
    if (t == "FLOAT32") return std::snprintf(buf, sizeof buf, "%g", double(read(float{}))), buf;
    if (t == "FLOAT64") return std::snprintf(buf, sizeof buf, "%.10g", read(double{})), buf;
    return {};
  };
  const tinygltf::Value& props = member(table, "properties");
  if (!props.IsObject()) return out;
  for (const auto& name : props.Keys()) {
    const tinygltf::Value& p = member(props, name);
    const tinygltf::Value& def = member(member(cls, "properties"), name);
    if (!def.IsObject() || (member(def, "array").IsBool() && member(def, "array").Get<bool>())) continue;
    const std::string type = member(def, "type").IsString() ? member(def, "type").Get<std::string>() : "";
    std::string ct = member(def, "componentType").IsString() ? member(def, "componentType").Get<std::string>() : "";
    if (type == "ENUM" && ct.empty()) ct = "UINT16";
    const std::string_view values = view(member(p, "values"));
    std::vector<std::string> column;
    if (type == "STRING") {
      const std::string_view offsets = view(member(p, "stringOffsets"));
      const std::string ot = member(p, "stringOffsetType").IsString() ? member(p, "stringOffsetType").Get<std::string>() : "UINT32";
      const size_t os = sizeOf(ot);
      if (!os || offsets.size() < (out.count + 1) * os) continue;
      for (size_t f = 0; f < out.count; ++f) {
        const uint64_t a = std::stoull(number(offsets, f * os, ot)), b = std::stoull(number(offsets, (f + 1) * os, ot));
        column.push_back(b >= a && b <= values.size() ? std::string(values.substr(size_t(a), size_t(b - a))) : std::string());
      }
    } else if (type == "BOOLEAN") {
      if (values.size() * 8 < out.count) continue;
      for (size_t f = 0; f < out.count; ++f) column.push_back((uint8_t(values[f / 8]) >> (f % 8)) & 1 ? "true" : "false");
    } else {
      const size_t comps = type == "SCALAR" || type == "ENUM" ? 1 : type == "VEC2" ? 2 : type == "VEC3" ? 3 : type == "VEC4" ? 4
                         : type == "MAT2" ? 4 : type == "MAT3" ? 9 : type == "MAT4" ? 16 : 0;
      const size_t cs = sizeOf(ct);
      if (!comps || !cs || values.size() < out.count * comps * cs) continue;
      for (size_t f = 0; f < out.count; ++f) {
        std::string v;
        for (size_t c = 0; c < comps; ++c) v += (c ? ", " : "") + number(values, (f * comps + c) * cs, ct);
        column.push_back(std::move(v));
      }
    }
    out.names.push_back(name);
    out.values.push_back(std::move(column));
  }
  return out;
}

// A skin in its rest pose: each joint's matrix from the nodes' own
// transforms (not an animation) times its inverse bind matrix.
std::vector<glm::dmat4> restPoseJoints(const tinygltf::Model& model, const tinygltf::Skin& skin,
                                       const std::vector<glm::dmat4>& globals, const std::string& path) {
  std::vector<glm::dmat4> out;
  std::optional<AccessorReader> inverse;
  if (skin.inverseBindMatrices >= 0) inverse.emplace(model, skin.inverseBindMatrices, path);
  for (size_t j = 0; j < skin.joints.size(); ++j) {
    glm::dmat4 ibm(1.0);
    if (inverse && j < inverse->accessor.count)
      for (int k = 0; k < 16; ++k) ibm[k / 4][k % 4] = inverse->component(j, k);
    out.push_back(globals.at(size_t(skin.joints[j])) * ibm);
  }
  return out;
}

void appendGltfMesh(const tinygltf::Model& model, const tinygltf::Mesh& gmesh, const glm::dmat4& transform,
                    GltfBuild& build, const std::string& path, const std::vector<glm::dmat4>* joints = nullptr) {
  scene::ModelMesh& mesh = build.mesh;
  const glm::dmat3 normalMatrix = glm::transpose(glm::inverse(glm::dmat3(transform)));
  for (const auto& prim : gmesh.primitives) {
    if (prim.mode != -1 && prim.mode != TINYGLTF_MODE_TRIANGLES) continue;  // points and lines are not landmarks
    auto pos = prim.attributes.find("POSITION");
    if (pos == prim.attributes.end()) throw AssetError(path, "a primitive has no POSITION attribute");
    const AccessorReader positions(model, pos->second, path);
    if (positions.accessor.type != TINYGLTF_TYPE_VEC3) throw AssetError(path, "POSITION is not a VEC3");
    std::optional<AccessorReader> normals, colours, features;
    if (auto n = prim.attributes.find("NORMAL"); n != prim.attributes.end()) normals.emplace(model, n->second, path);
    // Vertex colours (COLOR_0, RGB or RGBA): multiplied into the material's colour, as glTF says.
    if (auto c = prim.attributes.find("COLOR_0"); c != prim.attributes.end()) {
      colours.emplace(model, c->second, path);
      if (colours->accessor.type != TINYGLTF_TYPE_VEC3 && colours->accessor.type != TINYGLTF_TYPE_VEC4) colours.reset();
    }
    // A skinned primitive: each vertex moved by its joints' rest-pose matrices.
    std::optional<AccessorReader> jointIds, jointWeights;
    if (joints) {
      auto j = prim.attributes.find("JOINTS_0"), w = prim.attributes.find("WEIGHTS_0");
      if (j != prim.attributes.end() && w != prim.attributes.end()) jointIds.emplace(model, j->second, path), jointWeights.emplace(model, w->second, path);
    }
    const FeatureSource featureIds = featureSource(prim);
    if (featureIds.accessor >= 0) features.emplace(model, featureIds.accessor, path);
    if (build.propertyTable < 0) build.propertyTable = featureIds.propertyTable;

    glm::vec4 colour(1.f);
    scene::ModelPart part;
    std::optional<AccessorReader> uvs;
    glm::dmat3 uvTransform(1.0);  // KHR_texture_transform's, when the base colour texture has one
    if (prim.material >= 0 && size_t(prim.material) < model.materials.size()) {
      const tinygltf::Material& mat = model.materials[size_t(prim.material)];
      const auto& f = mat.pbrMetallicRoughness.baseColorFactor;
      if (f.size() == 4) colour = glm::vec4(f[0], f[1], f[2], f[3]);
      part.alpha = mat.alphaMode == "MASK" ? scene::AlphaMode::mask : mat.alphaMode == "BLEND" ? scene::AlphaMode::blend
                                                                                               : scene::AlphaMode::opaque;
      part.alphaCutoff = float(mat.alphaCutoff);
      part.doubleSided = mat.doubleSided;
      part.unlit = mat.extensions.count("KHR_materials_unlit") > 0;
      tinygltf::TextureInfo base = mat.pbrMetallicRoughness.baseColorTexture;
      // KHR_materials_pbrSpecularGlossiness (older photogrammetry and CAD
      // exports): its diffuse colour and texture are the base colour.
      if (auto sg = mat.extensions.find("KHR_materials_pbrSpecularGlossiness"); sg != mat.extensions.end()) {
        const tinygltf::Value& factor = member(sg->second, "diffuseFactor");
        if (factor.IsArray() && factor.ArrayLen() == 4)
          for (int k = 0; k < 4; ++k) colour[k] = float(element(factor, k).GetNumberAsDouble());
        const tinygltf::Value& texture = member(sg->second, "diffuseTexture");
        if (texture.IsObject() && member(texture, "index").IsInt()) {
          base = {};
          base.index = member(texture, "index").GetNumberAsInt();
          if (member(texture, "texCoord").IsInt()) base.texCoord = member(texture, "texCoord").GetNumberAsInt();
          if (member(texture, "extensions").Has("KHR_texture_transform"))
            base.extensions["KHR_texture_transform"] = member(member(texture, "extensions"), "KHR_texture_transform");
        }
      }
      if (base.index >= 0) {
        int texCoord = base.texCoord;
        if (auto t = base.extensions.find("KHR_texture_transform"); t != base.extensions.end()) {
          uvTransform = textureTransform(t->second);
          if (member(t->second, "texCoord").IsInt()) texCoord = member(t->second, "texCoord").GetNumberAsInt();
        }
        auto uv = prim.attributes.find("TEXCOORD_" + std::to_string(texCoord));
        if (uv != prim.attributes.end()) {
          part.image = meshImage(model, base.index, build);
          if (part.image >= 0) uvs.emplace(model, uv->second, path);
        }
      }
    }
    part.flat = part.image < 0 && !colours;
    const size_t firstVertex = mesh.vertices.size(), firstIndex = mesh.indices.size();
    mesh.vertices.reserve(firstVertex + positions.accessor.count);
    build.positions.reserve(firstVertex + positions.accessor.count);
    for (size_t i = 0; i < positions.accessor.count; ++i) {
      scene::ModelVertex v{};
      glm::dmat4 m = transform;
      if (jointIds && i < jointIds->accessor.count && i < jointWeights->accessor.count) {
        glm::dmat4 skinned(0.0);
        for (int k = 0; k < 4; ++k) {
          const size_t joint = size_t(jointIds->index4(i, k));
          if (joint < joints->size()) skinned += (*joints)[joint] * double(jointWeights->component(i, k));
        }
        m = skinned;
      }
      build.positions.push_back(glm::dvec3(m * glm::dvec4(positions.component(i, 0), positions.component(i, 1),
                                                            positions.component(i, 2), 1.0)));
      if (normals && i < normals->accessor.count) {
        const glm::dmat3 nm = jointIds ? glm::transpose(glm::inverse(glm::dmat3(m))) : normalMatrix;
        const glm::vec3 n = glm::normalize(glm::vec3(
            nm * glm::dvec3(normals->component(i, 0), normals->component(i, 1), normals->component(i, 2))));
        std::copy_n(glm::value_ptr(n), 3, v.normal);
      }
      glm::vec4 c = colour;
      if (colours && i < colours->accessor.count) {
        const bool rgba = colours->accessor.type == TINYGLTF_TYPE_VEC4;
        c *= glm::vec4(colours->component(i, 0), colours->component(i, 1), colours->component(i, 2), rgba ? colours->component(i, 3) : 1.f);
      }
      for (int k = 0; k < 4; ++k) v.color[k] = toByte(c[k]);
      if (uvs && i < uvs->accessor.count) {
        const glm::dvec3 uv = uvTransform * glm::dvec3(uvs->component(i, 0), uvs->component(i, 1), 1.0);
        v.uv[0] = float(uv.x), v.uv[1] = float(uv.y);
      }
      v.feature = features && i < features->accessor.count ? featureId(features->component(i, 0))
                  : featureIds.vertexIndex                 ? uint32_t(i)
                                                           : scene::kNoFeature;
      mesh.vertices.push_back(v);
    }
    if (prim.indices >= 0) {
      const AccessorReader idx(model, prim.indices, path);
      mesh.indices.reserve(mesh.indices.size() + idx.accessor.count);
      for (size_t i = 0; i + 2 < idx.accessor.count; i += 3)
        for (int k = 0; k < 3; ++k) {
          const uint32_t j = idx.index(i + size_t(k));
          if (j >= positions.accessor.count) throw AssetError(path, "an index points past the vertices");
          mesh.indices.push_back(uint32_t(firstVertex) + j);
        }
    } else {
      for (size_t i = 0; i + 2 < positions.accessor.count; i += 3)
        for (int k = 0; k < 3; ++k) mesh.indices.push_back(uint32_t(firstVertex + i + size_t(k)));
    }
    if (!normals) fillMissingNormals(build, firstVertex, firstIndex);
    part.firstIndex = uint32_t(firstIndex), part.indexCount = uint32_t(mesh.indices.size() - firstIndex);
    // Runs with the same material and texture join.
    if (!mesh.parts.empty() && mesh.parts.back().image == part.image && mesh.parts.back().alpha == part.alpha &&
        mesh.parts.back().flat == part.flat && mesh.parts.back().doubleSided == part.doubleSided && mesh.parts.back().unlit == part.unlit &&
        mesh.parts.back().alphaCutoff == part.alphaCutoff && mesh.parts.back().firstIndex + mesh.parts.back().indexCount == part.firstIndex)
      mesh.parts.back().indexCount += part.indexCount;
    else if (part.indexCount)
      mesh.parts.push_back(part);
  }
}

// Every node's transform in the scene (the rest pose); nodes outside it keep identity.
void globalTransforms(const tinygltf::Model& model, int nodeIndex, const glm::dmat4& parent, std::vector<glm::dmat4>& out,
                      const std::string& path, int depth) {
  if (depth > 64) throw AssetError(path, "the node hierarchy is deeper than 64 (a cycle?)");
  const auto& node = model.nodes.at(size_t(nodeIndex));
  out.at(size_t(nodeIndex)) = parent * nodeMatrix(node);
  for (int child : node.children) globalTransforms(model, child, out[size_t(nodeIndex)], out, path, depth + 1);
}

// The most vertices EXT_mesh_gpu_instancing may make by copying a mesh to
// its instances (a tile of trees holds far fewer; a damaged count would
// otherwise ask for gigabytes).
constexpr size_t kMaxInstancedVertices = size_t(1) << 24;

// EXT_mesh_gpu_instancing (3D Tiles 1.1's instances, in place of i3dm): the
// node's mesh copied to every instance (TRANSLATION, ROTATION, SCALE under
// the node's transform) into the one mesh, primitive by primitive so each
// material stays one part; with EXT_instance_features each copy is its
// instance's feature, so picking and tint work per tree.
void appendInstances(const tinygltf::Model& model, const tinygltf::Node& node, const tinygltf::Value& instancing,
                     const glm::dmat4& nodeToModel, GltfBuild& build, const std::string& path) {
  const tinygltf::Value& attributes = member(instancing, "attributes");
  auto read = [&](const std::string& name, std::optional<AccessorReader>& into) {
    const tinygltf::Value& a = member(attributes, name);
    if (!a.IsNumber()) return;
    const double index = a.GetNumberAsDouble();
    if (!(index >= 0 && index < double(model.accessors.size()))) throw AssetError(path, "an instance attribute points past the accessors");
    into.emplace(model, int(index), path);
  };
  std::optional<AccessorReader> translation, rotation, scale;
  read("TRANSLATION", translation), read("ROTATION", rotation), read("SCALE", scale);
  size_t count = 0;
  for (const auto* r : {&translation, &rotation, &scale})
    if (*r) count = count ? std::min(count, size_t((*r)->accessor.count)) : size_t((*r)->accessor.count);
  if (!count) throw AssetError(path, "EXT_mesh_gpu_instancing without TRANSLATION, ROTATION or SCALE");
  // Each instance's feature: EXT_instance_features names the attribute.
  std::optional<AccessorReader> features;
  if (auto ext = node.extensions.find("EXT_instance_features"); ext != node.extensions.end()) {
    const auto& ids = member(ext->second, "featureIds");
    if (ids.IsArray() && ids.ArrayLen() > 0) {
      const auto& first = element(ids, 0);
      build.propertyTable = gltfInt(member(first, "propertyTable"));
      if (member(first, "attribute").IsInt()) read("_FEATURE_ID_" + std::to_string(member(first, "attribute").GetNumberAsInt()), features);
    }
  }
  const tinygltf::Mesh& gmesh = model.meshes.at(size_t(node.mesh));
  size_t perCopy = 0;
  for (const auto& prim : gmesh.primitives)
    if (auto pos = prim.attributes.find("POSITION"); pos != prim.attributes.end() && pos->second >= 0 && size_t(pos->second) < model.accessors.size())
      perCopy += model.accessors[size_t(pos->second)].count;
  if (perCopy * count + build.mesh.vertices.size() > kMaxInstancedVertices)
    throw AssetError(path, "EXT_mesh_gpu_instancing copies " + std::to_string(perCopy) + " vertices to " + std::to_string(count) +
                               " instances, more than one model may hold");
  std::vector<glm::dmat4> transforms(count);
  for (size_t i = 0; i < count; ++i) {
    glm::dmat4 t(1.0);
    if (translation) t = glm::translate(t, glm::dvec3(translation->component(i, 0), translation->component(i, 1), translation->component(i, 2)));
    if (rotation) t *= glm::mat4_cast(glm::dquat(rotation->component(i, 3), rotation->component(i, 0), rotation->component(i, 1), rotation->component(i, 2)));
    if (scale) t = glm::scale(t, glm::dvec3(scale->component(i, 0), scale->component(i, 1), scale->component(i, 2)));
    transforms[i] = nodeToModel * t;
  }
  tinygltf::Mesh one = gmesh;
  for (const auto& prim : gmesh.primitives) {
    one.primitives.assign(1, prim);
    for (size_t i = 0; i < count; ++i) {
      const size_t first = build.mesh.vertices.size();
      appendGltfMesh(model, one, transforms[i], build, path);
      // Fewer feature ids than instances: the ones without have none.
      if (features && i < features->accessor.count)
        for (size_t v = first; v < build.mesh.vertices.size(); ++v) build.mesh.vertices[v].feature = featureId(features->component(i, 0));
    }
  }
}

void visitGltfNode(const tinygltf::Model& model, int nodeIndex, const glm::dmat4& parent, GltfBuild& build,
                   const std::string& path, int depth, const std::vector<glm::dmat4>& globals) {
  if (depth > 64) throw AssetError(path, "the node hierarchy is deeper than 64 (a cycle?)");
  const auto& node = model.nodes.at(size_t(nodeIndex));
  const glm::dmat4 m = parent * nodeMatrix(node);
  if (auto instancing = node.extensions.find("EXT_mesh_gpu_instancing"); instancing != node.extensions.end() && node.mesh >= 0) {
    appendInstances(model, node, instancing->second, m, build, path);
  } else if (node.mesh >= 0 && node.skin >= 0) {
    // glTF: a skinned mesh's own node transform is ignored; its joints place it.
    const auto joints = restPoseJoints(model, model.skins.at(size_t(node.skin)), globals, path);
    appendGltfMesh(model, model.meshes.at(size_t(node.mesh)), glm::dmat4(1.0), build, path, &joints);
  } else if (node.mesh >= 0) {
    appendGltfMesh(model, model.meshes.at(size_t(node.mesh)), m, build, path);
  }
  for (int child : node.children) visitGltfNode(model, child, m, build, path, depth + 1, globals);
}

// The positions become floats, relative to the middle of the model when asked.
void finishPositions(GltfBuild& build, bool recentre, const std::string& path) {
  glm::dvec3 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
  for (const auto& p : build.positions) lo = glm::min(lo, p), hi = glm::max(hi, p);
  build.mesh.offset = recentre && !build.positions.empty() ? (lo + hi) * 0.5 : glm::dvec3(0.0);
  for (size_t i = 0; i < build.positions.size(); ++i) {
    const glm::vec3 p(build.positions[i] - build.mesh.offset);
    std::copy_n(glm::value_ptr(p), 3, build.mesh.vertices[i].position);
  }
  computeBounds(build.mesh, path);
}

// What the image decoder is given besides the bytes: where its warnings go,
// and the model tinygltf is filling (its buffers are read before its images).
struct ImageLoading {
  std::vector<std::string>* warnings = nullptr;
  const tinygltf::Model* model = nullptr;
};

// Whether an image kept in a buffer view lies inside its buffer. tinygltf
// 2.7 hands the decoder the view's bytes without checking that they are
// there: a view longer than its buffer had stb_image read past the end
// (found by fuzzing, a glTF tile from a 3D Tiles server).
bool imageBytesInsideBuffer(const tinygltf::Image& image, const tinygltf::Model& model) {
  if (image.bufferView < 0) return true;  // from a URI: tinygltf read exactly those bytes
  if (size_t(image.bufferView) >= model.bufferViews.size()) return false;
  const tinygltf::BufferView& view = model.bufferViews[size_t(image.bufferView)];
  if (view.buffer < 0 || size_t(view.buffer) >= model.buffers.size()) return false;
  return rangeWithin(view.byteOffset, view.byteLength, model.buffers[size_t(view.buffer)].data.size());
}

// Images through tinygltf's own decoder, but one that cannot be decoded is
// a warning naming it, not the end of the model: the geometry still stands.
bool decodeImageOrWarn(tinygltf::Image* image, const int index, std::string* err, std::string* warn, int width, int height,
                       const unsigned char* bytes, int size, void* user) {
  const ImageLoading& loading = *static_cast<const ImageLoading*>(user);
  std::string problem;
  if (size < 0 || !imageBytesInsideBuffer(*image, *loading.model)) {
    problem = "its buffer view reaches past the end of its buffer";
  } else if (size >= 12 && std::memcmp(bytes, "RIFF", 4) == 0 && std::memcmp(bytes + 8, "WEBP", 4) == 0) {
    // WebP (EXT_texture_webp), which tinygltf's stb_image does not read: Debian's libwebp.
    int w = 0, h = 0;
    if (uint8_t* rgba = WebPDecodeRGBA(bytes, size_t(size), &w, &h)) {
      image->width = w, image->height = h, image->component = 4, image->bits = 8;
      image->pixel_type = TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE;
      image->image.assign(rgba, rgba + size_t(w) * size_t(h) * 4);
      WebPFree(rgba);
      return true;
    }
    problem = "not a WebP image libwebp can read";
  } else if (tinygltf::LoadImageData(image, index, &problem, warn, width, height, bytes, size, nullptr)) {
    return true;
  }
  auto& warnings = *loading.warnings;
  while (!problem.empty() && (problem.back() == '\n' || problem.back() == ' ')) problem.pop_back();
  warnings.push_back("image " + std::to_string(index) + (image->name.empty() ? "" : " \"" + image->name + "\"") +
                     (image->uri.empty() || image->uri.starts_with("data:") ? "" : " (" + image->uri + ")") +
                     " cannot be decoded: " + (problem.empty() ? "unknown format" : problem));
  (void)err;
  return true;
}

// The files a glTF names (external buffers and images), read for tinygltf:
// only regular files count as there, so a URI that names a folder (whose
// size a stream reports as 2^63 − 1) is a missing file, not a 9-EB
// allocation; a file over kMaxExternalFile is refused with its size.
constexpr uintmax_t kMaxExternalFile = uintmax_t(2) << 30;

bool externalFileExists(const std::string& path, void*) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::string externalPathAsIs(const std::string& path, void*) { return path; }  // no ~ or $ expansion: a URI is no shell word

bool readExternalFile(std::vector<unsigned char>* out, std::string* err, const std::string& path, void*) {
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const uintmax_t size = regular ? std::filesystem::file_size(path, ec) : 0;
  if (!regular || ec) {
    if (err) *err += "\"" + path + "\" is not a file it can read\n";
    return false;
  }
  if (size > kMaxExternalFile) {
    if (err) *err += "\"" + path + "\" holds " + std::to_string(size) + " bytes, more than a model's file may\n";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  out->resize(size_t(size));
  if (!in || !in.read(reinterpret_cast<char*>(out->data()), std::streamsize(size))) {
    if (err) *err += "\"" + path + "\" could not be read whole\n";
    return false;
  }
  return true;
}

bool refuseWriting(std::string* err, const std::string& path, const std::vector<unsigned char>&, void*) {
  if (err) *err += "citywall writes no glTF files (" + path + ")\n";
  return false;
}

// Reads a glTF with `load` (from a file or from memory) into one mesh.
template <typename Load>
scene::ModelMesh readGltf(const std::string& path, bool recentre, Load&& load) {
  tinygltf::TinyGLTF loader;
  tinygltf::Model model;
  std::string err, warn;
  std::vector<std::string> warnings;
  ImageLoading imageLoading{&warnings, &model};
  loader.SetImageLoader(decodeImageOrWarn, &imageLoading);
  loader.SetFsCallbacks({externalFileExists, externalPathAsIs, readExternalFile, refuseWriting, nullptr});
  if (!load(loader, model, err, warn)) {
    while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
    throw AssetError(path, "not a readable glTF file (" + (err.empty() ? std::string("unknown error") : err) + ")");
  }
  GltfBuild build;
  scene::ModelMesh& mesh = build.mesh;
  mesh.source = path;
  mesh.warnings = std::move(warnings);
  // tinygltf's own warnings: an image file that is not there, among others.
  for (size_t start = 0; start < warn.size();) {
    const size_t end = std::min(warn.find('\n', start), warn.size());
    if (end > start) mesh.warnings.push_back(warn.substr(start, end - start));
    start = end + 1;
  }
  expandCompressedGeometry(model, path, mesh.warnings);  // Draco and meshopt geometry made plain
  try {
    const int sceneIndex = model.defaultScene >= 0 ? model.defaultScene : 0;
    if (!model.scenes.empty()) {
      std::vector<glm::dmat4> globals(model.nodes.size(), glm::dmat4(1.0));
      for (int n : model.scenes.at(size_t(sceneIndex)).nodes) globalTransforms(model, n, glm::dmat4(1), globals, path, 0);
      for (int n : model.scenes.at(size_t(sceneIndex)).nodes) visitGltfNode(model, n, glm::dmat4(1), build, path, 0, globals);
    } else {
      for (const auto& m : model.meshes) appendGltfMesh(model, m, glm::dmat4(1), build, path);
    }
  } catch (const std::out_of_range&) {
    throw AssetError(path, "an index (node, mesh, accessor or buffer) points past its array");
  }
  // CESIUM_RTC: content relative to a centre given in the file.
  if (auto rtc = model.extensions.find("CESIUM_RTC"); rtc != model.extensions.end()) {
    const auto& c = member(rtc->second, "center");
    if (c.IsArray() && c.ArrayLen() == 3) {
      const glm::dvec3 centre(element(c, 0).GetNumberAsDouble(), element(c, 1).GetNumberAsDouble(), element(c, 2).GetNumberAsDouble());
      // The centre is in the tileset's z-up axes; the positions are y-up.
      for (auto& p : build.positions) p += glm::dvec3(centre.x, centre.z, -centre.y);
    }
  }
  finishPositions(build, recentre, path);
  build.mesh.features = readPropertyTable(model, build.propertyTable, build.mesh.warnings);
  return std::move(build.mesh);
}

// A glTF in memory (JSON or GLB), its external files relative to `baseDir`;
// one with compressed geometry is made ready for tinygltf first (gltf_compression.h).
bool loadGltfFromMemory(tinygltf::TinyGLTF& loader, tinygltf::Model& model, std::string& err, std::string& warn,
                        std::string_view file, const std::string& baseDir) {
  const std::optional<std::string> ready = readyForTinygltf(file);
  const std::string_view bytes = ready ? std::string_view(*ready) : file;
  if (bytes.size() >= 4 && bytes.compare(0, 4, "glTF") == 0)
    return loader.LoadBinaryFromMemory(&model, &err, &warn, reinterpret_cast<const unsigned char*>(bytes.data()), unsigned(bytes.size()), baseDir);
  return loader.LoadASCIIFromString(&model, &err, &warn, bytes.data(), unsigned(bytes.size()), baseDir);
}

scene::ModelMesh loadGltf(const std::string& path, bool binary) {
  return readGltf(path, false, [&](tinygltf::TinyGLTF& loader, tinygltf::Model& model, std::string& err, std::string& warn) {
    // Read once here; one this cannot read goes to tinygltf by name, which says why.
    std::vector<unsigned char> file;
    std::string readError;
    if (!readExternalFile(&file, &readError, path, nullptr))
      return binary ? loader.LoadBinaryFromFile(&model, &err, &warn, path) : loader.LoadASCIIFromFile(&model, &err, &warn, path);
    return loadGltfFromMemory(loader, model, err, warn, {reinterpret_cast<const char*>(file.data()), file.size()},
                              std::filesystem::path(path).parent_path().string());
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Other formats (Assimp)
//-----------------------------------------------------------------------------

scene::ModelMesh loadWithAssimp(const std::string& path) {
  Assimp::Importer importer;
  const aiScene* s = importer.ReadFile(path, aiProcess_Triangulate | aiProcess_GenNormals | aiProcess_PreTransformVertices |
                                                 aiProcess_JoinIdenticalVertices | aiProcess_SortByPType);
  if (!s || !s->mRootNode || (s->mFlags & AI_SCENE_FLAGS_INCOMPLETE))
    throw AssetError(path, std::string("not a readable model (") + importer.GetErrorString() + ")");
  scene::ModelMesh mesh;
  mesh.source = path;
  for (unsigned m = 0; m < s->mNumMeshes; ++m) {
    const aiMesh* am = s->mMeshes[m];
    if (!(am->mPrimitiveTypes & aiPrimitiveType_TRIANGLE)) continue;
    aiColor4D diffuse(1, 1, 1, 1);
    if (am->mMaterialIndex < s->mNumMaterials) s->mMaterials[am->mMaterialIndex]->Get(AI_MATKEY_COLOR_DIFFUSE, diffuse);
    const uint32_t first = uint32_t(mesh.vertices.size());
    for (unsigned i = 0; i < am->mNumVertices; ++i) {
      scene::ModelVertex v{};
      v.position[0] = am->mVertices[i].x, v.position[1] = am->mVertices[i].y, v.position[2] = am->mVertices[i].z;
      if (am->mNormals) v.normal[0] = am->mNormals[i].x, v.normal[1] = am->mNormals[i].y, v.normal[2] = am->mNormals[i].z;
      aiColor4D c = am->mColors[0] ? am->mColors[0][i] : diffuse;
      v.feature = scene::kNoFeature;
      v.color[0] = toByte(c.r), v.color[1] = toByte(c.g), v.color[2] = toByte(c.b), v.color[3] = toByte(c.a);
      mesh.vertices.push_back(v);
    }
    for (unsigned f = 0; f < am->mNumFaces; ++f)
      if (am->mFaces[f].mNumIndices == 3)
        for (int k = 0; k < 3; ++k) mesh.indices.push_back(first + am->mFaces[f].mIndices[k]);
  }
  mesh.parts.push_back({0, uint32_t(mesh.indices.size())});
  computeBounds(mesh, path);
  return mesh;
}

}  // namespace

scene::ModelMesh loadModel(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw AssetError(path, "file not found");
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".gltf") return loadGltf(path, false);
  if (ext == ".glb") return loadGltf(path, true);
  return loadWithAssimp(path);
}

scene::ModelMesh loadGltfBytes(std::string_view bytes, const std::string& baseDir, const std::string& name) {
  return readGltf(name, true, [&](tinygltf::TinyGLTF& loader, tinygltf::Model& model, std::string& err, std::string& warn) {
    return loadGltfFromMemory(loader, model, err, warn, bytes, baseDir);
  });
}

scene::ModelMesh loadGltfBytes(std::string&& bytes, const std::string& baseDir, const std::string& name) {
  return readGltf(name, true, [&](tinygltf::TinyGLTF& loader, tinygltf::Model& model, std::string& err, std::string& warn) {
    const bool read = loadGltfFromMemory(loader, model, err, warn, bytes, baseDir);
    std::string().swap(bytes);  // tinygltf has copied the buffers: the file's bytes go before the meshes are built
    return read;
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Placement
//-----------------------------------------------------------------------------

void placeModel(scene::CityModel& city, scene::ModelMesh mesh, const ModelPlacement& placement) {
  for (const auto& w : mesh.warnings) city.warnings.push_back(mesh.source + ": " + w);
  const glm::dvec3 ground = city.frame.toLocal({placement.lon, placement.lat, 0.0});
  scene::ModelInstance inst;
  inst.mesh = uint32_t(city.models.size());
  inst.origin = ground + glm::dvec3(0, 0, placement.height);
  // y-up model axes → ENU (x east, y north, z up): a +90° turn about x; then
  // the heading turns it clockwise (seen from above) about up.
  const glm::mat4 yUpToZUp = glm::rotate(glm::mat4(1), float(std::numbers::pi / 2), glm::vec3(1, 0, 0));
  const glm::mat4 heading = glm::rotate(glm::mat4(1), float(-placement.heading * std::numbers::pi / 180), glm::vec3(0, 0, 1));
  inst.modelToLocal = heading * yUpToZUp * glm::scale(glm::mat4(1), glm::vec3(float(placement.scale)));

  const bool first = city.empty();
  if (first) {
    city.boundsMin = glm::dvec3(std::numeric_limits<double>::max());
    city.boundsMax = glm::dvec3(-std::numeric_limits<double>::max());
  }
  for (int corner = 0; corner < 8; ++corner) {
    const glm::vec3 c((corner & 1) ? mesh.boundsMax.x : mesh.boundsMin.x, (corner & 2) ? mesh.boundsMax.y : mesh.boundsMin.y,
                      (corner & 4) ? mesh.boundsMax.z : mesh.boundsMin.z);
    const glm::dvec3 p = inst.origin + glm::dvec3(inst.modelToLocal * glm::vec4(c, 1));
    city.boundsMin = glm::min(city.boundsMin, p);
    city.boundsMax = glm::max(city.boundsMax, p);
  }
  city.models.push_back(std::move(mesh));
  city.modelInstances.push_back(inst);
}

}  // namespace citywall::assets
