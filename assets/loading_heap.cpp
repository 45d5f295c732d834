#include "assets/loading_heap.h"

#include <malloc.h>

#include <mutex>

namespace citywall::assets {
namespace {

std::mutex scopesMutex;
int scopes = 0;

}  // namespace

LoadingHeap::LoadingHeap() {
  std::lock_guard lock(scopesMutex);
  if (scopes++ > 0) return;
  // Freed memory stays (up to 1 GiB at the top of the heap), the heap grows
  // 64 MiB at a time, and nothing short of 256 MiB gets a mapping of its own.
  mallopt(M_MMAP_THRESHOLD, kLoadingMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

LoadingHeap::~LoadingHeap() {
  std::lock_guard lock(scopesMutex);
  if (--scopes > 0) return;
  // Setting any of these turns off glibc's own adjustment of the mapping
  // threshold, so it is set to where that adjustment ends (32 MiB, the
  // trim threshold twice that); the top pad to its documented default.
  mallopt(M_MMAP_THRESHOLD, kRunningMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 2 * kRunningMmapThreshold);
  mallopt(M_TOP_PAD, 128 << 10);
}

}  // namespace citywall::assets
