// 3D Tiles: reading tilesets, subtrees and content; choosing tiles by
// screen-space error; the memory budget; bad input.

#include <draco/compression/encode.h>
#include <draco/point_cloud/point_cloud_builder.h>
#include <gtest/gtest.h>

#include <glm/gtc/type_ptr.hpp>

#include <cmath>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <set>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <fstream>
#include <thread>

#include "assets/asset_error.h"
#include "assets/model_loader.h"
#include "assets/tiles3d/memory_ledger.h"
#include "assets/tiles3d/subtree.h"
#include "assets/tiles3d/tile_content.h"
#include "assets/tiles3d/tileset_file.h"
#include "assets/city_loader.h"
#include "assets/tiles3d/tileset_streamer.h"
#include "assets/tiles3d/tileset_writer.h"
#include "scene/picking.h"
#include "test_support.h"

using namespace citywall;
using namespace citywall::assets::tiles3d;

namespace {

std::string data(const std::string& rel) { return test::sourceDir() + "/tests/data/3dtiles/" + rel; }

// Walks an implicit tileset's subtrees from the files and counts the
// available tiles and contents per level.
void walkImplicit(const TilesetFile& file, std::vector<size_t>& tiles, std::vector<size_t>& contents) {
  const ImplicitTiling& t = *file.root.implicit;
  tiles.assign(t.availableLevels, 0), contents.assign(t.availableLevels, 0);
  struct Root { uint32_t level, x, y, z; };
  std::vector<Root> todo{{0, 0, 0, 0}};
  while (!todo.empty()) {
    const Root r = todo.back();
    todo.pop_back();
    const std::string path = expandTemplate(t.subtreeTemplate, r.level, r.x, r.y, r.z);
    const Subtree st = readSubtree(assets::readFileBytes(path), path);
    for (uint32_t rel = 0; rel <= t.subtreeLevels && r.level + rel < t.availableLevels; ++rel) {
      const uint32_t side = 1u << rel;
      for (uint32_t z = 0; z < (t.octree ? side : 1); ++z)
        for (uint32_t y = 0; y < side; ++y)
          for (uint32_t x = 0; x < side; ++x) {
            const uint64_t m = mortonIndex(x, y, z, t.octree);
            if (rel == t.subtreeLevels) {
              if (st.childSubtrees.at(m)) todo.push_back({r.level + rel, (r.x << rel) + x, (r.y << rel) + y, (r.z << rel) + z});
              continue;
            }
            const uint64_t bit = subtreeBitIndex(rel, m, t.octree);
            if (!st.tiles.at(bit)) continue;
            ++tiles[r.level + rel];
            if (!st.contents.empty() && st.contents[0].at(bit)) {
              ++contents[r.level + rel];
              EXPECT_TRUE(std::filesystem::exists(expandTemplate(file.root.contents[0], r.level + rel, (r.x << rel) + x,
                                                                 (r.y << rel) + y, (r.z << rel) + z)));
            }
          }
    }
  }
}

// A camera looking straight down at the frame point `target` from `distance` metres.
scene::CameraMatrices straightDown(glm::dvec3 target, double distance, double w = 1000, double h = 1000) {
  scene::MapCamera c;
  c.target = target;
  c.distance = distance;
  c.pitch = 0;
  c.normalize();
  return c.matrices(w, h);
}

// Updates until nothing is loading (the workers finish within seconds).
void settle(TilesetStreamer& s, const scene::CameraMatrices& m, double h = 1000) {
  for (int i = 0; i < 500; ++i) {
    s.update(m, h);
    if (s.loading() == 0) {
      s.update(m, h);
      if (s.loading() == 0) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL() << "tiles still loading after 2.5 s";
}

std::vector<std::string> drawnFiles(const TilesetStreamer& s) {
  std::vector<std::string> out;
  for (const auto& d : s.draws()) out.push_back(std::filesystem::path(d.mesh->source).filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string pad8(std::string s, char with) {
  while (s.size() % 8) s += with;
  return s;
}

template <typename T>
std::string bytesOf(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

// A feature table, its binary body and a batch table: what pnts and i3dm carry before their body.
struct Tables {
  std::string json, binary, batch;
};

// Three instances of a model: at the origin, twice as large at x = 10, and at y = 20; batch ids 0, 1, 2.
Tables threeInstances() {
  return {pad8(R"({"INSTANCES_LENGTH":3,"POSITION":{"byteOffset":0},"SCALE":{"byteOffset":36},)"
               R"("BATCH_ID":{"byteOffset":48,"componentType":"UNSIGNED_BYTE"}})", ' '),
          pad8(bytesOf<float>({0, 0, 0, 10, 0, 0, 0, 20, 0}) + bytesOf<float>({1, 2, 1}) + std::string("\x00\x01\x02", 3), '\0'),
          pad8(R"({"species":["oak","pine","elm"]})", ' ')};
}

std::string i3dmBytes(const Tables& t, uint32_t gltfFormat, const std::string& body) {
  const uint32_t header[7] = {1, uint32_t(32 + t.json.size() + t.binary.size() + t.batch.size() + body.size()), uint32_t(t.json.size()),
                              uint32_t(t.binary.size()), uint32_t(t.batch.size()), 0, gltfFormat};
  return "i3dm" + std::string(reinterpret_cast<const char*>(header), sizeof header) + t.json + t.binary + t.batch + body;
}

// Three points: quantized positions in a 100 × 50 × 8 m volume at (10, 20, 0), red, green and blue in
// RGB565, batch ids 0, 1, 1 of two features.
Tables threePoints() {
  return {pad8(R"({"POINTS_LENGTH":3,"POSITION_QUANTIZED":{"byteOffset":0},"QUANTIZED_VOLUME_OFFSET":[10,20,0],)"
               R"("QUANTIZED_VOLUME_SCALE":[100,50,8],"RGB565":{"byteOffset":18},)"
               R"("BATCH_LENGTH":2,"BATCH_ID":{"byteOffset":24,"componentType":"UNSIGNED_BYTE"}})", ' '),
          pad8(bytesOf<uint16_t>({0, 0, 0, 65535, 0, 0, 0, 65535, 65535}) + bytesOf<uint16_t>({0xf800, 0x07e0, 0x001f}) +
                   std::string("\x00\x01\x01", 3), '\0'),
          pad8(R"({"kind":["pole","tree"]})", ' ')};
}

std::string pntsBytes(const Tables& t) {
  const uint32_t header[6] = {1, uint32_t(28 + t.json.size() + t.binary.size() + t.batch.size()), uint32_t(t.json.size()),
                              uint32_t(t.binary.size()), uint32_t(t.batch.size()), 0};
  return "pnts" + std::string(reinterpret_cast<const char*>(header), sizeof header) + t.json + t.binary + t.batch;
}

// threePoints() compressed with Draco (3DTILES_draco_point_compression):
// positions, RGB and batch ids in the Draco data, the table's body nothing
// else; `damaged` flips the bytes after the Draco header.
Tables dracoPoints(bool damaged) {
  draco::PointCloudBuilder builder;
  builder.Start(3);
  const int pos = builder.AddAttribute(draco::GeometryAttribute::POSITION, 3, draco::DT_FLOAT32);
  const int rgb = builder.AddAttribute(draco::GeometryAttribute::COLOR, 3, draco::DT_UINT8);
  const int ids = builder.AddAttribute(draco::GeometryAttribute::GENERIC, 1, draco::DT_UINT8);
  const float positions[3][3] = {{10, 20, 0}, {110, 20, 0}, {10, 70, 8}};
  const uint8_t colours[3][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
  const uint8_t batch[3] = {0, 1, 1};
  for (uint32_t i = 0; i < 3; ++i) {
    builder.SetAttributeValueForPoint(pos, draco::PointIndex(i), positions[i]);
    builder.SetAttributeValueForPoint(rgb, draco::PointIndex(i), colours[i]);
    builder.SetAttributeValueForPoint(ids, draco::PointIndex(i), &batch[i]);
  }
  const std::unique_ptr<draco::PointCloud> cloud = builder.Finalize(false);
  draco::Encoder encoder;
  draco::EncoderBuffer out;
  EXPECT_TRUE(encoder.EncodePointCloudToBuffer(*cloud, &out).ok());
  std::string body(out.data(), out.size());
  if (damaged)
    for (size_t i = 15; i < body.size(); ++i) body[i] = char(body[i] ^ 0x5a);  // past the header and the count
  const auto id = [&](int att) { return std::to_string(cloud->attribute(att)->unique_id()); };
  return {pad8(R"({"POINTS_LENGTH":3,"POSITION":{"byteOffset":0},"RGB":{"byteOffset":0},)"
               R"("BATCH_LENGTH":2,"BATCH_ID":{"byteOffset":0,"componentType":"UNSIGNED_BYTE"},)"
               R"("extensions":{"3DTILES_draco_point_compression":{"properties":{"POSITION":)" + id(pos) + R"(,"RGB":)" + id(rgb) +
                   R"(,"BATCH_ID":)" + id(ids) + R"(},"byteOffset":0,"byteLength":)" + std::to_string(body.size()) + "}}}",
               ' '),
          pad8(body, '\0'), pad8(R"({"kind":["pole","tree"]})", ' ')};
}

// Three points of a survey compressed with Draco, without batch ids: the
// batch table has a row per point, its Classification (one byte) and
// Intensity (two) kept in the Draco data, its "part" as JSON. `badType`
// gives Intensity a type that is not SCALAR or VEC2–4.
Tables dracoRows(bool badType = false) {
  draco::PointCloudBuilder builder;
  builder.Start(3);
  const int pos = builder.AddAttribute(draco::GeometryAttribute::POSITION, 3, draco::DT_FLOAT32);
  const int classes = builder.AddAttribute(draco::GeometryAttribute::GENERIC, 1, draco::DT_UINT8);
  const int intensity = builder.AddAttribute(draco::GeometryAttribute::GENERIC, 1, draco::DT_UINT16);
  const float positions[3][3] = {{10, 20, 0}, {110, 20, 0}, {10, 70, 8}};
  const uint8_t classification[3] = {2, 6, 64};
  const uint16_t intensities[3] = {100, 2000, 65535};
  for (uint32_t i = 0; i < 3; ++i) {
    builder.SetAttributeValueForPoint(pos, draco::PointIndex(i), positions[i]);
    builder.SetAttributeValueForPoint(classes, draco::PointIndex(i), &classification[i]);
    builder.SetAttributeValueForPoint(intensity, draco::PointIndex(i), &intensities[i]);
  }
  const std::unique_ptr<draco::PointCloud> cloud = builder.Finalize(false);
  draco::Encoder encoder;
  encoder.SetSpeedOptions(10, 10);  // sequential: the values come back exactly
  draco::EncoderBuffer out;
  EXPECT_TRUE(encoder.EncodePointCloudToBuffer(*cloud, &out).ok());
  const std::string body(out.data(), out.size());
  const auto id = [&](int att) { return std::to_string(cloud->attribute(att)->unique_id()); };
  return {pad8(R"({"POINTS_LENGTH":3,"POSITION":{"byteOffset":0},)"
               R"("extensions":{"3DTILES_draco_point_compression":{"properties":{"POSITION":)" + id(pos) +
                   R"(},"byteOffset":0,"byteLength":)" + std::to_string(body.size()) + "}}}",
               ' '),
          pad8(body, '\0'),
          pad8(R"({"Classification":{"byteOffset":0,"componentType":"UNSIGNED_BYTE","type":"SCALAR"},)"
               R"("Intensity":{"byteOffset":0,"componentType":"UNSIGNED_SHORT","type":")" + std::string(badType ? "MAT4" : "SCALAR") + R"("},)"
               R"("part":["ground","pole","tree"],)"
               R"("extensions":{"3DTILES_draco_point_compression":{"properties":{"Classification":)" + id(classes) +
                   R"(,"Intensity":)" + id(intensity) + "}}}}",
               ' ')};
}

const geo::GeoFrame& lujiazui() {
  static const geo::GeoFrame f({121.5, 31.24, 0});
  return f;
}

}  // namespace

TEST(Tiles3dFile, ReadsImplicitQuadtreeAndItsSubtrees) {
  const TilesetFile f = readTilesetFile(data("SparseImplicitQuadtree/tileset.json"));
  EXPECT_EQ(f.version, "1.1");
  ASSERT_TRUE(f.root.implicit);
  EXPECT_FALSE(f.root.implicit->octree);
  EXPECT_EQ(f.root.implicit->subtreeLevels, 3u);
  EXPECT_EQ(f.root.implicit->availableLevels, 6u);
  EXPECT_EQ(f.root.refine, Refine::add);
  EXPECT_EQ(f.root.volume.kind, BoundingVolume::Kind::box);
  // The sample's documented availability: 1, 2, 4, 8, 16, 32 tiles per level, 32 contents, all at level 5.
  std::vector<size_t> tiles, contents;
  walkImplicit(f, tiles, contents);
  EXPECT_EQ(tiles, (std::vector<size_t>{1, 2, 4, 8, 16, 32}));
  EXPECT_EQ(contents, (std::vector<size_t>{0, 0, 0, 0, 0, 32}));
}

// 3D Tiles 1.0 with the extensions that became 1.1: 3DTILES_implicit_tiling
// (maximumLevel, the deepest level, for availableLevels) and
// 3DTILES_multiple_contents ("content" as an array). The quadtree sample
// written that way reads as the 1.1 file does.
TEST(Tiles3dFile, ReadsTheExtensionFormsOf1_0) {
  const std::string json = R"({"asset": {"version": "1.0"}, "geometricError": 1024.0,
    "extensionsUsed": ["3DTILES_implicit_tiling", "3DTILES_multiple_contents"],
    "extensionsRequired": ["3DTILES_implicit_tiling", "3DTILES_multiple_contents"],
    "root": {"boundingVolume": {"box": [0.5, 0.5, 0.00625, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.00625]},
      "geometricError": 32.0, "refine": "ADD",
      "extensions": {
        "3DTILES_multiple_contents": {"content": [{"uri": "content/content_{level}__{x}_{y}.glb"}, {"uri": "content/more_{level}.b3dm"}]},
        "3DTILES_implicit_tiling": {"subdivisionScheme": "QUADTREE", "subtreeLevels": 3, "maximumLevel": 5,
                                    "subtrees": {"uri": "subtrees/{level}.{x}.{y}.subtree"}}}}})";
  // The original and its rewriting side by side, in the sample's folder (the subtrees are relative).
  const std::string dir = test::tempDir("tiles3d_extension_forms");
  std::filesystem::copy(data("SparseImplicitQuadtree"), dir, std::filesystem::copy_options::recursive);
  const TilesetFile ext = readTilesetFile(test::writeFile(dir, "tileset_1_0.json", json));
  ASSERT_TRUE(ext.root.implicit) << json;
  EXPECT_EQ(ext.root.implicit->availableLevels, 6u);
  EXPECT_EQ(ext.root.implicit->subtreeLevels, 3u);
  EXPECT_FALSE(ext.root.implicit->octree);
  ASSERT_EQ(ext.root.contents.size(), 2u);
  EXPECT_NE(ext.root.contents[1].find("more_{level}.b3dm"), std::string::npos);
  std::vector<size_t> tiles, contents, tiles11, contents11;
  walkImplicit(ext, tiles, contents);
  walkImplicit(readTilesetFile(dir + "/tileset.json"), tiles11, contents11);
  EXPECT_EQ(tiles, tiles11);
  EXPECT_EQ(contents, contents11);
  // A maximumLevel out of range is an error naming it.
  std::string bad = json;
  bad.replace(bad.find("\"maximumLevel\": 5"), 17, "\"maximumLevel\": -1");
  try {
    readTilesetFile(test::writeFile(dir, "bad.json", bad));
    ADD_FAILURE() << "a negative maximumLevel was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("maximumLevel"), std::string::npos) << e.what();
  }
}

TEST(Tiles3dFile, ReadsImplicitOctree) {
  const TilesetFile f = readTilesetFile(data("SparseImplicitOctree/tileset.json"));
  ASSERT_TRUE(f.root.implicit);
  EXPECT_TRUE(f.root.implicit->octree);
  std::vector<size_t> tiles, contents;
  walkImplicit(f, tiles, contents);
  EXPECT_EQ(tiles, (std::vector<size_t>{1, 5, 8, 12, 16, 16}));
  EXPECT_EQ(contents, (std::vector<size_t>{0, 1, 2, 4, 8, 16}));
}

TEST(Tiles3dFile, MortonOrderAndSubtreeIndex) {
  EXPECT_EQ(mortonIndex(1, 0, 0, false), 1u);
  EXPECT_EQ(mortonIndex(0, 1, 0, false), 2u);
  EXPECT_EQ(mortonIndex(3, 3, 0, false), 15u);
  EXPECT_EQ(mortonIndex(0, 0, 1, true), 4u);
  EXPECT_EQ(subtreeBitIndex(0, 0, false), 0u);
  EXPECT_EQ(subtreeBitIndex(2, 3, false), 1u + 4u + 3u);
  EXPECT_EQ(subtreeBitIndex(2, 0, true), 1u + 8u);
}

TEST(Tiles3dFile, SubdividesBoxesAndRegions) {
  BoundingVolume box;
  box.v = {0, 0, 5, 10, 0, 0, 0, 10, 0, 0, 0, 5};
  const BoundingVolume c = box.subdivided(1, 1, 0, 0, false);
  EXPECT_EQ((std::array<double, 3>{c.v[0], c.v[1], c.v[2]}), (std::array<double, 3>{5, -5, 5}));
  // Each split axis halves; z is not split in a quadtree.
  EXPECT_EQ((std::array<double, 3>{c.v[3], c.v[7], c.v[11]}), (std::array<double, 3>{5, 5, 5}));
  BoundingVolume region;
  region.kind = BoundingVolume::Kind::region;
  region.v = {0, 0, 1, 1, 0, 100};
  const BoundingVolume r = region.subdivided(2, 3, 1, 1, true);
  EXPECT_EQ((std::array<double, 4>{r.v[0], r.v[1], r.v[4], r.v[5]}), (std::array<double, 4>{0.75, 0.25, 25, 50}));
}

TEST(Tiles3dFile, ResolvesUrisAndRefusesServers) {
  EXPECT_EQ(resolveUri("/a/b/tileset.json", "c/d%20e.glb?v=2"), "/a/b/c/d e.glb");
  EXPECT_EQ(resolveUri("/a/b/tileset.json", "../x.b3dm"), "/a/x.b3dm");
  EXPECT_THROW(resolveUri("/a/tileset.json", "https://example.com/t.glb"), assets::AssetError);
  EXPECT_EQ(expandTemplate("c/{level}/{x}_{y}_{z}.glb", 3, 4, 5, 6), "c/3/4_5_6.glb");
}

TEST(Tiles3dFile, BadTilesetsAreClearErrors) {
  const std::string dir = test::tempDir("tiles3d_bad");
  auto expectError = [&](const std::string& text, const std::string& words) {
    const std::string path = test::writeFile(dir, "tileset.json", text);
    try {
      readTilesetFile(path);
      ADD_FAILURE() << "no error for " << text;
    } catch (const assets::AssetError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("tileset.json"), std::string::npos) << e.what();
    }
  };
  expectError("{\"asset\":", "not valid JSON");
  expectError("{\"asset\":{\"version\":\"1.1\"}}", "no \"root\"");
  expectError(R"({"root":{"geometricError":1}})", "no boundingVolume");
  expectError(R"({"root":{"boundingVolume":{"box":[1,2,3]},"geometricError":1}})", "12 numbers");
  expectError(R"({"root":{"boundingVolume":{"sphere":[0,0,0,1]},"geometricError":1,"refine":"MERGE"}})", "ADD or REPLACE");
  expectError(R"({"root":{"boundingVolume":{"sphere":[0,0,0,1]},"geometricError":1,"content":{"uri":"http://x/a.glb"}}})", "server");
  // Found by fuzz_tiles3d: the tileset's own geometricError as text ended the process.
  expectError(R"({"root":{"boundingVolume":{"sphere":[0,0,0,1]},"geometricError":1},"geometricError":"ADD"})", "text where a number belongs");
  expectError(R"({"root":{"boundingVolume":{"sphere":[0,0,0,"x"]},"geometricError":1}})", "text where a number belongs");
}

TEST(Tiles3dContent, ReadsB3dmWithRtcCentreAndBatchIds) {
  const TileContent c = readTileContent(data("b3dm_city/ll.b3dm"));
  ASSERT_EQ(c.meshes.size(), 1u);
  const ContentMesh& m = c.meshes[0];
  // RTC_CENTER puts it in ECEF near Philadelphia (6.37e6 m from the Earth's centre).
  const glm::dvec3 centre(m.toTileset * glm::dvec4(0, 0, 0, 1));
  EXPECT_NEAR(glm::length(centre), 6.37e6, 0.02e6);
  std::set<uint32_t> features;
  for (const auto& v : m.mesh.vertices) features.insert(v.feature);
  EXPECT_EQ(features.size(), 10u);  // BATCH_LENGTH 10
  EXPECT_EQ(*features.rbegin(), 9u);
}

// A glTF tile read from its file lets the file's bytes go once parsed
// (a worker's peak memory); what it makes must be what the same bytes make
// when they are kept: a GLB, glTF JSON with a texture and with
// EXT_mesh_features, and a b3dm (which keeps its bytes for the batch table).
TEST(Tiles3dContent, FileAndBytesMakeTheSameMeshes) {
  for (const std::string& path : {data("SparseImplicitQuadtree/content/content_5__25_12.glb"), test::sourceDir() + "/tests/data/BoxTextured.gltf",
                                  data("FeatureIdAttributeAndPropertyTable/FeatureIdAttributeAndPropertyTable.gltf"),
                                  data("b3dm_city/ll.b3dm")}) {
    SCOPED_TRACE(path);
    const TileContent fromFile = readTileContent(path);
    const TileContent fromBytes = readTileContentBytes(assets::readFileBytes(path), path);
    ASSERT_EQ(fromFile.meshes.size(), fromBytes.meshes.size());
    ASSERT_FALSE(fromFile.meshes.empty());
    EXPECT_EQ(fromFile.warnings, fromBytes.warnings);
    for (size_t i = 0; i < fromFile.meshes.size(); ++i) {
      const scene::ModelMesh &a = fromFile.meshes[i].mesh, &b = fromBytes.meshes[i].mesh;
      ASSERT_FALSE(a.vertices.empty());
      ASSERT_EQ(a.vertices.size(), b.vertices.size());
      EXPECT_EQ(std::memcmp(a.vertices.data(), b.vertices.data(), a.vertices.size() * sizeof(scene::ModelVertex)), 0);
      EXPECT_EQ(a.indices, b.indices);
      EXPECT_EQ(a.offset, b.offset);
      EXPECT_EQ(a.features.count, b.features.count);
      ASSERT_EQ(a.images.size(), b.images.size());
      for (size_t k = 0; k < a.images.size(); ++k) EXPECT_EQ(a.images[k].rgba, b.images[k].rgba);
      EXPECT_EQ(fromFile.meshes[i].toTileset, fromBytes.meshes[i].toTileset);
    }
  }
  EXPECT_FALSE(readTileContent(test::sourceDir() + "/tests/data/BoxTextured.gltf").meshes.at(0).mesh.images.empty());
  // A damaged one read from its file is an error naming the file, as from bytes.
  const std::string dir = test::tempDir("tiles3d_file_and_bytes");
  const std::string cut = test::writeFile(dir, "cut.glb", assets::readFileBytes(data("SparseImplicitQuadtree/content/content_5__25_12.glb")).substr(0, 40));
  try {
    readTileContent(cut);
    ADD_FAILURE() << "a cut GLB was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.glb"), std::string::npos) << e.what();
  }
}

TEST(Tiles3dContent, ReadsFeatureIdsOfExtMeshFeatures) {
  const TileContent c = readTileContent(data("FeatureIdAttributeAndPropertyTable/FeatureIdAttributeAndPropertyTable.gltf"));
  ASSERT_EQ(c.meshes.size(), 1u);
  std::set<uint32_t> features;
  for (const auto& v : c.meshes[0].mesh.vertices) features.insert(v.feature);
  EXPECT_EQ(features, (std::set<uint32_t>{0, 1, 2, 3}));
}

// An Instanced 3D Model: the box model copied to three instances (moved,
// one of them scaled), into one mesh whose feature ids are the instances'
// batch ids, with the batch table's properties.
TEST(Tiles3dContent, InstancedModelsAreCopiedToEveryInstance) {
  const std::string dir = test::tempDir("tiles3d_i3dm");
  std::filesystem::copy_file(test::sourceDir() + "/tests/data/BoxTextured.gltf", dir + "/box.gltf",
                             std::filesystem::copy_options::overwrite_existing);
  const Tables tables = threeInstances();
  const std::string uri = pad8("box.gltf", ' ');
  const auto write = [&](const std::string& name, const Tables& t, uint32_t format, const std::string& body) {
    return test::writeFile(dir, name, i3dmBytes(t, format, body));
  };
  const TileContent c = readTileContent(write("trees.i3dm", tables, 0, uri));
  ASSERT_EQ(c.meshes.size(), 1u);
  const scene::ModelMesh& m = c.meshes[0].mesh;
  const scene::ModelMesh box = assets::loadGltfBytes(assets::readFileBytes(dir + "/box.gltf"), dir, "box.gltf");
  ASSERT_EQ(m.vertices.size(), 3 * box.vertices.size());
  EXPECT_EQ(m.indices.size(), 3 * box.indices.size());
  ASSERT_EQ(m.parts.size(), box.parts.size());
  EXPECT_EQ(m.images.size(), box.images.size());
  for (size_t i = 0; i < m.vertices.size(); ++i) ASSERT_EQ(m.vertices[i].feature, i / box.vertices.size()) << i;
  EXPECT_EQ(m.features.count, 3u);
  ASSERT_EQ(m.features.names, (std::vector<std::string>{"species"}));
  EXPECT_EQ(m.features.value(0, 1), "pine");
  // The unit box (glTF y up) stood up in z: the second copy twice as large at x = 10, the third at y = 20.
  const glm::dvec3 lo = m.offset + glm::dvec3(m.boundsMin), hi = m.offset + glm::dvec3(m.boundsMax);
  EXPECT_NEAR(lo.x, -0.5, 1e-4);
  EXPECT_NEAR(hi.x, 11.0, 1e-4);
  EXPECT_NEAR(hi.y, 20.5, 1e-4);
  EXPECT_NEAR(lo.z, -1.0, 1e-4);
  EXPECT_NEAR(hi.z, 1.0, 1e-4);
  EXPECT_TRUE(c.meshes[0].toTileset == glm::dmat4(1.0));
  // The model inside the file (gltfFormat 1) reads the same.
  const TileContent embedded = readTileContent(write("embedded.i3dm", tables, 1, pad8(assets::readFileBytes(dir + "/box.gltf"), ' ')));
  ASSERT_EQ(embedded.meshes.size(), 1u);
  EXPECT_EQ(embedded.meshes[0].mesh.vertices.size(), m.vertices.size());
  // A feature table that points past its end is an error naming the file.
  try {
    Tables broken = tables;
    broken.json.replace(broken.json.find("\"byteOffset\":48"), 15, "\"byteOffset\":99");
    readTileContent(write("broken.i3dm", broken, 0, uri));
    ADD_FAILURE() << "a broken i3dm was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("BATCH_ID runs past its feature table"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("broken.i3dm"), std::string::npos) << e.what();
  }
}

// Every cut and every single damaged byte of an i3dm (its model inside)
// and of a pnts: read, or refused with an error naming the file; never a
// crash, never a read past the bytes (the sanitizer build checks that).
TEST(Tiles3dContent, DamagedInstancesAndPointsAreReadOrRefused) {
  const std::string dir = test::tempDir("tiles3d_damaged");
  const std::string box = assets::readFileBytes(test::sourceDir() + "/tests/data/BoxTextured.gltf");
  for (const std::string& good : {i3dmBytes(threeInstances(), 1, pad8(box, ' ')), pntsBytes(threePoints())}) {
    const std::string path = dir + "/content.bin";
    // The headers and tables byte by byte (the model after them is glTF's, read by tinygltf).
    const size_t tables = std::min(good.size(), size_t(400));
    size_t read = 0, refused = 0;
    const auto attempt = [&](const std::string& bytes) {
      test::writeFile(dir, "content.bin", bytes);
      try {
        readTileContent(path);
        ++read;
      } catch (const assets::AssetError& e) {
        EXPECT_NE(std::string(e.what()).find("content.bin"), std::string::npos) << e.what();
        ++refused;
      }
    };
    for (size_t cut = 0; cut < tables; ++cut) attempt(good.substr(0, cut));
    for (size_t i = 0; i < tables; ++i) {
      std::string bytes = good;
      bytes[i] = char(bytes[i] ^ 0x5a);
      attempt(bytes);
    }
    EXPECT_EQ(read + refused, 2 * tables);
    EXPECT_GT(refused, tables);  // every cut of the header and tables at least
  }
}

TEST(Tiles3dContent, BrokenContentIsAnErrorNamingTheFile) {
  const std::string dir = test::tempDir("tiles3d_content");
  const std::string glb = assets::readFileBytes(data("blocks/content/1_0_0.glb"));
  const std::string cut = test::writeFile(dir, "cut.glb", glb.substr(0, glb.size() / 2));
  EXPECT_THROW(readTileContent(cut), assets::AssetError);
  const std::string text = test::writeFile(dir, "text.b3dm", "hello, world");
  try {
    readTileContent(text);
    ADD_FAILURE();
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("text.b3dm"), std::string::npos);
  }
  const std::string pnts = test::writeFile(dir, "p.pnts", std::string("pnts") + std::string(24, '\0'));
  try {
    readTileContent(pnts);
    ADD_FAILURE() << "a pnts without a feature table was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("p.pnts: a pnts without a readable feature table"), std::string::npos) << e.what();
  }
}

// A point cloud: quantized positions, RGB565 colours and batch ids into a
// batch table, read into one mesh of points; the same Draco-compressed
// reads the same; the committed survey (make_points.py) reads whole.
TEST(Tiles3dContent, PointCloudsAreReadAsPoints) {
  const std::string dir = test::tempDir("tiles3d_pnts");
  const Tables tables = threePoints();
  const auto write = [&](const std::string& name, const Tables& t) { return test::writeFile(dir, name, pntsBytes(t)); };
  const TileContent c = readTileContent(write("three.pnts", tables));
  EXPECT_TRUE(c.warnings.empty());
  ASSERT_EQ(c.meshes.size(), 1u);
  const scene::ModelMesh& m = c.meshes[0].mesh;
  ASSERT_EQ(m.vertices.size(), 3u);
  ASSERT_EQ(m.parts.size(), 1u);
  EXPECT_TRUE(m.parts[0].points);
  EXPECT_EQ(m.parts[0].indexCount, 3u);
  const auto at = [&](size_t i) { return m.offset + glm::dvec3(m.vertices[i].position[0], m.vertices[i].position[1], m.vertices[i].position[2]); };
  EXPECT_NEAR(glm::length(at(0) - glm::dvec3(10, 20, 0)), 0, 1e-4);
  EXPECT_NEAR(glm::length(at(1) - glm::dvec3(110, 20, 0)), 0, 1e-4);
  EXPECT_NEAR(glm::length(at(2) - glm::dvec3(10, 70, 8)), 0, 1e-4);
  EXPECT_EQ(m.vertices[0].color[0], 255);  // red, green, blue in 5-6-5
  EXPECT_EQ(m.vertices[1].color[1], 255);
  EXPECT_EQ(m.vertices[2].color[2], 255);
  EXPECT_EQ(m.vertices[2].color[0], 0);
  EXPECT_EQ(m.vertices[0].feature, 0u);
  EXPECT_EQ(m.vertices[2].feature, 1u);
  EXPECT_EQ(m.features.value(0, 1), "tree");
  // Draco (3DTILES_draco_point_compression): the same three points, decoded
  // with libdraco; the table keeps only the count and the batch length.
  const TileContent d = readTileContent(write("draco.pnts", dracoPoints(false)));
  EXPECT_TRUE(d.warnings.empty()) << d.warnings.front();
  ASSERT_EQ(d.meshes.size(), 1u);
  const scene::ModelMesh& dm = d.meshes[0].mesh;
  ASSERT_EQ(dm.vertices.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const glm::dvec3 p = dm.offset + glm::dvec3(dm.vertices[i].position[0], dm.vertices[i].position[1], dm.vertices[i].position[2]);
    EXPECT_NEAR(glm::length(p - at(i)), 0, 1e-3) << "point " << i;
    for (int k = 0; k < 3; ++k) EXPECT_EQ(dm.vertices[i].color[k], m.vertices[i].color[k]) << "point " << i;
    EXPECT_EQ(dm.vertices[i].feature, m.vertices[i].feature) << "point " << i;
  }
  EXPECT_EQ(dm.features.value(0, 1), "tree");
  try {
    readTileContent(write("damaged_draco.pnts", dracoPoints(true)));
    ADD_FAILURE() << "damaged Draco data was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged_draco.pnts: the pnts's Draco data cannot be decoded"), std::string::npos) << e.what();
  }
  // Colours past the end of the body: an error naming the file and the property.
  Tables past = tables;
  past.json.replace(past.json.find("\"byteOffset\":18"), 15, "\"byteOffset\":90");
  try {
    readTileContent(write("past.pnts", past));
    ADD_FAILURE() << "a pnts whose colours run past its body was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("past.pnts: the pnts's RGB565 runs past its feature table"), std::string::npos) << e.what();
  }
  // The committed survey.
  const TileContent survey = readTileContent(data("points/survey.pnts"));
  ASSERT_EQ(survey.meshes.size(), 1u);
  EXPECT_EQ(survey.meshes[0].mesh.vertices.size(), 6560u);
  ASSERT_TRUE(survey.meshes[0].mesh.vertexProperties) << "its batch table has a row per point";
  EXPECT_EQ(survey.meshes[0].mesh.vertexProperties->row(0),
            (std::vector<std::pair<std::string, std::string>>{{"Classification", "2"}, {"Intensity", "1170"}}));
}

