// corner_weld.cpp — one vertex per corner of a building, each face's normal
// on the corner its triangle starts at (see corner_weld.h).

#include "assets/corner_weld.h"

#include "scene/city_model.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

namespace citywall::assets {
namespace {

// A corner is its position (bit for bit) and its building: two buildings
// never share a vertex, since a vertex carries the building the shaders
// tint and hide.
struct CornerKey {
  uint32_t x, y, z, building;
  auto operator<=>(const CornerKey&) const = default;
};

CornerKey keyOf(const scene::BuildingVertex& v) {
  CornerKey k;
  std::memcpy(&k.x, &v.position[0], 4), std::memcpy(&k.y, &v.position[1], 4), std::memcpy(&k.z, &v.position[2], 4);
  k.building = v.building;
  return k;
}

int64_t normalOf(const scene::BuildingVertex& v) {
  uint32_t n = 0;
  std::memcpy(&n, v.normal, 4);
  return int64_t(n);
}

constexpr int64_t kAnyNormal = -1;  // a vertex no triangle starts at (yet): any normal will do

// One chunk's weld: its vertices `in`, its index ranges rewritten in place.
class ChunkWeld {
 public:
  explicit ChunkWeld(const scene::BuildingVertex* in, size_t count) : in_(in), cornerOf_(count) {
    // Corners by hashing into a table of twice the vertices (open
    // addressing): a chunk's table stays in the cache, and sorting the
    // same keys took ten times as long.
    size_t capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    std::vector<uint32_t> table(capacity, 0);  // a corner's number + 1, 0 for none
    std::vector<CornerKey> keys;  // by corner
    for (uint32_t v = 0; v < count; ++v) {
      const CornerKey k = keyOf(in[v]);
      uint64_t h = (uint64_t(k.x) * 0x9E3779B97F4A7C15ull) ^ (uint64_t(k.y) * 0xC2B2AE3D27D4EB4Full) ^
                   (uint64_t(k.z) * 0x165667B19E3779F9ull) ^ (uint64_t(k.building) * 0xD6E8FEB86659FD93ull);
      h ^= h >> 29;
      for (size_t slot = size_t(h) & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
        if (!table[slot]) {
          table[slot] = uint32_t(keys.size()) + 1;
          cornerOf_[v] = uint32_t(keys.size());
          keys.push_back(k);
          break;
        }
        if (keys[table[slot] - 1] == k) {
          cornerOf_[v] = table[slot] - 1;
          break;
        }
      }
    }
    const size_t corners = keys.size();
    head_.assign(corners, -1);
  }

  void triangles(uint32_t* indices, uint32_t count) {
    for (uint32_t t = 0; t + 2 < count; t += 3) {
      uint32_t* tri = indices + t;
      const int64_t normal = normalOf(in_[tri[0]]);  // what the shader lights this face by today
      int first = -1;
      int32_t firstVertex = -1;
      // A corner that already carries this face's normal, else one no
      // triangle starts at yet, else a new vertex at the first corner.
      for (int k = 0; k < 3 && first < 0; ++k)
        if (const int32_t w = find(cornerOf_[tri[k]], normal); w >= 0) first = k, firstVertex = w;
      for (int k = 0; k < 3 && first < 0; ++k)
        if (const int32_t w = find(cornerOf_[tri[k]], kAnyNormal); w >= 0) first = k, firstVertex = w, welded_[size_t(w)].normal = normal;
      if (first < 0) first = 0, firstVertex = add(cornerOf_[tri[0]], tri[0], normal);
      uint32_t out[3];
      for (int k = 0; k < 3; ++k) {
        const int at = (first + k) % 3;  // a turn, not a swap: the winding stays
        out[k] = uint32_t(k == 0 ? firstVertex : any(tri[at]));
      }
      std::copy(out, out + 3, tri);
    }
  }

  void lines(uint32_t* indices, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) indices[i] = uint32_t(any(indices[i]));
  }

  std::vector<scene::BuildingVertex> vertices() const {
    std::vector<scene::BuildingVertex> out;
    out.reserve(welded_.size());
    for (const Welded& w : welded_) {
      scene::BuildingVertex v = in_[w.source];
      if (w.normal != kAnyNormal) {
        const uint32_t n = uint32_t(w.normal);
        std::memcpy(v.normal, &n, 4);
      }
      out.push_back(v);
    }
    return out;
  }

 private:
  struct Welded {
    int32_t next;     // the next vertex at the same corner, −1 for none
    uint32_t source;  // the input vertex it copies
    int64_t normal;   // the normal its triangles start with, or kAnyNormal
  };

