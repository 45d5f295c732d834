#include "assets/gltf_compression.h"

#include <simdjson.h>
#include <tiny_gltf.h>

#include <cstdint>
#include <cstring>

#include "assets/gltf_draco.h"
#include "assets/gltf_meshopt.h"
#include "geo/json_text.h"

namespace citywall::assets {
namespace {

constexpr const char* kDraco = "KHR_draco_mesh_compression";
constexpr const char* kMeshopt = "EXT_meshopt_compression";

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
    geo::appendJsonString(out, field.key);
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

uint32_t readU32(std::string_view b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}
}  // namespace

std::optional<std::string> readyForTinygltf(std::string_view bytes) {
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
  const std::string_view rest = bytes.substr(jsonStart + jsonLength);
  std::string out(bytes.substr(0, 12));
  const uint32_t chunk = uint32_t(rewritten.size()), total = uint32_t(12 + 8 + rewritten.size() + rest.size());
  std::memcpy(out.data() + 8, &total, 4);
  out.append(reinterpret_cast<const char*>(&chunk), 4).append("JSON").append(rewritten).append(rest);
  return out;
}

bool isReadableGltfExtension(const std::string& name) {
  static const char* const kReadable[] = {kDraco, kMeshopt, "KHR_mesh_quantization", "EXT_mesh_features", "EXT_structural_metadata",
                                          "EXT_texture_webp", "CESIUM_RTC", "EXT_mesh_gpu_instancing", "EXT_instance_features",
                                          "KHR_materials_unlit", "KHR_texture_transform", "KHR_materials_pbrSpecularGlossiness"};
  for (const char* r : kReadable)
    if (name == r) return true;
  return false;
}

void expandCompressedGeometry(tinygltf::Model& model, const std::string& path, std::vector<std::string>& warnings) {
  for (const std::string& name : model.extensionsRequired)
    if (!isReadableGltfExtension(name))
      warnings.push_back("requires the glTF extension " + name + ", which citywall does not read: drawn without it");
  decodeMeshoptViews(model, path);
  decodeDracoPrimitives(model, path);
}

}  // namespace citywall::assets
