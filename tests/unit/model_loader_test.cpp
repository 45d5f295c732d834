#include <gtest/gtest.h>
#include <webp/encode.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "assets/asset_error.h"
#include "assets/city_loader.h"
#include "assets/model_loader.h"
#include "test_support.h"

using namespace citywall;

namespace {
std::string errorOf(const std::string& path) {
  try {
    assets::loadModel(path);
  } catch (const assets::AssetError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(ModelLoader, KhronosBoxLoadsWithItsNodeTransformAndMaterial) {
  const auto mesh = assets::loadModel(test::sourceDir() + "/data/models/Box.gltf");
  EXPECT_EQ(mesh.indices.size(), 36u);
  EXPECT_EQ(mesh.vertices.size(), 24u);
  // The unit box, turned z-up → y-up by its root node: still ±0.5 on every axis.
  EXPECT_NEAR(mesh.boundsMin.y, -0.5f, 1e-5);
  EXPECT_NEAR(mesh.boundsMax.y, 0.5f, 1e-5);
  // baseColorFactor (0.8, 0, 0).
  EXPECT_EQ(mesh.vertices[0].color[0], 204);
  EXPECT_EQ(mesh.vertices[0].color[1], 0);
}

TEST(ModelLoader, ObjGoesThroughAssimp) {
  const std::string dir = test::tempDir("obj");
  const std::string path = test::writeFile(dir, "tri.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 4 3\n");
  const auto mesh = assets::loadModel(path);
  EXPECT_EQ(mesh.indices.size(), 6u);  // the quad is triangulated
  EXPECT_NEAR(mesh.vertices[0].normal[2], 1.0f, 1e-5);
}

TEST(ModelLoader, ErrorsNameTheFileAndTheProblem) {
  const std::string dir = test::tempDir("bad-models");
  EXPECT_EQ(errorOf(dir + "/missing.glb"), dir + "/missing.glb: file not found");
  const std::string notJson = test::writeFile(dir, "broken.gltf", "{ this is not json");
  EXPECT_NE(errorOf(notJson).find("broken.gltf: not a readable glTF file"), std::string::npos) << errorOf(notJson);
  const std::string badGlb = test::writeFile(dir, "broken.glb", "glTF\x02\x00\x00\x00garbage");
  EXPECT_NE(errorOf(badGlb).find("broken.glb: not a readable glTF file"), std::string::npos) << errorOf(badGlb);
  // A buffer view that points past its buffer.
  const std::string overrun = test::writeFile(dir, "overrun.gltf", R"({
    "asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
    "meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
    "accessors":[{"bufferView":0,"componentType":5126,"count":300,"type":"VEC3"}],
    "bufferViews":[{"buffer":0,"byteLength":36}],
    "buffers":[{"byteLength":36,"uri":"data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA"}]})");
  EXPECT_NE(errorOf(overrun).find("overrun.gltf:"), std::string::npos) << errorOf(overrun);
  const std::string garbage = test::writeFile(dir, "noise.obj", "\x01\x02\x03 not a model");
  EXPECT_NE(errorOf(garbage).find("noise.obj:"), std::string::npos) << errorOf(garbage);
}

// A buffer whose URI names a folder: a stream opened on a folder reports
// 2^63 − 1 bytes, which tinygltf's own reader would allocate (the fuzzer's
// find: std::bad_alloc out of a tile worker). Only regular files are read.
TEST(ModelLoader, ABufferThatNamesAFolderIsAClearErrorNotAnAllocation) {
  const std::string dir = test::tempDir("model-folder-buffer");
  std::filesystem::create_directories(dir + "/buffers");
  for (const char* uri : {"buffers", ".", "buffers/"}) {
    const std::string gltf = test::writeFile(dir, "folder.gltf", std::string(R"({
      "asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
      "meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
      "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"}],
      "bufferViews":[{"buffer":0,"byteLength":36}],
      "buffers":[{"byteLength":36,"uri":")") + uri + R"("}]})");
    const std::string error = errorOf(gltf);
    EXPECT_NE(error.find("folder.gltf: not a readable glTF file"), std::string::npos) << uri << ": " << error;
    EXPECT_NE(error.find(uri), std::string::npos) << uri << ": " << error;  // the URI named
    // From memory, as a tile's content is read: the same.
    std::ifstream in(gltf);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_THROW(assets::loadGltfBytes(bytes, dir, "tile.gltf"), assets::AssetError) << uri;
  }
}

