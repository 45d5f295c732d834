#include "renderer/vulkan/resources.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "renderer/renderer.h"

namespace citywall::renderer::vulkan {

GpuBuffer GpuBuffer::create(const Context& ctx, vk::DeviceSize size, vk::BufferUsageFlags usage,
                            vk::MemoryPropertyFlags flags) {
  GpuBuffer b;
  b.size = size;
  b.buffer = ctx.device().createBufferUnique(vk::BufferCreateInfo({}, std::max<vk::DeviceSize>(size, 16), usage));
  const auto req = ctx.device().getBufferMemoryRequirements(*b.buffer);
  b.memory = ctx.device().allocateMemoryUnique(vk::MemoryAllocateInfo(req.size, ctx.memoryType(req.memoryTypeBits, flags)));
  ctx.device().bindBufferMemory(*b.buffer, *b.memory, 0);
  if (flags & vk::MemoryPropertyFlagBits::eHostVisible) b.mapped = ctx.device().mapMemory(*b.memory, 0, VK_WHOLE_SIZE);
  return b;
}

GpuBuffer GpuBuffer::upload(const Context& ctx, std::span<const std::byte> bytes, vk::BufferUsageFlags usage,
                            vk::DeviceSize capacity) {
  const vk::DeviceSize size = std::max<vk::DeviceSize>(bytes.size(), capacity);
  using M = vk::MemoryPropertyFlagBits;
  // Unified memory (lavapipe, integrated GPUs): write directly, no staging copy.
  if (GpuBuffer b = hostWritable(ctx, size, usage)) {
    if (!bytes.empty()) std::memcpy(b.mapped, bytes.data(), bytes.size());
    return b;
  }
  GpuBuffer b = create(ctx, size, usage | vk::BufferUsageFlagBits::eTransferDst, M::eDeviceLocal);
  if (bytes.empty()) return b;
  const GpuBuffer staging = GpuBuffer::staging(ctx, bytes);
  ctx.submitAndWait([&](vk::CommandBuffer cmd) { cmd.copyBuffer(*staging.buffer, *b.buffer, vk::BufferCopy(0, 0, bytes.size())); });
  return b;
}

GpuBuffer GpuBuffer::hostWritable(const Context& ctx, vk::DeviceSize size, vk::BufferUsageFlags usage) {
  using M = vk::MemoryPropertyFlagBits;
  if (!ctx.unifiedMemory()) return {};
  const auto probe = ctx.device().createBufferUnique(vk::BufferCreateInfo({}, 16, usage));
  const auto bits = ctx.device().getBufferMemoryRequirements(*probe).memoryTypeBits;
  if (!ctx.hasMemoryType(bits, M::eDeviceLocal | M::eHostVisible | M::eHostCoherent)) return {};
  return create(ctx, size, usage, M::eDeviceLocal | M::eHostVisible | M::eHostCoherent);
}

GpuBuffer GpuBuffer::staging(const Context& ctx, std::span<const std::byte> bytes) {
  using M = vk::MemoryPropertyFlagBits;
  GpuBuffer b = create(ctx, bytes.size(), vk::BufferUsageFlagBits::eTransferSrc, M::eHostVisible | M::eHostCoherent);
  if (!bytes.empty()) std::memcpy(b.mapped, bytes.data(), bytes.size());
  return b;
}

GpuImage GpuImage::create(const Context& ctx, vk::Extent2D extent, vk::Format format, vk::ImageUsageFlags usage,
                          vk::SampleCountFlagBits samples, vk::ImageAspectFlags aspect, uint32_t levels) {
  GpuImage img;
  img.format = format;
  img.extent = extent;
  img.image = ctx.device().createImageUnique(vk::ImageCreateInfo({}, vk::ImageType::e2D, format,
                                                                 vk::Extent3D(extent, 1), levels, 1, samples,
                                                                 vk::ImageTiling::eOptimal, usage));
  const auto req = ctx.device().getImageMemoryRequirements(*img.image);
  img.bytes = req.size;
  img.memory = ctx.device().allocateMemoryUnique(
      vk::MemoryAllocateInfo(req.size, ctx.memoryType(req.memoryTypeBits, vk::MemoryPropertyFlagBits::eDeviceLocal)));
  ctx.device().bindImageMemory(*img.image, *img.memory, 0);
  img.view = ctx.device().createImageViewUnique(vk::ImageViewCreateInfo(
      {}, *img.image, vk::ImageViewType::e2D, format, {}, vk::ImageSubresourceRange(aspect, 0, levels, 0, 1)));
  return img;
}

vk::UniqueShaderModule loadShader(const Context& ctx, const std::string& name) {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("CITYWALL_SHADER_DIR")) dirs.emplace_back(env);
#ifdef CITYWALL_BUILD_SHADER_DIR
  dirs.emplace_back(CITYWALL_BUILD_SHADER_DIR);
#endif
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path() / "shaders"), dirs.push_back(exe.parent_path());
    dirs.push_back(exe.parent_path().parent_path() / "share/citywall/shaders");  // installed: /usr/bin → /usr/share
  }
  for (const auto& dir : dirs) {
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) continue;
    std::vector<char> code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (code.size() % 4 != 0 || code.empty()) throw RendererError((dir / name).string() + ": not SPIR-V");
    std::vector<uint32_t> words(code.size() / 4);
    std::memcpy(words.data(), code.data(), code.size());
    return ctx.device().createShaderModuleUnique(vk::ShaderModuleCreateInfo({}, words));
  }
  throw RendererError("shader " + name + " not found (set CITYWALL_SHADER_DIR to the folder with the .spv files)");
}

}  // namespace citywall::renderer::vulkan
