#pragma once
// A running wall gives its freed heap back to the system. Streamed 3D Tiles
// are made by the loading workers, in each worker's own malloc arena, and
// freed by the frame when they are evicted: glibc keeps the holes they
// leave, and only malloc_trim hands such pages back. In a whole-wall soak
// (bench/wall_soak.sh) the process held 1,010 MiB after nine minutes, and
// 611 MiB right after one malloc_trim; with the trimmer its median over the
// second half of 40 minutes was 804 MiB against 1,004 (BENCHMARKS.md). It
// trims on a thread of its own, never the frame's: a trim locks one arena
// at a time while it walks it, so no thread waits for the whole walk
// (bench/heap_trim_bench: 50–73 ms a trim, the frame's slowest allocation
// beside it 0.3–1.1 ms).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace citywall::app {

struct HeapTrimStats {
  uint64_t trims = 0;
  uint64_t returnedBytes = 0;  ///< resident memory before a trim less after it, summed (0 where it grew meanwhile)
  double lastMs = 0, maxMs = 0;  ///< how long a trim took
  /// How often the trimmer looked at the heap (every period, trim or not;
  /// mallinfo2), and the bytes the program held in it then (mmapped blocks
  /// too). With resident memory they tell a heap in use that grows (a
  /// leak, a store that fills) from holes the heap keeps.
  uint64_t looks = 0;
  uint64_t heapInUseBytes = 0;
};

/// The process's resident memory now (/proc/self/statm), 0 if unknown.
uint64_t processResidentBytes();

/// What the trimmer of this process has done so far (zeros before one runs).
HeapTrimStats heapTrimStats();

/// The state dump's `heap_trims` member: `"heap_trims":{…}`.
std::string heapTrimsDumpJson();

class HeapTrimmer {
 public:
  /// Starts the thread: every `period`, a trim when the heap holds more
  /// than `minFreeBytes` free.
  explicit HeapTrimmer(std::chrono::milliseconds period = std::chrono::seconds(30),
                       size_t minFreeBytes = size_t(32) << 20);
  ~HeapTrimmer();  ///< stops it at once, mid-wait
  HeapTrimmer(const HeapTrimmer&) = delete;
  HeapTrimmer& operator=(const HeapTrimmer&) = delete;

 private:
  void run();

  const std::chrono::milliseconds period_;
  const size_t minFreeBytes_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace citywall::app