TEST(ModelLoader, PlacementPutsTheModelAtItsLonLatWithHeadingAndScale) {
  scene::CityModel city;
  city.frame = geo::GeoFrame({121.4985, 31.2375, 0});
  auto mesh = assets::loadModel(test::sourceDir() + "/data/models/Box.gltf");
  assets::placeModel(city, std::move(mesh), {121.5, 31.24, 10, 90, 100});
  ASSERT_EQ(city.modelInstances.size(), 1u);
  const auto& inst = city.modelInstances[0];
  const glm::dvec3 expected = city.frame.toLocal({121.5, 31.24, 0}) + glm::dvec3(0, 0, 10);
  EXPECT_LT(glm::length(inst.origin - expected), 1e-6);
  // glTF +y (up) becomes ENU +z, scaled.
  const glm::vec3 up = inst.modelToLocal * glm::vec4(0, 1, 0, 0);
  EXPECT_NEAR(up.z, 100, 1e-3);
  // Heading 90°: the model's +x (east at heading 0) now points south.
  const glm::vec3 x = inst.modelToLocal * glm::vec4(1, 0, 0, 0);
  EXPECT_NEAR(x.y, -100, 1e-3);
  EXPECT_NEAR(city.boundsMax.z - city.boundsMin.z, 100, 0.01);
}

namespace {

// One triangle with per-vertex colours (COLOR_0, floats, RGB), a material
// of base colour 0.5 grey, and whatever image `imageUri` names as its texture.
std::string triangleGltf(const std::string& imageUri) {
  const float data[] = {0, 0, 0, 1, 0, 0, 0, 1, 0,  // positions
                        1, 0, 0, 0, 1, 0, 0, 0, 1};  // colours: red, green, blue
  const std::string bytes(reinterpret_cast<const char*>(data), sizeof data);
  return R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
    "meshes":[{"primitives":[{"attributes":{"POSITION":0,"COLOR_0":1},"material":0}]}],
    "materials":[{"pbrMetallicRoughness":{"baseColorFactor":[0.5,0.5,0.5,1],"baseColorTexture":{"index":0}}}],
    "textures":[{"source":0}],"images":[{"uri":")" + imageUri + R"("}],
    "buffers":[{"byteLength":72,"uri":"data:application/octet-stream;base64,)" + test::base64(bytes) + R"("}],
    "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":36}],
    "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
                 {"bufferView":1,"componentType":5126,"count":3,"type":"VEC3"}]})";
}

}  // namespace

TEST(ModelLoader, VertexColoursMultiplyTheMaterialsColour) {
  const std::string dir = test::tempDir("gltf-colours");
  // A 1×1 PNG, embedded: a texture that decodes.
  const std::string png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  const auto mesh = assets::loadModel(test::writeFile(dir, "tri.gltf", triangleGltf(png)));
  ASSERT_EQ(mesh.vertices.size(), 3u);
  EXPECT_TRUE(mesh.warnings.empty());
  // Red × 0.5 grey, green × 0.5, blue × 0.5.
  EXPECT_EQ(mesh.vertices[0].color[0], 128);
  EXPECT_EQ(mesh.vertices[0].color[1], 0);
  EXPECT_EQ(mesh.vertices[1].color[1], 128);
  EXPECT_EQ(mesh.vertices[2].color[2], 128);
  EXPECT_EQ(mesh.vertices[2].color[0], 0);
}

