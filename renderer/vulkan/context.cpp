#include "renderer/vulkan/context.h"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>

#include "renderer/renderer.h"
#include "renderer/vulkan/device_selection.h"

VULKAN_HPP_DEFAULT_DISPATCH_LOADER_DYNAMIC_STORAGE

namespace citywall::renderer::vulkan {
namespace {

VKAPI_ATTR VkBool32 VKAPI_CALL onValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                   VkDebugUtilsMessageTypeFlagsEXT,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
  if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
    static_cast<std::atomic<uint64_t>*>(user)->fetch_add(1);
    std::fprintf(stderr, "[vulkan validation] %s\n", data->pMessage);
  }
  return VK_FALSE;
}

DeviceKind kindOf(vk::PhysicalDeviceType t) {
  switch (t) {
    case vk::PhysicalDeviceType::eDiscreteGpu: return DeviceKind::discrete;
    case vk::PhysicalDeviceType::eIntegratedGpu: return DeviceKind::integrated;
    case vk::PhysicalDeviceType::eVirtualGpu: return DeviceKind::virtualGpu;
    case vk::PhysicalDeviceType::eCpu: return DeviceKind::cpu;
    default: return DeviceKind::other;
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Context::Context(const ContextOptions& options) {
  initInstance(options);
  initSurface(options.window);
  pickDevice(options);
  initDevice(options);
}

Context::~Context() { waitIdleEvenIfLost(); }

void Context::waitIdleEvenIfLost() const noexcept {
  try {
    if (device_) device_->waitIdle();
  } catch (const vk::SystemError&) {  // a lost device: nothing is running any more
  }
}

void Context::initInstance(const ContextOptions& options) {
  VULKAN_HPP_DEFAULT_DISPATCHER.init(vkGetInstanceProcAddr);
  std::vector<const char*> extensions, layers;
  if (options.window) {
    uint32_t count = 0;
    const char** glfwExtensions = glfwGetRequiredInstanceExtensions(&count);
    if (!glfwExtensions) throw RendererError("GLFW found no Vulkan surface support on this display");
    extensions.assign(glfwExtensions, glfwExtensions + count);
    if (options.presentBarrier)
      for (const auto& e : vk::enumerateInstanceExtensionProperties())
        if (std::string(e.extensionName.data()) == VK_KHR_GET_SURFACE_CAPABILITIES_2_EXTENSION_NAME) {
          extensions.push_back(VK_KHR_GET_SURFACE_CAPABILITIES_2_EXTENSION_NAME);
          surfaceCapabilities2_ = true;
        }
  }
  if (options.validation) {
    bool haveLayer = false;
    for (const auto& l : vk::enumerateInstanceLayerProperties())
      if (std::string(l.layerName.data()) == "VK_LAYER_KHRONOS_validation") haveLayer = true;
    if (!haveLayer)
      throw RendererError("validation was requested but VK_LAYER_KHRONOS_validation is not installed "
                          "(Debian package vulkan-validationlayers)");
    layers.push_back("VK_LAYER_KHRONOS_validation");
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
  }
  vk::ApplicationInfo app("citywall", 1, "citywall", 1, VK_API_VERSION_1_2);
  vk::InstanceCreateInfo info({}, &app, layers, extensions);
  // Synchronization validation catches missing barriers that core validation
  // cannot see; lavapipe supports it, so the tests run with it.
  const vk::ValidationFeatureEnableEXT enables[] = {vk::ValidationFeatureEnableEXT::eSynchronizationValidation};
  vk::ValidationFeaturesEXT features(enables, {});
  if (options.validation) info.pNext = &features;
  try {
    instance_ = vk::createInstanceUnique(info);
  } catch (const vk::SystemError& e) {
    throw RendererError(std::string("cannot create a Vulkan instance (") + e.what() +
                        "); is a Vulkan driver installed (mesa-vulkan-drivers for lavapipe)?");
  }
  VULKAN_HPP_DEFAULT_DISPATCHER.init(*instance_);
  if (options.validation) {
    using S = vk::DebugUtilsMessageSeverityFlagBitsEXT;
    using T = vk::DebugUtilsMessageTypeFlagBitsEXT;
    messenger_ = instance_->createDebugUtilsMessengerEXTUnique(vk::DebugUtilsMessengerCreateInfoEXT(
        {}, S::eWarning | S::eError, T::eGeneral | T::eValidation | T::ePerformance, &onValidationMessage,
        &validationMessages_));
  }
}

void Context::initSurface(GLFWwindow* window) {
  if (!window) return;
  VkSurfaceKHR raw = VK_NULL_HANDLE;
  if (glfwCreateWindowSurface(*instance_, window, nullptr, &raw) != VK_SUCCESS)
    throw RendererError("cannot create a Vulkan surface for the window");
  surface_ = vk::UniqueSurfaceKHR(raw, *instance_);
}

void Context::pickDevice(const ContextOptions& options) {
  std::string filter = options.deviceFilter;
  if (filter.empty())
    if (const char* env = std::getenv("CITYWALL_DEVICE")) filter = env;
  const auto physicals = instance_->enumeratePhysicalDevices();
  std::vector<DeviceCandidate> candidates;
  std::vector<uint32_t> families;
  for (const auto& pd : physicals) {
    const auto props = pd.getProperties();
    DeviceCandidate c;
    c.name = props.deviceName.data();
    c.kind = kindOf(props.deviceType);
    c.apiVersion = props.apiVersion;
    c.nameMatchesFilter = filter.empty() || lower(c.name).find(lower(filter)) != std::string::npos;
    const auto depth = pd.getFormatProperties(vk::Format::eD32Sfloat);
    c.depthFormat = bool(depth.optimalTilingFeatures & vk::FormatFeatureFlagBits::eDepthStencilAttachment);
    uint32_t family = UINT32_MAX;
    const auto queues = pd.getQueueFamilyProperties();
    for (uint32_t i = 0; i < queues.size(); ++i) {
      if (!(queues[i].queueFlags & vk::QueueFlagBits::eGraphics)) continue;
      c.graphicsQueue = true;
      if (surface_ && !pd.getSurfaceSupportKHR(i, *surface_)) continue;
      family = i;
      break;
    }
    if (surface_) {
      c.presentQueue = family != UINT32_MAX;
      c.swapchainExtension = false;
      for (const auto& e : pd.enumerateDeviceExtensionProperties())
        if (std::string(e.extensionName.data()) == VK_KHR_SWAPCHAIN_EXTENSION_NAME) c.swapchainExtension = true;
    }
    candidates.push_back(c);
    families.push_back(family);
  }
  const DeviceChoice choice = chooseDevice(candidates, bool(surface_));
  devicesSeen_ = choice.seen;
  if (!choice.chosen) {
    std::string msg = "no usable Vulkan device. Devices seen:";
    if (candidates.empty()) msg += " none (install a driver; mesa-vulkan-drivers provides lavapipe)";
    for (const auto& s : choice.seen) msg += "\n  " + s;
    throw RendererError(msg);
  }
  physical_ = physicals[*choice.chosen];
  properties_ = physical_.getProperties();
  deviceName_ = properties_.deviceName.data();
  queueFamily_ = families[*choice.chosen];
}

// Hardware frame lock: the device extension, its feature, and a surface
// that can join the barrier (a Quadro Sync board wired to the other nodes).
bool Context::offersPresentBarrier() {
  const auto no = [this](std::string why) {
    presentBarrierNote_ = std::move(why);
    return false;
  };
  bool extension = false;
  for (const auto& e : physical_.enumerateDeviceExtensionProperties())
    if (std::string(e.extensionName.data()) == VK_NV_PRESENT_BARRIER_EXTENSION_NAME) extension = true;
  if (!extension) return no(deviceName_ + " does not offer VK_NV_present_barrier");
  vk::PhysicalDevicePresentBarrierFeaturesNV barrier;
  vk::PhysicalDeviceFeatures2 features;
  features.pNext = &barrier;
  physical_.getFeatures2(&features);
  if (!barrier.presentBarrier) return no("the driver does not enable the present barrier");
  if (!surfaceCapabilities2_)
    return no("the instance lacks VK_KHR_get_surface_capabilities2 to ask the surface");
  vk::SurfaceCapabilitiesPresentBarrierNV surfaceBarrier;
  vk::SurfaceCapabilities2KHR caps;
  caps.pNext = &surfaceBarrier;
  const vk::PhysicalDeviceSurfaceInfo2KHR surfaceInfo(*surface_);
  if (physical_.getSurfaceCapabilities2KHR(&surfaceInfo, &caps) != vk::Result::eSuccess || !surfaceBarrier.presentBarrierSupported)
    return no("this window's surface cannot join a present barrier (no frame lock board, or not fullscreen)");
  return true;
}

void Context::initDevice(const ContextOptions& options) {
  const float priority = 1.0f;
  vk::DeviceQueueCreateInfo queueInfo({}, queueFamily_, 1, &priority);
  std::vector<const char*> extensions;
  if (surface_) extensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
  presentBarrier_ = surface_ && options.presentBarrier && offersPresentBarrier();
  vk::PhysicalDevicePresentBarrierFeaturesNV barrierFeature(VK_TRUE);
  if (presentBarrier_) extensions.push_back(VK_NV_PRESENT_BARRIER_EXTENSION_NAME);
  vk::PhysicalDeviceFeatures features;
  const auto available = physical_.getFeatures();
  features.fillModeNonSolid = available.fillModeNonSolid;
  features.largePoints = available.largePoints;  // a point cloud's points wider than a pixel
  // GPU-driven culling (renderer/vulkan/gpu_culling.h) needs Vulkan 1.2's
  // indirect draws with a count, and indirect draws that set firstInstance.
  vk::PhysicalDeviceVulkan12Features features12;
  // 16-bit storage buffers: GPU culling copies a city's 16-bit indices
  // (CityPass::setCity narrows them where every chunk's vertices fit).
  vk::PhysicalDeviceVulkan11Features features11;
  vk::DeviceCreateInfo info({}, queueInfo, {}, extensions, &features);
  if (properties_.apiVersion >= VK_API_VERSION_1_2) {
    vk::PhysicalDeviceVulkan12Features have12;
    vk::PhysicalDeviceVulkan11Features have11;
    have12.pNext = &have11;
    vk::PhysicalDeviceFeatures2 have;
    have.pNext = &have12;
    physical_.getFeatures2(&have);
    gpuCulling_ = have12.drawIndirectCount && available.drawIndirectFirstInstance && available.multiDrawIndirect;
    if (gpuCulling_) {
      features.drawIndirectFirstInstance = features.multiDrawIndirect = true;
      features12.drawIndirectCount = true;
      info.pNext = &features12;
      storage16_ = have11.storageBuffer16BitAccess;
      if (storage16_) {
        features11.storageBuffer16BitAccess = true;
        features12.pNext = &features11;
      }
    }
  }
  if (presentBarrier_) {  // first in the chain, ahead of the 1.2 features when those are there
    barrierFeature.pNext = const_cast<void*>(info.pNext);
    info.pNext = &barrierFeature;
  }
  using M = vk::MemoryPropertyFlagBits;
  const char* staged = std::getenv("CITYWALL_STAGED_UPLOADS");
  unifiedMemory_ = properties_.deviceType != vk::PhysicalDeviceType::eDiscreteGpu &&
                   hasMemoryType(~0u, M::eDeviceLocal | M::eHostVisible | M::eHostCoherent) && !(staged && *staged == '1');
  device_ = physical_.createDeviceUnique(info);
  VULKAN_HPP_DEFAULT_DISPATCHER.init(*device_);
  queue_ = device_->getQueue(queueFamily_, 0);
  commandPool_ = device_->createCommandPoolUnique(
      vk::CommandPoolCreateInfo(vk::CommandPoolCreateFlagBits::eResetCommandBuffer, queueFamily_));
}

vk::SampleCountFlagBits Context::samples(int requested) const {
  const auto limits = properties_.limits;
  const auto supported = limits.framebufferColorSampleCounts & limits.framebufferDepthSampleCounts;
  for (int s = 64; s > 1; s /= 2)
    if (s <= requested && (supported & vk::SampleCountFlagBits(s))) return vk::SampleCountFlagBits(s);
  return vk::SampleCountFlagBits::e1;
}

bool Context::hasMemoryType(uint32_t typeBits, vk::MemoryPropertyFlags flags) const {
  const auto mem = physical_.getMemoryProperties();
  for (uint32_t i = 0; i < mem.memoryTypeCount; ++i)
    if ((typeBits & (1u << i)) && (mem.memoryTypes[i].propertyFlags & flags) == flags) return true;
  return false;
}

uint32_t Context::memoryType(uint32_t typeBits, vk::MemoryPropertyFlags flags) const {
  const auto mem = physical_.getMemoryProperties();
  for (uint32_t i = 0; i < mem.memoryTypeCount; ++i)
    if ((typeBits & (1u << i)) && (mem.memoryTypes[i].propertyFlags & flags) == flags) return i;
  throw RendererError("no suitable GPU memory type (" + vk::to_string(flags) + ")");
}

void Context::submitAndWait(const std::function<void(vk::CommandBuffer)>& record) const {
  auto cmds = device_->allocateCommandBuffersUnique(
      vk::CommandBufferAllocateInfo(*commandPool_, vk::CommandBufferLevel::ePrimary, 1));
  cmds[0]->begin(vk::CommandBufferBeginInfo(vk::CommandBufferUsageFlagBits::eOneTimeSubmit));
  record(*cmds[0]);
  cmds[0]->end();
  auto fence = device_->createFenceUnique({});
  queue_.submit(vk::SubmitInfo({}, {}, *cmds[0]), *fence);
  if (device_->waitForFences(*fence, true, UINT64_MAX) != vk::Result::eSuccess)
    throw RendererError("GPU upload did not finish");
}

}  // namespace citywall::renderer::vulkan
