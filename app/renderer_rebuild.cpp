#include "app/renderer_rebuild.h"

#include <cstdio>

#include "app/view_setup.h"
#include "app/wiring.h"
#include "assets/city_loader.h"
#include "geo/json_text.h"

namespace citywall::app {

RendererRebuild::RendererRebuild(const config::AppOptions& options, std::unique_ptr<renderer::Renderer>& slot, Create create,
                                 scene::CityModel& city, ui::ImGuiHost* ui)
    : options_(options), slot_(slot), create_(std::move(create)), city_(city), ui_(ui) {}

renderer::Renderer& RendererRebuild::operator()(const std::string& why) {
  ++rebuilds_;
  lastReason_ = why;
  // The lost renderer goes first: its UI pass, then everything else (a
  // lost device's objects may be destroyed; waiting on it fails at once).
  if (ui_ && slot_) slot_->shutdownUi();
  slot_.reset();
  slot_ = create_();
  if (city_.buildingMeshReleased) reloadBuildingMesh();
  uploadCity(*slot_, city_);
  if (ui_) slot_->initUi();  // the font atlas the UI already built, uploaded again
  return *slot_;
}

void RendererRebuild::serve(FrameLoop& loop) {
  loop.setRendererRebuild([this](const std::string& why) -> renderer::Renderer& { return (*this)(why); });
}

RendererRebuild::Create RendererRebuild::headless(const config::AppOptions& o) {
  return [&o] { return renderer::Renderer::createHeadless(rendererOptions(o), o.width, o.height); };
}

// The building mesh left the CPU once it was on the GPU (most of a big
// city's memory). It is read again as it was made: from the city cache
// when there is one (a second or two), else built again; the chunks must
// come out the same, since the scene and the picking refer to them.
void RendererRebuild::reloadBuildingMesh() {
  std::fprintf(stderr, "citywall: reading the city's buildings again for the new renderer\n");
  scene::CityModel again = assets::loadCity(citySpecFrom(options_));
  bool same = again.chunks.size() == city_.chunks.size() && again.buildings.size() == city_.buildings.size();
  for (size_t i = 0; same && i < again.chunks.size(); ++i) {
    const auto &a = again.chunks[i], &b = city_.chunks[i];
    same = a.firstIndex == b.firstIndex && a.indexCount == b.indexCount && a.firstLineIndex == b.firstLineIndex &&
           a.lineIndexCount == b.lineIndexCount && a.vertexOffset == b.vertexOffset;
  }
  if (!same)
    throw renderer::RendererError("the city's buildings read again are not those on the wall (its files changed?); "
                                  "citywall must be started again");
  city_.vertices = std::move(again.vertices);
  city_.indices = std::move(again.indices);
  city_.lineIndices = std::move(again.lineIndices);
  city_.buildingMeshReleased = false;
}

std::string RendererRebuild::dumpJson() const {
  std::string out = "\"renderer\":{\"rebuilds\":" + std::to_string(rebuilds_) + ",\"last\":";
  geo::appendJsonString(out, lastReason_);
  return out + "}";
}

}  // namespace citywall::app
