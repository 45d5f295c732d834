#include "renderer/vulkan/model_textures.h"

#include <algorithm>
#include <cmath>

#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {
namespace {
constexpr uint32_t kSetsPerPool = 1024;
}

ModelTextures::ModelTextures(const Context& ctx, UploadQueue& uploads) : ctx_(ctx), uploads_(uploads) {
  // Linear with mips and repeat: glTF's default sampler, and what a city seen
  // from afar needs not to shimmer.
  vk::SamplerCreateInfo s({}, vk::Filter::eLinear, vk::Filter::eLinear, vk::SamplerMipmapMode::eLinear,
                          vk::SamplerAddressMode::eRepeat, vk::SamplerAddressMode::eRepeat, vk::SamplerAddressMode::eRepeat);
  s.maxLod = VK_LOD_CLAMP_NONE;
  sampler_ = ctx.device().createSamplerUnique(s);
  const vk::DescriptorSetLayoutBinding binding(0, vk::DescriptorType::eCombinedImageSampler, 1, vk::ShaderStageFlagBits::eFragment);
  layout_ = ctx.device().createDescriptorSetLayoutUnique({{}, binding});
  scene::ModelImage white;
  white.width = white.height = 1;
  white.rgba = {255, 255, 255, 255};
  white_ = upload(white);
}

vk::DescriptorSet ModelTextures::allocate(GpuTexture& t) {
  if (!leftInPool_) {
    const vk::DescriptorPoolSize size(vk::DescriptorType::eCombinedImageSampler, kSetsPerPool);
    pools_.push_back(std::make_shared<vk::UniqueDescriptorPool>(ctx_.device().createDescriptorPoolUnique(
        {vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, kSetsPerPool, size})));
    leftInPool_ = kSetsPerPool;
  }
  // Freed sets return to their pool, but this simple count does not see
  // them: a pool is added after every kSetsPerPool allocations.
  --leftInPool_;
  t.pool = pools_.back();
  t.set = std::move(ctx_.device().allocateDescriptorSetsUnique({**t.pool, *layout_})[0]);
  return *t.set;
}

GpuTexture ModelTextures::upload(const scene::ModelImage& img) {
  GpuTexture t = makeImage(img, {});
  allocate(t);
  writeSet(t);
  return t;
}

std::vector<GpuTexture> ModelTextures::uploadGroup(const std::vector<scene::ModelImage>& images, std::shared_ptr<const void> keep) {
  std::vector<GpuTexture> out;
  if (images.empty()) return out;
  const uint32_t count = uint32_t(images.size());
  const vk::DescriptorPoolSize size(vk::DescriptorType::eCombinedImageSampler, count);
  auto pool = std::make_shared<vk::UniqueDescriptorPool>(
      ctx_.device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, count, size}));
  for (const auto& image : images) {
    GpuTexture& t = out.emplace_back(makeImage(image, keep));
    t.pool = pool;
    t.set = std::move(ctx_.device().allocateDescriptorSetsUnique({**pool, *layout_})[0]);
    writeSet(t);
  }
  return out;
}

void ModelTextures::writeSet(const GpuTexture& t) {
  const vk::DescriptorImageInfo info(*sampler_, *t.image.view, vk::ImageLayout::eShaderReadOnlyOptimal);
  const vk::WriteDescriptorSet write(*t.set, 0, 0, vk::DescriptorType::eCombinedImageSampler, info);
  ctx_.device().updateDescriptorSets(write, {});
}

GpuTexture ModelTextures::makeImage(const scene::ModelImage& img, std::shared_ptr<const void> keep) {
  GpuTexture t;
  const vk::Format format = vk::Format::eR8G8B8A8Srgb;
  const uint32_t levels = uint32_t(std::floor(std::log2(std::max(img.width, img.height)))) + 1;
  using U = vk::ImageUsageFlagBits;
  t.image = GpuImage::create(ctx_, {img.width, img.height}, format, U::eSampled | U::eTransferDst | U::eTransferSrc,
                             vk::SampleCountFlagBits::e1, vk::ImageAspectFlagBits::eColor, levels);
  t.bytes = t.image.bytes;

  GpuBuffer staging = GpuBuffer::staging(ctx_, bytesOf(img.rgba));
  using L = vk::ImageLayout;
  using A = vk::AccessFlagBits;
  using S = vk::PipelineStageFlagBits;
  const vk::Image image = *t.image.image;
  const vk::Buffer source = *staging.buffer;
  const uint32_t width = img.width, height = img.height;
  uploads_.record(std::move(staging), [=](vk::CommandBuffer cmd) {
    auto barrier = [&](uint32_t level, L from, L to, vk::AccessFlags src, vk::AccessFlags dst, S srcStage, S dstStage) {
      const vk::ImageMemoryBarrier b(src, dst, from, to, VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, image,
                                     {vk::ImageAspectFlagBits::eColor, level, 1, 0, 1});
      cmd.pipelineBarrier(srcStage, dstStage, {}, {}, {}, b);
    };
    for (uint32_t l = 0; l < levels; ++l) barrier(l, L::eUndefined, L::eTransferDstOptimal, {}, A::eTransferWrite, S::eTopOfPipe, S::eTransfer);
    cmd.copyBufferToImage(source, image, L::eTransferDstOptimal,
                          vk::BufferImageCopy(0, 0, 0, {vk::ImageAspectFlagBits::eColor, 0, 0, 1}, {0, 0, 0}, {width, height, 1}));
    // Each level from the one above, halved by a linear blit.
    int32_t w = int32_t(width), h = int32_t(height);
    for (uint32_t l = 1; l < levels; ++l) {
      barrier(l - 1, L::eTransferDstOptimal, L::eTransferSrcOptimal, A::eTransferWrite, A::eTransferRead, S::eTransfer, S::eTransfer);
      const int32_t nw = std::max(w / 2, 1), nh = std::max(h / 2, 1);
      const vk::ImageBlit blit({vk::ImageAspectFlagBits::eColor, l - 1, 0, 1}, {vk::Offset3D(0, 0, 0), vk::Offset3D(w, h, 1)},
                               {vk::ImageAspectFlagBits::eColor, l, 0, 1}, {vk::Offset3D(0, 0, 0), vk::Offset3D(nw, nh, 1)});
      cmd.blitImage(image, L::eTransferSrcOptimal, image, L::eTransferDstOptimal, blit, vk::Filter::eLinear);
      barrier(l - 1, L::eTransferSrcOptimal, L::eShaderReadOnlyOptimal, A::eTransferRead, A::eShaderRead, S::eTransfer, S::eFragmentShader);
      w = nw, h = nh;
    }
    barrier(levels - 1, L::eTransferDstOptimal, L::eShaderReadOnlyOptimal, A::eTransferWrite, A::eShaderRead, S::eTransfer, S::eFragmentShader);
  }, std::move(keep));
  return t;
}

}  // namespace citywall::renderer::vulkan
