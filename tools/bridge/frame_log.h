#pragma once
// FrameLog: the protocol v1 frames a bridge has relayed, numbered 1, 2, 3…
// (the `seq` every client sees), the oldest dropped once the log holds more
// than its byte budget. A client that connects reads from the oldest kept
// (so a wall that starts late still gets the back-fill the sources sent at
// start); one that resumes reads from after its last seq. Thread-safe: the
// feeds' network thread appends, the server's thread reads.

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citywall::bridge {

class FrameLog {
 public:
  explicit FrameLog(size_t maxBytes) : maxBytes_(maxBytes) {}

  /// Numbers `frame` (one protocol v1 object) with the next seq and stores
  /// it. Frames that are not a JSON object are refused
  /// (false): a bridge relays protocol v1 only.
  bool append(std::string_view frame);
  /// Up to `max` frames after `afterSeq` (0: from the oldest kept), as sent;
  /// `firstSeq` is the seq of the first one returned.
  std::vector<std::string> after(uint64_t afterSeq, size_t max, uint64_t& firstSeq) const;
  uint64_t lastSeq() const;
  uint64_t oldestSeq() const;  ///< 0 when empty
  uint64_t dropped() const;    ///< frames that left the log for its budget

 private:
  mutable std::mutex mutex_;
  std::deque<std::string> frames_;  // frames_[i] has seq first_ + i
  uint64_t first_ = 1, next_ = 1;
  size_t bytes_ = 0, maxBytes_;
  uint64_t dropped_ = 0;
};

/// `frame` with `"seq":N` as its first member; a `seq` it already had (a
/// WebSocket source's own numbering) is taken out. nullopt when the frame
/// is not a JSON object.
std::optional<std::string> withSeq(std::string_view frame, uint64_t seq);

}  // namespace citywall::bridge
