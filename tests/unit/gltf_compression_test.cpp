// Compressed glTF geometry: Draco (KHR_draco_mesh_compression) and meshopt
// (EXT_meshopt_compression), encoded here with Debian's libdraco and
// libmeshoptimizer and read back through the model loader;
// KHR_mesh_quantization's signed normalised accessors; extensions a file
// requires that citywall cannot read.

#include <draco/compression/encode.h>
#include <draco/mesh/triangle_soup_mesh_builder.h>
#include <gtest/gtest.h>
#include <meshoptimizer.h>

#include <array>
#include <glm/glm.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <vector>

#include "assets/asset_error.h"
#include "assets/model_loader.h"
#include "test_support.h"

using namespace citywall;

namespace {

// A box of 12 triangles, 10 × 20 × 30 m from the origin; each triangle has
// its own colour and feature id (its index), so a triangle read back can be
// matched to the one written whatever order Draco gives its points.
struct Soup {
  std::vector<std::array<glm::vec3, 3>> faces;
  std::vector<std::array<uint8_t, 4>> colours;
};

Soup box() {
  const glm::vec3 size(10, 20, 30);
  Soup s;
  auto quad = [&](glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
    s.faces.push_back({a * size, b * size, c * size});
    s.faces.push_back({a * size, c * size, d * size});
  };
  quad({0, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, 0, 0});
  quad({0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1});
  quad({0, 0, 0}, {1, 0, 0}, {1, 0, 1}, {0, 0, 1});
  quad({0, 1, 0}, {0, 1, 1}, {1, 1, 1}, {1, 1, 0});
  quad({0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0});
  quad({1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1});
  for (size_t f = 0; f < s.faces.size(); ++f) s.colours.push_back({uint8_t(20 * f), uint8_t(255 - 20 * f), 128, 255});
  return s;
}

struct Encoded {
  std::string bytes;
  int position = 0, colour = 0, feature = 0;  // Draco's unique ids of the attributes
  size_t points = 0, faces = 0;
};

// `booleanIds`: the feature ids declared as Draco booleans holding 100, as
// a damaged stream can (libdraco would read them as bool: undefined).
Encoded encodeWithDraco(const Soup& soup, bool booleanIds = false) {
  draco::TriangleSoupMeshBuilder builder;
  builder.Start(int(soup.faces.size()));
  const int pos = builder.AddAttribute(draco::GeometryAttribute::POSITION, 3, draco::DT_FLOAT32);
  const int col = builder.AddAttribute(draco::GeometryAttribute::COLOR, 4, draco::DT_UINT8, true);
  const int fid = builder.AddAttribute(draco::GeometryAttribute::GENERIC, 1, booleanIds ? draco::DT_BOOL : draco::DT_FLOAT32);
  for (size_t f = 0; f < soup.faces.size(); ++f) {
    const auto& t = soup.faces[f];
    builder.SetAttributeValuesForFace(pos, draco::FaceIndex(uint32_t(f)), &t[0], &t[1], &t[2]);
    builder.SetPerFaceAttributeValueForFace(col, draco::FaceIndex(uint32_t(f)), soup.colours[f].data());
    const float id = float(f);
    const uint8_t notABool = 100;
    builder.SetPerFaceAttributeValueForFace(fid, draco::FaceIndex(uint32_t(f)), booleanIds ? static_cast<const void*>(&notABool) : &id);
  }
  std::unique_ptr<draco::Mesh> mesh = builder.Finalize();
  EXPECT_TRUE(mesh);
  draco::Encoder encoder;
  encoder.SetAttributeQuantization(draco::GeometryAttribute::POSITION, 14);
  draco::EncoderBuffer out;
  const draco::Status status = encoder.EncodeMeshToBuffer(*mesh, &out);
  EXPECT_TRUE(status.ok()) << status.error_msg_string();
  Encoded e;
  e.bytes.assign(out.data(), out.size());
  e.position = int(mesh->attribute(pos)->unique_id());
  e.colour = int(mesh->attribute(col)->unique_id());
  e.feature = int(mesh->attribute(fid)->unique_id());
  e.points = mesh->num_points(), e.faces = mesh->num_faces();
  return e;
}

// A glTF whose one primitive is the Draco data: accessors without buffer
// views, as KHR_draco_mesh_compression writes them.
std::string dracoGltf(const Encoded& e, const std::string& required = R"("KHR_draco_mesh_compression")", bool inGlb = false) {
  const std::string n = std::to_string(e.points);
  const std::string uri = inGlb ? "" : R"(,"uri":"data:application/octet-stream;base64,)" + test::base64(e.bytes) + "\"";
  return R"({"asset":{"version":"2.0"},"extensionsUsed":["KHR_draco_mesh_compression","EXT_mesh_features"],"extensionsRequired":[)" + required +
         R"(],"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
    "meshes":[{"name":"box","primitives":[{"attributes":{"POSITION":0,"COLOR_0":1,"_FEATURE_ID_0":2},"indices":3,
      "extensions":{"EXT_mesh_features":{"featureIds":[{"featureCount":12,"attribute":0}]},
                    "KHR_draco_mesh_compression":{"bufferView":0,"attributes":{"POSITION":)" +
         std::to_string(e.position) + R"(,"COLOR_0":)" + std::to_string(e.colour) + R"(,"_FEATURE_ID_0":)" +
         std::to_string(e.feature) + R"(}}}}]}],
    "buffers":[{"byteLength":)" + std::to_string(e.bytes.size()) + uri + R"(}],
    "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":)" + std::to_string(e.bytes.size()) + R"(}],
    "accessors":[{"componentType":5126,"count":)" + n + R"(,"type":"VEC3","min":[0,0,0],"max":[10,20,30]},
                 {"componentType":5121,"normalized":true,"count":)" + n + R"(,"type":"VEC4"},
                 {"componentType":5126,"count":)" + n + R"(,"type":"SCALAR"},
                 {"componentType":5123,"count":)" + std::to_string(e.faces * 3) + R"(,"type":"SCALAR"}]})";
}

// A GLB of `json` and `bin` (each padded to 4 bytes).
std::string glb(std::string json, std::string bin) {
  json.resize((json.size() + 3) / 4 * 4, ' ');
  bin.resize((bin.size() + 3) / 4 * 4, '\0');
  auto u32 = [](size_t v) { const uint32_t x = uint32_t(v); return std::string(reinterpret_cast<const char*>(&x), 4); };
  return "glTF" + u32(2) + u32(12 + 8 + json.size() + 8 + bin.size()) + u32(json.size()) + "JSON" + json + u32(bin.size()) +
         std::string("BIN\0", 4) + bin;
}

// The same as a GLB: the JSON chunk, then the Draco data as the BIN chunk.
std::string dracoGlb(const Encoded& e) { return glb(dracoGltf(e, R"("KHR_draco_mesh_compression")", true), e.bytes); }

std::string errorOf(const std::string& gltf, const std::string& name) {
  try {
    assets::loadModel(test::writeFile(test::tempDir("gltf-draco-errors"), name, gltf));
  } catch (const assets::AssetError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(GltfDraco, ACompressedMeshReadsAsItsTrianglesWithTheirColoursAndFeatureIds) {
  const Soup soup = box();
  const Encoded e = encodeWithDraco(soup);
  ASSERT_FALSE(e.bytes.empty());
  const std::string path = test::writeFile(test::tempDir("gltf-draco"), "box.gltf", dracoGltf(e));
  const scene::ModelMesh mesh = assets::loadModel(path);
  EXPECT_TRUE(mesh.warnings.empty()) << mesh.warnings.front();
  ASSERT_EQ(mesh.indices.size(), soup.faces.size() * 3);
  // glTF is y-up and the loader keeps the file's axes: the box's extent is the one written.
  EXPECT_NEAR(mesh.boundsMax.x - mesh.boundsMin.x, 10.f, 0.01f);
  EXPECT_NEAR(mesh.boundsMax.y - mesh.boundsMin.y, 20.f, 0.01f);
  EXPECT_NEAR(mesh.boundsMax.z - mesh.boundsMin.z, 30.f, 0.01f);
  std::vector<bool> seen(soup.faces.size(), false);
  for (size_t i = 0; i < mesh.indices.size(); i += 3) {
    const scene::ModelVertex& a = mesh.vertices[mesh.indices[i]];
    ASSERT_LT(a.feature, soup.faces.size()) << "triangle " << i / 3 << " lost its feature id";
    const size_t f = a.feature;
    seen[f] = true;
    // Its three corners: the written triangle's, in the same winding
    // (Draco may start it at another corner), within 14-bit quantisation.
    const auto& want = soup.faces[f];
    int shift = -1;
    for (int s = 0; s < 3; ++s)
      if (glm::distance(glm::make_vec3(a.position), want[size_t(s)]) < 0.01f) shift = s;
    ASSERT_GE(shift, 0) << "triangle " << f << "'s first corner is none of the written ones";
    for (int k = 0; k < 3; ++k) {
      const scene::ModelVertex& v = mesh.vertices[mesh.indices[i + size_t(k)]];
      EXPECT_LT(glm::distance(glm::make_vec3(v.position), want[size_t((shift + k) % 3)]), 0.01f) << "triangle " << f << " corner " << k;
      EXPECT_EQ(v.feature, f);
      // A flat material-less primitive: white × the vertex colour.
      EXPECT_EQ(v.color[0], soup.colours[f][0]) << "triangle " << f;
      EXPECT_EQ(v.color[1], soup.colours[f][1]) << "triangle " << f;
    }
  }
  for (size_t f = 0; f < seen.size(); ++f) EXPECT_TRUE(seen[f]) << "triangle " << f << " is missing";
}

TEST(GltfDraco, AGlbAsTileContentReadsTheSame) {
  // 3D Tiles content arrives as GLB bytes (or a b3dm around them): the JSON
  // chunk is rewritten for tinygltf and the BIN chunk kept as it was.
  const Soup soup = box();
  const Encoded e = encodeWithDraco(soup);
  const scene::ModelMesh fromGlb = assets::loadGltfBytes(dracoGlb(e), "", "box.glb");
  const scene::ModelMesh fromFile = assets::loadModel(test::writeFile(test::tempDir("gltf-draco-glb"), "box.glb", dracoGlb(e)));
  for (const scene::ModelMesh* mesh : {&fromGlb, &fromFile}) {
    EXPECT_TRUE(mesh->warnings.empty()) << mesh->warnings.front();
    ASSERT_EQ(mesh->indices.size(), 36u);
    EXPECT_NEAR(mesh->boundsMax.z - mesh->boundsMin.z, 30.f, 0.01f);
    std::vector<int> perFeature(soup.faces.size());
    for (uint32_t i : mesh->indices) perFeature.at(mesh->vertices[i].feature) += 1;
    for (int corners : perFeature) EXPECT_EQ(corners, 3);
  }
  // Loaded as bytes, the model is recentred (as tile content is); as a file it is not.
  EXPECT_NEAR(fromGlb.offset.x, 5.0, 0.01);
  EXPECT_NEAR(fromFile.boundsMin.x, 0.f, 0.01f);
}

TEST(GltfDraco, DamagedDracoDataIsAnErrorNamingTheFileAndThePrimitive) {
  Encoded e = encodeWithDraco(box());
  Encoded damaged = e;
  for (size_t i = 24; i < damaged.bytes.size(); ++i) damaged.bytes[i] = char(0xA5 ^ i);
  const std::string error = errorOf(dracoGltf(damaged), "damaged.gltf");
  EXPECT_NE(error.find("damaged.gltf: mesh 0 \"box\", primitive 0: its Draco data cannot be decoded"), std::string::npos) << error;

  Encoded truncated = e;
  truncated.bytes.resize(10);
  EXPECT_NE(errorOf(dracoGltf(truncated), "truncated.gltf").find("truncated.gltf: mesh 0 \"box\", primitive 0:"), std::string::npos)
      << errorOf(dracoGltf(truncated), "truncated.gltf");

  // A header that claims more than a tile may hold is refused before
  // libdraco allocates for it (fuzzing found a 500-byte tile asking for 3 GB).
  Encoded huge = e;
  huge.bytes = std::string("DRACO\x02\x02\x01\x00\x00\x00", 11) + "\xff\xff\xff\x7f" + "\x03" + std::string(40, '\0');
  EXPECT_NE(errorOf(dracoGltf(huge), "huge.gltf").find("huge.gltf: mesh 0 \"box\", primitive 0: its Draco data claims 3 points and 268435455 triangles"),
            std::string::npos)
      << errorOf(dracoGltf(huge), "huge.gltf");

  Encoded wrongId = e;
  wrongId.colour = 77;
  EXPECT_NE(errorOf(dracoGltf(wrongId), "ids.gltf").find("its Draco data has no attribute 77 (COLOR_0)"), std::string::npos)
      << errorOf(dracoGltf(wrongId), "ids.gltf");

  // Values that are not numbers are refused before libdraco converts them
  // (fuzz/regressions/tiles3d/draco_attribute_of_booleans).
  const std::string booleans = errorOf(dracoGltf(encodeWithDraco(box(), true)), "booleans.gltf");
  EXPECT_NE(booleans.find("booleans.gltf: mesh 0 \"box\", primitive 0: its Draco attribute _FEATURE_ID_0 does not hold numbers"),
            std::string::npos)
      << booleans;
}

// The box as gltfpack writes it: positions, octahedral normals (bytes, a
// filter) and indices each meshopt-compressed into the BIN chunk (buffer
// 0), the views over an empty fallback buffer (buffer 1) as the spec says.
std::string meshoptGlb(const Soup& soup, bool damaged = false) {
  const size_t n = soup.faces.size() * 3;
  std::vector<float> positions, normals;
  std::vector<uint16_t> indices;
  for (const auto& t : soup.faces) {
    const glm::vec3 normal = glm::normalize(glm::cross(t[1] - t[0], t[2] - t[0]));
    for (const glm::vec3& p : t) {
      positions.insert(positions.end(), {p.x, p.y, p.z});
      normals.insert(normals.end(), {normal.x, normal.y, normal.z, 0.f});
      indices.push_back(uint16_t(indices.size()));
    }
  }
  std::vector<int8_t> octahedral(n * 4);
  meshopt_encodeFilterOct(octahedral.data(), n, 4, 8, normals.data());
  std::vector<unsigned int> wide(indices.begin(), indices.end());
  std::string bin;
  std::vector<std::pair<size_t, size_t>> ranges;  // each stream's offset and length in the BIN chunk
  auto add = [&](std::vector<unsigned char> encoded, size_t size) {
    encoded.resize(size);
    if (damaged) std::fill(encoded.begin() + 1, encoded.end(), 0xA5);
    ranges.emplace_back(bin.size(), size);
    bin.append(encoded.begin(), encoded.end());
    bin.resize((bin.size() + 3) / 4 * 4, '\0');
  };
  std::vector<unsigned char> buffer(meshopt_encodeVertexBufferBound(n, 12));
  add(buffer, meshopt_encodeVertexBuffer(buffer.data(), buffer.size(), positions.data(), n, 12));
  buffer.assign(meshopt_encodeVertexBufferBound(n, 4), 0);
  add(buffer, meshopt_encodeVertexBuffer(buffer.data(), buffer.size(), octahedral.data(), n, 4));
  buffer.assign(meshopt_encodeIndexBufferBound(n, n), 0);
  add(buffer, meshopt_encodeIndexBuffer(buffer.data(), buffer.size(), wide.data(), n));
  auto view = [&](size_t i, size_t offset, size_t stride, const std::string& mode, const std::string& filter) {
    return R"({"buffer":1,"byteOffset":)" + std::to_string(offset) + R"(,"byteLength":)" + std::to_string(n * stride) +
           (mode == "ATTRIBUTES" ? R"(,"byteStride":)" + std::to_string(stride) : "") +
           R"(,"extensions":{"EXT_meshopt_compression":{"buffer":0,"byteOffset":)" + std::to_string(ranges[i].first) +
           R"(,"byteLength":)" + std::to_string(ranges[i].second) + R"(,"byteStride":)" + std::to_string(stride) +
           R"(,"count":)" + std::to_string(n) + R"(,"mode":")" + mode + "\"" + (filter.empty() ? "" : R"(,"filter":")" + filter + "\"") + "}}}";
  };
  const std::string count = std::to_string(n);
  const std::string json = R"({"asset":{"version":"2.0"},"extensionsUsed":["EXT_meshopt_compression","KHR_mesh_quantization"],
    "extensionsRequired":["EXT_meshopt_compression","KHR_mesh_quantization"],"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
    "meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1},"indices":2}]}],
    "buffers":[{"byteLength":)" + std::to_string(bin.size()) + R"(},{"byteLength":)" + std::to_string(n * 18) +
                           R"(,"extensions":{"EXT_meshopt_compression":{"fallback":true}}}],
    "bufferViews":[)" + view(0, 0, 12, "ATTRIBUTES", "") + "," + view(1, n * 12, 4, "ATTRIBUTES", "OCTAHEDRAL") + "," +
                           view(2, n * 16, 2, "TRIANGLES", "") + R"(],
    "accessors":[{"bufferView":0,"componentType":5126,"count":)" + count + R"(,"type":"VEC3","min":[0,0,0],"max":[10,20,30]},
                 {"bufferView":1,"componentType":5120,"normalized":true,"count":)" + count + R"(,"type":"VEC3"},
                 {"bufferView":2,"componentType":5123,"count":)" + count + R"(,"type":"SCALAR"}]})";
  return glb(json, bin);
}

TEST(GltfMeshopt, AGltfpackStyleGlbReadsAsItsTrianglesAndNormals) {
  const Soup soup = box();
  for (const bool asFile : {false, true}) {
    const scene::ModelMesh mesh = asFile ? assets::loadModel(test::writeFile(test::tempDir("gltf-meshopt"), "box.glb", meshoptGlb(soup)))
                                         : assets::loadGltfBytes(meshoptGlb(soup), "", "box.glb");
    EXPECT_TRUE(mesh.warnings.empty()) << mesh.warnings.front();
    ASSERT_EQ(mesh.indices.size(), 36u);
    for (size_t f = 0; f < soup.faces.size(); ++f) {
      const glm::vec3 want = glm::normalize(glm::cross(soup.faces[f][1] - soup.faces[f][0], soup.faces[f][2] - soup.faces[f][0]));
      for (size_t k = 0; k < 3; ++k) {
        const scene::ModelVertex& v = mesh.vertices[mesh.indices[f * 3 + k]];
        EXPECT_LT(glm::distance(glm::make_vec3(v.position) + glm::vec3(mesh.offset), soup.faces[f][k]), 1e-4f) << "face " << f;
        EXPECT_GT(glm::dot(glm::make_vec3(v.normal), want), 0.999f) << "face " << f << " (octahedral normals, 8 bits)";
      }
    }
  }
  const std::string damaged = errorOf(meshoptGlb(soup, true), "damaged.glb");
  EXPECT_NE(damaged.find("damaged.glb: buffer view 0: its meshopt data cannot be decoded"), std::string::npos) << damaged;
}

TEST(GltfExtensions, ExtensionsCitywallCannotReadAreAWarningNamingThem) {
  const Encoded e = encodeWithDraco(box());
  const std::string path =
      test::writeFile(test::tempDir("gltf-required"), "basisu.gltf", dracoGltf(e, R"("KHR_draco_mesh_compression","KHR_texture_basisu")"));
  const scene::ModelMesh mesh = assets::loadModel(path);
  EXPECT_EQ(mesh.indices.size(), 36u);
  ASSERT_EQ(mesh.warnings.size(), 1u);
  EXPECT_NE(mesh.warnings[0].find("KHR_texture_basisu"), std::string::npos) << mesh.warnings[0];
}

TEST(GltfQuantization, SignedNormalisedPositionsAndNormalsReadThroughTheNodesScale) {
  // KHR_mesh_quantization: positions as normalised shorts (−32767..32767 →
  // −1..1) scaled by their node to metres, normals as normalised bytes.
  const int16_t positions[] = {0, 0, 0, 0, 32767, 0, 0, 0, 0, 0, -32767, 0};  // 4 shorts a vertex (aligned)
  const int8_t normals[] = {0, 127, 0, 0, 0, 0, 127, 0, -128, 0, 0, 0};        // 4 bytes a vertex; −128 reads as −1
  std::string bytes(reinterpret_cast<const char*>(positions), sizeof positions);
  bytes.append(reinterpret_cast<const char*>(normals), sizeof normals);
  const std::string gltf = R"({"asset":{"version":"2.0"},"extensionsUsed":["KHR_mesh_quantization"],
    "extensionsRequired":["KHR_mesh_quantization"],"scene":0,"scenes":[{"nodes":[0]}],
    "nodes":[{"mesh":0,"scale":[50,50,50]}],
    "meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1}}]}],
    "buffers":[{"byteLength":36,"uri":"data:application/octet-stream;base64,)" + test::base64(bytes) + R"("}],
    "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":24,"byteStride":8},{"buffer":0,"byteOffset":24,"byteLength":12,"byteStride":4}],
    "accessors":[{"bufferView":0,"componentType":5122,"normalized":true,"count":3,"type":"VEC3","min":[0,0,-32767],"max":[32767,0,0]},
                 {"bufferView":1,"componentType":5120,"normalized":true,"count":3,"type":"VEC3"}]})";
  const scene::ModelMesh mesh = assets::loadModel(test::writeFile(test::tempDir("gltf-quantized"), "q.gltf", gltf));
  EXPECT_TRUE(mesh.warnings.empty()) << mesh.warnings.front();
  ASSERT_EQ(mesh.vertices.size(), 3u);
  EXPECT_NEAR(mesh.vertices[1].position[0], 50.f, 1e-3f);
  EXPECT_NEAR(mesh.vertices[2].position[2], -50.f, 1e-3f);
  EXPECT_NEAR(mesh.vertices[0].normal[1], 1.f, 1e-5f);
  EXPECT_NEAR(mesh.vertices[1].normal[2], 1.f, 1e-5f);
  EXPECT_NEAR(mesh.vertices[2].normal[0], -1.f, 1e-5f);
}