TEST(Tiles3dSelection, ScreenSpaceErrorFormula) {
  // 16 m of error 1000 m away in a 1000-pixel view with a 90° field: 8 pixels.
  EXPECT_DOUBLE_EQ(screenSpaceError(16, 1000, 1000, 1.0), 8.0);
}

// A tile refines exactly when its error on screen crosses the threshold.
TEST(Tiles3dSelection, RefinesExactlyAtTheThreshold) {
  TilesetStreamer s({{data("blocks/tileset.json"), std::nullopt}}, lujiazui());
  const glm::dvec3 top(0, 0, 160);  // the root's box top, above its middle
  const scene::CameraMatrices probe = straightDown(top, 1000);
  const double threshold = 64.0 * 1000 * std::abs(double(probe.projection[1][1])) / (2 * 16.0);
  // The camera's eye is `distance` above the target: the box top is `threshold` below it.
  const glm::dvec3 below = lujiazui().toLocal({121.5, 31.24, 0}) + glm::dvec3(0, 0, 160);
  settle(s, straightDown(below, threshold * 1.01));
  EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"0_0_0.glb"}));
  settle(s, straightDown(below, threshold * 0.99));
  EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"1_0_0.glb", "1_0_1.glb", "1_1_0.glb"}));
  // The tileset sits where its root transform says: the fine tiles' middles within the 400 m square.
  for (const auto& d : s.draws()) EXPECT_LT(glm::length(glm::dvec2(d.origin)), 200.0);
  settle(s, straightDown(below, threshold * 1.01));
  EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"0_0_0.glb"}));
}

