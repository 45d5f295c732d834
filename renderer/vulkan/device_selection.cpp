#include "renderer/vulkan/device_selection.h"

namespace citywall::renderer::vulkan {
namespace {
constexpr uint32_t kVulkan11 = (1u << 22) | (1u << 12);

int rank(DeviceKind k) {
  switch (k) {
    case DeviceKind::discrete: return 4;
    case DeviceKind::integrated: return 3;
    case DeviceKind::virtualGpu: return 2;
    case DeviceKind::cpu: return 1;
    default: return 0;
  }
}

std::string rejection(const DeviceCandidate& c, bool needPresent) {
  if (!c.nameMatchesFilter) return "name does not match the requested device";
  if (c.apiVersion < kVulkan11) return "Vulkan 1.1 or newer is required";
  if (!c.graphicsQueue) return "no graphics queue";
  if (!c.depthFormat) return "D32_SFLOAT depth attachments are not supported";
  if (needPresent && !c.swapchainExtension) return "no VK_KHR_swapchain";
  if (needPresent && !c.presentQueue) return "cannot present to this window's surface";
  return {};
}
}  // namespace

const char* toString(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::discrete: return "discrete GPU";
    case DeviceKind::integrated: return "integrated GPU";
    case DeviceKind::virtualGpu: return "virtual GPU";
    case DeviceKind::cpu: return "CPU";
    default: return "other";
  }
}

DeviceChoice chooseDevice(const std::vector<DeviceCandidate>& candidates, bool needPresent) {
  DeviceChoice choice;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!rejection(candidates[i], needPresent).empty()) continue;
    if (!choice.chosen || rank(candidates[i].kind) > rank(candidates[*choice.chosen].kind)) choice.chosen = i;
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    const std::string why = rejection(c, needPresent);
    std::string line = c.name + " (" + toString(c.kind) + "): ";
    if (choice.chosen == i) line += "chosen";
    else if (!why.empty()) line += "rejected: " + why;
    else line += "usable, but a better device was found";
    choice.seen.push_back(line);
  }
  return choice;
}

}  // namespace citywall::renderer::vulkan
