#pragma once
// Uploads made while the wall runs (a streamed 3D tile, its textures, the
// base-map pieces for a new view) are copied by the next frame's own
// command buffer, ahead of its work, instead of by a submit the CPU waits
// for. A wait for an upload is a wait for every frame queued before it: on
// a busy GPU, a stutter each time a tile arrives. Where the device's memory
// is the host's (lavapipe, integrated GPUs) buffers are written in place;
// images always need their copy and layout changes recorded.
//
// Thread-safe: 3D Tiles loading workers make their meshes' buffers here
// (TilePreparer) while the main thread records frames.

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "renderer/deferred_deleter.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

class UploadQueue {
 public:
  explicit UploadQueue(const Context& ctx) : ctx_(ctx) {}

  /// A device-local buffer holding `bytes` by the time the next frame's
  /// work reads it (written now on unified memory, else copied first thing
  /// in that frame). An empty span gives an empty buffer. `keep` (what
  /// owns the buffer, when that may go before the next frame) is held until
  /// the copy has run.
  GpuBuffer buffer(std::span<const std::byte> bytes, vk::BufferUsageFlags usage, std::shared_ptr<const void> keep = {});
  /// The same, its `size` bytes written by `fill` straight into the
  /// buffer's memory or its staging buffer: a mesh converted to the GPU's
  /// vertex format is never held whole beside the mesh.
  GpuBuffer buffer(vk::DeviceSize size, vk::BufferUsageFlags usage, const std::function<void(std::byte*)>& fill,
                   std::shared_ptr<const void> keep = {});
  /// Commands that fill something from `staging` (kept until they have
  /// run, as is `keep`), recorded first thing in the next frame. They must
  /// leave what they fill ready for shaders (images in their read layout).
  void record(GpuBuffer staging, std::function<void(vk::CommandBuffer)> commands, std::shared_ptr<const void> keep = {});
  /// Records the queued work into `cmd` and one barrier after it (transfer
  /// writes visible to vertex, index, uniform and shader reads); the staging
  /// buffers retire after `frame`.
  void flush(vk::CommandBuffer cmd, DeferredDeleter& deleter, uint64_t frame);
  /// Runs the queued work at once and waits for it: for a new city, whose
  /// predecessor's textures may go before another frame is drawn.
  void flushNow();
  size_t pending() const;

 private:
  struct Work {
    GpuBuffer staging;
    std::function<void(vk::CommandBuffer)> commands;
    std::shared_ptr<const void> keep;
  };
  /// Takes the queued work (under the lock; what it holds is let go outside it).
  std::vector<Work> take();
  static void recordAll(vk::CommandBuffer cmd, std::vector<Work>& work);
  const Context& ctx_;
  mutable std::mutex mutex_;
  std::vector<Work> work_;
};

}  // namespace citywall::renderer::vulkan
