// vk_renderer.cpp — the Vulkan backend: VulkanImpl (the one frame path) and the Renderer interface over it.
//
// [SECTION] Construction (context → target → render pass → passes)
// [SECTION] Attachments and framebuffers
// [SECTION] The frame (wait → acquire → record → submit → present)
// [SECTION] Read-back
// [SECTION] ImGui pass
// [SECTION] Public API forwarding

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_vulkan.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <utility>

#include "renderer/renderer.h"
#include "renderer/vulkan/basemap_pass.h"
#include "renderer/vulkan/city_pass.h"
#include "renderer/vulkan/upload_queue.h"
#include "renderer/vulkan/heatmap_pass.h"
#include "renderer/vulkan/marker_pass.h"
#include "renderer/vulkan/region_pass.h"
#include "renderer/vulkan/targets.h"

namespace citywall::renderer {
using namespace vulkan;

namespace {
constexpr uint32_t kFramesInFlight = 2;
// Timestamps per frame: start, after the heat compute, after the city, after
// the markers, after the UI, end, and after the GPU culling's early phase.
constexpr uint32_t kMarks = 7;
}

struct VulkanImpl {
  RendererOptions options;
  std::unique_ptr<Context> ctx;
  std::unique_ptr<UploadQueue> uploads;  // copies made first thing in each frame (streamed tiles, textures, map pieces)
  std::unique_ptr<RenderTarget> target;
  vk::SampleCountFlagBits samples = vk::SampleCountFlagBits::e1;
  vk::UniqueRenderPass renderPass;
  // With occlusion culling the frame's pass is split in two around the depth
  // pyramid: `earlyPass` (clears, keeps colour and depth for what follows)
  // and `latePass` (loads them, ends like renderPass). All three are
  // compatible, so one set of framebuffers and pipelines serves them.
  vk::UniqueRenderPass earlyPass, latePass;
  bool splitPass = false;  // this renderer may split (GPU culling with occlusion on this device)
  GpuImage colorMsaa, depth;
  std::vector<vk::UniqueFramebuffer> framebuffers;
  std::unique_ptr<CityPass> city;
  std::unique_ptr<MarkerPass> markers, sensors, features, picked;
  std::unique_ptr<HeatmapPass> heat;
  std::unique_ptr<RegionPass> regions;
  std::unique_ptr<BaseMapPass> basemap, tiles, featureGround;  // the base map, its tiles for the camera; the governance layers' lines and areas
  std::unique_ptr<BaseMapPass> markGround;  // the marked areas' discs and rings
  uint64_t markGroundVersion = 0;           // of the marks uploaded
  uint64_t tilesVersion = 0;  // of the tiles uploaded
  uint32_t lastFinishedSlot = 0;
  DeferredDeleter deleter;

  struct Slot {
    vk::UniqueCommandBuffer cmd;
    vk::UniqueFence fence;
    vk::UniqueSemaphore acquired;
    uint64_t frame = 0;       // number of the frame last submitted in this slot (0: none)
    bool timed = false;
    FrameStats stats;
  };
  std::vector<Slot> slots;
  std::vector<vk::UniqueSemaphore> rendered;  // per target image
  vk::UniqueQueryPool timestamps;
  bool timestampsSupported = false;
  uint64_t frameNumber = 1;
  FrameStats last;

  GpuBuffer readback;
  // A thumbnail asked for (requestThumbnail): recorded into the next frame,
  // read when that frame's slot is collected.
  vk::Extent2D thumbAsked{0, 0};
  GpuImage thumbImage;
  GpuBuffer thumbBuffer;
  std::optional<uint32_t> thumbSlot;  // the slot whose frame copies it
  std::optional<Image> thumbReady;
  bool uiReady = false;
  vk::UniqueDescriptorPool uiPool;

  //---------------------------------------------------------------------------
  // [SECTION] Construction
  //---------------------------------------------------------------------------

