#include "renderer/vulkan/upload_queue.h"


namespace citywall::renderer::vulkan {

GpuBuffer UploadQueue::buffer(std::span<const std::byte> bytes, vk::BufferUsageFlags usage) {
  using M = vk::MemoryPropertyFlagBits;
  if (ctx_.unifiedMemory()) return GpuBuffer::upload(ctx_, bytes, usage);
  GpuBuffer b = GpuBuffer::create(ctx_, bytes.size(), usage | vk::BufferUsageFlagBits::eTransferDst, M::eDeviceLocal);
  if (bytes.empty()) return b;
  GpuBuffer staging = GpuBuffer::staging(ctx_, bytes);
  const vk::Buffer source = *staging.buffer, target = *b.buffer;
  const vk::DeviceSize size = bytes.size();
  record(std::move(staging), [source, target, size](vk::CommandBuffer cmd) { cmd.copyBuffer(source, target, vk::BufferCopy(0, 0, size)); });
  return b;
}

void UploadQueue::record(GpuBuffer staging, std::function<void(vk::CommandBuffer)> commands) {
  work_.push_back({std::move(staging), std::move(commands)});
}

void UploadQueue::recordAll(vk::CommandBuffer cmd) {
  for (Work& w : work_) w.commands(cmd);
  using A = vk::AccessFlagBits;
  using S = vk::PipelineStageFlagBits;
  const vk::MemoryBarrier written(A::eTransferWrite, A::eVertexAttributeRead | A::eIndexRead | A::eUniformRead | A::eShaderRead);
  cmd.pipelineBarrier(S::eTransfer, S::eVertexInput | S::eVertexShader | S::eFragmentShader | S::eComputeShader | S::eDrawIndirect,
                      {}, written, {}, {});
}

void UploadQueue::flush(vk::CommandBuffer cmd, DeferredDeleter& deleter, uint64_t frame) {
  if (work_.empty()) return;
  recordAll(cmd);
  std::vector<GpuBuffer> staging;
  for (Work& w : work_) staging.push_back(std::move(w.staging));
  work_.clear();
  deleter.retire(frame, std::move(staging));
}

void UploadQueue::flushNow() {
  if (work_.empty()) return;
  ctx_.submitAndWait([&](vk::CommandBuffer cmd) { recordAll(cmd); });
  work_.clear();  // done: the staging buffers can go
}

}  // namespace citywall::renderer::vulkan
