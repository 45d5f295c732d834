#pragma once
// JournalPlayer: a journal played back into a store on a clock of its own —
// the journal's receive time, running at any speed, paused, stepped or moved
// anywhere in the range. Every frame goes back through the feeds' decoder
// (RecordApplier), so the city, KPIs, lists and alerts follow exactly as
// they did live.
//
// The journal is read a chunk at a time, never whole: a day of a busy city
// is gigabytes of frames. A jump (back, or far ahead) restores the nearest
// keyframe at or before the target and plays the few chunks after it; a
// journal without keyframes (or whose keyframes were made under another
// store configuration) is played from the start of the run instead. Where
// the recording wall restarted (a new run), the store starts empty again,
// as the wall's did.

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "feed/journal.h"
#include "feed/journal_apply.h"
#include "live/store.h"

namespace citywall::feed {

class JournalPlayer {
 public:
  /// Opens `dir` and plays the range [from, to] of it (clamped to what the
  /// journal holds). Damage is skipped and listed in damage().
  JournalPlayer(const std::filesystem::path& dir, live::TimeMs from = std::numeric_limits<live::TimeMs>::min(),
                live::TimeMs to = std::numeric_limits<live::TimeMs>::max());

  /// The range played.
  live::TimeMs begin() const { return begin_; }
  live::TimeMs end() const { return end_; }
  /// Records in the range (feed frames, drill injections, operator actions).
  size_t frames() const { return frames_; }
  /// What was skipped and where (damaged segments, chunks and keyframes).
  const std::vector<JournalDamage>& damage() const { return reader_.damage(); }
  /// Records skipped for a receive time that cannot be real.
  uint64_t skippedTimes() const { return skippedTimes_; }
  /// Keyframes usable by this build and configuration (0: jumps replay from the start).
  size_t keyframes() const { return keyframes_.size(); }
  /// Records received in each of `bins` equal slices of the range (the
  /// timeline's histogram), computed from the chunk index once per size.
  const std::vector<uint32_t>& density(size_t bins) const;
  /// The operators' actions (commands as JSON) that came due since the last
  /// call, in order; a jump skips the ones it passes over.
  void takeActions(std::vector<std::string>& out);
  /// After a jump (a seek, a loop, the start): what the operators had set by
  /// the moment jumped to, as it stood then — every lasting action
  /// (kLastingAction) of that run up to it, in order, to be done again over
  /// the state the replay started with. Nullopt when there was no jump
  /// since the last call, or when the journal does not list them (written
  /// by an older build: what was set stays as it stood).
  std::optional<std::vector<std::string>> takeJump();
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
  /// Plays [from, to] again and again (clamped to the range); from == to ends it.
  void setLoopRange(live::TimeMs from, live::TimeMs to);
  std::optional<std::pair<live::TimeMs, live::TimeMs>> loopRange() const { return loopRange_; }

  /// Advances the clock by `wallSeconds` × speed (when playing) and applies
  /// the records up to it. Returns true when the store was replaced (a
  /// loop); the caller's views of the store start over.
  bool advance(double wallSeconds, live::Store& store);
  /// Moves the clock to `t` (clamped to the range) and brings the store
  /// there; true when the store was replaced (a keyframe, or the run's start).
  bool seek(live::TimeMs t, live::Store& store);
  /// How many times the store was replaced (jumps and loops).
  uint64_t rebuilds() const { return rebuilds_; }
  /// How many of those jumps started from a keyframe.
  uint64_t keyframeJumps() const { return keyframeJumps_; }

 private:
  // The first chunk whose records may reach `t` (by the index); size() when none does.
  size_t chunkAt(live::TimeMs t) const;
  // Replaces the store with a state at or before t, from which chunk `at`
  // (the first reaching t) is played: the nearest usable keyframe, else
  // the start of the run.
  void rebuildBefore(size_t at, live::TimeMs t, live::Store& store);
  bool loadChunk(size_t index);
  enum class Collect { none, all, passing };  // passing: all but the lasting ones (a jump does those)
  void applyUpTo(live::TimeMs t, live::Store& store, Collect collect);

  JournalReader reader_;
  std::vector<JournalChunkRef> chunks_;  // in play order
  std::vector<JournalKeyframeRef> keyframes_;
  std::vector<size_t> keyframeChunk_;  // index in chunks_ of each keyframe's last chunk
  std::vector<live::TimeMs> urgent_;
  mutable std::vector<uint32_t> density_;  // the last density() asked for
  size_t frames_ = 0;
  live::TimeMs begin_ = 0, end_ = 0, time_ = 0;
  // The journal's first moment: what the operators did then (a drill's first
  // banner and marks) is the start's own state, replayed with it.
  live::TimeMs first_ = std::numeric_limits<live::TimeMs>::min();

  // The cursor: chunk `chunk_` is in buffer_, its records before `pos_` applied.
  size_t chunk_ = 0;
  std::vector<JournalRecord> buffer_;
  size_t pos_ = 0;
  bool started_ = false;
  live::TimeMs run_ = 0;
  RecordApplier applier_;
  std::vector<std::string> actions_;  // due, not yet taken
  std::vector<JournalLastingAction> lasting_;  // every lasting action, by time
  bool lastingListed_ = false;  // every segment lists its lasting actions
  std::optional<std::vector<std::string>> jump_;  // the last jump's, not yet taken
  uint64_t skippedTimes_ = 0;
  uint64_t furthest_ = 0;  // the furthest record position passed (skips are counted once)

  bool playing_ = true;
  double speed_ = 1;
  double carry_ = 0;  // fractions of a millisecond between frames
  uint64_t rebuilds_ = 0, keyframeJumps_ = 0;
  bool keyframesRefused_ = false;  // said once
  std::optional<std::pair<live::TimeMs, live::TimeMs>> loopRange_;
};

}  // namespace citywall::feed