TEST(ModelLoader, AMissingOrBrokenImageIsAWarningNamingItAndTheModelStands) {
  const std::string dir = test::tempDir("gltf-images");
  const auto missing = assets::loadModel(test::writeFile(dir, "missing.gltf", triangleGltf("facade.png")));
  EXPECT_EQ(missing.vertices.size(), 3u);
  ASSERT_FALSE(missing.warnings.empty());
  bool named = false;
  for (const auto& w : missing.warnings) named |= w.find("facade.png") != std::string::npos;
  EXPECT_TRUE(named) << missing.warnings[0];

  const auto broken = assets::loadModel(test::writeFile(dir, "broken.gltf", triangleGltf("data:image/png;base64,iVBORw0KGgoAAAAN")));
  EXPECT_EQ(broken.vertices.size(), 3u) << "the geometry still loads";
  ASSERT_EQ(broken.warnings.size(), 1u);
  EXPECT_NE(broken.warnings[0].find("image 0 cannot be decoded"), std::string::npos) << broken.warnings[0];

  // In a city, each warning names the model's file.
  scene::CityModel city;
  city.frame = test::bundFrame();
  assets::placeModel(city, broken, {121.49, 31.239, 0, 0, 1});
  ASSERT_EQ(city.warnings.size(), 1u);
  EXPECT_NE(city.warnings[0].find("broken.gltf: image 0"), std::string::npos) << city.warnings[0];
}

// A texture in WebP (EXT_texture_webp, no PNG fallback) is decoded by
// libwebp: the pixels as they were written (lossless); a WebP that is not
// one is a warning naming the image.
TEST(ModelLoader, WebPTexturesAreRead) {
  const std::string dir = test::tempDir("gltf-webp");
  const uint8_t pixels[16] = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 128};
  uint8_t* encoded = nullptr;
  const size_t size = WebPEncodeLosslessRGBA(pixels, 2, 2, 8, &encoded);
  ASSERT_GT(size, 0u);
  test::writeFile(dir, "facade.webp", std::string(reinterpret_cast<const char*>(encoded), size));
  WebPFree(encoded);
  // The triangle with texture coordinates (the colours' first two channels) and its texture in WebP only.
  const auto webpOnly = [](std::string gltf) {
    const auto swap = [&](const std::string& from, const std::string& to) { gltf.replace(gltf.find(from), from.size(), to); };
    swap(R"("textures":[{"source":0}])", R"("textures":[{"extensions":{"EXT_texture_webp":{"source":0}}}],"extensionsUsed":["EXT_texture_webp"])");
    swap(R"("COLOR_0":1})", R"("COLOR_0":1,"TEXCOORD_0":2})");
    swap(R"("type":"VEC3"}])", R"("type":"VEC3"},{"bufferView":1,"componentType":5126,"count":3,"type":"VEC2"}])");
    return gltf;
  };
  const auto mesh = assets::loadModel(test::writeFile(dir, "webp.gltf", webpOnly(triangleGltf("facade.webp"))));
  EXPECT_TRUE(mesh.warnings.empty()) << mesh.warnings[0];
  ASSERT_EQ(mesh.images.size(), 1u);
  EXPECT_EQ(mesh.images[0].width, 2u);
  EXPECT_EQ(mesh.images[0].rgba, std::vector<uint8_t>(pixels, pixels + 16));

  test::writeFile(dir, "bad.webp", std::string("RIFF\x10\0\0\0WEBPVP8 garbage", 24));
  const auto bad = assets::loadModel(test::writeFile(dir, "bad.gltf", webpOnly(triangleGltf("bad.webp"))));
  EXPECT_EQ(bad.vertices.size(), 3u);
  ASSERT_FALSE(bad.warnings.empty());
  EXPECT_NE(bad.warnings[0].find("not a WebP image libwebp can read"), std::string::npos) << bad.warnings[0];
}

TEST(ModelLoader, BaseColourTexturesComeWithTheirUvs) {
  const auto box = assets::loadModel(test::sourceDir() + "/tests/data/BoxTextured.gltf");
  ASSERT_EQ(box.images.size(), 1u);
  EXPECT_EQ(box.images[0].width, 211u);  // the Cesium logo, 211 × 211
  EXPECT_EQ(box.images[0].rgba.size(), size_t(211) * 211 * 4);
  ASSERT_EQ(box.parts.size(), 1u);
  EXPECT_EQ(box.parts[0].image, 0);
  EXPECT_EQ(box.parts[0].indexCount, box.indices.size());
  float maxU = 0;
  for (const auto& v : box.vertices) maxU = std::max(maxU, v.uv[0]);
  EXPECT_GT(maxU, 0.5f);
}

