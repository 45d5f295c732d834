#pragma once
// ModelTextures: the base-colour textures of models and 3D Tiles content:
// sRGB images with a full mip chain (made on the GPU by blits), one shared
// sampler, a descriptor set each (set 1 of the city pipelines), and a white
// texture for untextured parts. Descriptor pools grow as models come; a
// streamed tile's textures, made on its loading worker, take a pool of
// their own (a shared pool would need a lock for every set made or freed).

#include <memory>
#include <vector>

#include "renderer/vulkan/context.h"
#include "renderer/vulkan/resources.h"
#include "renderer/vulkan/upload_queue.h"
#include "scene/city_model.h"

namespace citywall::renderer::vulkan {

/// One texture on the GPU. Destroy it only when no frame in flight uses it
/// (hand it to the DeferredDeleter).
struct GpuTexture {
  std::shared_ptr<vk::UniqueDescriptorPool> pool;  // kept alive while its set is (members go in reverse: the set first)
  GpuImage image;
  vk::UniqueDescriptorSet set;
  uint64_t bytes = 0;
};

class ModelTextures {
 public:
  ModelTextures(const Context& ctx, UploadQueue& uploads);
  vk::DescriptorSetLayout layout() const { return *layout_; }
  /// A texture of `image`: its copy and mips are made first thing in the
  /// next frame (UploadQueue), which may draw with it. On the main thread.
  GpuTexture upload(const scene::ModelImage& image);
  /// The same for textures that go together (a tile's), from a descriptor
  /// pool of their own: thread-safe. `keep` (what will own them) is held
  /// until their copies have run.
  std::vector<GpuTexture> uploadGroup(const std::vector<scene::ModelImage>& images, std::shared_ptr<const void> keep);
  /// For parts without a texture.
  vk::DescriptorSet white() const { return *white_.set; }

 private:
  vk::DescriptorSet allocate(GpuTexture& t);
  /// The image made and its copy queued; the descriptor set is written by the caller.
  GpuTexture makeImage(const scene::ModelImage& image, std::shared_ptr<const void> keep);
  void writeSet(const GpuTexture& t);

  const Context& ctx_;
  UploadQueue& uploads_;
  vk::UniqueSampler sampler_;
  vk::UniqueDescriptorSetLayout layout_;
  std::vector<std::shared_ptr<vk::UniqueDescriptorPool>> pools_;
  uint32_t leftInPool_ = 0;
  GpuTexture white_;
};

}  // namespace citywall::renderer::vulkan