// While the fine tiles load the coarse one stays: never a partial set once the root is there.
TEST(Tiles3dSelection, ReplaceKeepsTheParentUntilAllChildrenAreReady) {
  StreamOptions o;
  // Room for the root and one fine tile, not for all three: the children
  // can never all be resident, so the root must stay drawn.
  // (As the streamer holds them: faceted, corners welded.)
  auto held = [](const std::string& file) {
    TileContent c = readTileContent(file);
    for (auto& m : c.meshes) EXPECT_TRUE(m.mesh.weldFacets()) << file;
    return c.bytes();
  };
  const size_t root = held(data("blocks/content/0_0_0.glb"));
  const size_t child = held(data("blocks/content/1_0_0.glb"));
  o.memoryBudget = root + child + child / 2;
  TilesetStreamer s({{data("blocks/tileset.json"), std::nullopt}}, lujiazui(), o);
  settle(s, straightDown({0, 0, 0}, 3000));
  ASSERT_EQ(drawnFiles(s), (std::vector<std::string>{"0_0_0.glb"}));
  const scene::CameraMatrices near = straightDown({0, 0, 0}, 400);
  for (int i = 0; i < 100; ++i) {
    s.update(near, 1000);
    EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"0_0_0.glb"})) << "update " << i;
    EXPECT_LE(s.stats().residentBytes, o.memoryBudget);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_GT(s.stats().refused, 0u);
}

