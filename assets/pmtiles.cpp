#include "assets/pmtiles.h"

#include <simdjson.h>

#include "assets/asset_error.h"

namespace citywall::assets {
namespace {

uint64_t little(const std::string& b, size_t at, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v |= uint64_t(uint8_t(b[at + i])) << (8 * i);
  return v;
}

constexpr size_t kEntryBytes = 17;
constexpr size_t kHeaderBytes = 512000;  // v1: the root directory fits in it

}  // namespace

PmTiles::PmTiles(const std::string& path) : path_(path), file_(path, std::ios::binary) {
  if (!file_) throw AssetError(path, "cannot be opened");
  file_.seekg(0, std::ios::end);
  size_ = uint64_t(file_.tellg());
  const std::string head = read(0, size_t(std::min<uint64_t>(size_, 16)));
  if (head.size() < 10 || head.compare(0, 2, "PM") != 0) throw AssetError(path, "not a PMTiles archive");
  if (head.compare(0, 7, "PMTiles") == 0)
    throw AssetError(path, "a PMTiles version " + std::to_string(uint8_t(head[7])) +
                               " archive; this build reads version 1 (convert with `pmtiles convert` to MBTiles meanwhile)");
  const auto version = little(head, 2, 2);
  if (version != 1) throw AssetError(path, "PMTiles version " + std::to_string(version) + "; this build reads version 1");
  const auto metadataLength = size_t(little(head, 4, 4));
  const auto rootEntries = size_t(little(head, 8, 2));
  if (10 + metadataLength + rootEntries * kEntryBytes > std::min<uint64_t>(size_, kHeaderBytes))
    throw AssetError(path, "the PMTiles header is damaged (its metadata and directory do not fit)");
  const std::string metadata = read(10, metadataLength);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!parser.parse(metadata).get(doc)) {
    std::string_view v;
    if (!doc["format"].get_string().get(v)) info_.format = std::string(v);
    if (!doc["attribution"].get_string().get(v)) info_.attribution = std::string(v);
    if (!doc["json"].get_string().get(v)) info_.json = std::string(v);
  }
  // The root, then its leaf directories (big archives): all read once; their entries are small.
  std::vector<Entry> leaves;
  readDirectory(10 + metadataLength, rootEntries, &leaves);
  for (const Entry& leaf : leaves) readDirectory(leaf.offset, leaf.length / kEntryBytes, nullptr);
  if (!tiles_.empty()) info_.minZoom = std::get<0>(tiles_.begin()->first), info_.maxZoom = std::get<0>(tiles_.rbegin()->first);
}

std::string PmTiles::read(uint64_t offset, size_t length) {
  if (offset + length > size_) throw AssetError(path_, "a PMTiles entry points past the end of the file (cut short?)");
  std::string out(length, '\0');
  file_.clear();
  file_.seekg(std::streamoff(offset));
  file_.read(out.data(), std::streamsize(length));
  if (!file_) throw AssetError(path_, "cannot be read");
  return out;
}

void PmTiles::readDirectory(uint64_t offset, size_t entries, std::vector<Entry>* leaves) {
  const std::string bytes = read(offset, entries * kEntryBytes);
  for (size_t i = 0; i < entries; ++i) {
    const size_t at = i * kEntryBytes;
    const auto z = uint8_t(bytes[at]);
    const auto x = uint32_t(little(bytes, at + 1, 3)), y = uint32_t(little(bytes, at + 4, 3));
    const Entry e{little(bytes, at + 7, 6), uint32_t(little(bytes, at + 13, 4))};
    if (z & 0x80) {  // a leaf directory (only the root points to them)
      if (leaves) leaves->push_back(e);
    } else {
      tiles_[{z, x, y}] = e;
    }
  }
}

std::vector<MbTile> PmTiles::tiles(uint32_t z, double west, double south, double east, double north) {
  const TileId a = tileAt(west, north, z), b = tileAt(east, south, z);
  std::vector<MbTile> out;
  for (uint32_t x = a.x; x <= b.x; ++x)
    for (uint32_t y = a.y; y <= b.y; ++y)
      if (auto it = tiles_.find({z, x, y}); it != tiles_.end()) {
        MbTile t;
        t.id = {z, x, y};
        try {
          t.data = read(it->second.offset, it->second.length);
        } catch (const AssetError&) {
          t.data.clear();  // past the end of a cut file: an empty tile, which the loader counts as bad
        }
        out.push_back(std::move(t));
      }
  return out;
}

}  // namespace citywall::assets
