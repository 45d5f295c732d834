#pragma once
// Replaying a journal into a store: every feed frame recorded between two
// receive times goes back through the feeds' own decoder (one per recorded
// feed, so sequence gaps are judged per feed as they were live) and into the
// store, in the order it was received. Damage in the journal is skipped and
// named, never fatal.

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "feed/decoder.h"
#include "feed/journal.h"
#include "live/store.h"

namespace citywall::feed {

struct JournalLoad {
  uint64_t frames = 0, events = 0;
  DecodeStats decode;         ///< every feed's decoding together
  live::TimeMs first = 0, last = 0;  ///< receive times of the first and last frame applied
  std::vector<JournalDamage> damage;  ///< what was skipped, and where
};

JournalLoad applyJournal(const std::filesystem::path& dir, live::Store& store,
                         live::TimeMs from = std::numeric_limits<live::TimeMs>::min(),
                         live::TimeMs to = std::numeric_limits<live::TimeMs>::max());

}  // namespace citywall::feed
