#include "assets/pmtiles.h"

#include <simdjson.h>
#include <zstd.h>

#include <algorithm>
#include <functional>
#include <memory>

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
constexpr size_t kV3HeaderBytes = 127;

// v3's compression and tile type codes.
enum : uint8_t { kCompressionUnknown = 0, kCompressionNone = 1, kCompressionGzip = 2, kCompressionBrotli = 3, kCompressionZstd = 4 };

std::string zstdInflate(std::string_view bytes) {
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  std::string out;
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  size_t rc = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
    rc = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(rc)) throw std::runtime_error(std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
    out.append(chunk.data(), o.pos);
  }
  if (rc != 0) throw std::runtime_error("corrupt zstd data: truncated");
  return out;
}

// Reads an unsigned LEB128 varint at `at`; throws when it runs off the end.
uint64_t varint(const std::string& b, size_t& at) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at >= b.size()) throw std::runtime_error("a directory ends in the middle of a number");
    const auto byte = uint8_t(b[at++]);
    v |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return v;
  }
  throw std::runtime_error("a directory number is longer than 64 bits");
}

const char* tileFormat(uint8_t type) {
  switch (type) {
    case 1: return "pbf";
    case 2: return "png";
    case 3: return "jpg";
    case 4: return "webp";
    case 5: return "avif";
  }
  return "";
}

}  // namespace

uint64_t pmtilesTileId(uint32_t z, uint32_t x, uint32_t y) {
  // Every tile of the zooms before: (4^z − 1) / 3.
  const uint64_t before = ((uint64_t(1) << (2 * z)) - 1) / 3;
  // The Hilbert index of (x, y) in a 2^z × 2^z grid, bit pair by bit pair
  // from the top, turning the quadrant each time as the curve does.
  const uint64_t n = uint64_t(1) << z;
  uint64_t tx = x, ty = y, d = 0;
  for (uint64_t s = n / 2; s > 0; s /= 2) {
    const uint64_t rx = (tx & s) ? 1 : 0, ry = (ty & s) ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) tx = n - 1 - tx, ty = n - 1 - ty;
      std::swap(tx, ty);
    }
  }
  return before + d;
}

TileId pmtilesTileAt(uint64_t id) {
  uint32_t z = 0;
  uint64_t before = 0;
  while (z < 32 && id >= before + (uint64_t(1) << (2 * z))) before += uint64_t(1) << (2 * z), ++z;
  // The Hilbert curve walked back: from the lowest bit pair up, undoing each turn.
  const uint64_t n = uint64_t(1) << z;
  uint64_t t = id - before, x = 0, y = 0;
  for (uint64_t s = 1; s < n; s *= 2) {
    const uint64_t rx = 1 & (t / 2), ry = 1 & (t ^ rx);
    if (ry == 0) {
      if (rx == 1) x = s - 1 - x, y = s - 1 - y;
      std::swap(x, y);
    }
    x += s * rx, y += s * ry;
    t /= 4;
  }
  return {z, uint32_t(x), uint32_t(y)};
}

PmTiles::PmTiles(const std::string& path) : path_(path), file_(path, std::ios::binary) {
  if (!file_) throw AssetError(path, "cannot be opened");
  file_.seekg(0, std::ios::end);
  size_ = uint64_t(file_.tellg());
  const std::string head = read(0, size_t(std::min<uint64_t>(size_, kV3HeaderBytes)));
  if (head.size() < 10 || head.compare(0, 2, "PM") != 0) throw AssetError(path, "not a PMTiles archive");
  if (head.compare(0, 7, "PMTiles") == 0) openV3(head);
  else openV1(head);
}

