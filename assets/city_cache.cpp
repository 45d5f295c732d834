#include "assets/city_cache.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <type_traits>


namespace citywall::assets {
namespace {

// Bump when the layout below or what extrusion makes changes.
constexpr uint32_t kFormat = 8;  // 2: chunks carry a coarse level; 3: buildings carry their footprints; 4: the body's hash in lanes; 5: a block level; 6: its low walls without vertical edges, roofs joined within its error; 7: corners welded; 8: indices in 16 bits where they fit
constexpr char kMagic[8] = {'C', 'W', 'C', 'I', 'T', 'Y', '\0', '\1'};
#ifndef CITYWALL_VERSION
#define CITYWALL_VERSION "dev"
#endif

// The fixed-size part of a building record on disk (its name follows).
struct BuildingRecord {
  int64_t id;
  float height, minHeight;
  double centroid[3];
  uint32_t chunk, nameLength;
  uint32_t firstRing, ringCount;
  float base;
  uint32_t unused = 0;
};

struct Header {
  char magic[8];
  uint32_t format, endianCheck;
  uint64_t sizes[6];  // sizeof BuildingVertex, BuildingChunk, BuildingRecord, CityLoadReport, glm::dvec3, the body's length
  uint64_t bodyHash;  // bodyHash() of the body: a damaged file is never trusted
};

// FNV-1a's step over 64-bit words in four interleaved lanes, then the tail
// byte by byte: a check against damage, not against an adversary. Byte by
// byte took 0.21 s for Manhattan's 176 MB, most of a second start; the
// lanes take 0.025 s (the multiplications no longer wait on each other).
uint64_t bodyHash(const unsigned char* p, size_t n) {
  constexpr uint64_t kPrime = 1099511628211ull;
  uint64_t lane[4] = {1469598103934665603ull, 0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull};
  size_t i = 0;
  for (; i + 32 <= n; i += 32)
    for (int k = 0; k < 4; ++k) {
      uint64_t w;
      std::memcpy(&w, p + i + 8 * size_t(k), 8);
      lane[k] = (lane[k] ^ w) * kPrime;
    }
  uint64_t h = lane[0];
  for (int k = 1; k < 4; ++k) h = (h ^ lane[k]) * kPrime;
  for (; i < n; ++i) h = (h ^ p[i]) * kPrime;
  return (h ^ n) * kPrime;
}

class Writer {
 public:
  template <typename T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename T>
  void array(const std::vector<T>& v) {
    pod(uint64_t(v.size()));
    bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  // A chunk's indices count from its own first vertex, so most cities'
  // fit in 16 bits: stored so, a third of the file goes (Reader::indices).
  void indices(const std::vector<uint32_t>& v) {
    const bool narrow = std::all_of(v.begin(), v.end(), [](uint32_t i) { return i <= 0xffffu; });
    pod(uint8_t(narrow ? 2 : 4));
    if (!narrow) return array(v);
    pod(uint64_t(v.size()));
    const size_t at = bytes.size();
    bytes.resize(at + v.size() * 2);
    for (size_t i = 0; i < v.size(); ++i) {
      const uint16_t n = uint16_t(v[i]);
      std::memcpy(bytes.data() + at + i * 2, &n, 2);
    }
  }
  void text(const std::string& s) {
    pod(uint32_t(s.size()));
    bytes += s;
  }
  std::string bytes;
};

class Reader {
 public:
  Reader(const unsigned char* p, size_t n) : p_(p), end_(p + n) {}
  template <typename T>
  T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return v;
  }
  template <typename T>
  void array(std::vector<T>& out) {
    const auto n = pod<uint64_t>();
    if (n > size_t(end_ - p_) / sizeof(T)) throw std::runtime_error("an array runs past the end");
    out.resize(size_t(n));
    if (n) std::memcpy(out.data(), p_, size_t(n) * sizeof(T));  // an empty vector's data() may be null
    p_ += n * sizeof(T);
  }
  // What Writer::indices wrote: 16 or 32 bits an index, read as 32.
  void indices(std::vector<uint32_t>& out) {
    const auto width = pod<uint8_t>();
    if (width == 4) return array(out);
    if (width != 2) throw std::runtime_error("indices of " + std::to_string(width) + " bytes");
    const auto n = pod<uint64_t>();
    if (n > size_t(end_ - p_) / 2) throw std::runtime_error("an array runs past the end");
    out.resize(size_t(n));
    for (size_t i = 0; i < out.size(); ++i) {
      uint16_t v;
      std::memcpy(&v, p_ + i * 2, 2);
      out[i] = v;
    }
    p_ += n * 2;
  }
  std::string text() { return text(pod<uint32_t>()); }
  std::string text(uint32_t n) {
    need(n);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }
  bool done() const { return p_ == end_; }