  void init(std::unique_ptr<RenderTarget> t) {
    target = std::move(t);
    int requested = options.msaaSamples;
    if (requested <= 0) {  // automatic: where multisampling pays
      const bool software = ctx->properties().deviceType == vk::PhysicalDeviceType::eCpu;
      requested = software && target->usesAcquireSemaphore() ? 1 : 4;
    }
    samples = ctx->samples(requested);
    initRenderPass();
    uploads = std::make_unique<UploadQueue>(*ctx);
    city = std::make_unique<CityPass>(*ctx, *uploads, *renderPass, samples, kFramesInFlight, options.gpuCulling,
                                      splitPass ? options.occlusion : RendererOptions::Occlusion::off, options.narrowIndices);
    initAttachments();
    markers = std::make_unique<MarkerPass>(*ctx, *renderPass, samples, kFramesInFlight);
    sensors = std::make_unique<MarkerPass>(*ctx, *renderPass, samples, kFramesInFlight);
    features = std::make_unique<MarkerPass>(*ctx, *renderPass, samples, kFramesInFlight);
    picked = std::make_unique<MarkerPass>(*ctx, *renderPass, samples, kFramesInFlight);
    heat = std::make_unique<HeatmapPass>(*ctx, *renderPass, samples, kFramesInFlight);
    regions = std::make_unique<RegionPass>(*ctx, *renderPass, samples, kFramesInFlight);
    basemap = std::make_unique<BaseMapPass>(*ctx, *uploads, *renderPass, samples, kFramesInFlight);
    featureGround = std::make_unique<BaseMapPass>(*ctx, *uploads, *renderPass, samples, kFramesInFlight);
    tiles = std::make_unique<BaseMapPass>(*ctx, *uploads, *renderPass, samples, kFramesInFlight);
    markGround = std::make_unique<BaseMapPass>(*ctx, *uploads, *renderPass, samples, kFramesInFlight);
    initSlots();
  }

  enum class PassPart { whole, early, late };

  vk::UniqueRenderPass makeRenderPass(PassPart part) {
    using L = vk::ImageLayout;
    using Load = vk::AttachmentLoadOp;
    using Store = vk::AttachmentStoreOp;
    const bool msaa = samples != vk::SampleCountFlagBits::e1;
    const bool early = part == PassPart::early, late = part == PassPart::late;
    std::vector<vk::AttachmentDescription> attachments;
    // 0: colour (multisampled, or the target itself without MSAA)
    attachments.push_back({{}, target->format(), samples, late ? Load::eLoad : Load::eClear,
                           early || !msaa ? Store::eStore : Store::eDontCare, Load::eDontCare, Store::eDontCare,
                           late ? L::eColorAttachmentOptimal : L::eUndefined,
                           early || msaa ? L::eColorAttachmentOptimal : target->finalLayout()});
    // 1: depth; the early part leaves it for the depth pyramid's compute pass to read
    attachments.push_back({{}, vk::Format::eD32Sfloat, samples, late ? Load::eLoad : Load::eClear,
                           early ? Store::eStore : Store::eDontCare, Load::eDontCare, Store::eDontCare,
                           late ? L::eDepthStencilReadOnlyOptimal : L::eUndefined,
                           early ? L::eDepthStencilReadOnlyOptimal : L::eDepthStencilAttachmentOptimal});
    // 2: resolve into the target (the early part resolves too, to stay
    // compatible; the late part's resolve overwrites it)
    if (msaa)
      attachments.push_back({{}, target->format(), vk::SampleCountFlagBits::e1, Load::eDontCare,
                             early ? Store::eDontCare : Store::eStore, Load::eDontCare, Store::eDontCare, L::eUndefined,
                             early ? L::eColorAttachmentOptimal : target->finalLayout()});
    const vk::AttachmentReference color(0, L::eColorAttachmentOptimal), depthRef(1, L::eDepthStencilAttachmentOptimal),
        resolve(2, L::eColorAttachmentOptimal);
    vk::SubpassDescription subpass({}, vk::PipelineBindPoint::eGraphics, {}, color, {}, &depthRef);
    if (msaa) subpass.setPResolveAttachments(&resolve);
    using S = vk::PipelineStageFlagBits;
    using A = vk::AccessFlagBits;
    const auto attachmentStages = S::eColorAttachmentOutput | S::eEarlyFragmentTests | S::eLateFragmentTests;
    const auto attachmentAccess = A::eColorAttachmentWrite | A::eColorAttachmentRead | A::eDepthStencilAttachmentWrite |
                                  A::eDepthStencilAttachmentRead;
    // The same dependencies for all three parts: validation counts them in
    // render pass compatibility.
    const vk::SubpassDependency deps[] = {
        // The previous frame's writes to the shared MSAA colour and depth
        // images (and the early part's and the depth pyramid's reads of the
        // depth), and the acquire semaphore's wait stage, come before ours.
        {VK_SUBPASS_EXTERNAL, 0, S::eColorAttachmentOutput | S::eLateFragmentTests | S::eComputeShader, attachmentStages,
         A::eColorAttachmentWrite | A::eDepthStencilAttachmentWrite, attachmentAccess},
        // Our writes come before what follows: the late part, the depth
        // pyramid's compute pass, a read-back copy.
        {0, VK_SUBPASS_EXTERNAL, attachmentStages, attachmentStages | S::eComputeShader | S::eTransfer,
         A::eColorAttachmentWrite | A::eDepthStencilAttachmentWrite, attachmentAccess | A::eShaderRead | A::eTransferRead}};
    return ctx->device().createRenderPassUnique({{}, attachments, subpass, deps});
  }

