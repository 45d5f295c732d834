// The city cache: a second start reads the extruded buildings back exactly;
// a changed source gets a cache of its own; a damaged, cut or foreign cache
// is reported and rebuilt; a cache that cannot be written costs nothing but
// a message.

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>

#include "assets/city_cache.h"
#include "assets/city_loader.h"
#include "config/command_line.h"
#include "config/config_file.h"
#include "test_support.h"

using namespace citywall;
namespace fs = std::filesystem;

namespace {

const std::string kBund = test::sourceDir() + "/data/shanghai_bund_lujiazui_osm_buildings.geojson";

assets::CitySpec specIn(const std::string& dir, const std::string& file = kBund) {
  assets::CitySpec spec;
  spec.buildings = {file};
  spec.cacheDir = dir;
  return spec;
}

template <typename T>
bool sameBytes(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void expectSameBuildings(const scene::CityModel& a, const scene::CityModel& b) {
  EXPECT_TRUE(sameBytes(a.vertices, b.vertices));
  EXPECT_TRUE(sameBytes(a.indices, b.indices));
  EXPECT_TRUE(sameBytes(a.lineIndices, b.lineIndices));
  EXPECT_TRUE(sameBytes(a.chunks, b.chunks));
  ASSERT_EQ(a.buildings.size(), b.buildings.size());
  for (size_t i = 0; i < a.buildings.size(); ++i) {
    EXPECT_EQ(a.buildings[i].id, b.buildings[i].id);
    EXPECT_EQ(a.buildings[i].name, b.buildings[i].name);
    EXPECT_EQ(a.buildings[i].height, b.buildings[i].height);
    EXPECT_EQ(a.buildings[i].centroid, b.buildings[i].centroid);
    EXPECT_EQ(a.buildings[i].firstRing, b.buildings[i].firstRing);
    EXPECT_EQ(a.buildings[i].ringCount, b.buildings[i].ringCount);
    EXPECT_EQ(a.buildings[i].base, b.buildings[i].base);
  }
  EXPECT_TRUE(sameBytes(a.rings.points, b.rings.points));
  EXPECT_EQ(a.rings.ends, b.rings.ends);
  EXPECT_EQ(a.frame.origin().lon, b.frame.origin().lon);
  EXPECT_EQ(a.frame.origin().lat, b.frame.origin().lat);
  EXPECT_EQ(a.boundsMin, b.boundsMin);
  EXPECT_EQ(a.boundsMax, b.boundsMax);
  EXPECT_EQ(a.attributions, b.attributions);
  EXPECT_EQ(a.report.buildings, b.report.buildings);
  EXPECT_EQ(a.report.defaultHeights, b.report.defaultHeights);
}

std::string onlyFileIn(const std::string& dir) {
  std::string found;
  for (const auto& e : fs::directory_iterator(dir)) found = e.path().string();
  return found;
}

}  // namespace

TEST(CityCache, ASecondStartReadsTheBuildingsBackExactly) {
  const std::string dir = test::tempDir("city-cache");
  const scene::CityModel first = assets::loadCity(specIn(dir));
  EXPECT_FALSE(first.report.fromCache);
  EXPECT_EQ(first.cacheNote, "");
  const std::string file = onlyFileIn(dir);
  ASSERT_TRUE(file.ends_with(".citycache"));
  const scene::CityModel second = assets::loadCity(specIn(dir));
  EXPECT_TRUE(second.report.fromCache);
  expectSameBuildings(first, second);
  // Without a cache the same city is built as before.
  expectSameBuildings(first, assets::loadCity(specIn("")));
}

// The app writes a new cache beside its first frames: the load hands over
// a job, the city's mesh may be freed before it runs (the renderer holds
// it), and what the job writes is still the whole city; a job that cannot
// write says why.
TEST(CityCache, AWriteLeftForLaterHoldsTheCityAsItWasBuilt) {
  const std::string dir = test::tempDir("city-cache-later");
  std::vector<std::function<std::string()>> jobs;
  assets::CitySpec spec = specIn(dir);
  spec.writeCacheLater = [&](std::function<std::string()> job) { jobs.push_back(std::move(job)); };
  scene::CityModel first = assets::loadCity(spec);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_TRUE(fs::is_empty(dir)) << "nothing is written before the job runs";
  const scene::CityModel kept = first;
  first.releaseBuildingMesh();
  EXPECT_EQ(jobs[0](), "");
  const scene::CityModel second = assets::loadCity(specIn(dir));
  EXPECT_TRUE(second.report.fromCache);
  expectSameBuildings(kept, second);

  // A second start reads the cache and leaves no job.
  jobs.clear();
  EXPECT_TRUE(assets::loadCity(spec).report.fromCache);
  EXPECT_TRUE(jobs.empty());

  // A folder that cannot be written: the job reports it, the city was loaded all the same.
  const std::string blocked = test::writeFile(test::tempDir("city-cache-later-blocked"), "file", "not a folder");
  spec = specIn(blocked + "/cache");
  spec.writeCacheLater = [&](std::function<std::string()> job) { jobs.push_back(std::move(job)); };
  EXPECT_EQ(assets::loadCity(spec).buildings.size(), kept.buildings.size());
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_NE(jobs[0]().find("cannot write"), std::string::npos);
}

TEST(CityCache, AChangedSourceOrHowItIsReadGetsACacheOfItsOwn) {
  const std::string dir = test::tempDir("city-cache-key");
  std::string text;
  {
    std::ifstream in(kBund);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string copy = test::writeFile(dir, "bund.geojson", text);
  const std::string a = assets::cityCachePath(specIn(dir, copy), dir);
  EXPECT_EQ(a, assets::cityCachePath(specIn(dir, copy), dir)) << "the same inputs, the same cache";
  auto other = specIn(dir, copy);
  other.buildings[0].options.heightField = "高度";
  EXPECT_NE(a, assets::cityCachePath(other, dir));
  other = specIn(dir, copy);
  other.origin = geo::LonLatHeight{121.5, 31.24, 0};
  EXPECT_NE(a, assets::cityCachePath(other, dir));
  text[text.find("\"height\"") + 10] ^= 1;  // one byte of the file
  test::writeFile(dir, "bund.geojson", text);
  EXPECT_NE(a, assets::cityCachePath(specIn(dir, copy), dir));
}

TEST(CityCache, ADamagedCutOrForeignCacheIsReportedAndRebuilt) {
  const std::string dir = test::tempDir("city-cache-bad");
  const scene::CityModel built = assets::loadCity(specIn(dir));
  const std::string file = onlyFileIn(dir);
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& b) { std::ofstream(file, std::ios::binary | std::ios::trunc) << b; };
  const struct {
    std::string bytes, words;
  } cases[] = {{bytes.substr(0, bytes.size() - 100), "cut short"},
               {bytes.substr(0, bytes.size() / 2) + char(bytes[bytes.size() / 2] ^ 0x40) + bytes.substr(bytes.size() / 2 + 1), "damaged"},
               {"CWCITY\0\x09" + bytes.substr(8), "not a citywall city cache"},
               {bytes.substr(0, 8) + char(bytes[8] + 1) + bytes.substr(9), "another build"},
               {"", "cut short"}};
  for (const auto& c : cases) {
    write(c.bytes);
    const scene::CityModel city = assets::loadCity(specIn(dir));
    EXPECT_FALSE(city.report.fromCache) << c.words;
    EXPECT_NE(city.cacheNote.find(c.words), std::string::npos) << city.cacheNote;
    expectSameBuildings(built, city);
    // Rebuilt and written again: the next start reads it.
    EXPECT_TRUE(assets::loadCity(specIn(dir)).report.fromCache) << c.words;
  }
}

// A cache whose bytes are whole (its hash holds) but whose chunks point
// past the city's arrays is refused before the renderer draws from it.
TEST(CityCache, AChunkRunningPastTheArraysIsRefused) {
  const std::string dir = test::tempDir("city-cache-ranges");
  scene::CityModel city = assets::loadCity(specIn(""));
  ASSERT_FALSE(city.chunks.empty());
  const std::string path = dir + "/city.citycache";
  std::string problem;
  ASSERT_TRUE(assets::writeCityCache(path, city, problem)) << problem;
  scene::CityModel back;
  EXPECT_TRUE(assets::readCityCache(path, back, problem)) << problem;
  for (int field = 0; field < 3; ++field) {
    scene::CityModel bad = city;
    scene::BuildingChunk& c = bad.chunks.back();
    if (field == 0) c.blockIndexCount = uint32_t(bad.indices.size()) + 3;
    if (field == 1) c.coarseFirstLine = uint32_t(bad.lineIndices.size());
    if (field == 1) c.coarseLineCount = 2;
    if (field == 2) c.vertexOffset = -1;
    ASSERT_TRUE(assets::writeCityCache(path, bad, problem)) << problem;
    problem.clear();
    EXPECT_FALSE(assets::readCityCache(path, back, problem)) << field;
    EXPECT_NE(problem.find("run past the city's arrays"), std::string::npos) << problem;
  }
}

// A chunk's indices count from its own first vertex, so the cache keeps
// them in 16 bits where every one fits; a city with one past 16 bits keeps
// 32 for that array. Both read back exactly.
TEST(CityCache, IndicesTakeSixteenBitsWhereEveryOneFits) {
  const std::string dir = test::tempDir("city-cache-narrow");
  const scene::CityModel city = assets::loadCity(specIn(""));
  ASSERT_FALSE(city.indices.empty());
  const std::string narrow = dir + "/narrow.citycache", wide = dir + "/wide.citycache";
  std::string problem;
  ASSERT_TRUE(assets::writeCityCache(narrow, city, problem)) << problem;
  scene::CityModel widened = city;
  widened.indices.back() = 0x10000;
  ASSERT_TRUE(assets::writeCityCache(wide, widened, problem)) << problem;
  EXPECT_EQ(fs::file_size(wide) - fs::file_size(narrow), city.indices.size() * 2);
  scene::CityModel back;
  ASSERT_TRUE(assets::readCityCache(narrow, back, problem)) << problem;
  expectSameBuildings(city, back);
  ASSERT_TRUE(assets::readCityCache(wide, back, problem)) << problem;
  expectSameBuildings(widened, back);
}

TEST(CityCache, ACacheThatCannotBeWrittenCostsOnlyAMessage) {
  const std::string dir = test::tempDir("city-cache-readonly");
  const std::string blocker = test::writeFile(dir, "not-a-folder", "x");
  const scene::CityModel city = assets::loadCity(specIn(blocker + "/cache"));
  EXPECT_EQ(city.report.buildings, 1449u);
  EXPECT_NE(city.cacheNote.find("cannot write"), std::string::npos) << city.cacheNote;
}

TEST(CityCache, TheConfigurationAndCommandLineChooseTheFolder) {
  EXPECT_FALSE(config::parseConfig("[city]\nfiles = [\"a.geojson\"]\n", "t.toml", "/deploy").cityCache);
  EXPECT_EQ(config::parseConfig("[city]\ncache = false\n", "t.toml", "/deploy").cityCache, std::optional<std::string>(""));
  EXPECT_EQ(config::parseConfig("[city]\ncache = \"cache\"\n", "t.toml", "/deploy").cityCache,
            std::optional<std::string>("/deploy/cache"));
  const char* off[] = {"citywall", "--city", "a.geojson", "--no-city-cache"};
  EXPECT_EQ(config::parseCommandLine(4, off).cityCache, std::optional<std::string>(""));
  const char* dir[] = {"citywall", "--city", "a.geojson", "--city-cache", "/var/cache/wall"};
  EXPECT_EQ(config::parseCommandLine(5, dir).cityCache, std::optional<std::string>("/var/cache/wall"));
}

TEST(CityCache, AFolderKeepsOnlyTheCachesUsedLast) {
  const std::string dir = test::tempDir("city-cache-prune");
  for (int i = 0; i < 12; ++i) {
    const std::string f = test::writeFile(dir, "old" + std::to_string(i) + ".citycache", "x");
    fs::last_write_time(f, fs::file_time_type::clock::now() - std::chrono::hours(24 * (12 - i)));
  }
  test::writeFile(dir, "notes.txt", "not a cache");
  // What a process killed while writing left, and what one writes now.
  const std::string stale = test::writeFile(dir, "a.citycache.123.part", "half");
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
  test::writeFile(dir, "b.citycache.456.part", "being written");
  assets::loadCity(specIn(dir));  // writes one more, then prunes
  size_t caches = 0;
  bool newest = false, oldest = false, other = false, stalePart = false, freshPart = false;
  for (const auto& e : fs::directory_iterator(dir)) {
    caches += e.path().extension() == ".citycache";
    newest |= e.path().filename() == "old11.citycache";
    oldest |= e.path().filename() == "old0.citycache";
    other |= e.path().filename() == "notes.txt";
    stalePart |= e.path().filename() == "a.citycache.123.part";
    freshPart |= e.path().filename() == "b.citycache.456.part";
  }
  EXPECT_EQ(caches, assets::kKeptCaches);
  EXPECT_TRUE(newest);
  EXPECT_FALSE(oldest);
  EXPECT_TRUE(other) << "only caches are removed";
  EXPECT_FALSE(stalePart) << "a write left half done an hour ago goes";
  EXPECT_TRUE(freshPart) << "a write under way stays";
}

TEST(CityCache, AFirstBuildTellsHowFarItIs) {
  assets::CitySpec spec = specIn("");
  std::vector<std::pair<std::string, double>> told;
  spec.progress = [&](const char* stage, double f) { told.emplace_back(stage, f); };
  assets::loadCity(spec);
  ASSERT_FALSE(told.empty());
  EXPECT_EQ(told.front().first, "parsing");
  EXPECT_EQ(told.back(), (std::pair<std::string, double>{"extruding", 1.0}));
  double last = 0;
  for (const auto& [stage, f] : told)
    if (stage == "extruding") {
      EXPECT_GE(f, last);
      last = f;
    }
  // From the cache there is nothing to build, so nothing to tell.
  const std::string dir = test::tempDir("city-cache-progress");
  assets::loadCity(specIn(dir));
  spec = specIn(dir);
  told.clear();
  spec.progress = [&](const char* stage, double f) { told.emplace_back(stage, f); };
  EXPECT_TRUE(assets::loadCity(spec).report.fromCache);
  EXPECT_TRUE(told.empty());
}