 private:
  void need(size_t n) {
    if (size_t(end_ - p_) < n) throw std::runtime_error("it ends too soon");
  }
  const unsigned char* p_;
  const unsigned char* end_;
};

// A file mapped read-only, unmapped when it goes.
struct Mapping {
  void* data = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (data != MAP_FAILED) munmap(data, size);
  }
};

struct Sha256 {
  Sha256() : ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free) { EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr); }
  void add(const void* p, size_t n) { EVP_DigestUpdate(ctx.get(), p, n); }
  void add(const std::string& s) {
    add(uint64_t(s.size()));
    add(s.data(), s.size());
  }
  template <typename T>
  void add(const T& v) requires std::is_arithmetic_v<T> {
    add(&v, sizeof v);
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &n);
    std::string out;
    char b[3];
    for (unsigned i = 0; i < n; ++i) std::snprintf(b, sizeof b, "%02x", digest[i]), out += b;
    return out;
  }
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx;
};

}  // namespace

std::string defaultCityCacheDir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/citywall";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/citywall";
  return "/tmp/citywall-cache";
}

std::string cityCachePath(const CitySpec& spec, const std::string& dir) {
  Sha256 h;
  h.add(std::string(CITYWALL_VERSION));
  h.add(kFormat);
  // This very build: a rebuilt citywall (extrusion changed during
  // development, an upgrade) never reads what another build cached.
  struct stat self {};
  if (::stat("/proc/self/exe", &self) == 0) h.add(int64_t(self.st_size)), h.add(int64_t(self.st_mtime));
  for (const BuildingSource& b : spec.buildings) {
    std::ifstream in(b.file, std::ios::binary);
    if (!in) return "";  // no cache: the loader names what is wrong with the file
    h.add(b.file);
    std::vector<char> buffer(1 << 20);
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0) h.add(buffer.data(), size_t(in.gcount()));
    const FootprintOptions& o = b.options;
    h.add(o.defaultHeight), h.add(o.metresPerLevel), h.add(o.heightField), h.add(o.minHeightField), h.add(o.levelsField);
    h.add(int(o.crs));
    for (const auto& k : o.keyFields) h.add(k);
    for (const auto& k : o.nameFields) h.add(k);
  }
  h.add(spec.origin.has_value());
  if (spec.origin) h.add(spec.origin->lon), h.add(spec.origin->lat), h.add(spec.origin->height);
  const ExtrudeOptions& e = spec.extrude;
  h.add(int(e.floors)), h.add(e.chunkSize), h.add(e.cornerAngleDeg), h.add(e.minArea), h.add(e.weldCorners);
  return (std::filesystem::path(dir) / (h.hex().substr(0, 32) + ".citycache")).string();
}

