// Renderer logic that needs no GPU: device choice, deferred destruction, narrow indices.

#include <gtest/gtest.h>

#include "renderer/deferred_deleter.h"
#include "renderer/vulkan/device_selection.h"
#include "renderer/vulkan/narrow_indices.h"

using namespace citywall::renderer;
using namespace citywall::renderer::vulkan;

namespace {
DeviceCandidate usable(const std::string& name, DeviceKind kind) {
  DeviceCandidate c;
  c.name = name;
  c.kind = kind;
  c.apiVersion = (1u << 22) | (3u << 12);
  c.graphicsQueue = true;
  c.depthFormat = true;
  return c;
}
}  // namespace

TEST(DeviceSelection, PrefersADiscreteGpuOverLavapipe) {
  const auto choice = chooseDevice({usable("llvmpipe", DeviceKind::cpu), usable("NVIDIA H100", DeviceKind::discrete),
                                    usable("Intel UHD", DeviceKind::integrated)},
                                   false);
  ASSERT_TRUE(choice.chosen);
  EXPECT_EQ(*choice.chosen, 1u);
  EXPECT_EQ(choice.seen[1], "NVIDIA H100 (discrete GPU): chosen");
  EXPECT_EQ(choice.seen[0], "llvmpipe (CPU): usable, but a better device was found");
}

TEST(DeviceSelection, FallsBackToTheCpuDevice) {
  auto gpu = usable("Old GPU", DeviceKind::discrete);
  gpu.apiVersion = 1u << 22;  // Vulkan 1.0
  const auto choice = chooseDevice({gpu, usable("llvmpipe", DeviceKind::cpu)}, false);
  ASSERT_TRUE(choice.chosen);
  EXPECT_EQ(*choice.chosen, 1u);
  EXPECT_EQ(choice.seen[0], "Old GPU (discrete GPU): rejected: Vulkan 1.1 or newer is required");
}

TEST(DeviceSelection, ExplainsEveryRejectionWhenNothingIsUsable) {
  auto noGraphics = usable("Compute card", DeviceKind::discrete);
  noGraphics.graphicsQueue = false;
  auto noPresent = usable("Headless GPU", DeviceKind::discrete);
  noPresent.presentQueue = false;
  auto filtered = usable("llvmpipe", DeviceKind::cpu);
  filtered.nameMatchesFilter = false;
  const auto choice = chooseDevice({noGraphics, noPresent, filtered}, true);
  EXPECT_FALSE(choice.chosen);
  EXPECT_EQ(choice.seen[0], "Compute card (discrete GPU): rejected: no graphics queue");
  EXPECT_EQ(choice.seen[1], "Headless GPU (discrete GPU): rejected: cannot present to this window's surface");
  EXPECT_EQ(choice.seen[2], "llvmpipe (CPU): rejected: name does not match the requested device");
}

TEST(DeferredDeleter, DestroysOnlyAfterTheLastFrameThatUsedItCompleted) {
  auto alive = std::make_shared<int>(1);
  std::weak_ptr<int> watch = alive;
  DeferredDeleter d;
  d.retire(5, std::move(alive));
  d.collect(3);
  EXPECT_FALSE(watch.expired());
  d.collect(4);
  EXPECT_FALSE(watch.expired());
  d.collect(5);
  EXPECT_TRUE(watch.expired());
  EXPECT_EQ(d.pending(), 0u);
}

TEST(DeferredDeleter, ClearDestroysEverything) {
  auto a = std::make_shared<int>(1);
  std::weak_ptr<int> watch = a;
  DeferredDeleter d;
  d.retire(100, std::move(a));
  d.clear();
  EXPECT_TRUE(watch.expired());
}

// A city's chunk-local indices go to the GPU as 16 bits only where every
// one fits, and keep their values.
TEST(NarrowIndices, FitOnlyWhenEveryIndexIsBelowSixtyFiveThousandFiveHundredAndThirtySix) {
  EXPECT_TRUE(fitIn16Bits(std::vector<uint32_t>{}));
  EXPECT_TRUE(fitIn16Bits(std::vector<uint32_t>{0, 7, 0xffff, 3}));
  EXPECT_FALSE(fitIn16Bits(std::vector<uint32_t>{0, 7, 0x10000, 3}));
  EXPECT_FALSE(fitIn16Bits(std::vector<uint32_t>{1, 2, 3, 0xffffffffu}));
  const std::vector<uint32_t> wide{0, 1, 0xfffe, 0xffff, 40000, 2};
  const std::vector<uint16_t> narrow = narrowed(wide);
  ASSERT_EQ(narrow.size(), wide.size());
  for (size_t i = 0; i < wide.size(); ++i) EXPECT_EQ(uint32_t(narrow[i]), wide[i]) << i;
}
