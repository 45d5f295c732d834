// heap_trim_bench: what a malloc_trim on another thread costs the frame's
// thread (app/heap_trimmer.h). Two workers fill their own arenas with blocks
// of 64 KiB to 4 MiB (as the 3D Tiles workers do) and free half of them,
// leaving holes, and so does the frame's own thread in its arena (the
// worse case: a trim then holds the lock the frame allocates under while it
// walks that arena); meanwhile the "frame" thread allocates and frees small
// blocks and records the slowest. Rounds alternate: with a trim running
// beside it, and without.
//
//   build/bench/heap_trim_bench [rounds=6] [megabytes per worker=400]
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

namespace {
using Clock = std::chrono::steady_clock;

// A worker's arena: filled to `bytes`, then every other block freed.
std::vector<void*> fragment(size_t bytes, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<void*> all;
  for (size_t total = 0; total < bytes;) {
    const size_t size = size_t(64 << 10) << (rng() % 7);  // 64 KiB … 4 MiB
    all.push_back(std::memset(std::malloc(size), 1, size));
    total += size;
  }
  std::vector<void*> kept;
  for (size_t i = 0; i < all.size(); ++i) (i % 2 ? kept.push_back(all[i]) : std::free(all[i]));
  return kept;
}

struct Frame {
  double worstMs = 0;
  size_t over1ms = 0, calls = 0;
};

// Small allocations for `seconds`, as a frame's step makes.
Frame frameThread(double seconds) {
  Frame f;
  std::mt19937 rng(7);
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    const auto t0 = Clock::now();
    void* p = std::malloc(64 + rng() % (64 << 10));
    std::memset(p, 2, 64);
    std::free(p);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    f.worstMs = std::max(f.worstMs, ms), f.over1ms += ms > 1, ++f.calls;
  }
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 6;
  const size_t bytes = size_t(argc > 2 ? std::atoi(argv[2]) : 400) << 20;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the running wall's settings (assets/loading_heap.h)
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  std::printf("round,trim,trim_ms,frame_worst_ms,frame_calls_over_1ms,frame_calls\n");
  for (int round = 0; round < rounds; ++round) {
    const bool trim = round % 2 == 0;
    std::vector<void*> a, b;
    std::thread wa([&] { a = fragment(bytes, 1 + round); }), wb([&] { b = fragment(bytes, 100 + round); });
    std::vector<void*> own = fragment(bytes / 2, 200 + round);
    wa.join(), wb.join();
    double trimMs = 0;
    std::thread trimmer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (!trim) return;
      const auto t0 = Clock::now();
      malloc_trim(0);
      trimMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    });
    const Frame f = frameThread(1.5);
    trimmer.join();
    std::printf("%d,%s,%.1f,%.3f,%zu,%zu\n", round + 1, trim ? "yes" : "no", trimMs, f.worstMs, f.over1ms, f.calls);
    for (void* p : a) std::free(p);
    for (void* p : b) std::free(p);
    for (void* p : own) std::free(p);
    malloc_trim(0);
  }
}
