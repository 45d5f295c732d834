#include "renderer/vulkan/pipeline_states.h"

#include "renderer/renderer.h"
#include "renderer/vulkan/context.h"
#include "renderer/vulkan/resources.h"

namespace citywall::renderer::vulkan {

vk::UniquePipeline createGraphicsPipeline(const Context& ctx, const GraphicsPipelineDesc& d) {
  const vk::PipelineShaderStageCreateInfo stages[] = {{{}, vk::ShaderStageFlagBits::eVertex, d.vertex, "main", d.vertexConstants},
                                                      {{}, vk::ShaderStageFlagBits::eFragment, d.fragment, "main"}};
  const vk::VertexInputBindingDescription binding(0, d.stride, d.rate);
  vk::PipelineVertexInputStateCreateInfo input;
  if (d.stride) input = vk::PipelineVertexInputStateCreateInfo({}, binding, d.attributes);
  const vk::PipelineInputAssemblyStateCreateInfo assembly({}, d.topology);
  const vk::PipelineViewportStateCreateInfo viewport({}, 1, nullptr, 1, nullptr);
  const vk::PipelineRasterizationStateCreateInfo raster = rasterState(d.cullBack);
  const vk::PipelineMultisampleStateCreateInfo multisample({}, d.samples);
  const vk::PipelineDepthStencilStateCreateInfo depth({}, d.depthTest, d.depthWrite, d.depthCompare);
  const vk::PipelineColorBlendAttachmentState blend = blendState(d.blend);
  const vk::PipelineColorBlendStateCreateInfo blending({}, false, vk::LogicOp::eCopy, blend);
  const vk::GraphicsPipelineCreateInfo info({}, stages, &input, &assembly, nullptr, &viewport, &raster, &multisample,
                                            &depth, &blending, &dynamicViewportState(), d.layout, d.renderPass, 0);
  auto result = ctx.device().createGraphicsPipelineUnique(nullptr, info);
  if (result.result != vk::Result::eSuccess) throw RendererError("cannot create the " + d.what + " pipeline");
  return std::move(result.value);
}

vk::UniquePipeline createComputePipeline(const Context& ctx, const char* name, vk::PipelineLayout layout) {
  auto module = loadShader(ctx, name);
  auto result = ctx.device().createComputePipelineUnique(
      nullptr, vk::ComputePipelineCreateInfo({}, {{}, vk::ShaderStageFlagBits::eCompute, *module, "main"}, layout));
  if (result.result != vk::Result::eSuccess) throw RendererError(std::string("cannot create the compute pipeline ") + name);
  return std::move(result.value);
}

}  // namespace citywall::renderer::vulkan
