#pragma once
// The renderer's door. Draws a scene::CityModel as seen by a scene::FrameView
// into one of two kinds of target behind one frame path: a window's
// swapchain (GLFW) or an offscreen image of any size up to the device limit,
// read back as an Image. No Vulkan type leaks out of this header
// (Filament's lesson); the Vulkan code lives in renderer/vulkan/.
//
// The Vulkan backend implements:
// - device choice that prefers a discrete GPU and explains rejections
// - reversed-Z depth, multisampling (4× by default; automatic, the app's
//   default, turns it off in a window on a software rasteriser), vsync on/off
// - buildings culled one by one on the GPU (frustum, pixels, Hi-Z occlusion;
//   indirect count draws), or per chunk on the CPU; outlines, ground
//   grid, background gradient, landmark models, a Dear ImGui pass
// - a per-building GPU table (tint, hide, highlight) indexed by each vertex
// - GPU timestamps, draw/triangle counts, validation-message counting
// Main thread only.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "renderer/image.h"
#include "scene/city_model.h"
#include "scene/frame_view.h"

struct GLFWwindow;
struct ImDrawData;

namespace citywall::renderer {

/// A renderer failure a user can act on (no device, no display, device limits).
class RendererError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The GPU device or the window's surface was lost (a driver reset, a GPU
/// fault, a display unplugged and plugged back): nothing drawn with this
/// renderer will show again. Its owner makes a new one (the state is in the
/// store and the scene, not on the GPU) and goes on; see app/renderer_rebuild.h.
class DeviceLost : public RendererError {
 public:
  using RendererError::RendererError;
};

/// A frame drawn larger than the target and shown in pieces: a wall node's
/// block of panels is drawn as the span they cover on the wall, bezels
/// included (so the picture is cut exactly as the whole wall's is), and
/// each panel's pixels are copied to the target side by side (its outputs
/// touch; the bezels are in the room). Pieces in pixels; when the target is
/// not the pieces' size (a window the desktop would not make that large),
/// they are scaled to fill it.
struct OutputCut {
  uint32_t drawWidth = 0, drawHeight = 0;  ///< the frame as drawn (Renderer::width/height)
  struct Piece {
    uint32_t fromX = 0, fromY = 0, toX = 0, toY = 0, width = 0, height = 0;
  };
  std::vector<Piece> pieces;
};

struct RendererOptions {
  bool validation = false;  ///< Khronos validation layers; messages are counted
  bool vsync = true;        ///< window only
  /// The highest supported count ≤ this is used. 0: automatic: 4, except in
  /// a window on a software rasteriser (lavapipe), where 1 (it halves the
  /// cost of a frame there; a GPU pays next to nothing for 4).
  int msaaSamples = 4;
  std::string deviceFilter; ///< substring of the device name (also CITYWALL_DEVICE)
  /// Buildings culled per building on the GPU (frustum, level of detail)
  /// where the device can (Vulkan 1.2 indirect count draws); else per chunk
  /// on the CPU.
  bool gpuCulling = true;
  /// With GPU culling: whether buildings hidden behind nearer ones (a depth
  /// pyramid of the frame's early draws) are left out too. The pyramid
  /// splits the frame's render pass, which costs little on a GPU and a lot
  /// on a software rasteriser (it stores and reloads the multisampled
  /// images), so by default occlusion is tested only while it pays: while
  /// it hides at least a twentieth of what is in view and frames with it
  /// take a tenth less GPU time than frames without (both measured as the
  /// wall runs, the other way tried again every 30 frames).
  enum class Occlusion { off, whenItPays, always };
  Occlusion occlusion = Occlusion::whenItPays;
  /// An extruded city's indices are uploaded as 16 bits where every one
  /// fits (its chunks' indices count from each chunk's first vertex) and,
  /// with GPU culling, the device can copy 16-bit values: half the memory of
  /// 32-bit ones. false keeps 32 bits (benchmarks compare the two).
  bool narrowIndices = true;
  /// Set: frames are drawn at the cut's size and shown in its pieces.
  std::optional<OutputCut> cut{};
  /// A window: join the hardware present barrier (VK_NV_present_barrier:
  /// NVIDIA Quadro Sync frame lock across a wall's machines) where offered.
  bool presentBarrier = false;
  /// Tests only (CITYWALL_TEST_LOSE_DEVICE_AT_FRAME): the frame with this
  /// number (1 is the first) fails at its submission as a lost device does,
  /// so the recovery runs on a machine whose GPU never fails. 0: never.
  uint64_t loseDeviceAtFrame = 0;
};

/// How one building is drawn (the per-building GPU table).
using BuildingStyle = scene::BuildingStyle;

/// Numbers about the last completed frame.
struct FrameStats {
  double cpuMs = 0;          ///< recording + submission on the CPU
  double gpuMs = -1;         ///< timestamps around the whole frame; -1 when unavailable
  uint64_t triangles = 0;    ///< triangles submitted (after culling)
  uint64_t buildingTriangles = 0;  ///< of `triangles`, the extruded buildings'
  uint64_t trianglesLoaded = 0;    ///< the city's extruded triangles, drawn or not
  bool gpuCulled = false;    ///< buildings were culled on the GPU
  bool occlusionTested = false;  ///< … and tested against the depth pyramid
  uint64_t hiddenTriangles = 0;  ///< triangles in view that occlusion left out
  uint32_t drawCalls = 0;
  uint32_t chunksDrawn = 0;
  uint32_t chunksCoarse = 0;  ///< chunks at their coarse or block level (drawn or not)
  uint32_t chunksBlock = 0;   ///< of those, chunks at their block level
  uint32_t chunksTotal = 0;
  uint32_t uploads = 0;      ///< copies this frame's command buffer made before its work (streamed tiles, textures, map pieces)
  uint32_t markers = 0;      ///< case marker instances drawn
  uint32_t heatPoints = 0;   ///< points in the heatmap
  /// GPU ms per pass (timestamps after each; -1 when unavailable): the
  /// heatmap's compute passes, the city (sky, ground, heat drape, buildings,
  /// models, outlines), markers and sensors, the UI.
  double heatComputeMs = -1, cityMs = -1, markersMs = -1, uiMs = -1;
  /// Of cityMs, the GPU culling's early phase (the late one runs between
  /// the split render passes and is not timed apart).
  double cullMs = -1;
};

/// Bytes of GPU memory held for the city.
struct GpuMemory {
  uint64_t buildingVertices = 0, buildingIndices = 0, buildingTable = 0, models = 0, ground = 0, basemap = 0;
  uint64_t tiles = 0;  ///< the 3D Tiles meshes: those the streamer holds (its loading workers made them) and those drawn
  uint64_t culling = 0;  ///< GPU culling: per-building boxes, the drawn indices, the depth pyramid
  uint64_t total() const {
    return buildingVertices + buildingIndices + buildingTable + models + ground + basemap + tiles + culling;
  }
};

/// The renderer's interface. Two backends: Vulkan (window or offscreen, in
/// renderer/vulkan/) and a null one that draws nothing (app and scene logic
/// tested without a GPU; Filament's noop backend). Code that only uses this
/// header and createNull links no Vulkan.
class Renderer {
 public:
  /// Vulkan, offscreen: renders into an image of width × height pixels.
  static std::unique_ptr<Renderer> createHeadless(const RendererOptions& options, uint32_t width, uint32_t height);
  /// Vulkan, window: renders into the window's swapchain (GLFW, Vulkan client API none).
  static std::unique_ptr<Renderer> createForWindow(const RendererOptions& options, GLFWwindow* window);
  /// No GPU: accepts every call, draws nothing, reads back a blank image of
  /// the target's size, and records what it was asked to draw (tests).
  static std::unique_ptr<Renderer> createNull(uint32_t width, uint32_t height);
  virtual ~Renderer() = default;