void PmTiles::openV3(const std::string& head) {
  version_ = uint8_t(head[7]);
  if (version_ != 3)
    throw AssetError(path_, "PMTiles version " + std::to_string(version_) + "; this build reads versions 1 and 3");
  if (head.size() < kV3HeaderBytes) throw AssetError(path_, "the PMTiles header is cut short");
  auto u64 = [&](size_t at) { return little(head, at, 8); };
  rootOffset_ = u64(8), rootLength_ = u64(16);
  const uint64_t metadataOffset = u64(24), metadataLength = u64(32);
  leavesOffset_ = u64(40);
  dataOffset_ = u64(56);
  internalCompression_ = uint8_t(head[97]);
  const auto tileCompression = uint8_t(head[98]), tileType = uint8_t(head[99]);
  info_.minZoom = uint8_t(head[100]), info_.maxZoom = uint8_t(head[101]);
  info_.format = tileFormat(tileType);
  if (internalCompression_ == kCompressionBrotli || tileCompression == kCompressionBrotli)
    throw AssetError(path_, "holds brotli-compressed data, which this build does not read (`pmtiles convert` can write gzip)");
  if (internalCompression_ > kCompressionZstd || tileCompression > kCompressionZstd)
    throw AssetError(path_, "names a compression PMTiles v3 does not define: the header is damaged");
  tileCompression_ = tileCompression;
  // (Only what is needed to open it: tiles past a cut are counted as bad when asked for.)
  if (rootOffset_ + rootLength_ > size_ || metadataOffset + metadataLength > size_)
    throw AssetError(path_, "the PMTiles header points past the end of the file (cut short?)");
  std::string metadata = decompress(read(metadataOffset, size_t(metadataLength)), "its metadata");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!parser.parse(metadata).get(doc)) {
    std::string_view v;
    if (!doc["attribution"].get_string().get(v)) info_.attribution = std::string(v);
  }
  info_.json = std::move(metadata);  // vector_layers and the schema's fields: what the loader looks for
  directory(rootOffset_, rootLength_);  // a damaged root is an error now, not a missing map later
}