TEST(ModelLoader, AlphaModesMakeAPartEach) {
  const auto panels = assets::loadModel(test::sourceDir() + "/tests/data/alpha_panels.gltf");
  ASSERT_EQ(panels.parts.size(), 3u);
  EXPECT_EQ(panels.parts[0].alpha, scene::AlphaMode::opaque);
  EXPECT_EQ(panels.parts[1].alpha, scene::AlphaMode::mask);
  EXPECT_FLOAT_EQ(panels.parts[1].alphaCutoff, 0.5f);
  EXPECT_EQ(panels.parts[2].alpha, scene::AlphaMode::blend);
  EXPECT_EQ(panels.parts[0].image, panels.parts[1].image);  // one texture, shared
  EXPECT_NE(panels.parts[1].image, panels.parts[2].image);
  EXPECT_EQ(panels.images.size(), 2u);
  for (const auto& p : panels.parts) EXPECT_EQ(p.indexCount, 6u);
}

// A skinned model is drawn in its rest pose: the joints as its nodes stand,
// not as they were bound, and not where the skinned mesh's own node says.
TEST(ModelLoader, ASkinnedModelStandsInItsRestPose) {
  const auto bar = assets::loadModel(test::sourceDir() + "/tests/data/skinned_bar.gltf");
  ASSERT_EQ(bar.vertices.size(), 6u);
  auto at = [&](size_t i) { return glm::dvec3(bar.vertices[i].position[0], bar.vertices[i].position[1], bar.vertices[i].position[2]); };
  // The lower half stays upright at the origin (the mesh node's x = 50 is ignored).
  EXPECT_NEAR(glm::distance(at(0), glm::dvec3(-0.1, 0, 0)), 0, 1e-5);
  // The top leans over: (±0.1, 2, 0) turned 90° about z around the elbow at y = 1.
  EXPECT_NEAR(glm::distance(at(4), glm::dvec3(-1, 0.9, 0)), 0, 1e-5);
  EXPECT_NEAR(glm::distance(at(5), glm::dvec3(-1, 1.1, 0)), 0, 1e-5);
}

// Found by fuzz_tiles3d: a feature id or a colour a damaged file gives as a
// float no uint32 or byte can hold (negative, huge, NaN) was converted
// anyway — undefined behaviour, in practice feature 0 (the wrong building
// picked and highlighted). Such an id is no feature; such a colour is 0.
TEST(ModelLoader, FeatureIdsAndColoursOutOfRangeReadAsNone) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float data[] = {0, 0, 0, 1, 0, 0, 0, 1, 0,        // positions
                        1, nan, 0, 0, 1, 0, -5, 0, 2,     // colours: NaN and a negative channel
                        -1.48e33f, nan, 2.0f};            // _BATCHID
  const std::string bytes(reinterpret_cast<const char*>(data), sizeof data);
  const std::string gltf = R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
    "meshes":[{"primitives":[{"attributes":{"POSITION":0,"COLOR_0":1,"_BATCHID":2}}]}],
    "buffers":[{"byteLength":84,"uri":"data:application/octet-stream;base64,)" + test::base64(bytes) + R"("}],
    "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":36},
                   {"buffer":0,"byteOffset":72,"byteLength":12}],
    "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
                 {"bufferView":1,"componentType":5126,"count":3,"type":"VEC3"},
                 {"bufferView":2,"componentType":5126,"count":3,"type":"SCALAR"}]})";
  const auto mesh = assets::loadGltfBytes(gltf, test::tempDir("gltf-damaged-ids"), "damaged.gltf");
  ASSERT_EQ(mesh.vertices.size(), 3u);
  EXPECT_EQ(mesh.vertices[0].feature, scene::kNoFeature);
  EXPECT_EQ(mesh.vertices[1].feature, scene::kNoFeature);
  EXPECT_EQ(mesh.vertices[2].feature, 2u);
  EXPECT_EQ(mesh.vertices[0].color[0], 255);
  EXPECT_EQ(mesh.vertices[0].color[1], 0);  // NaN
  EXPECT_EQ(mesh.vertices[2].color[0], 0);  // −5
  EXPECT_EQ(mesh.vertices[2].color[2], 255);  // 2, clamped
}