  void initRenderPass() {
    renderPass = makeRenderPass(PassPart::whole);
    splitPass = options.gpuCulling && options.occlusion != RendererOptions::Occlusion::off && ctx->gpuCulling() &&
                (samples == vk::SampleCountFlagBits::e1 ||
                 (ctx->properties().limits.sampledImageDepthSampleCounts & samples));
    if (splitPass) {
      earlyPass = makeRenderPass(PassPart::early);
      latePass = makeRenderPass(PassPart::late);
    }
  }

  //---------------------------------------------------------------------------
  // [SECTION] Attachments and framebuffers
  //---------------------------------------------------------------------------

  void initAttachments() {
    framebuffers.clear();
    const vk::Extent2D e = target->extent();
    using U = vk::ImageUsageFlagBits;
    const bool msaa = samples != vk::SampleCountFlagBits::e1;
    // A split pass stores the multisampled colour between its parts: it may not be transient then.
    if (msaa)
      colorMsaa = GpuImage::create(*ctx, e, target->format(),
                                   U::eColorAttachment | (splitPass ? vk::ImageUsageFlags{} : U::eTransientAttachment), samples,
                                   vk::ImageAspectFlagBits::eColor);
    // Occlusion culling reads the depth (the pyramid); otherwise it never leaves the GPU's tiles.
    depth = GpuImage::create(*ctx, e, vk::Format::eD32Sfloat,
                             U::eDepthStencilAttachment | (splitPass ? U::eSampled : U::eTransientAttachment), samples,
                             vk::ImageAspectFlagBits::eDepth);
    if (city) city->setDepth(splitPass ? *depth.view : vk::ImageView{}, e, samples);
    for (uint32_t i = 0; i < target->imageCount(); ++i) {
      std::vector<vk::ImageView> views;
      if (msaa) views = {*colorMsaa.view, *depth.view, target->view(i)};
      else views = {target->view(i), *depth.view};
      framebuffers.push_back(ctx->device().createFramebufferUnique({{}, *renderPass, views, e.width, e.height, 1}));
    }
    rendered.clear();
    for (uint32_t i = 0; i < target->imageCount(); ++i) rendered.push_back(ctx->device().createSemaphoreUnique({}));
  }

  void initSlots() {
    auto cmds = ctx->device().allocateCommandBuffersUnique(
        {ctx->commandPool(), vk::CommandBufferLevel::ePrimary, kFramesInFlight});
    for (uint32_t i = 0; i < kFramesInFlight; ++i) {
      Slot s;
      s.cmd = std::move(cmds[i]);
      s.fence = ctx->device().createFenceUnique({vk::FenceCreateFlagBits::eSignaled});
      s.acquired = ctx->device().createSemaphoreUnique({});
      slots.push_back(std::move(s));
    }
    const auto families = ctx->physical().getQueueFamilyProperties();
    timestampsSupported = ctx->properties().limits.timestampComputeAndGraphics &&
                          families[ctx->queueFamily()].timestampValidBits > 0;
    if (timestampsSupported)
      timestamps = ctx->device().createQueryPoolUnique({{}, vk::QueryType::eTimestamp, kMarks * kFramesInFlight});
  }

  // After a resize: everything sized like the target is rebuilt. Waiting for
  // idle is the simple, correct choice for an event this rare.
  bool rebuildTarget() {
    ctx->device().waitIdle();
    if (!target->rebuild()) return false;
    initAttachments();
    return true;
  }

  //---------------------------------------------------------------------------
  // [SECTION] The frame
  //---------------------------------------------------------------------------

