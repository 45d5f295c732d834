#include "renderer/vulkan/upload_queue.h"

#include <cstring>
#include <utility>

namespace citywall::renderer::vulkan {

GpuBuffer UploadQueue::buffer(std::span<const std::byte> bytes, vk::BufferUsageFlags usage, std::shared_ptr<const void> keep) {
  return buffer(
      bytes.size(), usage, [bytes](std::byte* out) { std::memcpy(out, bytes.data(), bytes.size()); }, std::move(keep));
}

GpuBuffer UploadQueue::buffer(vk::DeviceSize size, vk::BufferUsageFlags usage, const std::function<void(std::byte*)>& fill,
                              std::shared_ptr<const void> keep) {
  using M = vk::MemoryPropertyFlagBits;
  if (GpuBuffer b = GpuBuffer::hostWritable(ctx_, size, usage)) {
    if (size) fill(static_cast<std::byte*>(b.mapped));
    return b;
  }
  GpuBuffer b = GpuBuffer::create(ctx_, size, usage | vk::BufferUsageFlagBits::eTransferDst, M::eDeviceLocal);
  if (size == 0) return b;
  GpuBuffer staging = GpuBuffer::create(ctx_, size, vk::BufferUsageFlagBits::eTransferSrc, M::eHostVisible | M::eHostCoherent);
  fill(static_cast<std::byte*>(staging.mapped));
  const vk::Buffer source = *staging.buffer, target = *b.buffer;
  record(
      std::move(staging), [source, target, size](vk::CommandBuffer cmd) { cmd.copyBuffer(source, target, vk::BufferCopy(0, 0, size)); },
      std::move(keep));
  return b;
}

void UploadQueue::record(GpuBuffer staging, std::function<void(vk::CommandBuffer)> commands, std::shared_ptr<const void> keep) {
  std::lock_guard lock(mutex_);
  work_.push_back({std::move(staging), std::move(commands), std::move(keep)});
}

size_t UploadQueue::pending() const {
  std::lock_guard lock(mutex_);
  return work_.size();
}

std::vector<UploadQueue::Work> UploadQueue::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(work_, {});
}

void UploadQueue::recordAll(vk::CommandBuffer cmd, std::vector<Work>& work) {
  for (Work& w : work) w.commands(cmd);
  using A = vk::AccessFlagBits;
  using S = vk::PipelineStageFlagBits;
  const vk::MemoryBarrier written(A::eTransferWrite, A::eVertexAttributeRead | A::eIndexRead | A::eUniformRead | A::eShaderRead);
  cmd.pipelineBarrier(S::eTransfer, S::eVertexInput | S::eVertexShader | S::eFragmentShader | S::eComputeShader | S::eDrawIndirect,
                      {}, written, {}, {});
}

void UploadQueue::flush(vk::CommandBuffer cmd, DeferredDeleter& deleter, uint64_t frame) {
  std::vector<Work> work = take();
  if (work.empty()) return;
  recordAll(cmd, work);
  deleter.retire(frame, std::move(work));  // the staging buffers, and what the copies fill
}

void UploadQueue::flushNow() {
  std::vector<Work> work = take();
  if (work.empty()) return;
  ctx_.submitAndWait([&](vk::CommandBuffer cmd) { recordAll(cmd, work); });
}  // done: the staging buffers can go

}  // namespace citywall::renderer::vulkan