// Metadata with numbers where objects belong (a schema, a property table,
// its properties, a feature-id entry) reads as no metadata, with a warning
// where a table names a class. tinygltf's Value::Get asserts the value is an
// object: a Debug build aborted on fuzz_tiles3d's regression inputs
// (scripts/sanitize.sh); release builds read nothing, as now every build does.
TEST(ModelLoader, MetadataWithNumbersWhereObjectsBelongReadsAsNone) {
  const float data[] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 2};  // positions, then _FEATURE_ID_0
  const std::string bytes(reinterpret_cast<const char*>(data), sizeof data);
  auto gltf = [&](const std::string& featureIds, const std::string& metadata) {
    return R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
      "extensionsUsed":["EXT_mesh_features","EXT_structural_metadata"],"extensions":{"EXT_structural_metadata":)" + metadata + R"(},
      "meshes":[{"primitives":[{"attributes":{"POSITION":0,"_FEATURE_ID_0":1},
                                "extensions":{"EXT_mesh_features":{"featureIds":)" + featureIds + R"(}}}]}],
      "buffers":[{"byteLength":48,"uri":"data:application/octet-stream;base64,)" + test::base64(bytes) + R"("}],
      "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":12}],
      "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
                   {"bufferView":1,"componentType":5126,"count":3,"type":"SCALAR"}]})";
  };
  const std::string entry = R"([{"featureCount":3,"propertyTable":0,"attribute":0}])";
  for (const auto& [ids, metadata] : std::vector<std::pair<std::string, std::string>>{
           {"[5]", R"({"schema":{"classes":{}},"propertyTables":[]})"},
           {entry, R"({"schema":3,"propertyTables":[{"class":"c","count":3,"properties":{}}]})"},
           {entry, R"({"schema":{"classes":4},"propertyTables":[{"class":"c","count":3,"properties":{}}]})"},
           {entry, R"({"schema":{"classes":{"c":{"properties":6}}},"propertyTables":[7]})"},
           {entry, R"({"schema":{"classes":{"c":{"properties":6}}},"propertyTables":[{"class":"c","count":3,"properties":8}]})"},
           {entry, R"({"schema":{"classes":{"c":{"properties":{"p":9}}}},
                       "propertyTables":[{"class":"c","count":3,"properties":{"p":10}}]})"}}) {
    SCOPED_TRACE(ids + " " + metadata);
    const auto mesh = assets::loadGltfBytes(gltf(ids, metadata), "", "numbers_for_objects.gltf");
    ASSERT_EQ(mesh.vertices.size(), 3u);
    EXPECT_TRUE(mesh.features.names.empty());
  }
  const auto mesh = assets::loadGltfBytes(gltf(entry, R"({"schema":3,"propertyTables":[{"class":"c","count":3}]})"), "", "no_schema.gltf");
  ASSERT_FALSE(mesh.warnings.empty());
  EXPECT_NE(mesh.warnings[0].find("class \"c\""), std::string::npos) << mesh.warnings[0];
}

