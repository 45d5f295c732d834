#include "renderer/vulkan/targets.h"

#include <GLFW/glfw3.h>

#include <algorithm>

#include "renderer/renderer.h"

namespace citywall::renderer::vulkan {

OffscreenTarget::OffscreenTarget(const Context& ctx, vk::Extent2D extent, uint32_t slots) : extent_(extent) {
  const auto& limits = ctx.properties().limits;
  const uint32_t maxSide = std::min({limits.maxImageDimension2D, limits.maxFramebufferWidth, limits.maxFramebufferHeight});
  if (extent.width == 0 || extent.height == 0 || extent.width > maxSide || extent.height > maxSide)
    throw RendererError("image size " + std::to_string(extent.width) + "x" + std::to_string(extent.height) +
                        " is outside what " + ctx.deviceName() + " supports (1 to " + std::to_string(maxSide) +
                        " pixels a side)");
  for (uint32_t i = 0; i < slots; ++i)
    images_.push_back(GpuImage::create(ctx, extent, kFormat,
                                       vk::ImageUsageFlagBits::eColorAttachment | vk::ImageUsageFlagBits::eTransferSrc,
                                       vk::SampleCountFlagBits::e1, vk::ImageAspectFlagBits::eColor));
}

SwapchainTarget::SwapchainTarget(const Context& ctx, GLFWwindow* window, bool vsync)
    : ctx_(ctx), window_(window), vsync_(vsync) {
  const auto formats = ctx.physical().getSurfaceFormatsKHR(ctx.surface());
  format_ = formats.at(0).format;
  for (const auto& f : formats)
    if ((f.format == vk::Format::eB8G8R8A8Srgb || f.format == vk::Format::eR8G8B8A8Srgb) &&
        f.colorSpace == vk::ColorSpaceKHR::eSrgbNonlinear) {
      format_ = f.format;
      break;
    }
  rebuild();
}

bool SwapchainTarget::rebuild() {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  if (w == 0 || h == 0) return false;  // minimised
  ctx_.device().waitIdle();  // images of the old swapchain may still be in flight
  const auto caps = ctx_.physical().getSurfaceCapabilitiesKHR(ctx_.surface());
  vk::Extent2D extent = caps.currentExtent;
  if (extent.width == UINT32_MAX) {
    extent.width = std::clamp(uint32_t(w), caps.minImageExtent.width, caps.maxImageExtent.width);
    extent.height = std::clamp(uint32_t(h), caps.minImageExtent.height, caps.maxImageExtent.height);
  }
  if (extent.width == 0 || extent.height == 0) return false;
  builtFor_[0] = w, builtFor_[1] = h;
  vk::PresentModeKHR mode = vk::PresentModeKHR::eFifo;  // always available: vsync
  if (!vsync_) {
    const auto modes = ctx_.physical().getSurfacePresentModesKHR(ctx_.surface());
    for (auto m : {vk::PresentModeKHR::eMailbox, vk::PresentModeKHR::eImmediate})
      if (std::find(modes.begin(), modes.end(), m) != modes.end()) {
        mode = m;
        break;
      }
  }
  uint32_t count = std::max(caps.minImageCount + 1, 3u);
  if (caps.maxImageCount) count = std::min(count, caps.maxImageCount);
  vk::SwapchainCreateInfoKHR info({}, ctx_.surface(), count, format_, vk::ColorSpaceKHR::eSrgbNonlinear, extent, 1,
                                  vk::ImageUsageFlagBits::eColorAttachment | vk::ImageUsageFlagBits::eTransferSrc,
                                  vk::SharingMode::eExclusive, {}, caps.currentTransform,
                                  vk::CompositeAlphaFlagBitsKHR::eOpaque, mode, true, *swapchain_);
  auto next = ctx_.device().createSwapchainKHRUnique(info);
  views_.clear();
  swapchain_ = std::move(next);
  extent_ = extent;
  images_ = ctx_.device().getSwapchainImagesKHR(*swapchain_);
  for (auto img : images_)
    views_.push_back(ctx_.device().createImageViewUnique(vk::ImageViewCreateInfo(
        {}, img, vk::ImageViewType::e2D, format_, {}, vk::ImageSubresourceRange(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1))));
  return true;
}

std::optional<uint32_t> SwapchainTarget::acquire(uint32_t, vk::Semaphore ready) {
  // Not every driver reports a resized window as VK_ERROR_OUT_OF_DATE_KHR
  // (Mesa's X11 path may keep presenting the old size), so compare sizes too.
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  if (w != builtFor_[0] || h != builtFor_[1]) return std::nullopt;
  uint32_t index = 0;
  const VkResult r = vkAcquireNextImageKHR(ctx_.device(), *swapchain_, UINT64_MAX, ready, VK_NULL_HANDLE, &index);
  if (r == VK_ERROR_OUT_OF_DATE_KHR) return std::nullopt;
  if (r != VK_SUCCESS && r != VK_SUBOPTIMAL_KHR) throw RendererError("cannot acquire a swapchain image: " + vk::to_string(vk::Result(r)));
  return index;
}

bool SwapchainTarget::present(uint32_t index, vk::Semaphore rendered) {
  const VkSwapchainKHR sc = *swapchain_;
  const VkSemaphore wait = rendered;
  VkPresentInfoKHR info{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR, nullptr, 1, &wait, 1, &sc, &index, nullptr};
  const VkResult r = vkQueuePresentKHR(ctx_.queue(), &info);
  if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR) return false;
  if (r != VK_SUCCESS) throw RendererError("cannot present: " + vk::to_string(vk::Result(r)));
  return true;
}

}  // namespace citywall::renderer::vulkan