  bool draw(const scene::FrameView& view, ImDrawData* ui, Image* capture, const std::function<void()>& beforePresent) {
    const uint32_t slotIndex = uint32_t(frameNumber % kFramesInFlight);
    Slot& slot = slots[slotIndex];
    if (ctx->device().waitForFences(*slot.fence, true, UINT64_MAX) != vk::Result::eSuccess)
      throw RendererError("GPU did not finish a frame");
    collectFinished(slotIndex);

    std::optional<uint32_t> image = target->acquire(slotIndex, *slot.acquired);
    if (!image) {
      if (!rebuildTarget()) return false;
      image = target->acquire(slotIndex, *slot.acquired);
      if (!image) return false;
    }
    ctx->device().resetFences(*slot.fence);
    // CPU time counts our work (update, culling, recording, submission), not
    // the waits for the GPU or the display above.
    const auto t0 = std::chrono::steady_clock::now();

    FrameStats stats;
    city->setTiles(view.tiles3d, deleter, frameNumber);
    city->prepare(slotIndex, view, target->extent().height);
    markers->prepare(slotIndex, view.markers);
    sensors->prepare(slotIndex, view.sensors);
    features->prepare(slotIndex, view.features);
    picked->prepare(slotIndex, view.picked);
    heat->prepare(slotIndex, view);
    regions->prepare(slotIndex, view);
    if (view.tiles && view.tilesVersion != tilesVersion) {
      // The camera's tiles changed (seldom: when the view moves on); the old
      // buffers retire once the frames in flight are done with them.
      tiles->setBaseMap(*view.tiles, deleter, frameNumber - 1);
      tilesVersion = view.tilesVersion;
    }
    basemap->prepare(slotIndex, view.theme.basemap);
    tiles->prepare(slotIndex, view.theme.basemap);
    featureGround->prepare(slotIndex, view.featurePaints);
    if (view.markGroundVersion != markGroundVersion) {
      // A mark was set, moved or cleared: a handful of circles, uploaded anew.
      static const scene::BaseMap kNoMarks;
      markGround->setBaseMap(view.markGround ? *view.markGround : kNoMarks, deleter, frameNumber - 1);
      markGroundVersion = view.markGroundVersion;
    }
    markGround->prepare(slotIndex, view.markPaints);
    vk::CommandBuffer cmd = *slot.cmd;
    cmd.reset();
    cmd.begin(vk::CommandBufferBeginInfo(vk::CommandBufferUsageFlagBits::eOneTimeSubmit));
    auto mark = [&](uint32_t i, vk::PipelineStageFlagBits stage = vk::PipelineStageFlagBits::eBottomOfPipe) {
      if (timestampsSupported) cmd.writeTimestamp(stage, *timestamps, kMarks * slotIndex + i);
    };
    stats.uploads = uint32_t(uploads->pending());
    uploads->flush(cmd, deleter, frameNumber);  // what this frame's updates uploaded, before anything reads it
    if (timestampsSupported) cmd.resetQueryPool(*timestamps, kMarks * slotIndex, kMarks);
    mark(0, vk::PipelineStageFlagBits::eTopOfPipe);
    heat->compute(cmd, slotIndex, view);  // compute work goes before the render pass
    mark(1);
    const vk::Extent2D e = target->extent();
    const vk::ClearValue clears[] = {vk::ClearColorValue(std::array<float, 4>{0, 0, 0, 1}),
                                     vk::ClearDepthStencilValue(0.0f, 0),  // reversed-Z: far is 0
                                     vk::ClearColorValue(std::array<float, 4>{0, 0, 0, 1})};
    city->cull(cmd, slotIndex);  // the GPU's culling, before the render pass (early phase)
    mark(6);
    const bool split = city->splitsPass();
    cmd.beginRenderPass({split ? *earlyPass : *renderPass, *framebuffers[*image], vk::Rect2D({0, 0}, e), clears},
                        vk::SubpassContents::eInline);
    cmd.setViewport(0, vk::Viewport(0, 0, float(e.width), float(e.height), 0, 1));
    cmd.setScissor(0, vk::Rect2D({0, 0}, e));
    city->recordGround(cmd, slotIndex, view, e.height, stats, [&] {
      // On the ground: the base map, regions, the heat over them, then the
      // governance lines and areas (a pipeline must show through the heat).
      if (view.basemap) basemap->draw(cmd, slotIndex, view, e.height, stats);
      if (view.basemap && view.tiles) tiles->draw(cmd, slotIndex, view, e.height, stats);
      regions->draw(cmd, slotIndex, view, stats);
      heat->draw(cmd, slotIndex, view, stats);
      featureGround->draw(cmd, slotIndex, view, e.height, stats);
      markGround->draw(cmd, slotIndex, view, e.height, stats);  // over the heat: the zone's edge must show on it
    });
    if (split) {
      // Occlusion: the depth pyramid from what the early draws left, the
      // late phase against it, then the frame goes on in the late pass.
      cmd.endRenderPass();
      city->cullLate(cmd, slotIndex);
      cmd.beginRenderPass({*latePass, *framebuffers[*image], vk::Rect2D({0, 0}, e), clears}, vk::SubpassContents::eInline);
      cmd.setViewport(0, vk::Viewport(0, 0, float(e.width), float(e.height), 0, 1));
      cmd.setScissor(0, vk::Rect2D({0, 0}, e));
    }
    city->recordRest(cmd, slotIndex, view, stats);
    mark(2);
    features->record(cmd, slotIndex, view, view.features, e, stats);  // under the live layers
    sensors->record(cmd, slotIndex, view, view.sensors, e, stats);
    markers->record(cmd, slotIndex, view, view.markers, e, stats);
    picked->record(cmd, slotIndex, view, view.picked, e, stats);  // on top: what the operator chose
    mark(3);
    if (ui && uiReady) {
      ImGui_ImplVulkan_RenderDrawData(ui, cmd);
      stats.drawCalls += uint32_t(ui->CmdListsCount);
    }
    mark(4);
    cmd.endRenderPass();
    target->recordShow(cmd, *image);
    if (thumbAsked.width && !thumbSlot) {
      recordThumbnail(cmd, *image);
      thumbSlot = slotIndex;
    }
    if (capture) recordReadback(cmd, *image);
    mark(5);
    cmd.end();

    const vk::PipelineStageFlags waitStage = vk::PipelineStageFlagBits::eColorAttachmentOutput;
    // Only a swapchain waits for its image and signals the presentation engine.
    vk::SubmitInfo submit({}, {}, cmd, {});
    if (target->usesAcquireSemaphore())
      submit.setWaitSemaphores(*slot.acquired).setWaitDstStageMask(waitStage).setSignalSemaphores(*rendered[*image]);
    if (frameNumber == options.loseDeviceAtFrame)  // tests: what a GPU fault looks like here
      throw vk::DeviceLostError("vkQueueSubmit (simulated: CITYWALL_TEST_LOSE_DEVICE_AT_FRAME)");
    ctx->queue().submit(submit, *slot.fence);
    slot.frame = frameNumber;
    slot.timed = timestampsSupported;
    stats.cpuMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    slot.stats = stats;
    ++frameNumber;

    beforePresent();
    if (target->usesAcquireSemaphore() && !target->present(*image, *rendered[*image])) rebuildTarget();
    if (capture) {
      if (ctx->device().waitForFences(*slot.fence, true, UINT64_MAX) != vk::Result::eSuccess)
        throw RendererError("GPU did not finish the frame being read back");
      collectFinished(slotIndex);
      *capture = readPixels();
    }
    return true;
  }