  /// Uploads a city. A previous city is released once in-flight frames are
  /// done. Throws RendererError for a city whose building mesh was already
  /// released (CityModel::releaseBuildingMesh): its chunks point at nothing.
  void setCity(const scene::CityModel& city);

  /// Prepares the ImGui pass; call once after the ImGui context and fonts exist.
  virtual void initUi() = 0;
  /// Releases the ImGui pass; call before the ImGui context is destroyed.
  virtual void shutdownUi() = 0;
  /// Draws one frame. `ui` may be null. Returns false when nothing was drawn
  /// (a minimised window). The frame's building styles are applied first.
  bool drawFrame(const scene::FrameView& view, ImDrawData* ui);
  /// Draws one frame and returns its pixels (the window path reads the
  /// swapchain image it presents; with a cut, the pieces as shown).
  Image drawFrameAndRead(const scene::FrameView& view, ImDrawData* ui);

  /// Asks for a small picture (width × height, scaled on the GPU) of the
  /// next frame as shown, without waiting for the GPU: takeThumbnail hands
  /// it over once that frame is done, a frame or two later (a wall's
  /// console previews each node's panels so, and no node stalls for it).
  virtual void requestThumbnail(uint32_t width, uint32_t height) = 0;
  virtual std::optional<Image> takeThumbnail() = 0;