TEST(ModelLoader, AnAttributeWithTooFewComponentsReadsZerosNotPastItsElement) {
  // NORMAL given as VEC2 (the spec says VEC3), at the very end of its buffer:
  // fuzzing (fuzz_tiles3d) found the third component read past the buffer's
  // end. Missing components read as 0: normals (0,1), (0,1), (1,0) are
  // (0,1,0), (0,1,0), (1,0,0), turned as the model is.
  const std::string gltf = R"({
  "asset": {"version": "2.0"},
  "buffers": [{"byteLength": 68, "uri": "data:application/octet-stream;base64,AAABAAIAAAAAAAAAAAAAAAAAAAAAAIA/AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAACAPwAAAAAAAIA/AACAPwAAAAA="}],
  "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 6}, {"buffer": 0, "byteOffset": 8, "byteLength": 36},
                  {"buffer": 0, "byteOffset": 44, "byteLength": 24}],
  "accessors": [{"bufferView": 0, "componentType": 5123, "count": 3, "type": "SCALAR"},
                {"bufferView": 1, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]},
                {"bufferView": 2, "componentType": 5126, "count": 3, "type": "VEC2"}],
  "meshes": [{"primitives": [{"attributes": {"POSITION": 1, "NORMAL": 2}, "indices": 0}]}],
  "nodes": [{"mesh": 0}],
  "scenes": [{"nodes": [0]}],
  "scene": 0
})";
  const auto mesh = assets::loadGltfBytes(gltf, "", "vec2_normals.gltf");
  ASSERT_EQ(mesh.vertices.size(), 3u);
  auto normal = [&](size_t i) { return glm::vec3(mesh.vertices[i].normal[0], mesh.vertices[i].normal[1], mesh.vertices[i].normal[2]); };
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(glm::length(normal(i)), 1.f, 1e-5f) << i;
  EXPECT_NEAR(glm::distance(normal(0), normal(1)), 0.f, 1e-5f) << "the same normal, not one bent by the next element's x";
  EXPECT_NEAR(glm::dot(normal(0), normal(2)), 0.f, 1e-5f);
}

// Offsets, lengths and counts are the file's word, and sums of them can
// wrap around. Fuzzing (fuzz_tiles3d, in CI) found tinygltf 2.7 handing the
// image decoder a buffer view longer than its buffer, and stb_image reading
// past the end: now the image is a warning naming it, and the model stands.
// A POSITION count of 2^62 + 1 at a stride of 12 bytes wraps the naive
// "start + stride × (count − 1) + 12 ≤ size" to 12: now it is refused.
TEST(ModelLoader, AnImageOrAnAccessorReachingPastItsBufferIsRefusedNotRead) {
  const std::string base = R"({
  "asset": {"version": "2.0"},
  "buffers": [{"byteLength": 68, "uri": "data:application/octet-stream;base64,AAABAAIAAAAAAAAAAAAAAAAAAAAAAIA/AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAACAPwAAAAAAAIA/AACAPwAAAAA="}],
  "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 6}, {"buffer": 0, "byteOffset": 8, "byteLength": 36},
                  {"buffer": 0, "byteOffset": 60, "byteLength": 5000}],
  "images": [{"bufferView": 2, "mimeType": "image/png", "name": "facade"}],
  "accessors": [{"bufferView": 0, "componentType": 5123, "count": 3, "type": "SCALAR"},
                {"bufferView": 1, "componentType": 5126, "count": COUNT, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]}],
  "meshes": [{"primitives": [{"attributes": {"POSITION": 1}, "indices": 0}]}],
  "nodes": [{"mesh": 0}],
  "scenes": [{"nodes": [0]}],
  "scene": 0
})";
  auto withCount = [&](const std::string& count) {
    std::string g = base;
    g.replace(g.find("COUNT"), 5, count);
    return g;
  };
  const auto mesh = assets::loadGltfBytes(withCount("3"), "", "long_view.gltf");
  EXPECT_EQ(mesh.vertices.size(), 3u) << "the geometry stands";
  ASSERT_EQ(mesh.warnings.size(), 1u);
  EXPECT_NE(mesh.warnings[0].find("image 0 \"facade\" cannot be decoded: its buffer view reaches past the end of its buffer"),
            std::string::npos)
      << mesh.warnings[0];

  try {
    assets::loadGltfBytes(withCount("4611686018427387905"), "", "wrapping_count.gltf");
    ADD_FAILURE() << "a count of 2^62 + 1 was read";
  } catch (const assets::AssetError& e) {
    EXPECT_NE(std::string(e.what()).find("wrapping_count.gltf: an accessor reads past the end of its buffer"), std::string::npos)
        << e.what();
  }
}