  // The slot's fence has signalled: its frame is complete. Take its GPU time
  // and free what only frames up to it used.
  void collectFinished(uint32_t slotIndex) {
    Slot& slot = slots[slotIndex];
    if (!slot.frame) return;
    FrameStats done = slot.stats;
    if (slot.timed) {
      uint64_t ticks[kMarks] = {};
      const auto r = ctx->device().getQueryPoolResults(*timestamps, kMarks * slotIndex, kMarks, sizeof(ticks), ticks,
                                                       sizeof(uint64_t), vk::QueryResultFlagBits::e64);
      if (r == vk::Result::eSuccess) {
        const double period = ctx->properties().limits.timestampPeriod / 1e6;
        auto span = [&](int a, int b) { return double(ticks[b] - ticks[a]) * period; };
        done.gpuMs = span(0, 5);
        done.heatComputeMs = span(0, 1);
        done.cullMs = span(1, 6);
        done.cityMs = span(1, 2);
        done.markersMs = span(2, 3);
        done.uiMs = span(3, 4);
      }
    }
    city->addFinishedStats(slotIndex, done);  // with its GPU time: occlusion learns whether it pays
    if (thumbSlot == slotIndex) {
      thumbReady = pixelsOf(thumbBuffer, thumbImage.extent);
      thumbSlot.reset();
    }
    last = done;
    lastFinishedSlot = slotIndex;
    deleter.collect(slot.frame);
    slot.frame = 0;
  }

  //---------------------------------------------------------------------------
  // [SECTION] Read-back
  //---------------------------------------------------------------------------