std::string packCityCache(const scene::CityModel& city) {
  Writer body;
  body.bytes.resize(sizeof(Header));  // the header goes first, written by storeCityCache
  const geo::LonLatHeight o = city.frame.origin();
  body.pod(o.lon), body.pod(o.lat), body.pod(o.height);
  body.array(city.vertices);
  body.indices(city.indices);
  body.indices(city.lineIndices);
  body.array(city.chunks);
  body.array(city.rings.points);
  body.array(city.rings.ends);
  body.pod(uint64_t(city.buildings.size()));
  for (const auto& b : city.buildings) {
    body.pod(BuildingRecord{b.id, b.height, b.minHeight, {b.centroid.x, b.centroid.y, b.centroid.z}, b.chunk,
                            uint32_t(b.name.size()), b.firstRing, b.ringCount, b.base});
    body.bytes += b.name;
  }
  body.pod(city.boundsMin), body.pod(city.boundsMax);
  body.pod(city.report);
  body.pod(uint64_t(city.attributions.size()));
  for (const auto& a : city.attributions) body.text(a);
  return std::move(body.bytes);
}

bool storeCityCache(const std::string& path, std::string packed, std::string& problem) {
  if (packed.size() < sizeof(Header)) return problem = "nothing packed for " + path, false;
  const size_t bodySize = packed.size() - sizeof(Header);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.format = kFormat, h.endianCheck = 0x01020304u;
  h.sizes[0] = sizeof(scene::BuildingVertex), h.sizes[1] = sizeof(scene::BuildingChunk), h.sizes[2] = sizeof(BuildingRecord);
  h.sizes[3] = sizeof(scene::CityLoadReport), h.sizes[4] = sizeof(glm::dvec3), h.sizes[5] = bodySize;
  h.bodyHash = bodyHash(reinterpret_cast<const unsigned char*>(packed.data()) + sizeof(Header), bodySize);
  std::memcpy(packed.data(), &h, sizeof h);

  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string temporary = path + "." + std::to_string(::getpid()) + ".part";  // two walls starting at once never share one
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(packed.data(), std::streamsize(packed.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary, ec);
      problem = "cannot write " + temporary + " (disk full or not writable); the city goes on without a cache";
      return false;
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    problem = "cannot put the cache at " + path + ": " + ec.message();
    return false;
  }
  pruneCityCaches(std::filesystem::path(path).parent_path().string(), kKeptCaches);
  return true;
}

bool writeCityCache(const std::string& path, const scene::CityModel& city, std::string& problem) {
  return storeCityCache(path, packCityCache(city), problem);
}

void pruneCityCaches(const std::string& dir, size_t keep) {
  // The most recently used stay (a read touches its file); older builds' and
  // old sources' caches go, so the folder does not grow with every upgrade.
  std::error_code ec;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> caches;
  const auto staleBefore = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".citycache") caches.emplace_back(e.last_write_time(ec), e.path());
    // A write a killed process left half done (a live one touches its file as it goes).
    if (e.path().extension() == ".part" && e.path().filename().string().find(".citycache.") != std::string::npos &&
        e.last_write_time(ec) < staleBefore)
      std::filesystem::remove(e.path(), ec);
  }
  if (caches.size() <= keep) return;
  std::sort(caches.begin(), caches.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = keep; i < caches.size(); ++i) std::filesystem::remove(caches[i].second, ec);
}

