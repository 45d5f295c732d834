#pragma once
// Recorded feed messages (--events FILE): protocol v1 messages, one per line
// (blank lines and lines starting with # are skipped),
// decoded with the feeds' own decoder and applied to the store before the
// first frame — a fixed city state for briefings, screenshots and tests.
// A bad line is counted by reason and the rest still applies.

#include <stdexcept>
#include <string>

#include "feed/decoder.h"
#include "live/store.h"

namespace citywall::feed {

struct RecordedLoad {
  uint64_t lines = 0, events = 0;
  feed::DecodeStats decode;
  live::TimeMs newest = 0;  ///< the store's newest event time after loading (a clock for the state)
};

class RecordedEventsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws RecordedEventsError when the file cannot be read.
RecordedLoad applyRecordedEvents(const std::string& path, live::Store& store);

}  // namespace citywall::feed
