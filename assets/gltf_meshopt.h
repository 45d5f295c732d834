#pragma once
// gltf_meshopt — meshopt-compressed buffer views (EXT_meshopt_compression,
// as gltfpack writes them) decoded with Debian's libmeshoptimizer, its
// filters (octahedral, quaternion, exponential) included.

#include <string>

namespace tinygltf {
class Model;
}

namespace citywall::assets {

/// Every meshopt-compressed buffer view of `model` decoded in place into a
/// buffer of its own. Throws AssetError naming `path`, the view and the
/// problem when its data cannot be decoded.
void decodeMeshoptViews(tinygltf::Model& model, const std::string& path);

}  // namespace citywall::assets