// Flying through a tileset with a small budget: the loaded bytes never pass it.
TEST(Tiles3dSelection, MemoryBudgetIsNeverExceededInFlight) {
  StreamOptions o;
  o.memoryBudget = 6 * 1024;  // a handful of the octree's 31 cubes (0.9 KB each as loaded)
  o.maxScreenSpaceError = 2;   // ask for the finest levels
  TilesetSource src{data("SparseImplicitOctree/tileset.json"), TilesetPlacement{121.5, 31.24, 0, 0, 400}};
  TilesetStreamer s({src}, lujiazui(), o);
  size_t drawnMax = 0;
  for (int i = 0; i <= 300; ++i) {
    const double t = i / 300.0;
    // Along the diagonal where the cubes are, looking down on them from 150 m.
    s.update(straightDown(glm::dvec3(400 * t), 150), 1000);
    const StreamStats st = s.stats();
    ASSERT_LE(st.residentBytes, o.memoryBudget) << "frame " << i;
    drawnMax = std::max(drawnMax, st.drawnTiles);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  const StreamStats st = s.stats();
  EXPECT_LE(st.peakBytes, o.memoryBudget);
  EXPECT_GT(st.loaded, 0u);
  EXPECT_GT(st.evicted, 0u) << "the flight should have needed more than the budget holds";
  EXPECT_GT(drawnMax, 0u);
}

// The budget bounds every byte of content that exists, not only what the
// streamer has admitted: the GPU copies that workers make of loads in
// flight, and those that frames in flight still draw after their tile was
// let go, count too. A stand-in renderer keeps each frame's copies for two
// more updates (two frames in flight) and counts what is alive.
TEST(Tiles3dSelection, HeldMemoryWithLoadsAndFramesInFlightNeverPassesTheBudget) {
  struct Live {
    std::atomic<size_t> bytes{0}, most{0}, made{0};
  };
  auto live = std::make_shared<Live>();
  StreamOptions o;
  o.memoryBudget = 6 * 1024;  // a handful of the octree's 31 cubes (0.9 KB each as loaded)
  o.maxScreenSpaceError = 2;
  o.workers = 4;
  o.prepare = [live](const scene::ModelMesh& mesh) -> std::shared_ptr<const void> {
    const size_t n = mesh.gpuBytes();
    const size_t now = live->bytes += n;
    for (size_t m = live->most; now > m && !live->most.compare_exchange_weak(m, now);) {
    }
    ++live->made;
    return std::shared_ptr<const size_t>(new size_t(n), [live](const size_t* p) {
      live->bytes -= *p;
      delete p;
    });
  };
  TilesetSource src{data("SparseImplicitOctree/tileset.json"), TilesetPlacement{121.5, 31.24, 0, 0, 400}};
  size_t waited = 0, evicted = 0;
  for (int pass = 0; pass < 3; ++pass) {
    TilesetStreamer s({src}, lujiazui(), o);
    std::deque<std::vector<std::shared_ptr<const void>>> inFlight;  // the copies the last two frames draw
    for (int i = 0; i <= 300; ++i) {
      const double t = (i % 150) / 150.0;  // the diagonal, twice
      s.update(straightDown(glm::dvec3(400 * t), 150), 1000);
      std::vector<std::shared_ptr<const void>> frame;
      for (const auto& d : s.draws()) {
        ASSERT_TRUE(d.mesh->prepared) << "frame " << i << ": every mesh drawn was made on a worker";
        frame.push_back(d.mesh->prepared);
      }
      inFlight.push_back(std::move(frame));
      if (inFlight.size() > 2) inFlight.pop_front();
      const size_t alive = live->bytes.load();  // before the ledger: a worker may hold, then make, in between
      const StreamStats st = s.stats();
      ASSERT_LE(st.heldBytes, o.memoryBudget) << "frame " << i;
      ASSERT_LE(alive, st.heldBytes) << "frame " << i << ": every live copy is counted";
      ASSERT_LE(st.residentBytes, st.heldBytes) << "frame " << i << ": each tile's content counted once";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const StreamStats st = s.stats();
    EXPECT_LE(st.peakHeldBytes, o.memoryBudget);
    EXPECT_GT(st.loaded, 0u);
    waited += st.waitedForRoom, evicted += st.evicted;
  }
  EXPECT_LE(live->most.load(), o.memoryBudget) << "GPU copies alive at once, loads and frames in flight included";
  EXPECT_GT(live->made.load(), 0u);
  EXPECT_GT(evicted, 0u) << "the flights should have needed more than the budget holds";
  EXPECT_GT(waited, 0u) << "some content should have waited for frames in flight to free its room";
  EXPECT_EQ(live->bytes.load(), 0u) << "all freed with the streamer and the frames";
}

// StreamOptions::prepare runs on the loading workers, once for each mesh of
// each content and after its features are numbered (the GPU copy carries
// the global numbers), and what it returns rides with the mesh to the
// draws; setPreparer takes over for the loads that follow, and content the
// old one made copies of (the CPU kept only what picking reads) is read again.
TEST(Tiles3dSelection, MeshesArePreparedOnTheLoadingWorkers) {
  struct Seen {
    std::mutex mutex;
    std::vector<std::thread::id> threads;
    std::vector<uint32_t> firstFeatures;
  };
  auto seen = std::make_shared<Seen>();
  const auto preparer = [seen](int tag) {
    return [seen, tag](const scene::ModelMesh& mesh) -> std::shared_ptr<const void> {
      std::lock_guard lock(seen->mutex);
      seen->threads.push_back(std::this_thread::get_id());
      seen->firstFeatures.push_back(mesh.vertices.empty() ? scene::kNoFeature : mesh.vertices.front().feature);
      return std::make_shared<const int>(tag);
    };
  };
  StreamOptions o;
  o.firstFeature = 1000;
  o.prepare = preparer(1);
  TilesetStreamer s({{data("blocks/tileset.json"), std::nullopt}}, lujiazui(), o);
  // Far enough for the root alone, then near enough for its three children
  // (as in RefinesExactlyAtTheThreshold).
  const glm::dvec3 top = lujiazui().toLocal({121.5, 31.24, 0}) + glm::dvec3(0, 0, 160);
  const double threshold = 64.0 * 1000 * std::abs(double(straightDown(top, 1000).projection[1][1])) / (2 * 16.0);
  settle(s, straightDown(top, threshold * 1.2));
  ASSERT_EQ(drawnFiles(s), (std::vector<std::string>{"0_0_0.glb"}));
  const auto tagOf = [](const scene::TileDraw& d) { return d.mesh->prepared ? *static_cast<const int*>(d.mesh->prepared.get()) : 0; };
  EXPECT_EQ(tagOf(s.draws()[0]), 1);
  {
    std::lock_guard lock(seen->mutex);
    ASSERT_EQ(seen->threads.size(), 1u);
    EXPECT_NE(seen->threads[0], std::this_thread::get_id()) << "prepared on a worker, not by the thread that draws";
    EXPECT_GE(seen->firstFeatures[0], 1000u) << "after the features were numbered";
  }
  s.setPreparer(preparer(2));
  settle(s, straightDown(top, threshold * 0.8));
  ASSERT_EQ(drawnFiles(s), (std::vector<std::string>{"1_0_0.glb", "1_0_1.glb", "1_1_0.glb"}));
  for (const auto& d : s.draws()) EXPECT_EQ(tagOf(d), 2);
  EXPECT_EQ(s.stats().readAgain, 1u) << "the root, whose copy the first preparer made";
  settle(s, straightDown(top, threshold * 1.2));
  ASSERT_EQ(drawnFiles(s), (std::vector<std::string>{"0_0_0.glb"}));
  EXPECT_EQ(tagOf(s.draws()[0]), 2) << "the root read again and made by the second";
  EXPECT_EQ(s.stats().readAgain, 1u);
  std::lock_guard lock(seen->mutex);
  EXPECT_EQ(seen->threads.size(), 5u) << "once for each content's mesh, the root's twice";
}

// A tour over a tileset keeps only the tree near it: a subtree passed long
// ago, whose content has gone to make room, is forgotten and read again
// when the view comes back, which then shows what it showed before.
TEST(Tiles3dSelection, StructureOutOfViewIsForgottenAndReadAgain) {
  const TilesetSource src{data("SparseImplicitQuadtree/tileset.json"), TilesetPlacement{121.5, 31.24, 0, 0, 400}};
  // Two corners of the 400 m square where the finest tiles are, looked at from 40 m.
  const auto a = straightDown({400 * 0.5 / 32, 400 * 21.5 / 32, 0}, 40), b = straightDown({400 * 21.5 / 32, 400 * 0.5 / 32, 0}, 40);
  StreamOptions o;
  o.maxScreenSpaceError = 2;
  size_t most = 0;
  {
    TilesetStreamer probe({src}, lujiazui(), o);
    settle(probe, a);
    most = probe.stats().residentBytes;
    settle(probe, b);
    most = std::max(most, probe.stats().residentBytes - most);
  }
  ASSERT_GT(most, 0u);
  o.memoryBudget = most;  // one corner's tiles at a time
  o.structureIdleUpdates = 60;
  TilesetStreamer s({src}, lujiazui(), o);
  settle(s, a);
  const auto seenAtA = drawnFiles(s);
  ASSERT_FALSE(seenAtA.empty());
  const size_t knownAtA = s.stats().tilesKnown;
  settle(s, b);  // a's tiles go to make room for b's
  const size_t knownBoth = s.stats().tilesKnown;
  EXPECT_GT(knownBoth, knownAtA);
  EXPECT_GT(s.stats().evicted, 0u);
  for (int i = 0; i < 200; ++i) s.update(b, 1000);
  const StreamStats away = s.stats();
  EXPECT_GT(away.forgotten, 0u);
  EXPECT_LT(away.tilesKnown, knownBoth) << "a's subtree forgotten";
  for (int i = 0; i < 200; ++i) s.update(straightDown({50000, 0, 0}, 40), 1000);  // nothing of it in view
  EXPECT_LE(s.stats().tilesKnown, away.tilesKnown);
  settle(s, a);
  EXPECT_EQ(drawnFiles(s), seenAtA) << "read again, the same tiles";
  EXPECT_LE(s.stats().peakBytes, o.memoryBudget);
}

TEST(Tiles3dSelection, ExternalTilesetsAndRegionsOnTheGlobe) {
  // The b3dm city sits in ECEF over Philadelphia; the frame's origin there.
  const TilesetSource src{data("b3dm_city/tileset.json"), std::nullopt};
  const geo::LonLatHeight centre = tilesetCentre(src);
  EXPECT_NEAR(centre.lon, -75.61, 0.05);
  EXPECT_NEAR(centre.lat, 40.04, 0.05);
  const geo::GeoFrame frame(centre);
  TilesetStreamer s({src}, frame);
  settle(s, straightDown({0, 0, 0}, 600));
  EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"ll.b3dm", "lr.b3dm", "ul.b3dm", "ur.b3dm"}));
  // The region is about 300 m across: every mesh lies near the frame's origin, on the ground.
  for (const auto& d : s.draws()) {
    EXPECT_LT(glm::length(glm::dvec2(d.origin)), 400.0);
    EXPECT_NEAR(d.origin.z, 0.0, 60.0);
  }
  // Placed elsewhere, the same tileset moves there whole.
  TilesetStreamer moved({{src.file, TilesetPlacement{121.5, 31.24, 0, 0, 1}}}, lujiazui());
  settle(moved, straightDown({0, 0, 0}, 600));
  ASSERT_EQ(moved.draws().size(), 4u);
  for (const auto& d : moved.draws()) EXPECT_LT(glm::length(glm::dvec2(d.origin)), 400.0);
}