  void recordReadback(vk::CommandBuffer cmd, uint32_t image) {
    const vk::Extent2D e = target->shownExtent();
    const vk::DeviceSize bytes = vk::DeviceSize(e.width) * e.height * 4;
    if (!readback || readback.size < bytes) {
      auto flags = vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent;
      readback = GpuBuffer::create(*ctx, bytes, vk::BufferUsageFlagBits::eTransferDst, flags);
    }
    const vk::ImageSubresourceRange range(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);
    const bool present = target->shownLayout() == vk::ImageLayout::ePresentSrcKHR;
    if (present) {  // the swapchain image must be a transfer source while we copy
      // Written by the render pass, or by a cut's copies.
      vk::ImageMemoryBarrier toCopy(vk::AccessFlagBits::eColorAttachmentWrite | vk::AccessFlagBits::eTransferWrite,
                                    vk::AccessFlagBits::eTransferRead,
                                    vk::ImageLayout::ePresentSrcKHR, vk::ImageLayout::eTransferSrcOptimal,
                                    VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, target->shownImage(image), range);
      cmd.pipelineBarrier(vk::PipelineStageFlagBits::eColorAttachmentOutput | vk::PipelineStageFlagBits::eTransfer,
                          vk::PipelineStageFlagBits::eTransfer, {}, {}, {}, toCopy);
    }
    cmd.copyImageToBuffer(target->shownImage(image), vk::ImageLayout::eTransferSrcOptimal, *readback.buffer,
                          vk::BufferImageCopy(0, 0, 0, {vk::ImageAspectFlagBits::eColor, 0, 0, 1}, {0, 0, 0},
                                              vk::Extent3D(e, 1)));
    vk::MemoryBarrier toHost(vk::AccessFlagBits::eTransferWrite, vk::AccessFlagBits::eHostRead);
    if (present) {
      vk::ImageMemoryBarrier back(vk::AccessFlagBits::eTransferRead, {}, vk::ImageLayout::eTransferSrcOptimal,
                                  vk::ImageLayout::ePresentSrcKHR, VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
                                  target->shownImage(image), range);
      cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer,
                          vk::PipelineStageFlagBits::eHost | vk::PipelineStageFlagBits::eBottomOfPipe, {}, toHost, {},
                          back);
    } else {
      cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eHost, {}, toHost, {}, {});
    }
  }

  Image readPixels() { return pixelsOf(readback, target->shownExtent()); }

  // The shown image scaled into the thumbnail's image, then into its buffer.
  void recordThumbnail(vk::CommandBuffer cmd, uint32_t image) {
    const vk::Extent2D size = thumbAsked;
    if (!thumbImage.image || thumbImage.extent != size) {
      thumbImage = GpuImage::create(*ctx, size, target->format(),
                                    vk::ImageUsageFlagBits::eTransferDst | vk::ImageUsageFlagBits::eTransferSrc |
                                        vk::ImageUsageFlagBits::eSampled,  // its view asks for a use a view may have
                                    vk::SampleCountFlagBits::e1, vk::ImageAspectFlagBits::eColor);
      auto flags = vk::MemoryPropertyFlagBits::eHostVisible | vk::MemoryPropertyFlagBits::eHostCoherent;
      thumbBuffer = GpuBuffer::create(*ctx, vk::DeviceSize(size.width) * size.height * 4, vk::BufferUsageFlagBits::eTransferDst, flags);
    }
    thumbAsked = vk::Extent2D{0, 0};
    const vk::ImageSubresourceRange range(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);
    const vk::ImageLayout shownLayout = target->shownLayout();
    const vk::Image shown = target->shownImage(image), thumb = *thumbImage.image;
    // The frame's writes (its render pass, or a cut's copies) before the blit reads them.
    const vk::ImageMemoryBarrier before[] = {
        {vk::AccessFlagBits::eColorAttachmentWrite | vk::AccessFlagBits::eTransferWrite, vk::AccessFlagBits::eTransferRead,
         shownLayout, vk::ImageLayout::eTransferSrcOptimal, VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, shown, range},
        {{}, vk::AccessFlagBits::eTransferWrite, vk::ImageLayout::eUndefined, vk::ImageLayout::eTransferDstOptimal,
         VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, thumb, range}};
    cmd.pipelineBarrier(vk::PipelineStageFlagBits::eColorAttachmentOutput | vk::PipelineStageFlagBits::eTransfer,
                        vk::PipelineStageFlagBits::eTransfer, {}, {}, {}, before);
    const vk::Extent2D from = target->shownExtent();
    const vk::ImageSubresourceLayers layer(vk::ImageAspectFlagBits::eColor, 0, 0, 1);
    const vk::ImageBlit blit(layer, {vk::Offset3D(0, 0, 0), vk::Offset3D(int32_t(from.width), int32_t(from.height), 1)}, layer,
                             {vk::Offset3D(0, 0, 0), vk::Offset3D(int32_t(size.width), int32_t(size.height), 1)});
    cmd.blitImage(shown, vk::ImageLayout::eTransferSrcOptimal, thumb, vk::ImageLayout::eTransferDstOptimal, blit, vk::Filter::eLinear);
    const vk::ImageMemoryBarrier between[] = {
        {vk::AccessFlagBits::eTransferRead, {}, vk::ImageLayout::eTransferSrcOptimal, shownLayout, VK_QUEUE_FAMILY_IGNORED,
         VK_QUEUE_FAMILY_IGNORED, shown, range},
        {vk::AccessFlagBits::eTransferWrite, vk::AccessFlagBits::eTransferRead, vk::ImageLayout::eTransferDstOptimal,
         vk::ImageLayout::eTransferSrcOptimal, VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, thumb, range}};
    cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eTransfer, {}, {}, {}, between);
    cmd.copyImageToBuffer(thumb, vk::ImageLayout::eTransferSrcOptimal, *thumbBuffer.buffer,
                          vk::BufferImageCopy(0, 0, 0, layer, {0, 0, 0}, vk::Extent3D(size, 1)));
    const vk::MemoryBarrier toHost(vk::AccessFlagBits::eTransferWrite, vk::AccessFlagBits::eHostRead);
    cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eHost, {}, toHost, {}, {});
  }

  // RGBA pixels from a host-visible buffer the GPU copied an image of the target's format into.
  Image pixelsOf(const GpuBuffer& buffer, vk::Extent2D e) const {
    Image img;
    img.width = e.width;
    img.height = e.height;
    img.rgba.resize(size_t(e.width) * e.height * 4);
    std::memcpy(img.rgba.data(), buffer.mapped, img.rgba.size());
    const auto f = target->format();
    if (f == vk::Format::eB8G8R8A8Srgb || f == vk::Format::eB8G8R8A8Unorm)
      for (size_t i = 0; i < img.rgba.size(); i += 4) std::swap(img.rgba[i], img.rgba[i + 2]);
    return img;
  }

  //---------------------------------------------------------------------------
  // [SECTION] ImGui pass
  //---------------------------------------------------------------------------

  void initUi() {
    if (uiReady) return;
    const vk::DescriptorPoolSize size(vk::DescriptorType::eCombinedImageSampler, 16);
    uiPool = ctx->device().createDescriptorPoolUnique({vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, 16, size});
    ImGui_ImplVulkan_InitInfo info{};
    info.Instance = ctx->instance();
    info.PhysicalDevice = ctx->physical();
    info.Device = ctx->device();
    info.QueueFamily = ctx->queueFamily();
    info.Queue = ctx->queue();
    info.DescriptorPool = *uiPool;
    info.Subpass = 0;
    info.MinImageCount = 2;
    info.ImageCount = std::max(2u, target->imageCount());
    info.MSAASamples = VkSampleCountFlagBits(samples);
    info.CheckVkResultFn = [](VkResult r) {
      if (r < 0) throw RendererError("ImGui Vulkan backend: " + vk::to_string(vk::Result(r)));
    };
    ImGui_ImplVulkan_Init(&info, *renderPass);
    ctx->submitAndWait([](vk::CommandBuffer cmd) { ImGui_ImplVulkan_CreateFontsTexture(cmd); });
    ImGui_ImplVulkan_DestroyFontUploadObjects();
    uiReady = true;
  }

  void shutdownUi() {
    if (!uiReady) return;
    ctx->waitIdleEvenIfLost();
    ImGui_ImplVulkan_Shutdown();
    uiPool.reset();
    uiReady = false;
  }

  ~VulkanImpl() {
    if (ctx) ctx->waitIdleEvenIfLost();
    if (uiReady && ImGui::GetCurrentContext()) ImGui_ImplVulkan_Shutdown();
  }
};

