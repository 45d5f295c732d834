#include "assets/tiles3d/subtree.h"

#include <simdjson.h>

#include <cstring>

#include "assets/asset_error.h"
#include "assets/byte_range.h"
#include "assets/tiles3d/tileset_file.h"

namespace citywall::assets::tiles3d {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

struct View {
  size_t buffer = 0, offset = 0, length = 0;
};

}  // namespace

uint64_t mortonIndex(uint32_t x, uint32_t y, uint32_t z, bool octree) {
  uint64_t m = 0;
  const int dims = octree ? 3 : 2;
  for (int bit = 0; bit < 21; ++bit) {
    m |= uint64_t((x >> bit) & 1) << (bit * dims);
    m |= uint64_t((y >> bit) & 1) << (bit * dims + 1);
    if (octree) m |= uint64_t((z >> bit) & 1) << (bit * dims + 2);
  }
  return m;
}

uint64_t subtreeBitIndex(uint32_t level, uint64_t morton, bool octree) {
  // (N^level − 1) / (N − 1) tiles lie above `level` in an N-ary tree.
  const uint64_t n = octree ? 8 : 4;
  uint64_t above = 0, perLevel = 1;
  for (uint32_t l = 0; l < level; ++l) above += perLevel, perLevel *= n;
  return above + morton;
}

Subtree readSubtree(const std::string& bytes, const std::string& path) {
  std::string json;
  std::string binary;
  if (bytes.size() >= 4 && bytes.compare(0, 4, "subt") == 0) {
    if (bytes.size() < 24) throw AssetError(path, "a subtree file shorter than its 24-byte header");
    uint32_t version = 0;
    uint64_t jsonLength = 0, binaryLength = 0;
    std::memcpy(&version, bytes.data() + 4, 4);
    std::memcpy(&jsonLength, bytes.data() + 8, 8);
    std::memcpy(&binaryLength, bytes.data() + 16, 8);
    if (version != 1) throw AssetError(path, "subtree version " + std::to_string(version) + " (only 1 is known)");
    if (jsonLength > bytes.size() - 24 || binaryLength > bytes.size() - 24 - jsonLength)
      throw AssetError(path, "the subtree's header gives lengths past the end of the file");
    json = bytes.substr(24, size_t(jsonLength));
    binary = bytes.substr(size_t(24 + jsonLength), size_t(binaryLength));
  } else {
    json = bytes;  // the JSON form
  }
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(json).get(doc)) throw AssetError(path, std::string("the subtree's JSON is not valid (") + simdjson::error_message(err) + ")");

  // Buffers: the first without a uri is the file's own binary chunk.
  std::vector<std::string> buffers;
  simdjson::dom::array arr;
  if (!doc["buffers"].get_array().get(arr))
    for (element b : arr) {
      std::string_view uri;
      if (!b["uri"].get_string().get(uri)) buffers.push_back(readFileBytes(resolveUri(path, std::string(uri))));
      else buffers.push_back(binary);
    }
  std::vector<View> views;
  if (!doc["bufferViews"].get_array().get(arr))
    for (element v : arr) {
      View view;
      int64_t b = 0, off = 0, len = 0;
      if (v["buffer"].get_int64().get(b) || v["byteLength"].get_int64().get(len))
        throw AssetError(path, "a subtree bufferView lacks buffer or byteLength");
      if (v["byteOffset"].get_int64().get(off)) off = 0;  // optional
      if (b < 0 || size_t(b) >= buffers.size() || off < 0 || len < 0 || !rangeWithin(uint64_t(off), uint64_t(len), buffers[size_t(b)].size()))
        throw AssetError(path, "a subtree bufferView lies outside its buffer");
      view.buffer = size_t(b), view.offset = size_t(off), view.length = size_t(len);
      views.push_back(view);
    }

  auto availability = [&](element e, const char* what) {
    Availability a;
    int64_t constant = 0, index = 0;
    if (!e["constant"].get_int64().get(constant)) {
      a.constant = true, a.value = constant != 0;
    } else if (!e["bitstream"].get_int64().get(index) || !e["bufferView"].get_int64().get(index)) {
      if (index < 0 || size_t(index) >= views.size()) throw AssetError(path, std::string(what) + " names a bufferView that is not there");
      const View& v = views[size_t(index)];
      a.constant = false;
      a.bits.assign(buffers[v.buffer].begin() + long(v.offset), buffers[v.buffer].begin() + long(v.offset + v.length));
    } else {
      throw AssetError(path, std::string(what) + " has neither a constant nor a bitstream");
    }
    return a;
  };
  Subtree out;
  element e;
  if (doc["tileAvailability"].get(e)) throw AssetError(path, "a subtree without tileAvailability");
  out.tiles = availability(e, "tileAvailability");
  if (!doc["contentAvailability"].get_array().get(arr)) {
    for (element c : arr) out.contents.push_back(availability(c, "contentAvailability"));
  } else if (!doc["contentAvailability"].get(e)) {
    out.contents.push_back(availability(e, "contentAvailability"));  // 3DTILES_implicit_tiling's single object
  }
  if (doc["childSubtreeAvailability"].get(e)) throw AssetError(path, "a subtree without childSubtreeAvailability");
  out.childSubtrees = availability(e, "childSubtreeAvailability");
  return out;
}

}  // namespace citywall::assets::tiles3d
