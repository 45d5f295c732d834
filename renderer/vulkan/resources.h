#pragma once
// Owned GPU buffers and images (handle + memory freed together), uploads
// through a staging buffer, and SPIR-V loading.

#include <span>
#include <string>

#include "renderer/vulkan/context.h"

namespace citywall::renderer::vulkan {

/// A buffer and its memory. Host-visible buffers stay mapped.
struct GpuBuffer {
  vk::UniqueBuffer buffer;
  vk::UniqueDeviceMemory memory;
  vk::DeviceSize size = 0;
  void* mapped = nullptr;

  static GpuBuffer create(const Context& ctx, vk::DeviceSize size, vk::BufferUsageFlags usage,
                          vk::MemoryPropertyFlags flags);
  /// A device-local buffer filled with `bytes` (staged when device memory is
  /// not host-visible). An empty span gives an empty buffer. With
  /// `capacity` larger than the bytes, the buffer has room after them.
  static GpuBuffer upload(const Context& ctx, std::span<const std::byte> bytes, vk::BufferUsageFlags usage,
                          vk::DeviceSize capacity = 0);
  /// A device-local buffer the CPU writes in place (`mapped`), where the
  /// device's memory is the host's (lavapipe, integrated GPUs); else an
  /// empty one (the caller stages its bytes).
  static GpuBuffer hostWritable(const Context& ctx, vk::DeviceSize size, vk::BufferUsageFlags usage);
  /// A host-visible transfer source holding `bytes`, to copy from.
  static GpuBuffer staging(const Context& ctx, std::span<const std::byte> bytes);
  explicit operator bool() const { return bool(buffer); }
};

/// An image, its memory and a view.
struct GpuImage {
  vk::UniqueImage image;
  vk::UniqueDeviceMemory memory;
  vk::UniqueImageView view;
  vk::Format format = vk::Format::eUndefined;
  vk::Extent2D extent;
  vk::DeviceSize bytes = 0;  ///< the memory it holds

  /// `levels` mip levels (the view covers them all).
  static GpuImage create(const Context& ctx, vk::Extent2D extent, vk::Format format, vk::ImageUsageFlags usage,
                         vk::SampleCountFlagBits samples, vk::ImageAspectFlags aspect, uint32_t levels = 1);
};

template <typename T>
std::span<const std::byte> bytesOf(const std::vector<T>& v) {
  return std::as_bytes(std::span<const T>(v));
}

/// Loads `name` (e.g. "buildings.vert.spv") from the shader folder: the
/// CITYWALL_SHADER_DIR environment variable, the build's shader folder,
/// "shaders/" next to the executable, or ../share/citywall/shaders from it
/// (the installed package). Throws RendererError when missing.
vk::UniqueShaderModule loadShader(const Context& ctx, const std::string& name);

}  // namespace citywall::renderer::vulkan
