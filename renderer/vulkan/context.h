#pragma once
// Context: instance, validation, the chosen physical device, the logical
// device and its queue, and a command pool. Built in named steps
// (initInstance → initSurface → pickDevice → initDevice). Owns every handle
// (RAII); destroyed last. Main thread only.

#include <atomic>
#include <functional>
#include <string>

#include "renderer/vulkan/vk.h"

struct GLFWwindow;

namespace citywall::renderer::vulkan {

struct ContextOptions {
  bool validation = false;      ///< Khronos validation + synchronization validation
  std::string deviceFilter;     ///< substring of the device name; empty: any
  GLFWwindow* window = nullptr; ///< when set: a surface, swapchain support and a present queue
  /// A window: hardware frame lock (VK_NV_present_barrier, Quadro Sync)
  /// where the device, driver and surface offer it.
  bool presentBarrier = false;
};

class Context {
 public:
  explicit Context(const ContextOptions& options);  ///< throws RendererError
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  vk::Instance instance() const { return *instance_; }
  vk::PhysicalDevice physical() const { return physical_; }
  vk::Device device() const { return *device_; }
  /// Waits for the device to finish; after a device loss (when nothing will
  /// finish and waiting fails at once) it returns, so that what is left can
  /// be destroyed without throwing.
  void waitIdleEvenIfLost() const noexcept;
  vk::Queue queue() const { return queue_; }
  uint32_t queueFamily() const { return queueFamily_; }
  vk::SurfaceKHR surface() const { return *surface_; }
  vk::CommandPool commandPool() const { return *commandPool_; }
  const vk::PhysicalDeviceProperties& properties() const { return properties_; }
  const std::string& deviceName() const { return deviceName_; }
  const std::vector<std::string>& devicesSeen() const { return devicesSeen_; }

  /// Warnings and errors reported by the validation layers so far.
  uint64_t validationMessages() const { return validationMessages_.load(); }
  /// The highest sample count ≤ requested that colour and depth both support.
  vk::SampleCountFlagBits samples(int requested) const;
  /// A memory type index with all `flags`; throws when none exists.
  uint32_t memoryType(uint32_t typeBits, vk::MemoryPropertyFlags flags) const;
  bool hasMemoryType(uint32_t typeBits, vk::MemoryPropertyFlags flags) const;
  /// Whether device memory is the host's (lavapipe, integrated GPUs): buffers
  /// are then written in place, without a staging copy. The environment
  /// variable CITYWALL_STAGED_UPLOADS=1 says no, so tests run the copies a
  /// discrete GPU needs on lavapipe too.
  bool unifiedMemory() const { return unifiedMemory_; }
  /// Whether the device runs GPU-driven culling (Vulkan 1.2 drawIndirectCount,
  /// multi-draw indirect with firstInstance); enabled at creation when it can.
  bool gpuCulling() const { return gpuCulling_; }
  /// Whether GPU culling's compute passes can read and write 16-bit indices
  /// (storageBuffer16BitAccess, enabled with GPU culling where offered).
  bool storage16() const { return storage16_; }
  /// Whether swapchains join the hardware present barrier; the note says
  /// why not when it was asked for (empty when not asked).
  bool presentBarrier() const { return presentBarrier_; }
  const std::string& presentBarrierNote() const { return presentBarrierNote_; }
  /// Records with `record` into a one-time command buffer, submits it and waits.
  void submitAndWait(const std::function<void(vk::CommandBuffer)>& record) const;

 private:
  void initInstance(const ContextOptions& options);
  void initSurface(GLFWwindow* window);
  void pickDevice(const ContextOptions& options);
  void initDevice(const ContextOptions& options);
  bool offersPresentBarrier();

  vk::UniqueInstance instance_;
  vk::UniqueDebugUtilsMessengerEXT messenger_;
  vk::UniqueSurfaceKHR surface_;
  vk::PhysicalDevice physical_;
  vk::PhysicalDeviceProperties properties_;
  vk::UniqueDevice device_;
  vk::Queue queue_;
  uint32_t queueFamily_ = 0;
  vk::UniqueCommandPool commandPool_;
  std::string deviceName_;
  std::vector<std::string> devicesSeen_;
  std::atomic<uint64_t> validationMessages_{0};
  bool gpuCulling_ = false;
  bool storage16_ = false;
  bool unifiedMemory_ = false;
  bool surfaceCapabilities2_ = false;  // VK_KHR_get_surface_capabilities2, to ask the surface about the barrier
  bool presentBarrier_ = false;
  std::string presentBarrierNote_;
};

}  // namespace citywall::renderer::vulkan