TEST(Tiles3dSelection, MissingContentIsReportedAndTheRestDrawn) {
  const std::string dir = test::tempDir("tiles3d_missing");
  std::filesystem::copy(data("b3dm_city"), dir, std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(dir + "/ur.b3dm");
  const TilesetSource src{dir + "/tileset.json", std::nullopt};
  const geo::GeoFrame frame(tilesetCentre(src));
  TilesetStreamer s({src}, frame);
  settle(s, straightDown({0, 0, 0}, 600));
  EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"ll.b3dm", "lr.b3dm", "ul.b3dm"}));
  const auto warnings = s.takeWarnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("ur.b3dm"), std::string::npos) << warnings[0];
  EXPECT_EQ(s.stats().failed, 1u);
}

// A tile with a viewerRequestVolume loads and shows only while the eye is
// inside that volume (here: over the whole city, up to a ceiling).
TEST(Tiles3dSelection, ATileShowsOnlyFromInsideItsRequestVolume) {
  const auto withCeiling = [](double ceiling) {
    const std::string dir = test::tempDir("tiles3d_request_" + std::to_string(int(ceiling)));
    std::filesystem::copy(data("b3dm_city"), dir,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    std::ifstream in(dir + "/tileset.json");
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The upper-right tile: visible only from inside the city's region below `ceiling` metres.
    const std::string ur = "\"uri\": \"ur.b3dm\"";
    const size_t at = json.find(ur);
    EXPECT_NE(at, std::string::npos);
    const size_t tileStart = json.rfind("\"boundingVolume\"", at);
    const std::string volume = "\"viewerRequestVolume\": {\"region\": [-1.3197209591796106, 0.6988424218, "
                               "-1.3196390408203893, 0.6989055782, 0, " + std::to_string(ceiling) + "]}, ";
    json.insert(tileStart, volume);
    std::ofstream(dir + "/tileset.json") << json;
    return TilesetSource{dir + "/tileset.json", std::nullopt};
  };
  const TilesetFile file = readTilesetFile(withCeiling(2000).file);
  ASSERT_EQ(file.root.children.size(), 4u);
  size_t withVolume = 0;
  for (const auto& c : file.root.children) withVolume += c.viewerRequestVolume.has_value();
  EXPECT_EQ(withVolume, 1u);
  for (const double ceiling : {2000.0, 20.0}) {
    SCOPED_TRACE(ceiling);
    const TilesetSource src = withCeiling(ceiling);
    const geo::GeoFrame frame(tilesetCentre(src));
    TilesetStreamer s({src}, frame);
    settle(s, straightDown({0, 0, 0}, 600));  // the eye 600 m up, over the city
    if (ceiling > 600) EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"ll.b3dm", "lr.b3dm", "ul.b3dm", "ur.b3dm"}));
    else EXPECT_EQ(drawnFiles(s), (std::vector<std::string>{"ll.b3dm", "lr.b3dm", "ul.b3dm"}));
  }
}

TEST(Tiles3dFeatures, PropertyTablesAndBatchTablesAreRead) {
  // EXT_structural_metadata: the blocks' building_id (UINT32).
  const TileContent blocks = readTileContent(data("blocks/content/1_0_0.glb"));
  const scene::FeatureTable& t = blocks.meshes.at(0).mesh.features;
  ASSERT_EQ(t.count, 16u);
  const int id = t.find("building_id");
  ASSERT_GE(id, 0);
  EXPECT_EQ(t.value(size_t(id), 0), "1000");
  EXPECT_EQ(t.value(size_t(id), 15), "1015");
  // A VEC3 FLOAT32 property (Cesium's sample).
  const TileContent sample = readTileContent(data("FeatureIdAttributeAndPropertyTable/FeatureIdAttributeAndPropertyTable.gltf"));
  const scene::FeatureTable& s = sample.meshes.at(0).mesh.features;
  ASSERT_EQ(s.count, 4u);
  ASSERT_EQ(s.names, std::vector<std::string>{"example_VEC3_FLOAT32"});
  EXPECT_EQ(std::count(s.value(0, 0).begin(), s.value(0, 0).end(), ','), 2);
  // Its count as a real: 4.0 is 4; 1e95 (fuzzing found it converted to int
  // with undefined behaviour) is no count, and the file still reads.
  const std::string samplePath = data("FeatureIdAttributeAndPropertyTable/FeatureIdAttributeAndPropertyTable.gltf");
  const std::string text = assets::readFileBytes(samplePath);
  const size_t at = text.find("\"count\" : 4,");
  ASSERT_NE(at, std::string::npos);
  for (const auto& [count, expected] : std::vector<std::pair<std::string, size_t>>{{"4.0", 4}, {"1e95", 0}}) {
    std::string changed = text;
    changed.replace(at, 12, "\"count\" : " + count + ",");
    EXPECT_EQ(readTileContentBytes(changed, samplePath).meshes.at(0).mesh.features.count, expected) << count;
  }
  // A b3dm's JSON batch table: 10 buildings with id, longitude, latitude, height.
  const TileContent b3dm = readTileContent(data("b3dm_city/ll.b3dm"));
  const scene::FeatureTable& b = b3dm.meshes.at(0).mesh.features;
  EXPECT_EQ(b.count, 10u);
  ASSERT_GE(b.find("id"), 0);
  ASSERT_GE(b.find("Height"), 0);
  EXPECT_EQ(b.value(size_t(b.find("id")), 9), "9");
}