void PmTiles::openV1(const std::string& head) {
  const auto version = little(head, 2, 2);
  if (version != 1) throw AssetError(path_, "PMTiles version " + std::to_string(version) + "; this build reads versions 1 and 3");
  const auto metadataLength = size_t(little(head, 4, 4));
  const auto rootEntries = size_t(little(head, 8, 2));
  if (10 + metadataLength + rootEntries * kEntryBytes > std::min<uint64_t>(size_, kHeaderBytes))
    throw AssetError(path_, "the PMTiles header is damaged (its metadata and directory do not fit)");
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

std::string PmTiles::decompress(std::string bytes, const char* what) const {
  try {
    if (internalCompression_ == kCompressionGzip) return gunzip(bytes);
    if (internalCompression_ == kCompressionZstd) return zstdInflate(bytes);
  } catch (const std::exception& e) {
    throw AssetError(path_, std::string(what) + ": " + e.what());
  }
  return bytes;
}

const std::vector<PmTiles::DirectoryEntry>& PmTiles::directory(uint64_t offset, uint64_t length) {
  if (auto it = directories_.find(offset); it != directories_.end()) return it->second;
  if (length > (64u << 20)) throw AssetError(path_, "a PMTiles directory claims more than 64 MB");
  const std::string bytes = decompress(read(offset, size_t(length)), "a directory");
  std::vector<DirectoryEntry> entries;
  try {
    size_t at = 0;
    const uint64_t count = varint(bytes, at);
    if (count > bytes.size()) throw std::runtime_error("more entries than bytes");
    entries.resize(size_t(count));
    uint64_t id = 0;
    for (auto& e : entries) e.tileId = id += varint(bytes, at);
    for (auto& e : entries) e.runLength = uint32_t(varint(bytes, at));
    for (auto& e : entries) e.length = uint32_t(varint(bytes, at));
    for (size_t i = 0; i < entries.size(); ++i) {
      const uint64_t v = varint(bytes, at);
      // 0: right after the previous entry's bytes; else the offset plus one.
      if (v == 0 && i > 0) entries[i].offset = entries[i - 1].offset + entries[i - 1].length;
      else if (v == 0) throw std::runtime_error("the first entry has no offset");
      else entries[i].offset = v - 1;
    }
  } catch (const std::exception& e) {
    throw AssetError(path_, std::string("a PMTiles directory is damaged: ") + e.what());
  }
  return directories_.emplace(offset, std::move(entries)).first->second;
}

std::optional<PmTiles::Entry> PmTiles::findV3(uint64_t tileId) {
  uint64_t offset = rootOffset_, length = rootLength_;
  for (int depth = 0; depth < 4; ++depth) {  // the root and at most three levels of leaves
    const auto& entries = directory(offset, length);
    auto it = std::upper_bound(entries.begin(), entries.end(), tileId,
                               [](uint64_t id, const DirectoryEntry& e) { return id < e.tileId; });
    if (it == entries.begin()) return std::nullopt;
    const DirectoryEntry& e = *--it;
    if (e.runLength == 0) {  // a leaf directory covering this id
      offset = leavesOffset_ + e.offset, length = e.length;
      continue;
    }
    if (tileId - e.tileId >= e.runLength) return std::nullopt;  // a gap: no such tile
    return Entry{dataOffset_ + e.offset, e.length};
  }
  return std::nullopt;
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

void PmTiles::forEachV3Entry(uint64_t offset, uint64_t length, int depth,
                             const std::function<void(const DirectoryEntry&)>& each) {
  if (depth > 3) return;  // the root and at most three levels of leaves
  for (const DirectoryEntry& e : directory(offset, length)) {
    if (e.runLength == 0) forEachV3Entry(leavesOffset_ + e.offset, e.length, depth + 1, each);
    else each(e);
  }
}

std::vector<MbTile> PmTiles::tiles(uint32_t z, double west, double south, double east, double north) {
  const TileId a = tileAt(west, north, z), b = tileAt(east, south, z);
  std::vector<std::pair<TileId, std::optional<Entry>>> found;  // no entry: a directory could not be read
  const uint64_t boxTiles = uint64_t(b.x - a.x + 1) * uint64_t(b.y - a.y + 1);
  if (version_ != 3) {
    for (auto it = tiles_.lower_bound({z, a.x, a.y}); it != tiles_.end() && std::get<0>(it->first) == z; ++it) {
      const auto [tz, x, y] = it->first;
      if (x > b.x) break;
      if (y >= a.y && y <= b.y) found.push_back({{z, x, y}, it->second});
    }
  } else if (boxTiles <= 4096) {
    // A city's box: each tile looked up through the directories.
    for (uint32_t x = a.x; x <= b.x; ++x)
      for (uint32_t y = a.y; y <= b.y; ++y) {
        try {
          if (const auto e = findV3(pmtilesTileId(z, x, y))) found.push_back({{z, x, y}, e});
        } catch (const AssetError&) {
          found.push_back({{z, x, y}, std::nullopt});  // a damaged leaf directory: this tile counts as bad, the rest go on
        }
      }
  } else {
    // A box of more tiles than an archive usually holds: walk the directories instead.
    const uint64_t first = pmtilesTileId(z, 0, 0), end = first + (uint64_t(1) << (2 * z));
    try {
      forEachV3Entry(rootOffset_, rootLength_, 0, [&](const DirectoryEntry& e) {
        for (uint64_t id = std::max(e.tileId, first); id < std::min(e.tileId + e.runLength, end); ++id) {
          const TileId t = pmtilesTileAt(id);
          if (t.x >= a.x && t.x <= b.x && t.y >= a.y && t.y <= b.y) found.push_back({t, Entry{dataOffset_ + e.offset, e.length}});
        }
      });
    } catch (const AssetError&) {
      // A damaged leaf: what was found before it stands.
    }
  }
  std::vector<MbTile> out;
  for (const auto& [id, entry] : found) {
    MbTile t;
    t.id = id;
    try {
      if (entry) t.data = read(entry->offset, entry->length);
      if (entry && tileCompression_ == kCompressionZstd) t.data = zstdInflate(t.data);
    } catch (const std::exception&) {
      t.data.clear();  // past the end of a cut file, or corrupt: an empty tile, which the loader counts as bad
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace citywall::assets