//-----------------------------------------------------------------------------
// [SECTION] The Renderer interface
//-----------------------------------------------------------------------------

// The Vulkan backend behind the Renderer interface: each call forwards to
// the implementation above.
namespace {
// Vulkan's word for a lost device or surface, as the renderer's own
// (DeviceLost: its owner makes a new renderer); anything else as it is.
template <typename F>
auto translatingLoss(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const vk::DeviceLostError& e) {
    throw DeviceLost(std::string("the GPU device was lost: ") + e.what());
  } catch (const vk::SurfaceLostKHRError& e) {
    throw DeviceLost(std::string("the window's surface was lost: ") + e.what());
  }
}
}  // namespace

class VulkanRenderer final : public Renderer {
 public:
  explicit VulkanRenderer(std::unique_ptr<VulkanImpl> impl) : impl_(std::move(impl)) {}

  void initUi() override { impl_->initUi(); }
  void shutdownUi() override { impl_->shutdownUi(); }
  uint32_t width() const override { return impl_->target->extent().width; }
  uint32_t height() const override { return impl_->target->extent().height; }
  void resize(uint32_t width, uint32_t height) override {
    if (impl_->target->usesAcquireSemaphore() || impl_->options.cut) return;  // a cut's sizes are the wall's
    if (width == this->width() && height == this->height()) return;
    impl_->ctx->device().waitIdle();
    impl_->target = std::make_unique<OffscreenTarget>(*impl_->ctx, vk::Extent2D(width, height), kFramesInFlight);
    impl_->initAttachments();
  }
  void setVsync(bool vsync) override {
    if (auto* sc = dynamic_cast<SwapchainTarget*>(impl_->target.get()); sc && sc->vsync() != vsync) {
      sc->setVsync(vsync);
      impl_->rebuildTarget();
    }
  }
  FrameStats lastFrameStats() const override { return impl_->last; }
  GpuMemory gpuMemory() const override {
    GpuMemory m = impl_->city->memory();
    m.basemap = impl_->basemap->memoryBytes() + impl_->tiles->memoryBytes() + impl_->featureGround->memoryBytes() +
                 impl_->markGround->memoryBytes();
    return m;
  }
  uint64_t validationMessages() const override { return impl_->ctx->validationMessages(); }
  scene::MeshPreparer meshPreparer() const override { return impl_->city->tileMeshPreparer(); }
  std::string deviceName() const override { return impl_->ctx->deviceName(); }
  std::vector<std::string> devicesSeen() const override { return impl_->ctx->devicesSeen(); }
  uint32_t sampleCount() const override { return uint32_t(impl_->samples); }
  std::string presentBarrier() const override {
    if (!impl_->options.presentBarrier || !impl_->target->usesAcquireSemaphore()) return {};
    return impl_->ctx->presentBarrier() ? "on" : "off: " + impl_->ctx->presentBarrierNote();
  }
  float heatMax() const override { return impl_->heat->lastMax(impl_->lastFinishedSlot); }
  std::vector<float> readHeatDensity() const override { return impl_->heat->readDensity(); }
  void requestThumbnail(uint32_t width, uint32_t height) override {
    if (width && height) impl_->thumbAsked = vk::Extent2D(width, height);
  }
  std::optional<Image> takeThumbnail() override { return std::exchange(impl_->thumbReady, std::nullopt); }
  void waitIdle() override {
    translatingLoss([&] { impl_->ctx->device().waitIdle(); });
    // Every frame has finished: take their statistics, oldest first.
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < impl_->slots.size(); ++i)
      if (impl_->slots[i].frame) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return impl_->slots[a].frame < impl_->slots[b].frame; });
    for (uint32_t i : order) impl_->collectFinished(i);
    impl_->deleter.clear();
  }

 protected:
  void uploadCity(const scene::CityModel& city) override {
    impl_->city->setCity(city, impl_->deleter, impl_->frameNumber - 1);
    impl_->basemap->setBaseMap(city.basemap, impl_->deleter, impl_->frameNumber - 1);
    impl_->featureGround->setBaseMap(city.features.ground, impl_->deleter, impl_->frameNumber - 1);
    // Now, not with the next frame: the old city's textures may go before then.
    impl_->uploads->flushNow();
  }
  void setBuildingStyle(uint32_t b, const BuildingStyle& s) override { impl_->city->setBuildingStyle(b, s); }
  bool draw(const scene::FrameView& view, ImDrawData* ui, Image* capture) override {
    return translatingLoss([&] { return impl_->draw(view, ui, capture, [this] { passPresentGate(); }); });
  }

 private:
  std::unique_ptr<VulkanImpl> impl_;
};

