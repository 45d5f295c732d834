#pragma once
// EventQueue: the bounded hand-over from the network thread to the main
// thread. The network thread pushes whole decoded frames; the main thread
// drains everything once per frame and never waits. When the queue is full
// the pusher is told so and stops reading from its socket (back-pressure
// reaches the server through TCP) instead of dropping events. Depth and
// latency are measured (Rerun's lesson: queues report on themselves).

#include <chrono>
#include <mutex>
#include <vector>

#include "live/events.h"

namespace citywall::feed {

struct QueueStats {
  size_t depth = 0;        ///< events waiting now
  size_t maxDepth = 0;     ///< the most that ever waited
  size_t capacity = 0;
  uint64_t pushed = 0;     ///< events accepted
  uint64_t drained = 0;    ///< events handed to the main thread
  uint64_t fullRefusals = 0;  ///< pushes refused because the queue was full (retried later, nothing lost)
  double latencyP50Ms = 0, latencyP99Ms = 0;  ///< push → drain, over the last 4096 frames
};

class EventQueue {
 public:
  explicit EventQueue(size_t capacityEvents = 200'000) : capacity_(capacityEvents) {}

  /// Network thread. Takes the events and returns true, or returns false
  /// (leaving `events` untouched) when the queue is full.
  bool tryPush(std::vector<live::FeedEvent>& events);
  /// Main thread: appends every waiting event to `out`; returns how many.
  size_t drain(std::vector<live::FeedEvent>& out);
  QueueStats stats() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Item {
    Clock::time_point pushed;
    std::vector<live::FeedEvent> events;
  };
  mutable std::mutex mutex_;
  std::vector<Item> items_;
  size_t capacity_;
  QueueStats stats_;
  std::vector<float> latencies_;  // ring of the last samples, ms
  size_t latencyNext_ = 0;
};

}  // namespace citywall::feed
