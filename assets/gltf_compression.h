#pragma once
// gltf_compression — compressed glTF geometry made plain before the model
// loader reads it.
//
// Tilesets from the common 3D Tiles pipelines ship their meshes compressed
// with Draco (KHR_draco_mesh_compression) or meshoptimizer
// (EXT_meshopt_compression), and quantized (KHR_mesh_quantization: read by
// the loader's accessors directly). Debian's tinygltf reads neither: a Draco
// primitive arrives with accessors that have no bufferView, a meshopt buffer
// view over compressed bytes. This step decodes each (gltf_draco with
// Debian's libdraco, gltf_meshopt with libmeshoptimizer) into a buffer of
// its own and points the accessors or views at it, so the loader sees
// ordinary data.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tinygltf {
class Model;
}

namespace citywall::assets {

/// A glTF file (JSON text or GLB) made ready for tinygltf 2.7, which refuses
/// what these extensions write before anything can decode it: the `indices`
/// of Draco-compressed primitives are left out (an index accessor without a
/// buffer view; the triangles come from the Draco data), and meshopt's
/// fallback buffers (no data, and in a GLB longer than its BIN chunk) become
/// a byte of their own. nullopt when the file uses neither extension or is
/// not JSON that parses: read it as it is.
std::optional<std::string> readyForTinygltf(std::string_view gltfOrGlb);

/// The glTF extensions a model may list in `extensionsRequired` and still be
/// drawn as its author meant (the others are a warning or an error, below).
bool isReadableGltfExtension(const std::string& name);

/// Decodes every meshopt-compressed buffer view and every Draco-compressed
/// primitive of `model` in place. Throws AssetError naming `path`, the view
/// or mesh and the problem when the data cannot be decoded or does not
/// match its accessors. Extensions the file requires that citywall cannot
/// read (texture formats, materials) append a warning.
void expandCompressedGeometry(tinygltf::Model& model, const std::string& path, std::vector<std::string>& warnings);

}  // namespace citywall::assets