// A b3dm's counts and offsets are the file's word. Fuzzing (fuzz_tiles3d)
// found two ways past the ends: a BATCH_LENGTH of 2^62, whose 32-byte VEC4
// DOUBLE rows wrap "offset + rows × 32 ≤ size" to 0 ≤ 16, so the rows were
// read far past the batch table; and a byteOffset of 2^64 − 8, which wraps
// the same sum to just inside it.
TEST(Tiles3dContent, BatchTableCountsAndOffsetsThatWrapAroundAreRefused) {
  const std::string glb = assets::readFileBytes(data("blocks/content/1_0_0.glb"));
  auto b3dm = [&](const std::string& features, const std::string& batch, const std::string& binary) {
    const std::string ft = pad8(features, ' '), bt = pad8(batch, ' '), bb = pad8(binary, '\0');
    const uint32_t header[6] = {1, uint32_t(28 + ft.size() + bt.size() + bb.size() + glb.size()), uint32_t(ft.size()), 0,
                                uint32_t(bt.size()), uint32_t(bb.size())};
    return "b3dm" + std::string(reinterpret_cast<const char*>(header), sizeof header) + ft + bt + bb + glb;
  };
  const std::string wide = R"({"wide":{"byteOffset":0,"componentType":"DOUBLE","type":"VEC4"}})";
  try {
    readTileContentBytes(b3dm(R"({"BATCH_LENGTH":4611686018427387904})", wide, std::string(16, '\0')), "huge.b3dm");
    ADD_FAILURE() << "a BATCH_LENGTH of 2^62 was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("huge.b3dm: a b3dm's BATCH_LENGTH is 4611686018427387904, more than 20000000"),
              std::string::npos)
        << e.what();
  }
  // Two rows of a SCALAR DOUBLE: "height" is read; "wrapped" starts 8 bytes before the body and is left out.
  const std::string body = bytesOf<double>({12.5, 30});
  const TileContent c = readTileContentBytes(
      b3dm(R"({"BATCH_LENGTH":2})",
           R"({"height":{"byteOffset":0,"componentType":"DOUBLE","type":"SCALAR"},)"
           R"("wrapped":{"byteOffset":18446744073709551608,"componentType":"DOUBLE","type":"SCALAR"}})",
           body),
      "wrapped.b3dm");
  const scene::FeatureTable& t = c.meshes.at(0).mesh.features;
  EXPECT_EQ(t.count, 2u);
  EXPECT_EQ(t.names, std::vector<std::string>{"height"});
  ASSERT_GE(t.find("height"), 0);
  EXPECT_EQ(t.value(size_t(t.find("height")), 1), "30");
}

// A building keeps its number when its tile unloads and loads again, and
// at both levels of detail (its id property says who it is): its tint and
// selection, kept by that number, come back with it.
TEST(Tiles3dFeatures, NumbersSurviveUnloadingAndLevels) {
  StreamOptions o;
  o.firstFeature = 500;  // after a city of 500 extruded buildings
  const std::string file = data("blocks/tileset.json");
  // The budget: what one tileset's two levels hold once loaded (measured by
  // a streamer of its own), and a fifth more, but not two tilesets.
  {
    StreamOptions roomy = o;
    roomy.memoryBudget = size_t(1) << 30;
    TilesetStreamer one({{file}}, lujiazui(), roomy);
    settle(one, straightDown({0, 0, 0}, 600));
    settle(one, straightDown({0, 0, 0}, 3000, 300, 300), 300);
    ASSERT_EQ(one.stats().evicted, 0u);
    o.memoryBudget = one.stats().heldBytes * 6 / 5;
  }
  // The same tileset twice: as written, and moved 2 km east (a second city block).
  TilesetStreamer s({{file}, {file, TilesetPlacement{121.5 + 2000 / 95000.0, 31.24}}}, lujiazui(), o);
  auto numbers = [&] {
    std::map<std::string, uint32_t> out;  // building_id → number
    for (const auto& d : s.draws())
      for (const auto& v : d.mesh->vertices) {
        const auto f = s.feature(v.feature);
        EXPECT_TRUE(f.has_value()) << v.feature;
        if (f) out[f->key] = v.feature;
      }
    return out;
  };
  settle(s, straightDown({0, 0, 0}, 600));  // the first, fine
  const auto near1 = numbers();
  ASSERT_EQ(near1.size(), 48u);
  EXPECT_GE(near1.begin()->second, 500u);
  settle(s, straightDown({0, 0, 0}, 3000, 300, 300), 300);  // coarse (a small view), the second out of it
  const auto far = numbers();
  ASSERT_EQ(far.size(), 3u);
  for (const auto& [key, n] : far) EXPECT_EQ(near1.at(key), n) << key;  // a block is its quadrant's first building
  for (const auto& d : s.draws()) EXPECT_EQ(std::filesystem::path(d.mesh->source).filename(), "0_0_0.glb");
  settle(s, straightDown({2000, 0, 0}, 600));  // the second, fine: the first's tiles go to make room
  EXPECT_EQ(numbers().size(), 48u);
  EXPECT_GT(s.stats().evicted, 0u);
  settle(s, straightDown({0, 0, 0}, 600));  // the first again, loaded anew
  EXPECT_EQ(numbers(), near1);
  // The second tileset's buildings have numbers of their own (same ids, another tileset).
  EXPECT_EQ(s.featureEnd(), 500u + 2 * 48u);
  const auto f = s.feature(near1.at("1000"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->tileset, 0u);
  EXPECT_EQ(f->properties, (std::vector<std::pair<std::string, std::string>>{{"building_id", "1000"}}));
}

// A point cloud whose batch table has a row per point (no batch ids) keeps
// it as it came; a point's row is read when it is picked. A click within
// kPointPickPixels of a point picks it, the nearest along the ray first; a
// point with a batch id picks its feature.
TEST(Tiles3dFeatures, APickedPointShowsItsOwnRowOfProperties) {
  const std::string dir = test::tempDir("tiles3d_point_rows");
  // threePoints() without batch ids, and a batch table of a row per point.
  const std::string json = pad8(R"({"POINTS_LENGTH":3,"POSITION_QUANTIZED":{"byteOffset":0},"QUANTIZED_VOLUME_OFFSET":[10,20,0],)"
                                R"("QUANTIZED_VOLUME_SCALE":[100,50,8],"RGB565":{"byteOffset":18}})", ' ');
  const std::string binary = pad8(bytesOf<uint16_t>({0, 0, 0, 65535, 0, 0, 0, 65535, 65535}) + bytesOf<uint16_t>({0xf800, 0x07e0, 0x001f}), '\0');
  const std::string batch = pad8(R"({"Classification":{"byteOffset":0,"componentType":"UNSIGNED_BYTE","type":"SCALAR"},)"
                                 R"("Intensity":{"byteOffset":8,"componentType":"UNSIGNED_SHORT","type":"SCALAR"},"part":["ground","pole","tree"]})", ' ');
  const std::string batchBinary = pad8(std::string("\x02\x06\x40", 3), '\0') + pad8(bytesOf<uint16_t>({100, 2000, 65535}), '\0');
  const uint32_t header[6] = {1, uint32_t(28 + json.size() + binary.size() + batch.size() + batchBinary.size()), uint32_t(json.size()),
                              uint32_t(binary.size()), uint32_t(batch.size()), uint32_t(batchBinary.size())};
  const TileContent c = readTileContent(test::writeFile(
      dir, "rows.pnts", "pnts" + std::string(reinterpret_cast<const char*>(header), sizeof header) + json + binary + batch + batchBinary));
  ASSERT_EQ(c.meshes.size(), 1u);
  const scene::ModelMesh& m = c.meshes[0].mesh;
  ASSERT_TRUE(m.vertexProperties);
  EXPECT_EQ(m.features.count, 0u) << "no features: the rows are the points'";
  using Row = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(m.vertexProperties->row(1), (Row{{"Classification", "6"}, {"Intensity", "2000"}, {"part", "pole"}}));
  EXPECT_EQ(m.vertexProperties->row(2), (Row{{"Classification", "64"}, {"Intensity", "65535"}, {"part", "tree"}}));
  EXPECT_TRUE(m.vertexProperties->row(3).empty());
  EXPECT_GE(m.bytes(), m.vertices.size() * sizeof(scene::ModelVertex) + batch.size() + batchBinary.size()) << "the table counts in the budget";

  // Looking straight down on the second point (110, 20, 0), 200 m up; the
  // same cloud again 5 m lower, drawn first, is behind it.
  scene::MapCamera cam;
  cam.target = {110, 20, 0};
  cam.distance = 200;
  cam.pitch = 0;
  cam.normalize();
  const scene::TileDraw upper{&m, 1, m.offset, glm::mat4(1.0f), true}, lower{&m, 2, m.offset - glm::dvec3(0, 0, 5), glm::mat4(1.0f), true};
  const std::vector<scene::TileDraw> draws{lower, upper};
  const auto hit = scene::pickTiles(draws, cam, {400, 300}, 800, 600);
  ASSERT_TRUE(hit);
  ASSERT_EQ(hit->kind, scene::PickKind::tilePoint);
  ASSERT_TRUE(hit->point);
  EXPECT_EQ(hit->point->index, 1u);
  EXPECT_EQ(hit->point->source, m.source);
  EXPECT_EQ(hit->point->properties, (Row{{"Classification", "6"}, {"Intensity", "2000"}, {"part", "pole"}}));
  EXPECT_NEAR(hit->where.z, 0, 0.5) << "the upper cloud's point, not the lower's";
  // A pixel off still picks it; ten pixels off picks nothing.
  const auto near = scene::pickTiles(draws, cam, {400 + scene::kPointPickPixels - 1, 300}, 800, 600);
  ASSERT_TRUE(near);
  EXPECT_EQ(near->point ? near->point->index : 99u, 1u);
  EXPECT_FALSE(scene::pickTiles(draws, cam, {410, 300}, 800, 600));
  // With batch ids (threePoints: the second point's id is 1) the point picks its feature.
  const TileContent withIds = readTileContent(test::writeFile(dir, "ids.pnts", pntsBytes(threePoints())));
  const scene::TileDraw ids{&withIds.meshes[0].mesh, 3, withIds.meshes[0].mesh.offset, glm::mat4(1.0f), true};
  const auto feature = scene::pickTiles(std::span(&ids, 1), cam, {400, 300}, 800, 600);
  ASSERT_TRUE(feature);
  EXPECT_EQ(feature->kind, scene::PickKind::building);
  EXPECT_EQ(feature->index, 1u);
}

// A Draco point cloud keeps a row per point of its batch table in the Draco
// data as well (3DTILES_draco_point_compression in the batch table): those
// properties are decoded with the cloud and read beside the table's own.
TEST(Tiles3dFeatures, PointPropertiesKeptInDracoAreDecoded) {
  const std::string dir = test::tempDir("tiles3d_draco_rows");
  using Row = std::vector<std::pair<std::string, std::string>>;
  const TileContent c = readTileContent(test::writeFile(dir, "draco_rows.pnts", pntsBytes(dracoRows())));
  EXPECT_TRUE(c.warnings.empty()) << c.warnings.front();
  ASSERT_EQ(c.meshes.size(), 1u);
  const scene::ModelMesh& m = c.meshes[0].mesh;
  ASSERT_EQ(m.vertices.size(), 3u);
  ASSERT_TRUE(m.vertexProperties) << "a row per point";
  EXPECT_EQ(m.vertexProperties->row(0), (Row{{"Classification", "2"}, {"Intensity", "100"}, {"part", "ground"}}));
  EXPECT_EQ(m.vertexProperties->row(1), (Row{{"Classification", "6"}, {"Intensity", "2000"}, {"part", "pole"}}));
  EXPECT_EQ(m.vertexProperties->row(2), (Row{{"Classification", "64"}, {"Intensity", "65535"}, {"part", "tree"}}));
  EXPECT_TRUE(m.vertexProperties->row(3).empty());
  // A property that cannot be decoded is left out, with a warning naming
  // the file and the property; the cloud and the others are read.
  const TileContent bad = readTileContent(test::writeFile(dir, "bad_type.pnts", pntsBytes(dracoRows(true))));
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_NE(bad.warnings[0].find("bad_type.pnts: the batch table's Draco property Intensity has a type"), std::string::npos)
      << bad.warnings[0];
  ASSERT_TRUE(bad.meshes[0].mesh.vertexProperties);
  EXPECT_EQ(bad.meshes[0].mesh.vertexProperties->row(1), (Row{{"Classification", "6"}, {"part", "pole"}}));
}

// Also once the GPU holds the meshes and the CPU only what picking reads.
TEST(Tiles3dFeatures, PickingFindsATileBuilding) {
  for (const bool prepared : {false, true}) {
    SCOPED_TRACE(prepared ? "GPU copies made by the loading workers" : "no renderer");
    StreamOptions o;
    if (prepared) o.prepare = [](const scene::ModelMesh&) -> std::shared_ptr<const void> { return std::make_shared<int>(1); };
    TilesetStreamer s({{data("blocks/tileset.json")}}, lujiazui(), o);
    scene::MapCamera c;
    c.target = {-175, -175, 0};  // above building 1000, the south-west corner
    c.distance = 600;
    c.pitch = 0;
    settle(s, c.matrices(800, 600), 600);
    ASSERT_FALSE(s.draws().empty());
    for (const auto& d : s.draws()) EXPECT_EQ(d.mesh->pickingOnly(), prepared);
    const auto hit = scene::pickTiles(s.draws(), c, {400, 300}, 800, 600);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->kind, scene::PickKind::building);
    EXPECT_EQ(s.feature(hit->index)->key, "1000");
    EXPECT_NEAR(hit->where.x, -175, 1);
    EXPECT_GT(hit->where.z, 20);  // on its roof
    EXPECT_FALSE(scene::pickTiles(s.draws(), c, {5, 5}, 800, 600));  // open ground at the corner of the view
    const std::vector<uint32_t> hidden{hit->index};
    const auto behind = scene::pickTiles(s.draws(), c, {400, 300}, 800, 600, hidden);
    EXPECT_TRUE(!behind || behind->index != hit->index) << "a hidden building is not picked";
  }
}

