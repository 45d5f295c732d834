// feed_client.cpp — the network thread and its sources (feed_source.h).

#include "feed/feed_client.h"

#include <stdexcept>

#include "feed/feed_source.h"

namespace citywall::feed {

const char* toString(FeedState s) {
  switch (s) {
    case FeedState::idle: return "idle";
    case FeedState::connecting: return "connecting";
    case FeedState::connected: return "connected";
    case FeedState::waiting: return "waiting";
    case FeedState::unauthorized: return "unauthorized";
  }
  return "?";
}

struct FeedClient::Impl {
  EventQueue& queue;
  asio::io_context io;
  std::vector<std::unique_ptr<FeedSource>> sources;
  std::atomic<bool> stopping{false};
  std::thread thread;
  explicit Impl(EventQueue& q) : queue(q) {}
};

FeedClient::FeedClient(EventQueue& queue) : impl_(std::make_unique<Impl>(queue)) {}
FeedClient::~FeedClient() { stop(); }

void FeedClient::add(const FeedOptions& options) {
  auto url = parseFeedUrl(options.url);
  if (!url) throw std::invalid_argument(options.url + ": not " + kFeedUrlForms);
  switch (url->kind) {
    case FeedKind::websocket: impl_->sources.push_back(makeWebSocketSource(options, *url, impl_->queue)); break;
    case FeedKind::open311: impl_->sources.push_back(makeOpen311Source(options, *url, impl_->queue)); break;
    case FeedKind::sensorThings: impl_->sources.push_back(makeSensorThingsSource(options, *url, impl_->queue)); break;
  }
}

void FeedClient::start() {
  if (impl_->thread.joinable()) return;
  for (auto& s : impl_->sources) asio::co_spawn(impl_->io, s->run(impl_->stopping), asio::detached);
  impl_->thread = std::thread([this] {
    // The network thread: reading, decoding and validating off the render thread.
    impl_->io.run();
  });
}

void FeedClient::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping = true;
  impl_->io.stop();
  impl_->thread.join();
}

std::vector<FeedStatus> FeedClient::status() const {
  std::vector<FeedStatus> out;
  for (const auto& s : impl_->sources) out.push_back(s->status());
  return out;
}

}  // namespace citywall::feed
