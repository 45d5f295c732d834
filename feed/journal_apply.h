#pragma once
// The one way a journal's records enter a store, whether the journal's own
// writer is keeping its keyframes or a replay is playing it: the store's
// clock moves to the record's receive time, then the record goes through
// the feeds' decoder (one per recorded feed, so sequence gaps are judged
// per feed as they were live; drill injections have their own). Because
// the clock moves with every record, the state at any moment depends only
// on the journal — not on how a replay was stepped — so a jump to a
// keyframe and a replay from the start arrive at the same store.

#include <map>
#include <vector>

#include "feed/decoder.h"
#include "feed/journal.h"
#include "live/store.h"

namespace citywall::feed {

class RecordApplier {
 public:
  /// Applies one record (operator actions are not the store's, and a
  /// record with an implausible receive time is skipped: kEarliestPlausible); returns the number of events applied. With `marks`, notes
  /// what the timeline marks: a priority-1 case's first report and every
  /// alarm raised.
  size_t apply(const JournalRecord& r, live::Store& store, std::vector<JournalMark>* marks = nullptr);
  /// Forgets the feeds' sequence state (the store starts again).
  void reset() { decoders_.clear(); }

 private:
  std::map<uint32_t, Decoder> decoders_;  // feed index, or kDrillFeed for drill injections
  std::vector<live::FeedEvent> events_;
};

}  // namespace citywall::feed
