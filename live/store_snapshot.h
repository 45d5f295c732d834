#pragma once
// A snapshot of the whole store — every case with its history, every sensor
// with its recent series, the alarms, and every aggregate with the state
// behind it (deadlines, the last-hour window, the duration histograms) —
// as bytes, and back. Restoring gives a store that answers every query as
// the original did and goes on exactly as it would have: the journal's
// keyframes are these, so a replay can jump to any moment without
// replaying the day before it.
//
// The bytes are versioned (kSnapshotFormat) and carry the store's
// configuration: a snapshot made under other overdue rules or limits is
// refused rather than restored into aggregates it does not match.

#include <string>
#include <string_view>

#include "live/store.h"

namespace citywall::live {

/// Bumped whenever the layout changes; older layouts are refused (a replay
/// then plays from the start instead).
constexpr uint32_t kSnapshotFormat = 2;  // 2: sensor series as changes of spacing and hundredths

/// The store as bytes (uncompressed; the journal compresses them).
std::string saveSnapshot(const Store& store);

/// Restores `bytes` into `store`, which must have the configuration the
/// snapshot was made with. On failure `store` is untouched and `error`
/// says why (damaged, a newer format, another configuration).
bool restoreSnapshot(std::string_view bytes, Store& store, std::string& error);

}  // namespace citywall::live
