#pragma once
// The renderer's door. Draws a scene::CityModel as seen by a scene::FrameView
// into one of two kinds of target behind one frame path: a window's
// swapchain (GLFW) or an offscreen image of any size up to the device limit,
// read back as an Image. No Vulkan type leaks out of this header
// (Filament's lesson); the Vulkan code lives in renderer/vulkan/.
//
// Implemented:
// - device choice that prefers a discrete GPU and explains rejections
// - reversed-Z depth, multisampling (4× by default), vsync on/off
// - buildings in chunks (one draw each, frustum-culled), outlines, ground
//   grid, background gradient, landmark models, a Dear ImGui pass
// - a per-building GPU table (tint, hide, highlight) indexed by each vertex
// - GPU timestamps, draw/triangle counts, validation-message counting
// Main thread only.

#include <cstdint>
#include <memory>
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

struct RendererOptions {
  bool validation = false;  ///< Khronos validation layers; messages are counted
  bool vsync = true;        ///< window only
  int msaaSamples = 4;      ///< the highest supported count ≤ this is used
  std::string deviceFilter; ///< substring of the device name (also CITYWALL_DEVICE)
};

/// How one building is drawn (the per-building GPU table).
struct BuildingStyle {
  uint32_t tintRgba = 0;  ///< sRGB tint, 0xRRGGBBAA; alpha = how much of it
  bool hidden = false;
  bool highlighted = false;
};

/// Numbers about the last completed frame.
struct FrameStats {
  double cpuMs = 0;          ///< recording + submission on the CPU
  double gpuMs = -1;         ///< timestamps around the whole frame; -1 when unavailable
  uint64_t triangles = 0;    ///< triangles submitted (after chunk culling)
  uint32_t drawCalls = 0;
  uint32_t chunksDrawn = 0;
  uint32_t chunksTotal = 0;
  uint32_t markers = 0;      ///< case marker instances drawn
  uint32_t heatPoints = 0;   ///< points in the heatmap
  /// GPU ms per pass (timestamps after each; -1 when unavailable): the
  /// heatmap's compute passes, the city (sky, ground, heat drape, buildings,
  /// models, outlines), markers and sensors, the UI.
  double heatComputeMs = -1, cityMs = -1, markersMs = -1, uiMs = -1;
};

/// Bytes of GPU memory held for the city.
struct GpuMemory {
  uint64_t buildingVertices = 0, buildingIndices = 0, buildingTable = 0, models = 0, ground = 0;
  uint64_t total() const { return buildingVertices + buildingIndices + buildingTable + models + ground; }
};

class Renderer {
 public:
  /// Offscreen: renders into an image of width × height pixels.
  static std::unique_ptr<Renderer> createHeadless(const RendererOptions& options, uint32_t width, uint32_t height);
  /// Window: renders into the window's swapchain (GLFW, Vulkan client API none).
  static std::unique_ptr<Renderer> createForWindow(const RendererOptions& options, GLFWwindow* window);
  ~Renderer();

  /// Uploads a city. A previous city is released once in-flight frames are done.
  void setCity(const scene::CityModel& city);
  /// Sets how one building is drawn; takes effect on the next frame.
  void setBuildingStyle(uint32_t building, const BuildingStyle& style);

  /// Prepares the ImGui pass; call once after the ImGui context and fonts exist.
  void initUi();
  /// Releases the ImGui pass; call before the ImGui context is destroyed.
  void shutdownUi();
  /// Draws one frame. `ui` may be null. Returns false when nothing was drawn
  /// (a minimised window).
  bool drawFrame(const scene::FrameView& view, ImDrawData* ui);
  /// Draws one frame and returns its pixels (the window path reads the
  /// swapchain image it presents).
  Image drawFrameAndRead(const scene::FrameView& view, ImDrawData* ui);

  /// The size of the target in pixels (the window's framebuffer or the offscreen image).
  uint32_t width() const;
  uint32_t height() const;
  /// Offscreen: a new image size. Window: ignored (the swapchain follows the window).
  void resize(uint32_t width, uint32_t height);
  void setVsync(bool vsync);

  FrameStats lastFrameStats() const;
  GpuMemory gpuMemory() const;
  uint64_t validationMessages() const;
  std::string deviceName() const;
  std::vector<std::string> devicesSeen() const;
  uint32_t sampleCount() const;
  /// The heatmap's largest density in the last finished frame (the app
  /// smooths it into an automatic colour domain); 0 without a heatmap.
  float heatMax() const;
  /// The heatmap's density grid after the last frame (waits for the GPU; tests).
  std::vector<float> readHeatDensity() const;
  /// Waits for the GPU to finish every submitted frame.
  void waitIdle();

  struct Impl;

 private:
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citywall::renderer
