#pragma once
// The heap while a city is built. Building Manhattan allocates and frees a
// few gigabytes in small pieces (each building's mesh, each chunk's
// neighbour grid) on every core. glibc, left to itself, hands much of it
// back to the kernel and maps it again moments later: perf put about a
// third of a first start in page faults, sysmalloc and first-touch zeroing.
// While a LoadingHeap lives, freed memory stays in the heap and the heap
// grows in big steps; when the last one ends, the heap goes back to
// settings fit for a running wall, and the app's malloc_trim after the
// upload returns what loading kept. The settings are the process's: they
// override any GLIBC_TUNABLES for malloc from the first build on.

namespace citywall::assets {

class LoadingHeap {
 public:
  LoadingHeap();   ///< the first of nested (or concurrent) scopes changes the settings
  ~LoadingHeap();  ///< the last restores them
  LoadingHeap(const LoadingHeap&) = delete;
  LoadingHeap& operator=(const LoadingHeap&) = delete;

  /// Bytes: an allocation at least this large is mapped on its own (not
  /// from the heap) outside a loading scope; inside one, only from 256 MiB.
  static constexpr int kRunningMmapThreshold = 32 << 20;
  static constexpr int kLoadingMmapThreshold = 256 << 20;
};

}  // namespace citywall::assets
