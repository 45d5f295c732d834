#pragma once
// Pipeline state the passes share, so each pass file says only what is
// particular to it.

#include "renderer/vulkan/vk.h"

namespace citywall::renderer::vulkan {

/// Premultiplied-style "over" blending of straight alpha (or none).
inline vk::PipelineColorBlendAttachmentState blendState(bool blend) {
  return {blend,
          vk::BlendFactor::eSrcAlpha,
          vk::BlendFactor::eOneMinusSrcAlpha,
          vk::BlendOp::eAdd,
          vk::BlendFactor::eOne,
          vk::BlendFactor::eOneMinusSrcAlpha,
          vk::BlendOp::eAdd,
          vk::ColorComponentFlagBits::eR | vk::ColorComponentFlagBits::eG | vk::ColorComponentFlagBits::eB |
              vk::ColorComponentFlagBits::eA};
}

/// Filled triangles, counter-clockwise front faces (with the
/// y-flipped projection outward faces stay counter-clockwise; docs/architecture.md).
inline vk::PipelineRasterizationStateCreateInfo rasterState(bool cullBack) {
  return {{}, false, false, vk::PolygonMode::eFill,
          cullBack ? vk::CullModeFlagBits::eBack : vk::CullModeFlagBits::eNone, vk::FrontFace::eCounterClockwise,
          false, 0, 0, 0, 1.0f};
}

/// Viewport and scissor are set per frame (targets resize).
inline const vk::PipelineDynamicStateCreateInfo& dynamicViewportState() {
  static const vk::DynamicState dynamics[] = {vk::DynamicState::eViewport, vk::DynamicState::eScissor};
  static const vk::PipelineDynamicStateCreateInfo info({}, dynamics);
  return info;
}

}  // namespace citywall::renderer::vulkan
