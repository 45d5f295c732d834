#pragma once
// Small statistics the benchmarks report.

#include <algorithm>
#include <vector>

namespace citywall::bench {

/// The median (the mean of the middle two for an even count); -1 when empty.
inline double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace citywall::bench