// EXT_mesh_gpu_instancing (3D Tiles 1.1's instances): a triangle copied to
// three instances under the node's own translation — moved, doubled,
// turned 90° about y — each copy its instance's feature (EXT_instance_features),
// and the copies one part, one draw.
TEST(ModelLoader, GpuInstancesAreCopiedWithTheirTransformsAndFeatures) {
  const float h = std::sqrt(0.5f);
  const float data[] = {0, 0, 0, 1, 0, 0, 0, 1, 0,             // the triangle (36 bytes)
                        0, 0, 0, 10, 0, 0, 0, 0, 10,           // TRANSLATION (36)
                        0, 0, 0, 1, 0, 0, 0, 1, 0, h, 0, h,    // ROTATION, xyzw (48): none, none, 90° about y
                        1, 1, 1, 2, 2, 2, 1, 1, 1,             // SCALE (36)
                        5, 6, 7};                              // _FEATURE_ID_0 (12)
  const std::string bytes(reinterpret_cast<const char*>(data), sizeof data);
  const std::string gltf = R"({"asset":{"version":"2.0"},"extensionsUsed":["EXT_mesh_gpu_instancing","EXT_instance_features"],
    "scene":0,"scenes":[{"nodes":[0]}],
    "nodes":[{"mesh":0,"translation":[100,0,0],"extensions":{
      "EXT_mesh_gpu_instancing":{"attributes":{"TRANSLATION":1,"ROTATION":2,"SCALE":3,"_FEATURE_ID_0":4}},
      "EXT_instance_features":{"featureIds":[{"featureCount":3,"attribute":0}]}}}],
    "meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
    "buffers":[{"byteLength":168,"uri":"data:application/octet-stream;base64,)" + test::base64(bytes) + R"("}],
    "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":36},
                   {"buffer":0,"byteOffset":72,"byteLength":48},{"buffer":0,"byteOffset":120,"byteLength":36},
                   {"buffer":0,"byteOffset":156,"byteLength":12}],
    "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
                 {"bufferView":1,"componentType":5126,"count":3,"type":"VEC3"},
                 {"bufferView":2,"componentType":5126,"count":3,"type":"VEC4"},
                 {"bufferView":3,"componentType":5126,"count":3,"type":"VEC3"},
                 {"bufferView":4,"componentType":5126,"count":3,"type":"SCALAR"}]})";
  const auto mesh = assets::loadModel(test::writeFile(test::tempDir("gltf-instances"), "trees.gltf", gltf));
  EXPECT_TRUE(mesh.warnings.empty()) << mesh.warnings.front();
  ASSERT_EQ(mesh.vertices.size(), 9u);
  ASSERT_EQ(mesh.indices.size(), 9u);
  EXPECT_EQ(mesh.parts.size(), 1u);
  auto at = [&](size_t i) { return glm::vec3(mesh.vertices[i].position[0], mesh.vertices[i].position[1], mesh.vertices[i].position[2]); };
  auto near = [](glm::vec3 a, glm::vec3 b) { return glm::distance(a, b) < 1e-4f; };
  EXPECT_TRUE(near(at(1), {101, 0, 0}));   // instance 0: only the node's translation
  EXPECT_TRUE(near(at(4), {112, 0, 0}));   // instance 1: at x = 10, twice as large
  EXPECT_TRUE(near(at(5), {110, 2, 0}));
  EXPECT_TRUE(near(at(7), {100, 0, 9}));   // instance 2: at z = 10, turned: +x goes to −z
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(mesh.vertices[i].feature, 5u + i / 3) << i;
  // A damaged instance count is refused, not copied to millions.
  std::string huge = gltf;
  huge.replace(huge.find(R"("count":3,"type":"VEC3"})"), 24, R"("count":9999999,"type":"VEC3"})");
  EXPECT_NE(errorOf(test::writeFile(test::tempDir("gltf-instances-huge"), "huge.gltf", huge)).find("huge.gltf:"), std::string::npos);
  // Fewer feature ids than instances (fuzzing found the third read past the
  // buffer): the instance without one has no feature, the others keep theirs.
  std::string fewer = gltf;
  fewer.replace(fewer.find(R"("count":3,"type":"SCALAR"})"), 26, R"("count":2,"type":"SCALAR"})");
  const auto partly = assets::loadModel(test::writeFile(test::tempDir("gltf-instances-fewer"), "fewer.gltf", fewer));
  ASSERT_EQ(partly.vertices.size(), 9u);
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(partly.vertices[i].feature, i < 6 ? 5u + i / 3 : scene::kNoFeature) << i;
}

