#pragma once
// DurationHistogram: how long cases took (to dispatch, to close), kept as a
// count per whole minute so the median is exact to the minute whatever the
// number of cases, in fixed memory (40 KB), and answered without sorting.
// Durations past a week share the last bin (a median there reads "≥ 7 d").

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace citywall::live {

struct SnapshotCodec;

class DurationHistogram {
 public:
  static constexpr uint32_t kBins = 7 * 24 * 60 + 1;  ///< minutes 0 … 10079, then "a week or more"

  void add(double minutes) {
    bins_[bin(minutes)] += 1;
    ++count_;
    cached_.reset();
  }
  void remove(double minutes) {
    auto& b = bins_[bin(minutes)];
    if (!b) return;
    --b;
    --count_;
    cached_.reset();
  }
  uint64_t count() const { return count_; }
  /// The median in minutes (the lower median's whole minute); nullopt when empty.
  std::optional<double> median() const {
    if (!count_) return std::nullopt;
    if (cached_) return cached_;
    const uint64_t half = (count_ + 1) / 2;
    uint64_t seen = 0;
    for (uint32_t i = 0; i < kBins; ++i) {
      seen += bins_[i];
      if (seen >= half) return cached_ = double(i);
    }
    return cached_ = double(kBins - 1);
  }

 private:
  friend struct SnapshotCodec;
  static uint32_t bin(double minutes) {
    if (!(minutes > 0)) return 0;  // also NaN; a negative duration (clock skew) counts as 0
    return minutes >= kBins - 1 ? kBins - 1 : uint32_t(minutes);
  }
  std::vector<uint32_t> bins_ = std::vector<uint32_t>(kBins, 0);
  uint64_t count_ = 0;
  mutable std::optional<double> cached_;
};

}  // namespace citywall::live
