#pragma once
// gltf_compression — compressed glTF geometry made plain before the model
// loader reads it.
//
// Tilesets from the common 3D Tiles pipelines ship their meshes compressed
// with Draco (KHR_draco_mesh_compression) and quantized (KHR_mesh_quantization:
// read by the loader's accessors directly). Debian's tinygltf is built without
// Draco, so a compressed primitive arrives with accessors that have no
// bufferView; this step decodes each with Debian's libdraco into a buffer of
// its own and points the accessors at it, so the loader sees ordinary data.

#include <optional>
#include <string>
#include <vector>

namespace tinygltf {
class Model;
}

namespace citywall::assets {

/// A glTF file (JSON text or GLB) made ready for tinygltf: the `indices` of
/// its Draco-compressed primitives left out (tinygltf 2.7 refuses an index
/// accessor without a buffer view before anything can decode it; the
/// triangles come from the Draco data). nullopt when the file has no Draco
/// primitive or is not JSON that parses: read it as it is.
std::optional<std::string> withoutDracoIndices(const std::string& gltfOrGlb);

/// The glTF extensions a model may list in `extensionsRequired` and still be
/// drawn as its author meant (the others are a warning or an error, below).
bool isReadableGltfExtension(const std::string& name);

/// Decodes every Draco-compressed primitive of `model` in place. Throws
/// AssetError naming `path`, the mesh and the problem when a primitive's
/// Draco data cannot be decoded or does not match its accessors. Extensions
/// the file requires that citywall cannot read: geometry ones are an
/// AssetError; others (texture formats, materials) append a warning.
void expandCompressedGeometry(tinygltf::Model& model, const std::string& path, std::vector<std::string>& warnings);

}  // namespace citywall::assets