bool readCityCache(const std::string& path, scene::CityModel& city, std::string& problem) {
  problem.clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no cache yet: nothing to say
  struct stat st {};
  Mapping map;
  if (fstat(fd, &st) == 0 && st.st_size > 0) {
    map.size = size_t(st.st_size);
    map.data = mmap(nullptr, map.size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (map.size == 0) return problem = path + ": cut short; rebuilding the city", false;
  if (map.data == MAP_FAILED) return problem = path + ": cannot be mapped; rebuilding the city", false;
  const auto* bytes = static_cast<const unsigned char*>(map.data);
  Header h{};
  if (map.size < sizeof h) return problem = path + ": cut short; rebuilding the city", false;
  std::memcpy(&h, bytes, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return problem = path + ": not a citywall city cache; rebuilding", false;
  if (h.format != kFormat || h.endianCheck != 0x01020304u || h.sizes[0] != sizeof(scene::BuildingVertex) ||
      h.sizes[1] != sizeof(scene::BuildingChunk) || h.sizes[2] != sizeof(BuildingRecord) ||
      h.sizes[3] != sizeof(scene::CityLoadReport) || h.sizes[4] != sizeof(glm::dvec3))
    return problem = path + ": written by another build of citywall; rebuilding the city", false;
  if (h.sizes[5] != map.size - sizeof h) return problem = path + ": cut short; rebuilding the city", false;
  if (bodyHash(bytes + sizeof h, size_t(h.sizes[5])) != h.bodyHash) return problem = path + ": damaged; rebuilding the city", false;
  scene::CityModel c;
  try {
    Reader r(bytes + sizeof h, size_t(h.sizes[5]));
    geo::LonLatHeight o;
    o.lon = r.pod<double>(), o.lat = r.pod<double>(), o.height = r.pod<double>();
    c.frame = geo::GeoFrame(o);
    r.array(c.vertices);
    r.indices(c.indices);
    r.indices(c.lineIndices);
    r.array(c.chunks);
    // The renderer draws these ranges as they are: each must lie in the arrays.
    for (const scene::BuildingChunk& k : c.chunks) {
      auto inside = [](uint64_t first, uint64_t count, size_t size) { return first + count <= size; };
      if (!inside(k.firstIndex, k.indexCount, c.indices.size()) || !inside(k.coarseFirstIndex, k.coarseIndexCount, c.indices.size()) ||
          !inside(k.blockFirstIndex, k.blockIndexCount, c.indices.size()) ||
          !inside(k.firstLineIndex, k.lineIndexCount, c.lineIndices.size()) ||
          !inside(k.coarseFirstLine, k.coarseLineCount, c.lineIndices.size()) ||
          !inside(k.blockFirstLine, k.blockLineCount, c.lineIndices.size()) || k.vertexOffset < 0 ||
          uint64_t(k.vertexOffset) > c.vertices.size())
        throw std::runtime_error("a chunk's indices run past the city's arrays");
    }
    r.array(c.rings.points);
    r.array(c.rings.ends);
    for (size_t i = 0; i < c.rings.ends.size(); ++i)  // picking walks them: they must stay inside the points
      if (c.rings.ends[i] > c.rings.points.size() || (i && c.rings.ends[i] < c.rings.ends[i - 1]))
        throw std::runtime_error("a footprint ring runs past its points");
    const auto n = r.pod<uint64_t>();
    if (n > h.sizes[5] / sizeof(BuildingRecord)) throw std::runtime_error("too many buildings");
    c.buildings.resize(size_t(n));
    for (auto& b : c.buildings) {
      const auto rec = r.pod<BuildingRecord>();
      b.id = rec.id, b.height = rec.height, b.minHeight = rec.minHeight, b.chunk = rec.chunk;
      if (uint64_t(rec.firstRing) + rec.ringCount > c.rings.ends.size()) throw std::runtime_error("a building's rings are not there");
      b.firstRing = rec.firstRing, b.ringCount = rec.ringCount, b.base = rec.base;
      b.centroid = {rec.centroid[0], rec.centroid[1], rec.centroid[2]};
      b.name = r.text(rec.nameLength);
    }
    c.boundsMin = r.pod<glm::dvec3>(), c.boundsMax = r.pod<glm::dvec3>();
    c.report = r.pod<scene::CityLoadReport>();
    const auto credits = r.pod<uint64_t>();
    for (uint64_t i = 0; i < credits && i < 1000; ++i) c.attributions.push_back(r.text());
    if (!r.done()) throw std::runtime_error("bytes left over");
  } catch (const std::exception& e) {
    return problem = path + ": " + e.what() + "; rebuilding the city", false;
  }
  city.frame = c.frame;
  city.vertices = std::move(c.vertices), city.indices = std::move(c.indices), city.lineIndices = std::move(c.lineIndices);
  city.chunks = std::move(c.chunks), city.buildings = std::move(c.buildings), city.rings = std::move(c.rings);
  city.boundsMin = c.boundsMin, city.boundsMax = c.boundsMax, city.report = c.report;
  city.attributions = std::move(c.attributions);
  std::error_code ec;
  std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now(), ec);  // used: kept by the pruning
  return true;
}

}  // namespace citywall::assets