namespace {
std::unique_ptr<RenderTarget> cutIfAsked(const Context& ctx, const RendererOptions& o, std::unique_ptr<RenderTarget> shown) {
  if (!o.cut) return shown;
  return std::make_unique<CutTarget>(ctx, std::move(shown), *o.cut);
}
}  // namespace

std::unique_ptr<Renderer> Renderer::createHeadless(const RendererOptions& options, uint32_t width, uint32_t height) {
  auto impl = std::make_unique<VulkanImpl>();
  impl->options = options;
  impl->ctx = std::make_unique<Context>(ContextOptions{options.validation, options.deviceFilter, nullptr});
  impl->init(cutIfAsked(*impl->ctx, options, std::make_unique<OffscreenTarget>(*impl->ctx, vk::Extent2D(width, height), kFramesInFlight)));
  return std::make_unique<VulkanRenderer>(std::move(impl));
}

std::unique_ptr<Renderer> Renderer::createForWindow(const RendererOptions& options, GLFWwindow* window) {
  auto impl = std::make_unique<VulkanImpl>();
  impl->options = options;
  impl->ctx = std::make_unique<Context>(ContextOptions{options.validation, options.deviceFilter, window, options.presentBarrier});
  impl->init(cutIfAsked(*impl->ctx, options, std::make_unique<SwapchainTarget>(*impl->ctx, window, options.vsync)));
  return std::make_unique<VulkanRenderer>(std::move(impl));
}

}  // namespace citywall::renderer
