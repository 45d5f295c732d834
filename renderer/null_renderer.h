#pragma once
// NullRenderer: the renderer without a GPU (Renderer::createNull). What a
// test can ask it: how many frames were drawn, the last FrameView, and the
// per-building styles as the GPU table would hold them.

#include <map>
#include <optional>
#include <utility>

#include "renderer/renderer.h"

namespace citywall::renderer {

class NullRenderer final : public Renderer {
 public:
  NullRenderer(uint32_t width, uint32_t height) : width_(width), height_(height) {}

  void initUi() override {}
  void shutdownUi() override {}
  uint32_t width() const override { return width_; }
  uint32_t height() const override { return height_; }
  void resize(uint32_t width, uint32_t height) override { width_ = width, height_ = height; }
  void setVsync(bool) override {}
  FrameStats lastFrameStats() const override { return last_; }
  GpuMemory gpuMemory() const override { return {}; }
  uint64_t validationMessages() const override { return 0; }
  std::string deviceName() const override { return "null (no GPU)"; }
  std::vector<std::string> devicesSeen() const override { return {}; }
  uint32_t sampleCount() const override { return 1; }
  /// A heat maximum to report, as a GPU would after drawing (tests set it).
  void setHeatMax(float value) { heatMax_ = value; }
  float heatMax() const override { return heatMax_; }
  std::vector<float> readHeatDensity() const override { return {}; }
  void waitIdle() override {}
  /// A blank picture of the size asked, at once (as a blank frame reads back).
  void requestThumbnail(uint32_t width, uint32_t height) override { thumbnail_ = Image{width, height, std::vector<uint8_t>(size_t(width) * height * 4)}; }
  std::optional<Image> takeThumbnail() override { return std::exchange(thumbnail_, std::nullopt); }

  uint64_t frames() const { return frames_; }
  const scene::FrameView& lastView() const { return lastView_; }
  /// Buildings drawn other than plainly, by index.
  const std::map<uint32_t, BuildingStyle>& buildingStyles() const { return styles_; }
  /// How many times one building's style was written (a GPU table entry).
  uint64_t styleWrites() const { return styleWrites_; }

 protected:
  void uploadCity(const scene::CityModel&) override { styles_.clear(); }  // as a GPU table made anew
  void setBuildingStyle(uint32_t building, const BuildingStyle& style) override;
  bool draw(const scene::FrameView& view, ImDrawData* ui, Image* capture) override;

 private:
  uint32_t width_, height_;
  uint64_t frames_ = 0;
  FrameStats last_;
  scene::FrameView lastView_;
  std::map<uint32_t, BuildingStyle> styles_;
  uint64_t styleWrites_ = 0;
  float heatMax_ = 0;
  std::optional<Image> thumbnail_;
};

}  // namespace citywall::renderer