  /// Called with each frame once it is submitted and before it is
  /// presented (offscreen: before drawFrame returns). A wall's render node
  /// holds its swap barrier here, so the GPU draws while it waits.
  void setPresentGate(std::function<void()> gate) { presentGate_ = std::move(gate); }

  /// The size of the frame as drawn in pixels: the window's framebuffer or
  /// the offscreen image, or with RendererOptions::cut the cut's drawn size.
  virtual uint32_t width() const = 0;
  virtual uint32_t height() const = 0;
  /// Offscreen: a new image size. Window: ignored (the swapchain follows the window).
  virtual void resize(uint32_t width, uint32_t height) = 0;
  virtual void setVsync(bool vsync) = 0;

  virtual FrameStats lastFrameStats() const = 0;
  virtual GpuMemory gpuMemory() const = 0;
  virtual uint64_t validationMessages() const = 0;
  virtual std::string deviceName() const = 0;
  virtual std::vector<std::string> devicesSeen() const = 0;
  virtual uint32_t sampleCount() const = 0;
  /// With RendererOptions::presentBarrier: "on", or why it is off. Else empty.
  virtual std::string presentBarrier() const { return {}; }
  /// The heatmap's largest density in the last finished frame; 0 without a heatmap.
  virtual float heatMax() const = 0;
  /// What the next frame's scene needs from the frames drawn so far (read once a frame).
  scene::FrameFeedback feedback() const { return {heatMax()}; }
  /// The heatmap's density grid after the last frame (waits for the GPU; tests).
  virtual std::vector<float> readHeatDensity() const = 0;
  /// What a 3D Tiles streamer's loading workers call to make each mesh's GPU
  /// buffers as they read it (thread-safe), so no frame stalls to make
  /// them; empty for a renderer that makes none. Meshes it made that
  /// outlive the renderer are emptied when it goes.
  virtual scene::MeshPreparer meshPreparer() const { return {}; }
  /// Waits for the GPU to finish every submitted frame.
  virtual void waitIdle() = 0;

 protected:
  /// Uploads `city` (setCity checked it).
  virtual void uploadCity(const scene::CityModel& city) = 0;
  /// Sets how one building is drawn; takes effect on the next frame.
  virtual void setBuildingStyle(uint32_t building, const BuildingStyle& style) = 0;
  /// Draws `view`; with `capture`, reads the frame back into it. False: nothing drawn.
  virtual bool draw(const scene::FrameView& view, ImDrawData* ui, Image* capture) = 0;

 protected:
  void passPresentGate() const {
    if (presentGate_) presentGate_();
  }

 private:
  std::function<void()> presentGate_;
  void applyBuildingStyles(const scene::BuildingStyles& styles);
  std::vector<std::pair<uint32_t, BuildingStyle>> appliedStyles_;  // by building, ascending
  uint64_t appliedStylesVersion_ = 0;
};

}  // namespace citywall::renderer
