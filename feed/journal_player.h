#pragma once
// JournalPlayer: a journal played back into a store on a clock of its own —
// the journal's receive time, running at any speed, paused, stepped or moved
// anywhere in the range. Every frame goes back through the feeds' decoder,
// so the city, KPIs, lists and alerts follow exactly as they did live.
//
// The range's feed frames are read once into memory (a drill or an incident
// of hours is tens of MB); moving back rebuilds the store from the range's
// start, which at the measured 2 M events/s replay rate takes a second for
// two million events. Keyframes (issue 10) will make that a jump.

#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <vector>

#include "feed/decoder.h"
#include "feed/journal.h"
#include "live/store.h"

namespace citywall::feed {

class JournalPlayer {
 public:
  /// Reads the feed frames of `dir` received in [from, to]; damage is
  /// skipped and listed in damage().
  JournalPlayer(const std::filesystem::path& dir, live::TimeMs from = std::numeric_limits<live::TimeMs>::min(),
                live::TimeMs to = std::numeric_limits<live::TimeMs>::max());

  /// The range played (the first and last frame's receive times).
  live::TimeMs begin() const { return begin_; }
  live::TimeMs end() const { return end_; }
  size_t frames() const { return frames_.size(); }
  const std::vector<JournalDamage>& damage() const { return damage_; }
  /// Frames received in each of `bins` equal slices of the range (the
  /// timeline's histogram).
  /// Computed once per number of bins (the frames do not change).
  const std::vector<uint32_t>& density(size_t bins) const;
  /// The operators' actions (commands as JSON) that came due since the last
  /// call, in order; a jump skips the ones it passes over.
  void takeActions(std::vector<std::string>& out);
  /// When a priority-1 case or an alarm arrived (the timeline's marks).
  const std::vector<live::TimeMs>& urgent() const { return urgent_; }

  /// The replay's clock now.
  live::TimeMs time() const { return time_; }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }
  void setPlaying(bool on) { playing_ = on; }
  /// Clamped to 0.1×–1000×.
  void setSpeed(double speed);
  bool loop = false;  ///< at the end, start again from the beginning

  /// Advances the clock by `wallSeconds` × speed (when playing) and applies
  /// the frames up to it. Returns true when the store had to be rebuilt
  /// from the start (a loop); the caller's views of the store start over.
  bool advance(double wallSeconds, live::Store& store);
  /// Moves the clock to `t` (clamped to the range) and brings the store
  /// there; true when it was rebuilt from the start (moving back).
  bool seek(live::TimeMs t, live::Store& store);
  /// How many times the store was rebuilt (loops and moves back).
  uint64_t rebuilds() const { return rebuilds_; }

 private:
  void applyUpTo(live::TimeMs t, live::Store& store);
  bool restart(live::Store& store);

  std::vector<JournalRecord> frames_;
  std::vector<JournalDamage> damage_;
  std::vector<live::TimeMs> urgent_;
  std::vector<JournalRecord> actions_;  // operator actions of the range, in receive order
  size_t nextAction_ = 0;
  mutable std::vector<uint32_t> density_;  // the last density() asked for
  live::TimeMs begin_ = 0, end_ = 0, time_ = 0;
  size_t next_ = 0;  // the first frame not applied yet
  std::map<uint16_t, Decoder> decoders_;
  std::vector<live::FeedEvent> scratch_;
  bool playing_ = true;
  double speed_ = 1;
  double carry_ = 0;  // fractions of a millisecond between frames
  uint64_t rebuilds_ = 0;
};

}  // namespace citywall::feed
