#include "feed/live_session.h"

#include <chrono>

namespace citywall::feed {

live::TimeMs wallClockNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

LiveSession::LiveSession(const std::vector<FeedOptions>& feeds, live::StoreConfig config) : store_(config) {
  if (feeds.empty()) return;
  client_ = std::make_unique<FeedClient>(queue_);
  for (const auto& f : feeds) client_->add(f);
  client_->start();
}

LiveSession::~LiveSession() {
  if (client_) client_->stop();
}

size_t LiveSession::pump(live::TimeMs now) {
  scratch_.clear();
  queue_.drain(scratch_);
  for (const auto& e : scratch_) store_.apply(e);
  store_.tick(now);
  return scratch_.size();
}

live::TimeMs LiveSession::clockNow() const {
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
