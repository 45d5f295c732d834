// The running wall's heap trimmer (app/heap_trimmer.h): freed holes in the
// middle of the heap, which glibc keeps resident, go back to the system;
// nothing is trimmed while little lies free; it stops mid-wait.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "app/heap_trimmer.h"

using namespace std::chrono_literals;
using citywall::app::HeapTrimmer;
using citywall::app::heapTrimStats;

namespace {

uint64_t residentBytes() { return citywall::app::processResidentBytes(); }

// 64 MiB in 64 KiB blocks, touched, then every other one freed: 32 MiB of
// holes between live blocks, which freeing alone never gives back.
struct Holes {
  std::vector<void*> kept;
  Holes() {
    std::vector<void*> all;
    for (int i = 0; i < 1024; ++i) all.push_back(std::memset(std::malloc(64 << 10), 1, 64 << 10));
    for (size_t i = 0; i < all.size(); ++i) (i % 2 ? kept.push_back(all[i]) : std::free(all[i]));
  }
  ~Holes() {
    for (void* p : kept) std::free(p);
  }
};

}  // namespace

TEST(HeapTrimmer, GivesFreedHolesBackToTheSystem) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer keeps its own heap: glibc's holds nothing to trim";
#endif
  const Holes holes;
  const uint64_t trimsBefore = heapTrimStats().trims, returnedBefore = heapTrimStats().returnedBytes;
  const uint64_t residentBefore = residentBytes();
  {
    const HeapTrimmer trimmer(10ms, size_t(16) << 20);
    for (int i = 0; i < 500 && heapTrimStats().trims == trimsBefore; ++i) std::this_thread::sleep_for(10ms);
  }
  const auto s = heapTrimStats();
  ASSERT_GT(s.trims, trimsBefore) << "more than 16 MiB lay free: a trim was due";
  EXPECT_GT(s.returnedBytes - returnedBefore, uint64_t(16) << 20) << "most of the 32 MiB of holes went back";
  EXPECT_LT(residentBytes() + (uint64_t(16) << 20), residentBefore);
  EXPECT_GT(s.maxMs, 0.0);
  EXPECT_NE(citywall::app::heapTrimsDumpJson().find("\"trims\":" + std::to_string(s.trims)), std::string::npos);
}

TEST(HeapTrimmer, LeavesASmallFreeHeapAlone) {
  const uint64_t trimsBefore = heapTrimStats().trims, looksBefore = heapTrimStats().looks;
  {
    const HeapTrimmer trimmer(5ms, size_t(1) << 40);  // more than any test's heap holds free
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(heapTrimStats().trims, trimsBefore);
  EXPECT_GT(heapTrimStats().looks, looksBefore) << "it looks at the heap every period, trim or not";
}

// Each look records the heap in use (what a soak and the status line read
// to tell a leak from holes the heap keeps): 96 MiB held shows, and goes
// when freed.
TEST(HeapTrimmer, SaysHowMuchOfTheHeapIsInUse) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer keeps its own heap: glibc's mallinfo2 does not see it";
#endif
  const HeapTrimmer trimmer(5ms, size_t(1) << 40);
  const auto lookAfterNow = [] {
    const uint64_t looks = heapTrimStats().looks;
    for (int i = 0; i < 400 && heapTrimStats().looks < looks + 2; ++i) std::this_thread::sleep_for(5ms);
    return heapTrimStats().heapInUseBytes;
  };
  const uint64_t before = lookAfterNow();
  EXPECT_GT(before, 0u);
  std::vector<void*> blocks;
  for (int i = 0; i < 96; ++i) blocks.push_back(std::memset(std::malloc(1 << 20), 1, 1 << 20));
  const uint64_t holding = lookAfterNow();
  for (void* p : blocks) std::free(p);
  const uint64_t after = lookAfterNow();
  EXPECT_GE(holding, before + (uint64_t(90) << 20)) << before << " → " << holding;
  EXPECT_LE(after + (uint64_t(90) << 20), holding) << holding << " → " << after;
  EXPECT_NE(citywall::app::heapTrimsDumpJson().find("\"looks\":"), std::string::npos);
}

TEST(HeapTrimmer, StopsWithoutWaitingOutItsPeriod) {
  // An hour's period: the test would time out if the destructor waited for it.
  const HeapTrimmer trimmer(std::chrono::hours(1));
}
