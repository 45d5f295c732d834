#pragma once
// FeedSource: what every kind of feed shares on the network thread — its
// status for the UI, the protocol v1 decoder its frames go through, the
// hand-over to the main thread with back-pressure, the journal hook and
// the back-off between attempts. A WebSocket feed receives protocol v1
// frames; an Open311 or SensorThings source writes them from what its
// server says, so the journal, replay and a bridge treat every source
// alike. Private to feed/ (it speaks Boost.Asio).

#include <utility>  // Boost 1.74's awaitable.hpp needs std::exchange declared first

#include <atomic>
#include <exception>
#include <stdexcept>
#include <boost/asio.hpp>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "feed/backoff.h"
#include "feed/decoder.h"
#include "feed/feed_client.h"
#include "feed/feed_url.h"

namespace citywall::feed {

namespace asio = boost::asio;

/// The server refused the credentials (HTTP 401/403): shown as
/// "unauthorized" and tried again after a minute at the soonest, not in a loop.
struct Unauthorized : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FeedSource {
 public:
  FeedSource(const FeedOptions& options, EventQueue& queue);
  virtual ~FeedSource() = default;
  FeedSource(const FeedSource&) = delete;
  FeedSource& operator=(const FeedSource&) = delete;

  /// Runs on the network thread until `stopping`: connects, polls,
  /// reconnects; never throws.
  virtual asio::awaitable<void> run(const std::atomic<bool>& stopping) = 0;
  FeedStatus status() const;

 protected:
  /// One protocol v1 frame received or written: journaled as it is,
  /// decoded, handed to the main thread (waiting while the queue is full).
  asio::awaitable<void> deliver(std::string_view frame);
  void setState(FeedState s, const std::string& error = {});
  /// Changes the status under its lock.
  template <typename F>
  void updateStatus(F&& f) {
    std::lock_guard lock(mutex_);
    f(status_);
  }
  /// Copies the decoder's counts (and the source's own, addOwnCounts) into the status.
  void publishStats();
  /// A source that refuses input before it becomes protocol v1 (an Open311
  /// request without a place…) adds those counts here; network thread.
  virtual void addOwnCounts(FeedStatus&) const {}
  /// Shows why an attempt (a connection, a poll) failed and returns how long
  /// to wait before the next: the back-off, at least a minute after Unauthorized.
  std::chrono::milliseconds attemptFailed(std::exception_ptr failure);
  /// Waits `delay` unless stopping; false when stopping.
  asio::awaitable<bool> pause(std::chrono::milliseconds delay, const std::atomic<bool>& stopping);

  const FeedOptions options_;
  EventQueue& queue_;
  Decoder decoder_;
  Backoff backoff_;

 private:
  mutable std::mutex mutex_;  // guards status_
  FeedStatus status_;
  std::vector<live::FeedEvent> pending_;
};

std::unique_ptr<FeedSource> makeWebSocketSource(const FeedOptions& options, const FeedUrl& url, EventQueue& queue);
std::unique_ptr<FeedSource> makeOpen311Source(const FeedOptions& options, const FeedUrl& url, EventQueue& queue);
std::unique_ptr<FeedSource> makeSensorThingsSource(const FeedOptions& options, const FeedUrl& url, EventQueue& queue);

}  // namespace citywall::feed
