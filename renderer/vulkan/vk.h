#pragma once
// The one include for Vulkan inside renderer/vulkan/. Calls go through
// Vulkan-Hpp's dynamic dispatcher (initialised in context.cpp), which also
// reaches extension functions such as the debug messenger.
#ifndef VULKAN_HPP_DISPATCH_LOADER_DYNAMIC
#define VULKAN_HPP_DISPATCH_LOADER_DYNAMIC 1
#endif
#include <vulkan/vulkan.hpp>
