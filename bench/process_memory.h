#pragma once
// Resident memory of this process, for the benchmarks' bytes-per-thing figures.

#include <fstream>
#include <string>

namespace citywall::bench {

/// VmRSS in KiB (0 when /proc is unavailable).
inline long statusKiB(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string k = key;
  while (std::getline(in, line))
    if (line.rfind(k, 0) == 0) return std::stol(line.substr(k.size()));
  return 0;
}
inline long residentKiB() { return statusKiB("VmRSS:"); }
/// VmHWM: the most resident memory so far, in KiB.
inline long peakResidentKiB() { return statusKiB("VmHWM:"); }

}  // namespace citywall::bench