// What the CPU keeps of a mesh whose GPU copy is made: positions, features
// and indices, not normals, colours or images, and a corner shared by
// several faces once. Every triangle stays where it was (within the
// quantization step, perhaps started at another corner), with its feature;
// the GPU copy's bytes are still counted.
TEST(Tiles3dContent, AMeshKeepsOnlyWhatPickingReads) {
  scene::ModelMesh m = std::move(readTileContent(test::sourceDir() + "/tests/data/BoxTextured.gltf").meshes.at(0).mesh);
  ASSERT_FALSE(m.images.empty());
  ASSERT_EQ(m.vertices.size(), 24u) << "a box of six faces, four corners each";
  for (size_t i = 0; i < 12; ++i) m.vertices[i].feature = 7;  // two features, so that those stay apart
  const scene::ModelMesh whole = m;
  const size_t bytes = m.bytes(), gpu = m.gpuBytes();
  EXPECT_EQ(bytes, gpu + m.vertices.size() * sizeof(scene::PickVertex) + m.indices.size() * 4);
  m.keepOnlyWhatPickingReads();
  EXPECT_TRUE(m.pickingOnly());
  EXPECT_TRUE(m.vertices.empty());
  EXPECT_TRUE(m.indices.empty());
  EXPECT_TRUE(m.images.empty());
  EXPECT_GT(m.vertexCount(), 8u) << "a corner of both features is kept for each";
  EXPECT_LT(m.vertexCount(), 24u) << "faces' shared corners welded";
  EXPECT_EQ(m.indexCount(), whole.indices.size());
  const auto g = m.picking.decode();
  ASSERT_EQ(g.indices.size(), whole.indices.size());
  const glm::vec3 step = m.picking.step();
  auto same = [&](size_t decoded, size_t given) {
    if (g.indices[decoded] >= g.vertices.size()) return false;
    const auto& p = g.vertices[g.indices[decoded]];
    const auto& v = whole.vertices[whole.indices[given]];
    for (int a = 0; a < 3; ++a)
      if (std::abs(p.position[a] - v.position[a]) > step[a] * 0.5f + 1e-6f) return false;
    return p.feature == v.feature;
  };
  for (size_t t = 0; t < whole.indices.size(); t += 3) {
    bool found = false;
    for (size_t r = 0; r < 3 && !found; ++r) found = same(t + r, t) && same(t + (r + 1) % 3, t + 1) && same(t + (r + 2) % 3, t + 2);
    EXPECT_TRUE(found) << "triangle " << t / 3;
  }
  EXPECT_EQ(m.gpuBytes(), gpu);
  EXPECT_EQ(m.bytes(), gpu + m.pickBytes());
  EXPECT_LT(m.bytes(), bytes);
}

// A large mesh of small parts (a tile of many glTF primitives) still takes
// 16-bit indices: each part counts from the least vertex it names. A part
// spanning more than 65,536 vertices, or parts whose index ranges overlap,
// keep 32 bits; the budget counts whichever the copy takes.
TEST(Tiles3dContent, SmallPartsOfALargeMeshTakeSixteenBitIndices) {
  scene::ModelMesh m;
  m.vertices.assign(100000, scene::ModelVertex{{0, 0, 0}, {0, 0, 1}, {0, 0}, {255, 255, 255, 255}, 0});
  for (uint32_t v = 0; v < 60000; ++v) m.indices.push_back(v);             // part 0: vertices 0 … 59,999
  for (uint32_t v = 0; v < 40000; ++v) m.indices.push_back(99999 - v);     // part 1: vertices 60,000 … 99,999
  scene::ModelPart a, b;
  a.firstIndex = 0, a.indexCount = 60000;
  b.firstIndex = 60000, b.indexCount = 40000;
  m.parts = {a, b};
  EXPECT_EQ(m.narrowPartBases(), (std::vector<uint32_t>{0, 60000}));
  EXPECT_TRUE(m.narrowIndices());
  EXPECT_EQ(m.gpuBytes(), 100000 * sizeof(scene::PackedModelVertex) + 100000 * 2);
  scene::ModelMesh wide = m;
  wide.indices[0] = 99999;  // part 0 now names 0 … 99,999
  EXPECT_FALSE(wide.narrowPartBases().has_value());
  EXPECT_FALSE(wide.narrowIndices());
  EXPECT_EQ(wide.gpuBytes(), 100000 * sizeof(scene::PackedModelVertex) + 100000 * 4);
  scene::ModelMesh overlapping = m;
  overlapping.parts[1].firstIndex = 59000;
  EXPECT_FALSE(overlapping.narrowPartBases().has_value());
  scene::ModelMesh small = m;
  small.vertices.resize(65536);
  small.indices.resize(60000);
  small.parts = {a};
  EXPECT_EQ(small.narrowPartBases(), (std::vector<uint32_t>{0}));
}

// The GPU copy's vertex: the normal in 8 bits an axis, the rest as given;
// the budget counts that size.
TEST(Tiles3dContent, TheGpuCopyPacksNormals) {
  const scene::ModelVertex v{{1.5f, -2.25f, 1e6f}, {0.6f, -0.8f, 0.0f}, {0.25f, 3.5f}, {10, 20, 30, 255}, 42};
  const scene::PackedModelVertex p = scene::pack(v);
  EXPECT_EQ(p.position[0], 1.5f);
  EXPECT_EQ(p.position[2], 1e6f);
  EXPECT_EQ(p.normal[0], 76);   // 0.6 × 127
  EXPECT_EQ(p.normal[1], -102);  // -0.8 × 127
  EXPECT_EQ(p.normal[2], 0);
  EXPECT_EQ(p.uv[1], 3.5f);
  EXPECT_EQ(p.color[1], 20);
  EXPECT_EQ(p.feature, 42u);
  const scene::ModelVertex odd{{0, 0, 0}, {std::nanf(""), 7.0f, -7.0f}, {0, 0}, {0, 0, 0, 0}, scene::kNoFeature};
  const scene::PackedModelVertex q = scene::pack(odd);
  EXPECT_EQ(q.normal[0], 0) << "not a number: no normal";
  EXPECT_EQ(q.normal[1], 127) << "clamped";
  EXPECT_EQ(q.normal[2], -127);
  scene::ModelMesh m;
  m.vertices.assign(10, v);
  m.indices.assign(30, 0);
  EXPECT_EQ(m.gpuBytes(), 10 * sizeof(scene::PackedModelVertex) + 30 * 2) << "16-bit indices where the vertices fit";
  m.vertices.assign(65536, v);
  EXPECT_EQ(m.gpuBytes(), 65536 * sizeof(scene::PackedModelVertex) + 30 * 2);
  m.vertices.assign(65537, v);
  EXPECT_EQ(m.gpuBytes(), 65537 * sizeof(scene::PackedModelVertex) + 30 * 4) << "32-bit past them";
}

