#include "app/heap_trimmer.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace citywall::app {
namespace {

// The process's trims: one trimmer at a time, read by the state dump.
std::mutex statsMutex;
HeapTrimStats totals;

}  // namespace

uint64_t processResidentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  const bool ok = std::fscanf(f, "%llu %llu", &size, &resident) == 2;
  std::fclose(f);
  return ok ? resident * uint64_t(sysconf(_SC_PAGESIZE)) : 0;
}

HeapTrimStats heapTrimStats() {
  std::lock_guard lock(statsMutex);
  return totals;
}

std::string heapTrimsDumpJson() {
  const HeapTrimStats s = heapTrimStats();
  char json[224];
  // (The heap as it stands is the dump's `process` member; `looks` says the trimmer is alive.)
  std::snprintf(json, sizeof json,
                "\"heap_trims\":{\"trims\":%llu,\"returned_bytes\":%llu,\"last_ms\":%.3f,\"max_ms\":%.3f,\"looks\":%llu}",
                (unsigned long long)s.trims, (unsigned long long)s.returnedBytes, s.lastMs, s.maxMs, (unsigned long long)s.looks);
  return json;
}

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds period, size_t minFreeBytes)
    : period_(period), minFreeBytes_(minFreeBytes), thread_([this] { run(); }) {}

HeapTrimmer::~HeapTrimmer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void HeapTrimmer::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
    lock.unlock();
    // mallinfo2 walks the arenas' bins too, but it is a small part of a trim.
    const struct mallinfo2 heap = mallinfo2();
    {
      std::lock_guard statsLock(statsMutex);
      ++totals.looks;
      totals.heapInUseBytes = heap.uordblks + heap.hblkhd;
    }
    if (heap.fordblks > minFreeBytes_) {
      const uint64_t before = processResidentBytes();
      const auto t0 = std::chrono::steady_clock::now();
      malloc_trim(0);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      const uint64_t after = processResidentBytes();
      std::lock_guard statsLock(statsMutex);
      ++totals.trims;
      totals.returnedBytes += before > after ? before - after : 0;
      totals.lastMs = ms;
      totals.maxMs = std::max(totals.maxMs, ms);
    }
    lock.lock();
  }
}

}  // namespace citywall::app
