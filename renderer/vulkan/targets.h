#pragma once
// Render targets: where a frame's final (resolved) image goes. Two kinds
// behind one interface so the frame path is the same for both: a window's
// swapchain and offscreen images that are read back.

#include <memory>
#include <optional>
#include <vector>

#include "renderer/renderer.h"

#include "renderer/vulkan/resources.h"

struct GLFWwindow;

namespace citywall::renderer::vulkan {

class RenderTarget {
 public:
  virtual ~RenderTarget() = default;
  virtual vk::Format format() const = 0;
  virtual vk::Extent2D extent() const = 0;
  virtual uint32_t imageCount() const = 0;
  virtual vk::Image image(uint32_t index) const = 0;
  virtual vk::ImageView view(uint32_t index) const = 0;
  /// The layout the frame leaves the image in (present or transfer source).
  virtual vk::ImageLayout finalLayout() const = 0;
  /// Picks the image for frame slot `slot`. A swapchain signals `ready` when
  /// the image may be written; nullopt means "rebuild, then try again".
  virtual std::optional<uint32_t> acquire(uint32_t slot, vk::Semaphore ready) = 0;
  virtual bool usesAcquireSemaphore() const = 0;
  /// Shows the image after `rendered`; false when the target must be rebuilt.
  virtual bool present(uint32_t index, vk::Semaphore rendered) = 0;
  /// Rebuilds after a resize; false when there is nothing to draw into (minimised).
  virtual bool rebuild() = 0;
  /// Records what turns the drawn image into the shown one, after the frame's render pass.
  virtual void recordShow(vk::CommandBuffer, uint32_t /*index*/) {}
  /// What is shown (read back for screenshots): the drawn image itself, except through a cut.
  virtual vk::Image shownImage(uint32_t index) const { return image(index); }
  virtual vk::Extent2D shownExtent() const { return extent(); }
  virtual vk::ImageLayout shownLayout() const { return finalLayout(); }
};

/// One image per frame slot (so frames in flight never share one).
class OffscreenTarget final : public RenderTarget {
 public:
  static constexpr vk::Format kFormat = vk::Format::eR8G8B8A8Srgb;
  OffscreenTarget(const Context& ctx, vk::Extent2D extent, uint32_t slots);
  vk::Format format() const override { return kFormat; }
  vk::Extent2D extent() const override { return extent_; }
  uint32_t imageCount() const override { return uint32_t(images_.size()); }
  vk::Image image(uint32_t i) const override { return *images_[i].image; }
  vk::ImageView view(uint32_t i) const override { return *images_[i].view; }
  vk::ImageLayout finalLayout() const override { return vk::ImageLayout::eTransferSrcOptimal; }
  std::optional<uint32_t> acquire(uint32_t slot, vk::Semaphore) override { return slot; }
  bool usesAcquireSemaphore() const override { return false; }
  bool present(uint32_t, vk::Semaphore) override { return true; }
  bool rebuild() override { return true; }

 private:
  vk::Extent2D extent_;
  std::vector<GpuImage> images_;
};

/// A frame drawn at one size and shown in pieces on another target (a wall
/// node's panels without the bezels between them: RendererOptions::cut).
/// Owns one drawn image per image of the shown target; the pieces are
/// blitted after the render pass, in the frame's command buffer.
class CutTarget final : public RenderTarget {
 public:
  CutTarget(const Context& ctx, std::unique_ptr<RenderTarget> shown, const OutputCut& cut);
  vk::Format format() const override { return shown_->format(); }
  vk::Extent2D extent() const override { return drawn_; }
  uint32_t imageCount() const override { return uint32_t(images_.size()); }
  vk::Image image(uint32_t i) const override { return *images_[i].image; }
  vk::ImageView view(uint32_t i) const override { return *images_[i].view; }
  vk::ImageLayout finalLayout() const override { return vk::ImageLayout::eTransferSrcOptimal; }
  std::optional<uint32_t> acquire(uint32_t slot, vk::Semaphore ready) override { return shown_->acquire(slot, ready); }
  bool usesAcquireSemaphore() const override { return shown_->usesAcquireSemaphore(); }
  bool present(uint32_t index, vk::Semaphore rendered) override { return shown_->present(index, rendered); }
  bool rebuild() override;
  void recordShow(vk::CommandBuffer cmd, uint32_t index) override;
  vk::Image shownImage(uint32_t index) const override { return shown_->image(index); }
  vk::Extent2D shownExtent() const override { return shown_->extent(); }
  vk::ImageLayout shownLayout() const override { return shown_->finalLayout(); }

 private:
  void makeImages();
  const Context& ctx_;
  std::unique_ptr<RenderTarget> shown_;
  vk::Extent2D drawn_;
  OutputCut cut_;
  vk::Extent2D piecesExtent_;  // what the pieces cover at their own size
  std::vector<GpuImage> images_;
};

class SwapchainTarget final : public RenderTarget {
 public:
  SwapchainTarget(const Context& ctx, GLFWwindow* window, bool vsync);
  vk::Format format() const override { return format_; }
  vk::Extent2D extent() const override { return extent_; }
  uint32_t imageCount() const override { return uint32_t(images_.size()); }
  vk::Image image(uint32_t i) const override { return images_[i]; }
  vk::ImageView view(uint32_t i) const override { return *views_[i]; }
  vk::ImageLayout finalLayout() const override { return vk::ImageLayout::ePresentSrcKHR; }
  std::optional<uint32_t> acquire(uint32_t slot, vk::Semaphore ready) override;
  bool usesAcquireSemaphore() const override { return true; }
  bool present(uint32_t index, vk::Semaphore rendered) override;
  bool rebuild() override;
  void setVsync(bool vsync) { vsync_ = vsync; }
  bool vsync() const { return vsync_; }

 private:
  const Context& ctx_;
  GLFWwindow* window_;
  bool vsync_;
  vk::Format format_ = vk::Format::eUndefined;
  vk::Extent2D extent_;
  int builtFor_[2] = {0, 0};  // the window's framebuffer size the swapchain was built for
  vk::UniqueSwapchainKHR swapchain_;
  std::vector<vk::Image> images_;
  std::vector<vk::UniqueImageView> views_;
};

}  // namespace citywall::renderer::vulkan
