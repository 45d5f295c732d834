#pragma once
// Pipeline state the passes share, so each pass file says only what is
// particular to it.

#include <span>
#include <string>

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

class Context;

/// What differs between the graphics pipelines of the passes; everything
/// else (dynamic viewport and scissor, one colour attachment, reversed-Z
/// depth, fill mode) is the same for all and set by createGraphicsPipeline.
struct GraphicsPipelineDesc {
  vk::ShaderModule vertex, fragment;
  uint32_t stride = 0;  ///< 0: no vertex buffer (the shader makes its vertices)
  vk::VertexInputRate rate = vk::VertexInputRate::eVertex;
  std::span<const vk::VertexInputAttributeDescription> attributes;
  vk::PrimitiveTopology topology = vk::PrimitiveTopology::eTriangleList;
  bool cullBack = false;
  bool depthTest = true, depthWrite = true;
  vk::CompareOp depthCompare = vk::CompareOp::eGreaterOrEqual;  ///< reversed-Z: nearer is greater
  bool blend = false;
  vk::SampleCountFlagBits samples = vk::SampleCountFlagBits::e1;
  vk::PipelineLayout layout;
  vk::RenderPass renderPass;
  const vk::SpecializationInfo* vertexConstants = nullptr;  ///< the vertex shader's specialization constants
  std::string what;  ///< for the error message
};

/// Creates the pipeline; throws RendererError naming `what` on failure.
vk::UniquePipeline createGraphicsPipeline(const Context& ctx, const GraphicsPipelineDesc& desc);
/// A compute pipeline from the shader file `name` (e.g. "cull.comp.spv");
/// throws RendererError naming it on failure.
vk::UniquePipeline createComputePipeline(const Context& ctx, const char* name, vk::PipelineLayout layout);

}  // namespace citywall::renderer::vulkan
