#pragma once
// Landmark models: glTF 2.0 (.gltf/.glb) through tinygltf, every other format
// Assimp reads (OBJ, FBX, PLY, STL, DAE, …) through Assimp. The result is one
// triangle mesh with per-vertex base colour, in the model's own axes and
// units; the placement (lon, lat, height, heading, scale) makes it a city
// object.

#include <string>

#include "scene/city_model.h"

namespace citywall::assets {

/// Where and how big a model stands in the city.
struct ModelPlacement {
  double lon = 0, lat = 0;  ///< degrees, WGS84
  double height = 0;        ///< metres above the ellipsoid surface under it
  double heading = 0;       ///< degrees clockwise from north
  double scale = 1;         ///< model units → metres
};

/// Loads a model file; throws AssetError naming the file and the problem.
scene::ModelMesh loadModel(const std::string& path);

/// Reads glTF content from memory (GLB, or glTF JSON whose files lie in
/// `baseDir`): the content of a 3D Tiles tile. Positions are recentred
/// (ModelMesh::offset) and feature ids kept; `name` names it in errors.
scene::ModelMesh loadGltfBytes(std::string_view bytes, const std::string& baseDir, const std::string& name);
/// The same, letting `bytes` go as soon as they are parsed: a tile's file
/// is not held beside the meshes made from it (a loading worker's peak).
scene::ModelMesh loadGltfBytes(std::string&& bytes, const std::string& baseDir, const std::string& name);

/// Adds a loaded mesh to the city at a placement (glTF's +y up becomes the
/// city's up; other formats are assumed y-up too, as Assimp's are).
void placeModel(scene::CityModel& city, scene::ModelMesh mesh, const ModelPlacement& placement);

}  // namespace citywall::assets
