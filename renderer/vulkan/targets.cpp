#include "renderer/vulkan/targets.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

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
                                       vk::ImageUsageFlagBits::eColorAttachment | vk::ImageUsageFlagBits::eTransferSrc |
                                           vk::ImageUsageFlagBits::eTransferDst,  // a cut's pieces land here
                                       vk::SampleCountFlagBits::e1, vk::ImageAspectFlagBits::eColor));
}

CutTarget::CutTarget(const Context& ctx, std::unique_ptr<RenderTarget> shown, const OutputCut& cut)
    : ctx_(ctx), shown_(std::move(shown)), drawn_(cut.drawWidth, cut.drawHeight), cut_(cut) {
  for (const auto& p : cut_.pieces) {
    if (p.width == 0 || p.height == 0 || p.fromX + p.width > drawn_.width || p.fromY + p.height > drawn_.height)
      throw RendererError("a cut's piece lies outside the drawn frame");
    piecesExtent_.width = std::max(piecesExtent_.width, p.toX + p.width);
    piecesExtent_.height = std::max(piecesExtent_.height, p.toY + p.height);
  }
  makeImages();
}

void CutTarget::makeImages() {
  images_.clear();
  for (uint32_t i = 0; i < shown_->imageCount(); ++i)
    images_.push_back(GpuImage::create(ctx_, drawn_, shown_->format(),
                                       vk::ImageUsageFlagBits::eColorAttachment | vk::ImageUsageFlagBits::eTransferSrc,
                                       vk::SampleCountFlagBits::e1, vk::ImageAspectFlagBits::eColor));
}

bool CutTarget::rebuild() {
  if (!shown_->rebuild()) return false;
  if (shown_->imageCount() != images_.size()) makeImages();  // a new swapchain may hold another number of images
  return true;
}

void CutTarget::recordShow(vk::CommandBuffer cmd, uint32_t index) {
  const vk::ImageSubresourceRange range(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);
  const vk::Image from = image(index), to = shown_->image(index);
  // The frame's writes before the copy; the shown image's old contents are not needed.
  const vk::ImageMemoryBarrier before[] = {
      {vk::AccessFlagBits::eColorAttachmentWrite, vk::AccessFlagBits::eTransferRead, vk::ImageLayout::eTransferSrcOptimal,
       vk::ImageLayout::eTransferSrcOptimal, VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, from, range},
      {{}, vk::AccessFlagBits::eTransferWrite, vk::ImageLayout::eUndefined, vk::ImageLayout::eTransferDstOptimal,
       VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, to, range}};
  cmd.pipelineBarrier(vk::PipelineStageFlagBits::eColorAttachmentOutput, vk::PipelineStageFlagBits::eTransfer, {}, {}, {},
                      before);
  // A target of another size than the pieces (a window the desktop kept
  // smaller): the pieces are scaled to fill it.
  const vk::Extent2D shown = shown_->extent();
  const double sx = double(shown.width) / piecesExtent_.width, sy = double(shown.height) / piecesExtent_.height;
  const bool exact = shown.width == piecesExtent_.width && shown.height == piecesExtent_.height;
  const vk::ImageSubresourceLayers layer(vk::ImageAspectFlagBits::eColor, 0, 0, 1);
  for (const auto& p : cut_.pieces) {
    auto at = [](double v) { return int32_t(std::lround(v)); };
    const vk::ImageBlit blit(layer,
                             {vk::Offset3D(int32_t(p.fromX), int32_t(p.fromY), 0),
                              vk::Offset3D(int32_t(p.fromX + p.width), int32_t(p.fromY + p.height), 1)},
                             layer,
                             {vk::Offset3D(at(p.toX * sx), at(p.toY * sy), 0),
                              vk::Offset3D(at((p.toX + p.width) * sx), at((p.toY + p.height) * sy), 1)});
    cmd.blitImage(from, vk::ImageLayout::eTransferSrcOptimal, to, vk::ImageLayout::eTransferDstOptimal, blit,
                  exact ? vk::Filter::eNearest : vk::Filter::eLinear);
  }
  const bool present = shown_->finalLayout() == vk::ImageLayout::ePresentSrcKHR;
  const vk::ImageMemoryBarrier after(vk::AccessFlagBits::eTransferWrite,
                                     present ? vk::AccessFlags{} : vk::AccessFlags(vk::AccessFlagBits::eTransferRead),
                                     vk::ImageLayout::eTransferDstOptimal, shown_->finalLayout(), VK_QUEUE_FAMILY_IGNORED,
                                     VK_QUEUE_FAMILY_IGNORED, to, range);
  cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer,
                      present ? vk::PipelineStageFlagBits::eBottomOfPipe : vk::PipelineStageFlagBits::eTransfer, {}, {}, {},
                      after);
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
  // Read back for screenshots; written by a cut's pieces (a wall node's panels) where the surface allows.
  vk::ImageUsageFlags usage = vk::ImageUsageFlagBits::eColorAttachment | vk::ImageUsageFlagBits::eTransferSrc;
  if (caps.supportedUsageFlags & vk::ImageUsageFlagBits::eTransferDst) usage |= vk::ImageUsageFlagBits::eTransferDst;
  uint32_t count = std::max(caps.minImageCount + 1, 3u);
  if (caps.maxImageCount) count = std::min(count, caps.maxImageCount);
  vk::SwapchainCreateInfoKHR info({}, ctx_.surface(), count, format_, vk::ColorSpaceKHR::eSrgbNonlinear, extent, 1,
                                  usage, vk::SharingMode::eExclusive, {}, caps.currentTransform,
                                  vk::CompositeAlphaFlagBitsKHR::eOpaque, mode, true, *swapchain_);
  // Hardware frame lock where the context found it (a wall's node on Quadro Sync).
  vk::SwapchainPresentBarrierCreateInfoNV barrier(VK_TRUE);
  if (ctx_.presentBarrier()) info.pNext = &barrier;
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
  if (r == VK_ERROR_DEVICE_LOST || r == VK_ERROR_SURFACE_LOST_KHR)
    throw DeviceLost("cannot acquire a swapchain image: " + vk::to_string(vk::Result(r)));
  if (r != VK_SUCCESS && r != VK_SUBOPTIMAL_KHR) throw RendererError("cannot acquire a swapchain image: " + vk::to_string(vk::Result(r)));
  return index;
}

bool SwapchainTarget::present(uint32_t index, vk::Semaphore rendered) {
  const VkSwapchainKHR sc = *swapchain_;
  const VkSemaphore wait = rendered;
  VkPresentInfoKHR info{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR, nullptr, 1, &wait, 1, &sc, &index, nullptr};
  const VkResult r = vkQueuePresentKHR(ctx_.queue(), &info);
  if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR) return false;
  if (r == VK_ERROR_DEVICE_LOST || r == VK_ERROR_SURFACE_LOST_KHR) throw DeviceLost("cannot present: " + vk::to_string(vk::Result(r)));
  if (r != VK_SUCCESS) throw RendererError("cannot present: " + vk::to_string(vk::Result(r)));
  return true;
}

}  // namespace citywall::renderer::vulkan
