#pragma once
// Protocol v1 decoding (docs/protocol.md): one WebSocket text frame →
// validated, typed events in WGS84. Every rule of the protocol is checked
// here, on the network thread; a rejected message is counted by reason and
// one bad element of a batch rejects only that element. A Decoder belongs to
// one connection (it tracks that stream's `seq`); not thread-safe.

#include <simdjson.h>

#include <optional>
#include <vector>

#include "live/events.h"

namespace citywall::feed {

constexpr size_t kMaxFrameBytes = 16 * 1024 * 1024;  ///< larger frames are refused (close 1009)
constexpr size_t kMaxIdBytes = 64;

struct DecodeStats {
  uint64_t frames = 0;
  uint64_t bytes = 0;
  uint64_t events = 0;       ///< good events produced
  uint64_t duplicates = 0;   ///< messages whose seq was not above the last one (kept: the store sorts them out)
  live::RejectCounts rejected;  ///< gaps are counted here too (reason "gap", one per jump)
};

class Decoder {
 public:
  /// Decodes one frame, appending good events to `out`. `padded`: the bytes
  /// after `frame` are readable for simdjson::SIMDJSON_PADDING bytes, which
  /// saves a copy.
  void decode(std::string_view frame, std::vector<live::FeedEvent>& out, bool padded = false);

  const DecodeStats& stats() const { return stats_; }
  /// Counts a message refused before decoding (e.g. by the WebSocket layer for size).
  void countRejected(live::RejectReason reason) { stats_.rejected.add(reason); }
  /// The highest seq seen on this stream (for `resume` after a reconnect).
  std::optional<uint64_t> lastSeq() const { return lastSeq_; }
  /// A new connection: seq numbering starts again unless resumed.
  void resetSequence() { lastSeq_.reset(); }

 private:
  void decodeMessage(simdjson::dom::element message, std::vector<live::FeedEvent>& out, bool insideBatch);
  std::optional<live::RejectReason> checkSeq(const std::optional<simdjson::dom::element>& seq);

  simdjson::dom::parser parser_;
  std::optional<uint64_t> lastSeq_;
  DecodeStats stats_;
};

}  // namespace citywall::feed
