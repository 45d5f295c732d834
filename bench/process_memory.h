#pragma once
// Resident memory of this process, for the benchmarks' bytes-per-thing figures.

#include <fstream>
#include <string>

namespace citywall::bench {

/// VmRSS in KiB (0 when /proc is unavailable).
inline long residentKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace citywall::bench