// A faceted mesh (every face flat-shaded, as an extruded city's tiles are)
// gives up its normals and welds the corners its faces shared; a smooth
// one, a point cloud or a broken one is left as it is.
TEST(Tiles3dContent, AFacetedMeshWeldsItsCorners) {
  // A unit cube's five faces (no floor), each with its own four corners.
  auto cube = [] {
    scene::ModelMesh m;
    const float c[8][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
    const int faces[5][4] = {{4, 5, 6, 7}, {0, 1, 5, 4}, {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}};
    const float normals[5][3] = {{0, 0, 1}, {0, -1, 0}, {1, 0, 0}, {0, 1, 0}, {-1, 0, 0}};
    for (int f = 0; f < 5; ++f) {
      const uint32_t first = uint32_t(m.vertices.size());
      for (int k : faces[f])
        m.vertices.push_back({{c[k][0], c[k][1], c[k][2]}, {normals[f][0], normals[f][1], normals[f][2]}, {0, 0}, {200, 200, 200, 255}, 3});
      for (uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) m.indices.push_back(first + k);
    }
    return m;
  };
  scene::ModelMesh m = cube();
  std::swap(m.indices[1], m.indices[2]);  // a face wound against its normal: lit from the side seen
  const scene::ModelMesh before = m;
  m.indices.insert(m.indices.end(), {0, 0, 0});  // a triangle with no area: no face to disagree with
  ASSERT_TRUE(m.weldFacets());
  EXPECT_EQ(m.vertices.size(), 8u) << "each corner once";
  for (const auto& v : m.vertices) EXPECT_EQ(glm::make_vec3(v.normal), glm::vec3(0.0f));
  ASSERT_EQ(m.indices.size(), before.indices.size() + 3);
  for (size_t k = 0; k < before.indices.size(); ++k)
    EXPECT_EQ(glm::make_vec3(m.vertices[m.indices[k]].position), glm::make_vec3(before.vertices[before.indices[k]].position)) << k;

  scene::ModelMesh smooth = cube();
  smooth.vertices[5].normal[0] = 0.577f, smooth.vertices[5].normal[1] = -0.577f, smooth.vertices[5].normal[2] = 0.577f;
  EXPECT_FALSE(smooth.weldFacets()) << "a corner's normal is not its face's";
  EXPECT_EQ(smooth.vertices.size(), 20u);
  EXPECT_EQ(smooth.vertices[0].normal[2], 1.0f) << "left as it was";

  scene::ModelMesh broken = cube();
  broken.indices.back() = 99;
  EXPECT_FALSE(broken.weldFacets());
  EXPECT_EQ(broken.vertices.size(), 20u);

  scene::ModelMesh points = cube();
  scene::ModelPart part;
  part.indexCount = uint32_t(points.indices.size()), part.points = true;
  points.parts = {part};
  EXPECT_FALSE(points.weldFacets());
}

// A point cloud's points keep their numbers (a picked point's row of
// properties is found by it), even where two points are at one place.
TEST(Tiles3dContent, APointCloudKeepsEveryPoint) {
  scene::ModelMesh m;
  for (int i = 0; i < 4; ++i) m.vertices.push_back(scene::ModelVertex{{1, 2, 3}, {0, 0, 1}, {0, 0}, {255, 255, 255, 255}, scene::kNoFeature});
  m.indices = {0, 1, 2, 3};
  scene::ModelPart points;
  points.indexCount = 4, points.points = true;
  m.parts = {points};
  m.keepOnlyWhatPickingReads();
  EXPECT_EQ(m.vertexCount(), 4u);
  EXPECT_EQ(m.picking.decode().indices, (std::vector<uint32_t>{0, 1, 2, 3}));
}

// A point cloud's GPU copy: 16 bytes a point and no index, its positions
// within a sixty-five-thousandth of its box; the budget counts that size.
TEST(Tiles3dContent, APointCloudsGpuCopyIsSixteenBytesAPoint) {
  scene::ModelMesh m;
  for (int i = 0; i < 1000; ++i) {
    const float x = float(i % 10) * 12.5f - 40.f, y = float(i / 10 % 10) * 3.25f, z = float(i / 100) * 0.5f + 1000.f;
    m.vertices.push_back(scene::ModelVertex{{x, y, z}, {0, 0, 1}, {0, 0}, {uint8_t(i), 2, 3, 255}, uint32_t(i)});
    m.indices.push_back(uint32_t(i));
  }
  scene::ModelPart points;
  points.indexCount = 1000, points.points = true;
  m.parts = {points};
  const size_t plain = m.gpuBytes();
  m.findPointsOnly();
  ASSERT_TRUE(m.pointsOnly());
  EXPECT_EQ(m.gpuBytes(), 1000 * sizeof(scene::PackedPointVertex));
  EXPECT_LT(m.gpuBytes() * 2, plain) << "under half of a vertex and an index a point";
  const scene::PointBox box = scene::pointBox(m.vertices);
  EXPECT_EQ(box.min, glm::vec3(-40.f, 0.f, 1000.f));
  EXPECT_EQ(box.size, glm::vec3(112.5f, 29.25f, 4.5f));
  for (const scene::ModelVertex& v : m.vertices) {
    const scene::PackedPointVertex p = scene::packPoint(v, box);
    for (int a = 0; a < 3; ++a)  // as points.vert reads it: unorm16 scaled by the box
      EXPECT_NEAR(box.min[a] + float(p.position[a]) / 65535.f * box.size[a], v.position[a], box.size[a] / 65535.f);
    EXPECT_EQ(p.color[0], v.color[0]);
    EXPECT_EQ(p.feature, v.feature);
  }
  // The budget's count stays the GPU copy's once picking's part is all the CPU keeps.
  m.keepOnlyWhatPickingReads();
  EXPECT_EQ(m.gpuBytes(), 1000 * sizeof(scene::PackedPointVertex));
  // A flat cloud (every point at one height): its box has a height of 1.
  auto at = [](float x, float y, float z) { return scene::ModelVertex{{x, y, z}, {0, 0, 1}, {0, 0}, {0, 0, 0, 255}, 0}; };
  const scene::PointBox flat = scene::pointBox({at(1, 2, 3), at(4, 6, 3)});
  EXPECT_EQ(flat.size, glm::vec3(3.f, 4.f, 1.f));
  EXPECT_EQ(scene::packPoint(at(std::nanf(""), 2, 3), flat).position[0], 0) << "not a number: the box's corner";
  // Points numbered out of order, or a triangle part among them: the usual copy.
  scene::ModelMesh shuffled = m;
  shuffled.vertices.assign(3, scene::ModelVertex{});
  shuffled.indices = {0, 2, 1};
  shuffled.parts = {points};
  shuffled.parts[0].indexCount = 3;
  shuffled.findPointsOnly();
  EXPECT_FALSE(shuffled.pointsOnly());
  shuffled.indices = {0, 1, 2};
  shuffled.parts.push_back(scene::ModelPart{});
  shuffled.findPointsOnly();
  EXPECT_FALSE(shuffled.pointsOnly());
}

// A hold that came out larger than what it holds room for gives the
// difference back, and then the rest when it goes.
TEST(Tiles3dSelection, AHoldGivesBackWhatItDoesNotNeed) {
  auto ledger = std::make_shared<MemoryLedger>(1000);
  auto hold = ledger->hold(600);
  ASSERT_TRUE(hold);
  EXPECT_FALSE(ledger->hold(500)) << "600 + 500 is over the budget";
  MemoryLedger::shrink(hold, 200);
  EXPECT_EQ(ledger->held(), 400u);
  auto more = ledger->hold(500);
  EXPECT_TRUE(more) << "room for it now";
  MemoryLedger::shrink(hold, 10000);  // never more than it has
  EXPECT_EQ(ledger->held(), 500u);
  hold.reset();
  EXPECT_EQ(ledger->held(), 500u);
  more.reset();
  EXPECT_EQ(ledger->held(), 0u);
}

// A city written as a tileset (plain, Draco and meshopt) and read back:
// every building once, with its id, its triangles, and the tallest ones at the root.
TEST(Tiles3dWriter, ACityRoundTripsThroughATileset) {
  assets::CitySpec spec;
  spec.buildings.push_back(assets::BuildingSource(test::sourceDir() + "/data/shanghai_bund_lujiazui_osm_buildings.geojson"));
  const scene::CityModel city = assets::loadCity(spec);
  const std::string dir = test::tempDir("tiles3d_writer");
  assets::tiles3d::TilesetWriteOptions wo;
  wo.buildingsPerTile = 100;  // deeper than the default, for a small city
  const auto report = assets::tiles3d::writeTileset(city, dir, wo);
  EXPECT_EQ(report.buildings, city.buildings.size());
  EXPECT_EQ(report.levels, 3u);  // the root and two below: 4^2 × 100 ≥ 1,449
  const TilesetFile file = readTilesetFile(dir + "/tileset.json");
  EXPECT_EQ(file.root.refine, Refine::add);
  ASSERT_TRUE(file.root.implicit);
  EXPECT_EQ(file.copyright, "© OpenStreetMap contributors");

  // Everything refined (a tiny error bound), seen from high above: every
  // building once with its id and all its triangles, whether the content's
  // geometry is plain or compressed (Draco, meshopt) as the pipelines do.
  const glm::dvec3 middle = (city.boundsMin + city.boundsMax) * 0.5;
  for (const auto compression : {assets::tiles3d::Compression::none, assets::tiles3d::Compression::draco, assets::tiles3d::Compression::meshopt}) {
    const std::string name = compression == assets::tiles3d::Compression::draco ? "draco" : compression == assets::tiles3d::Compression::meshopt ? "meshopt" : "plain";
    SCOPED_TRACE(name);
    std::string set = dir + "/tileset.json";
    if (compression != assets::tiles3d::Compression::none) {
      assets::tiles3d::TilesetWriteOptions co = wo;
      co.compression = compression;
      const std::string cdir = test::tempDir("tiles3d_writer_" + name);
      const auto compressed = assets::tiles3d::writeTileset(city, cdir, co);
      EXPECT_LT(compressed.bytes, report.bytes * (compression == assets::tiles3d::Compression::draco ? 0.3 : 0.6)) << "no smaller";
      set = cdir + "/tileset.json";
    }
    StreamOptions o;
    o.maxScreenSpaceError = 1e-3;
    TilesetStreamer s({{set}}, city.frame, o);
    settle(s, straightDown({middle.x, middle.y, 0}, 9000));
    EXPECT_TRUE(s.takeWarnings().empty());
    std::set<std::string> ids;
    size_t triangles = 0;
    size_t faceted = 0;
    for (const auto& d : s.draws()) {
      triangles += d.mesh->indices.size() / 3;
      faceted += d.mesh->faceted ? 1 : 0;
      for (const auto& v : d.mesh->vertices) ids.insert(s.feature(v.feature)->key);
    }
    EXPECT_EQ(triangles, city.triangleCount());
    // Each face written with its own normal, though the city stores a
    // corner once for all its faces: every tile reads back as faceted.
    EXPECT_EQ(faceted, s.draws().size());
    EXPECT_EQ(ids.size(), city.buildings.size());
    EXPECT_EQ(s.featureEnd(), city.buildings.size());
    EXPECT_TRUE(ids.count(std::to_string(city.buildings[0].id)));
  }

  // Far away (the root's error, 16 × its largest left-out building, under
  // 16 pixels) only the root's buildings: the tallest (Shanghai Tower, 632 m) among them.
  TilesetStreamer far({{dir + "/tileset.json"}}, city.frame);
  const double farAway = report.rootError * 1000 * 3.0 / (2 * 16) * 1.1;  // 1000-px view, projection's y scale 3
  settle(far, straightDown({middle.x, middle.y, 0}, farAway));
  ASSERT_EQ(far.draws().size(), 1u);
  float tallest = 0;
  for (const auto& v : far.draws()[0].mesh->vertices)
    if (const auto f = far.feature(v.feature))
      for (const auto& [k, value] : f->properties)
        if (k == "height") tallest = std::max(tallest, std::stof(value));
  EXPECT_FLOAT_EQ(tallest, 632.f);
}
