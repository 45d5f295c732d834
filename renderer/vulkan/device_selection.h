#pragma once
// Choosing a GPU, as plain data so it is tested without one. Prefers a
// discrete GPU, then integrated, virtual and CPU (lavapipe); rejects devices
// that lack what citywall needs and says why, so "no usable GPU" is never a
// mystery (vk-bootstrap's lesson).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace citywall::renderer::vulkan {

enum class DeviceKind { discrete, integrated, virtualGpu, cpu, other };

/// What the selector needs to know of one physical device.
struct DeviceCandidate {
  std::string name;
  DeviceKind kind = DeviceKind::other;
  uint32_t apiVersion = 0;          ///< VK_MAKE_API_VERSION
  bool graphicsQueue = false;
  bool presentQueue = true;         ///< only asked when a window is used
  bool swapchainExtension = true;   ///< only asked when a window is used
  bool depthFormat = false;         ///< D32_SFLOAT usable as a depth attachment
  bool nameMatchesFilter = true;    ///< CITYWALL_DEVICE / --device
};

struct DeviceChoice {
  std::optional<size_t> chosen;
  std::vector<std::string> seen;  ///< "name (kind): chosen | rejected: reason"
};

/// Picks the best usable candidate. `needPresent` adds the window checks.
DeviceChoice chooseDevice(const std::vector<DeviceCandidate>& candidates, bool needPresent);

const char* toString(DeviceKind kind);

}  // namespace citywall::renderer::vulkan
