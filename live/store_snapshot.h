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
#include <vector>

#include "live/store.h"

namespace citywall::live {

/// Bumped whenever the layout changes; older layouts are refused (a replay
/// then plays from the start instead).
constexpr uint32_t kSnapshotFormat = 3;  // 2: sensor series as changes of spacing and hundredths; 3: a case's due time
constexpr uint32_t kOldestSnapshotFormat = 2;  ///< journals written before still replay

/// Where every sensor series stood when the last snapshot was saved: what
/// a delta snapshot (saveDeltaSnapshot) leaves out. Belongs to one store
/// (the journal writer's); opaque to everyone else.
class SnapshotBase {
 public:
  bool valid() const { return valid_; }

 private:
  friend struct SnapshotCodec;
  bool valid_ = false;
  uint64_t applied_ = 0;
  TimeMs newest_ = 0;
  uint64_t caseVersion_ = 0;  // the case store's change log then: the cases changed since go in a delta
  std::vector<std::vector<MetricState::Edits>> edits_;  // by sensor slot, then metric
};

/// The store as bytes (uncompressed; the journal compresses them). With
/// `base`, also notes where the series stand, for the deltas after it.
std::string saveSnapshot(const Store& store, SnapshotBase* base = nullptr);

/// The store as bytes that hold everything but the sensor readings and the
/// cases that `base` (the previous snapshot, whole or delta) already had:
/// a day's series and cases are most of a snapshot, so a delta costs about
/// what changed since. `base` must be valid and is moved on to this
/// snapshot. The first `readingsEnd` bytes are all that a delta followed by
/// others in a chain needs to be read (its readings and changed cases; the
/// last one is read whole).
std::string saveDeltaSnapshot(const Store& store, SnapshotBase& base, size_t* readingsEnd = nullptr);

/// True for what saveDeltaSnapshot wrote.
bool isDeltaSnapshot(std::string_view bytes);

/// Restores `bytes` (a whole snapshot) into `store`, which must have the
/// configuration the snapshot was made with. On failure `store` is
/// untouched and `error` says why (damaged, a newer format, another
/// configuration).
bool restoreSnapshot(std::string_view bytes, Store& store, std::string& error);

/// Restores a whole snapshot followed by the deltas saved after it, in
/// order (each one's base the one before); the store ends as the last one
/// saw it. Every delta but the last may be cut after its `readingsEnd`. Refused as restoreSnapshot is, and when a delta does not follow
/// the one before it.
bool restoreSnapshotChain(const std::vector<std::string_view>& chain, Store& store, std::string& error);

}  // namespace citywall::live
