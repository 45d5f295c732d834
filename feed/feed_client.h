#pragma once
// FeedClient: the feeds, on one network thread. A WebSocket feed (protocol
// v1) connects (ws:// or wss://, verifying the server's certificate; a lab
// CA file can be given), sends a bearer token, says `hello`, and `resume`s
// after a reconnect; an Open311 feed polls a GeoReport v2 server and writes
// protocol v1 from what it answers (feed/open311.h); a SensorThings feed
// reads the Datastreams over HTTP and their Observations over MQTT
// (feed/sensorthings.h). Frames are decoded and
// validated on the network thread and handed over through the EventQueue; a
// full queue pauses reading (back-pressure), nothing is dropped. Silence for
// 30 s (no frame, no pong) means a connection is dead; retries back off
// exponentially with jitter, and an HTTP 401/403 waits at least a minute
// instead of looping.
//
// start()/stop()/status() are called from the main thread.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "feed/decoder.h"
#include "feed/event_queue.h"
#include "feed/feed_url.h"
#include "feed/open311.h"
#include "feed/sensorthings.h"

namespace citywall::feed {

struct FeedOptions {
  std::string url;      ///< ws://host:port/path, wss://…, open311+https://…/requests.json (feed/feed_url.h)
  std::string token;    ///< sent as "Authorization: Bearer <token>" when not empty
  std::string caFile;   ///< wss: trust this CA (PEM) instead of the system's; verification stays on
  std::chrono::milliseconds idleTimeout{30'000};   ///< liveness: a ping at half, dead at full
  std::chrono::milliseconds backoffInitial{500};
  std::chrono::milliseconds backoffMax{30'000};
  std::chrono::milliseconds unauthorizedWait{60'000};  ///< after HTTP 401/403
  /// Called on the network thread with every text frame as received, before
  /// it is decoded (the journal). Must not block.
  std::function<void(std::string_view frame)> onFrame;
  Open311Options open311;  ///< for an open311+ URL
  SensorThingsOptions sensorThings;  ///< for a sta+ URL
};

enum class FeedState { idle, connecting, connected, waiting, unauthorized };
const char* toString(FeedState s);

/// A snapshot of one feed, for the UI and the state dump.
struct FeedStatus {
  std::string url;
  FeedKind kind = FeedKind::websocket;
  FeedState state = FeedState::idle;
  std::string lastError;
  uint64_t connections = 0;  ///< successful handshakes
  uint64_t reconnects = 0;   ///< connection attempts after the first
  uint64_t tooLarge = 0;     ///< frames refused for size (the connection closes with 1009)
  uint64_t polls = 0;        ///< a polled source (Open311): polls that completed
  uint64_t failedPolls = 0;  ///< a polled source: polls that ended in an HTTP or network error (then backed off)
  uint64_t items = 0;        ///< a polled source: records read (requests), before de-duplication
  uint64_t sourceDuplicates = 0;  ///< a polled source: records seen again unchanged (windows overlap)
  DecodeStats decode;
  std::optional<uint64_t> lastSeq;
};

class FeedClient {
 public:
  explicit FeedClient(EventQueue& queue);
  ~FeedClient();  ///< stops
  FeedClient(const FeedClient&) = delete;
  FeedClient& operator=(const FeedClient&) = delete;

  /// Adds a feed; call before start(). Throws std::invalid_argument for a URL
  /// of no kind it knows (feed/feed_url.h).
  void add(const FeedOptions& options);
  void start();
  void stop();
  std::vector<FeedStatus> status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace citywall::feed
