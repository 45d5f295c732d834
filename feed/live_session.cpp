#include "feed/live_session.h"

#include "live/store_snapshot.h"

#include <chrono>

namespace citywall::feed {

live::TimeMs wallClockNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
// A feed's address as the journal names it: never its credentials.
std::string withoutCredentials(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}
}  // namespace

LiveSession::LiveSession(const std::vector<FeedOptions>& feeds, live::StoreConfig config,
                         std::optional<JournalOptions> journal)
    : store_(config) {
  if (journal) {
    journal->store = config;  // keyframes are snapshots of a store like this one
    journalDir_ = journal->dir;
    journal_ = std::make_unique<JournalWriter>(std::move(*journal));
  }
  if (feeds.empty()) return;
  client_ = std::make_unique<FeedClient>(queue_);
  for (FeedOptions f : feeds) {
    if (journal_) {
      const uint16_t id = journal_->addFeed(withoutCredentials(f.url));
      f.onFrame = [journal = journal_.get(), id](std::string_view frame) {
        journal->record({JournalChannel::feedFrame, id, wallClockNow(), std::string(frame)});
      };
    }
    client_->add(f);
  }
  client_->start();
}

LiveSession::~LiveSession() {
  if (client_) client_->stop();
}

void LiveSession::startReplay(std::unique_ptr<JournalPlayer> player, std::optional<double> fixedStep) {
  player_ = std::move(player);
  replayStep_ = fixedStep;
  lastPump_ = std::chrono::steady_clock::now();
  store_ = live::Store(store_.config());
  ++generation_;
  player_->seek(player_->begin(), store_);
}

void LiveSession::seekReplay(live::TimeMs t) {
  if (player_ && player_->seek(t, store())) ++generation_;
}

bool LiveSession::startReview(live::TimeMs t) {
  if (!journal_ || reviewing_ || player_) return false;
  journal_->flush();  // everything received so far can be looked at
  auto player = std::make_unique<JournalPlayer>(journalDir_);
  if (!player->frames()) return false;
  player_ = std::move(player);
  replayStep_.reset();
  lastPump_ = std::chrono::steady_clock::now();
  review_ = live::Store(store_.config());
  reviewing_ = true;
  player_->seek(t, review_);
  player_->setPlaying(false);
  ++generation_;
  return true;
}

void LiveSession::stopReview() {
  if (!reviewing_) return;
  reviewing_ = false;
  player_.reset();
  review_ = live::Store(store_.config());  // its memory back
  ++generation_;
}

size_t LiveSession::pump(live::TimeMs now) {
  if (follower_) return 0;
  if (player_ && !reviewing_) {
    const auto wall = std::chrono::steady_clock::now();
    const double seconds = replayStep_.value_or(std::chrono::duration<double>(wall - lastPump_).count());
    lastPump_ = wall;
    const uint64_t before = store_.applied();
    if (player_->advance(seconds, store_)) {
      ++generation_;
      return size_t(store_.applied());
    }
    return size_t(store_.applied() - before);
  }
  scratch_.clear();
  queue_.drain(scratch_);
  for (const auto& e : scratch_) store_.apply(e);
  store_.tick(reviewing_ ? liveClockNow() : now);  // the live store keeps the wall's clock while a review plays
  if (reviewing_) {
    const auto wall = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(wall - lastPump_).count();
    lastPump_ = wall;
    const bool wasPlaying = player_->playing();
    if (player_->advance(seconds, review_)) ++generation_;
    // Played up to the moment the review began: the wall follows live again.
    if (wasPlaying && !player_->playing() && player_->time() >= player_->end()) stopReview();
  }
  return scratch_.size();
}

bool LiveSession::restoreWallStore(std::string_view snapshot, std::string& error) {
  live::Store restored(store_.config());
  if (!live::restoreSnapshot(snapshot, restored, error)) return false;
  store_ = std::move(restored);
  ++generation_;
  return true;
}

size_t LiveSession::injectDrill(const std::string& frame) {
  if (journal_) journal_->record({JournalChannel::drill, 0, wallClockNow(), frame});
  scratch_.clear();
  drillDecoder_.decode(frame, scratch_);
  for (const auto& e : scratch_) store_.apply(e);
  return scratch_.size();
}

live::TimeMs LiveSession::clockNow() const {
  if (player_) return player_->time();  // a replay's, or a review's
  return liveClockNow();
}

live::TimeMs LiveSession::liveClockNow() const {
  if (fixedClock_) return *fixedClock_;
  if (followFeed_ && store_.newestEventTime()) return store_.newestEventTime();
  return wallClockNow();
}

live::RejectCounts LiveSession::rejected() const {
  live::RejectCounts r = store_.rejected();
  for (const auto& f : feeds()) r += f.decode.rejected;
  return r;
}

uint64_t LiveSession::eventsReceived() const {
  uint64_t n = 0;
  for (const auto& f : feeds()) n += f.decode.events;
  return n;
}

}  // namespace citywall::feed