// KHR_materials_unlit: the part is drawn without sun or shade.
TEST(ModelLoader, UnlitMaterialsMakeUnlitParts) {
  const auto lit = assets::loadModel(test::sourceDir() + "/tests/data/BoxTextured.gltf");
  const auto unlit = assets::loadModel(test::sourceDir() + "/tests/data/BoxTexturedUnlit.gltf");
  ASSERT_EQ(lit.parts.size(), 1u);
  ASSERT_EQ(unlit.parts.size(), 1u);
  EXPECT_FALSE(lit.parts[0].unlit);
  EXPECT_TRUE(unlit.parts[0].unlit);
  EXPECT_TRUE(unlit.warnings.empty()) << unlit.warnings.front();
}

// KHR_texture_transform (an atlas): the base colour texture's offset,
// rotation and scale applied to the uvs (translation × rotation × scale,
// the rotation in uv's axes with v down, as the sample model has it).
TEST(ModelLoader, TextureTransformsMoveTheUvs) {
  std::string gltf = assets::readFileBytes(test::sourceDir() + "/tests/data/BoxTextured.gltf");
  const auto plain = assets::loadModel(test::sourceDir() + "/tests/data/BoxTextured.gltf");
  const std::string from = R"("baseColorTexture": {
                    "index": 0
                })";
  ASSERT_NE(gltf.find(from), std::string::npos);
  gltf.replace(gltf.find(from), from.size(), R"("baseColorTexture": {"index": 0, "extensions": {"KHR_texture_transform":
                   {"offset": [0.5, 0.25], "rotation": 1.5707963267948966, "scale": [2, 3]}}})");
  const auto moved = assets::loadGltfBytes(gltf, test::sourceDir() + "/tests/data", "atlas.gltf");
  EXPECT_TRUE(moved.warnings.empty()) << moved.warnings.front();
  ASSERT_EQ(moved.vertices.size(), plain.vertices.size());
  for (size_t i = 0; i < plain.vertices.size(); ++i) {
    const float u = plain.vertices[i].uv[0], v = plain.vertices[i].uv[1];
    // Scaled (2u, 3v), turned a quarter counter-clockwise with v down (3v, −2u), then offset.
    EXPECT_NEAR(moved.vertices[i].uv[0], 0.5f + 3 * v, 1e-5f) << i;
    EXPECT_NEAR(moved.vertices[i].uv[1], 0.25f - 2 * u, 1e-5f) << i;
  }
}

// KHR_materials_pbrSpecularGlossiness (older exports): its diffuse texture
// and colour are drawn as the base colour.
TEST(ModelLoader, SpecularGlossinessMaterialsKeepTheirDiffuseTexture) {
  std::string gltf = assets::readFileBytes(test::sourceDir() + "/tests/data/BoxTextured.gltf");
  const std::string from = R"("pbrMetallicRoughness": {
                "baseColorTexture": {
                    "index": 0
                }
            })";
  ASSERT_NE(gltf.find(from), std::string::npos);
  gltf.replace(gltf.find(from), from.size(), R"("extensions": {"KHR_materials_pbrSpecularGlossiness":
                   {"diffuseTexture": {"index": 0}, "diffuseFactor": [0.5, 0.5, 0.5, 1]}})");
  const auto mesh = assets::loadGltfBytes(gltf, test::sourceDir() + "/tests/data", "old_export.gltf");
  EXPECT_TRUE(mesh.warnings.empty()) << mesh.warnings.front();
  ASSERT_EQ(mesh.parts.size(), 1u);
  EXPECT_GE(mesh.parts[0].image, 0) << "the diffuse texture was not taken";
  EXPECT_FALSE(mesh.parts[0].flat);
  EXPECT_EQ(mesh.vertices[0].color[0], 128);  // the diffuse factor
}
