#pragma once
// gltf_draco — Draco-compressed geometry (KHR_draco_mesh_compression in
// glTF, 3DTILES_draco_point_compression in pnts) decoded with Debian's
// libdraco, after its header's counts are checked.

#include <string>
#include <string_view>

namespace tinygltf {
class Model;
}
namespace draco {
class PointAttribute;
}

namespace citywall::assets {

/// Reads what a Draco bitstream says it holds from its first bytes, before
/// libdraco decodes it: the library allocates whatever a header claims, so a
/// damaged 500-byte tile could ask for gigabytes (fuzzing found one). Throws
/// AssetError(path, what + ": " + problem) when the header cannot be read,
/// is of a kind citywall does not check (bitstreams before 2.0, metadata),
/// or claims more than one tile's primitive may hold (8 M points, 5.5 M
/// triangles).
void checkDracoSize(std::string_view data, const std::string& path, const std::string& what);

/// Refuses (AssetError(path, what + ": " + problem)) a decoded attribute
/// whose values are not numbers: a damaged stream can declare booleans, and
/// libdraco reads any byte of those as a bool (undefined behaviour, found by
/// fuzzing).
void checkDracoValues(const draco::PointAttribute& attribute, const std::string& name, const std::string& path, const std::string& what);

/// Every Draco-compressed primitive of `model` decoded in place: its
/// accessors read the decoded values from buffers of their own, its
/// triangles a new index accessor. Throws AssetError naming `path`, the mesh
/// and the problem when the data cannot be decoded or does not match them.
void decodeDracoPrimitives(tinygltf::Model& model, const std::string& path);

}  // namespace citywall::assets