  int32_t find(uint32_t corner, int64_t normal) const {
    for (int32_t w = head_[corner]; w >= 0; w = welded_[size_t(w)].next)
      if (welded_[size_t(w)].normal == normal) return w;
    return -1;
  }
  int32_t add(uint32_t corner, uint32_t source, int64_t normal) {
    welded_.push_back({head_[corner], source, normal});
    return head_[corner] = int32_t(welded_.size() - 1);
  }
  // A vertex at this input vertex's corner, whatever its normal: the
  // corner's newest, made free-normalled if it has none yet.
  int32_t any(uint32_t input) {
    const uint32_t corner = cornerOf_[input];
    return head_[corner] >= 0 ? head_[corner] : add(corner, input, kAnyNormal);
  }

  const scene::BuildingVertex* in_;
  std::vector<uint32_t> cornerOf_;  // input vertex → its corner
  std::vector<int32_t> head_;       // corner → its newest vertex, −1 for none
  std::vector<Welded> welded_;
};

}  // namespace

CornerWeldReport weldCorners(scene::CityModel& city, uint32_t firstChunk, unsigned threads) {
  CornerWeldReport report;
  const size_t chunks = city.chunks.size();
  if (firstChunk >= chunks || city.buildingMeshReleased) return report;
  // Each chunk's vertex range; the chunks must lie in the array in order.
  std::vector<size_t> begin(chunks - firstChunk + 1);
  for (size_t c = firstChunk; c < chunks; ++c) begin[c - firstChunk] = size_t(city.chunks[c].vertexOffset);
  begin.back() = city.vertices.size();
  for (size_t i = 0; i + 1 < begin.size(); ++i)
    if (begin[i] > begin[i + 1]) return report;
  report.verticesBefore = begin.back() - begin.front();

  std::vector<std::vector<scene::BuildingVertex>> welded(chunks - firstChunk);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < welded.size();) {
      scene::BuildingChunk& c = city.chunks[firstChunk + i];
      const size_t count = begin[i + 1] - begin[i];
      const scene::BuildingVertex* in = city.vertices.data() + begin[i];
      // An index past the chunk's vertices: the chunk is left as it is
      // (welding it in part would renumber some of its indices and not others).
      auto inside = [&](const std::vector<uint32_t>& all, uint32_t first, uint32_t n) {
        if (size_t(first) + n > all.size()) return false;
        return std::all_of(all.begin() + first, all.begin() + first + n, [&](uint32_t v) { return v < count; });
      };
      if (!inside(city.indices, c.firstIndex, c.indexCount) || !inside(city.indices, c.coarseFirstIndex, c.coarseIndexCount) ||
          !inside(city.indices, c.blockFirstIndex, c.blockIndexCount) || !inside(city.lineIndices, c.firstLineIndex, c.lineIndexCount) ||
          !inside(city.lineIndices, c.coarseFirstLine, c.coarseLineCount) || !inside(city.lineIndices, c.blockFirstLine, c.blockLineCount)) {
        welded[i].assign(in, in + count);
        continue;
      }
      ChunkWeld weld(in, count);
      weld.triangles(city.indices.data() + c.firstIndex, c.indexCount);
      weld.triangles(city.indices.data() + c.coarseFirstIndex, c.coarseIndexCount);
      weld.triangles(city.indices.data() + c.blockFirstIndex, c.blockIndexCount);
      weld.lines(city.lineIndices.data() + c.firstLineIndex, c.lineIndexCount);
      weld.lines(city.lineIndices.data() + c.coarseFirstLine, c.coarseLineCount);
      weld.lines(city.lineIndices.data() + c.blockFirstLine, c.blockLineCount);
      welded[i] = weld.vertices();
    }
  };
  if (!threads) threads = std::max(1u, std::thread::hardware_concurrency());
  {
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < std::min<size_t>(threads, welded.size()); ++t) workers.emplace_back(work);
    work();
  }

  // The chunks' new vertices, one after another where the old ones began
  // (all read by now). Fewer, unless a file's faces disagree with their
  // corners' normals so much that a corner needs more vertices than it had.
  size_t end = begin.front();
  for (const auto& w : welded) end += w.size();
  if (end > city.vertices.size()) city.vertices.resize(end);
  size_t at = begin.front();
  for (size_t i = 0; i < welded.size(); ++i) {
    city.chunks[firstChunk + i].vertexOffset = int32_t(at);
    std::copy(welded[i].begin(), welded[i].end(), city.vertices.begin() + std::ptrdiff_t(at));
    at += welded[i].size();
    std::vector<scene::BuildingVertex>().swap(welded[i]);
  }
  city.vertices.resize(end);
  report.verticesAfter = end - begin.front();
  return report;
}

}  // namespace citywall::assets
