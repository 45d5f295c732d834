#include "feed/feed_source.h"

namespace citywall::feed {

FeedSource::FeedSource(const FeedOptions& options, EventQueue& queue)
    : options_(options), queue_(queue), backoff_(options.backoffInitial, options.backoffMax) {
  status_.url = options.url;
  if (auto url = parseFeedUrl(options.url)) status_.kind = url->kind;
}

FeedStatus FeedSource::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void FeedSource::setState(FeedState s, const std::string& error) {
  std::lock_guard lock(mutex_);
  status_.state = s;
  if (!error.empty()) status_.lastError = error;
}

void FeedSource::publishStats() {
  std::lock_guard lock(mutex_);
  status_.decode = decoder_.stats();
  addOwnCounts(status_);
  status_.lastSeq = decoder_.lastSeq();
}

asio::awaitable<void> FeedSource::deliver(std::string_view frame) {
  if (options_.onFrame) options_.onFrame(frame);
  decoder_.decode(frame, pending_);
  // Back-pressure: while the main thread has not caught up, stop reading.
  if (!queue_.tryPush(pending_)) {
    asio::steady_timer wait(co_await asio::this_coro::executor);
    do {
      wait.expires_after(std::chrono::milliseconds(2));
      co_await wait.async_wait(asio::use_awaitable);
    } while (!queue_.tryPush(pending_));
  }
  publishStats();
}

std::chrono::milliseconds FeedSource::attemptFailed(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const Unauthorized& e) {
    setState(FeedState::unauthorized, e.what());
    return std::max(options_.unauthorizedWait, backoff_.next());
  } catch (const boost::system::system_error& e) {
    setState(FeedState::waiting, e.code().message());
  } catch (const std::exception& e) {
    setState(FeedState::waiting, e.what());
  } catch (...) {
    setState(FeedState::waiting, "an unknown error");
  }
  return backoff_.next();
}

asio::awaitable<bool> FeedSource::pause(std::chrono::milliseconds delay, const std::atomic<bool>& stopping) {
  if (stopping) co_return false;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(delay);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return !stopping;
}

}  // namespace citywall::feed
