#include "assets/gltf_meshopt.h"

#include <meshoptimizer.h>
#include <tiny_gltf.h>

#include "assets/asset_error.h"
#include "assets/gltf_value.h"

namespace citywall::assets {
namespace {

constexpr const char* kMeshopt = "EXT_meshopt_compression";
// The most one decoded meshopt view may hold (a tile's are a few MB).
constexpr size_t kMaxMeshoptViewBytes = size_t(1) << 28;

// EXT_meshopt_compression: a buffer view whose bytes are the decoded
// `count` × `byteStride` from the compressed range the extension names.
void decodeMeshoptView(tinygltf::Model& model, size_t index, const std::string& path) {
  tinygltf::BufferView& view = model.bufferViews[index];
  const tinygltf::Value& ext = view.extensions.at(kMeshopt);
  auto fail = [&](const std::string& problem) { return AssetError(path, "buffer view " + std::to_string(index) + ": " + problem); };
  auto number = [&](const char* key, double fallback) {
    const tinygltf::Value& v = member(ext, key);
    return v.IsNumber() ? v.GetNumberAsDouble() : fallback;
  };
  const double buffer = number("buffer", -1), offset = number("byteOffset", 0), length = number("byteLength", -1),
               stride = number("byteStride", -1), count = number("count", -1);
  if (!(buffer >= 0 && buffer < double(model.buffers.size()))) throw fail("its meshopt data names no buffer");
  const auto& data = model.buffers[size_t(buffer)].data;
  if (!(offset >= 0 && length >= 0 && offset + length <= double(data.size()))) throw fail("its meshopt data reaches past the end of its buffer");
  if (!(stride >= 1 && stride <= 256 && count >= 0 && count * stride <= double(kMaxMeshoptViewBytes)))
    throw fail("its meshopt byteStride or count is out of range");
  const std::string mode = member(ext, "mode").IsString() ? member(ext, "mode").Get<std::string>() : "";
  const std::string filter = member(ext, "filter").IsString() ? member(ext, "filter").Get<std::string>() : "NONE";
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
}  // namespace

void decodeMeshoptViews(tinygltf::Model& model, const std::string& path) {
  for (size_t v = 0; v < model.bufferViews.size(); ++v)
    if (model.bufferViews[v].extensions.count(kMeshopt)) decodeMeshoptView(model, v, path);
}

}  // namespace citywall::assets
