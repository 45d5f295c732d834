#pragma once
// LiveSession: the live side of the app — the feeds' network thread, the
// queue it fills, and the store the main thread applies it to. pump() is
// called once per frame on the main thread and never blocks.

#include <chrono>
#include <memory>
#include <span>
#include <string_view>

#include "feed/decoder.h"
#include "feed/feed_client.h"
#include "feed/journal.h"
#include "feed/journal_player.h"
#include "live/store.h"

namespace citywall::feed {

/// Wall-clock now in epoch milliseconds (the live clock).
live::TimeMs wallClockNow();

class LiveSession {
 public:
  /// With `journal`, every frame of every feed is recorded as received.
  LiveSession(const std::vector<FeedOptions>& feeds, live::StoreConfig config = {},
              std::optional<JournalOptions> journal = std::nullopt);
  ~LiveSession();

  /// Drains the queue into the store and advances the store's clock to `now`.
  /// Returns the number of events applied.
  size_t pump(live::TimeMs now);

  /// The store the wall shows: the live one, or while a live wall looks
  /// back (startReview), the one its journal plays into.
  const live::Store& store() const { return reviewing_ ? review_ : store_; }
  live::Store& store() { return reviewing_ ? review_ : store_; }
  /// The live store, whatever is shown.
  const live::Store& liveStore() const { return store_; }
  std::vector<FeedStatus> feeds() const { return client_ ? client_->status() : std::vector<FeedStatus>{}; }
  QueueStats queue() const { return queue_.stats(); }
  /// Decode rejections of every feed plus the store's own refusals.
  live::RejectCounts rejected() const;
  uint64_t eventsReceived() const;
  /// The one clock: a fixed time when set (screenshots, briefings of a
  /// recorded state), else the wall clock.
  live::TimeMs clockNow() const;
  /// The live clock, also while a review or replay shows another time.
  live::TimeMs liveClockNow() const;
  void setFixedClock(std::optional<live::TimeMs> t) { fixedClock_ = t; }
  /// The clock follows the feed: the newest event time applied (a replay or
  /// a simulator running faster than real time), the wall clock until then.
  void setClockFollowsFeed(bool on) { followFeed_ = on; }
  bool clockFixed() const { return fixedClock_.has_value(); }
  /// Plays a journal instead of live feeds: pump() advances it by the wall
  /// time since the last pump × its speed (or by `fixedStep` seconds each
  /// pump, for frame export), and the clock is the journal's time.
  void startReplay(std::unique_ptr<JournalPlayer> player, std::optional<double> fixedStep = std::nullopt);
  JournalPlayer* replay() { return player_.get(); }
  const JournalPlayer* replay() const { return player_.get(); }
  /// Moves a replay to `t`.
  void seekReplay(live::TimeMs t);
  /// A live wall looks back: its own journal plays from `t` (paused) into a
  /// store of its own while the feeds keep filling the live one; the
  /// replay controls and the timeline work as in a replay. Playing on to
  /// the moment the review began returns to live (follow-live), as does
  /// stopReview(). False when no journal records (nothing to look back at).
  bool startReview(live::TimeMs t);
  void stopReview();
  bool reviewing() const { return reviewing_; }
  /// Bumps whenever the store is rebuilt from scratch (a replay moved back
  /// or looped): views of the store start over.
  uint64_t storeGeneration() const { return generation_; }
  /// Whether a journal records (so callers skip preparing what it would keep).
  bool journaling() const { return journal_ != nullptr; }
  /// Journals what an operator did (a command as JSON), on its own channel;
  /// `lasting`: it sets what the wall shows until changed (kLastingAction).
  void journalAction(std::string json, bool lasting = false) {
    if (journal_) journal_->record({JournalChannel::operatorAction, lasting ? kLastingAction : uint16_t(0), wallClockNow(), std::move(json)});
  }
  /// Applies a message a drill injected (protocol v1, marked "drill") and
  /// journals it on the drill channel. Returns the events applied.
  size_t injectDrill(const std::string& frame);
  // -- A wall's render node: its store follows the conductor's.
  /// The store changes only through applyWallOps and restoreWallStore;
  /// pump() neither drains nor moves the clock (the conductor's ticks
  /// come among the ops).
  void followWall() { follower_ = true; }
  bool followsWall() const { return follower_; }
  /// Applies what the conductor's store recorded, in order.
  void applyWallOps(std::span<const live::StoreOp> ops) {
    for (const auto& op : ops) store_.applyOp(op);
  }
  /// The store becomes the conductor's snapshot; views of it start over.
  /// False with `error` when the bytes are refused (the store is kept).
  bool restoreWallStore(std::string_view snapshot, std::string& error);

  /// Waits until every frame received so far is in the journal (tests, shutdown).
  void flushJournal() {
    if (journal_) journal_->flush();
  }
  /// The journal's state, when one records.
  std::optional<JournalStatus> journal() const {
    return journal_ ? std::optional<JournalStatus>(journal_->status()) : std::nullopt;
  }

 private:
  std::unique_ptr<JournalWriter> journal_;  // before the client: it outlives the network thread
  EventQueue queue_;
  std::unique_ptr<FeedClient> client_;
  live::Store store_;
  live::Store review_;  // what a live wall's look back shows
  bool reviewing_ = false;
  std::filesystem::path journalDir_;
  std::vector<live::FeedEvent> scratch_;
  Decoder drillDecoder_;
  std::optional<live::TimeMs> fixedClock_;
  std::unique_ptr<JournalPlayer> player_;
  std::optional<double> replayStep_;
  std::chrono::steady_clock::time_point lastPump_{};
  uint64_t generation_ = 0;
  bool followFeed_ = false;
  bool follower_ = false;
};

}  // namespace citywall::feed
