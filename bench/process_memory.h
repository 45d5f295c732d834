#pragma once
// Resident memory and CPU time of this process, for the benchmarks'
// bytes-per-thing and CPU-per-frame figures.

#include <sys/resource.h>

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

/// CPU time of the whole process (every thread, user and system) in ms. On
/// a software rasteriser sharing two cores this is the frame's work, which
/// the wall-clock time shows only through the noise of the VM's neighbours.
inline double processCpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

}  // namespace citywall::bench
