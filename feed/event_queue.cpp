#include "feed/event_queue.h"

#include <algorithm>

namespace citywall::feed {

namespace {
constexpr size_t kLatencySamples = 4096;
}

bool EventQueue::tryPush(std::vector<live::FeedEvent>& events) {
  if (events.empty()) return true;
  std::lock_guard lock(mutex_);
  // A frame is accepted whole while there is room for anything: a batch
  // larger than the capacity must still get through.
  if (stats_.depth >= capacity_) {
    ++stats_.fullRefusals;
    return false;
  }
  stats_.depth += events.size();
  stats_.pushed += events.size();
  stats_.maxDepth = std::max(stats_.maxDepth, stats_.depth);
  items_.push_back({Clock::now(), std::move(events)});
  events.clear();
  return true;
}

size_t EventQueue::drain(std::vector<live::FeedEvent>& out) {
  std::vector<Item> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(items_);
    stats_.drained += stats_.depth;
    stats_.depth = 0;
  }
  const auto now = Clock::now();
  size_t n = 0;
  std::vector<float> lat;
  for (auto& item : taken) {
    lat.push_back(std::chrono::duration<float, std::milli>(now - item.pushed).count());
    n += item.events.size();
    std::move(item.events.begin(), item.events.end(), std::back_inserter(out));
  }
  if (!lat.empty()) {
    std::lock_guard lock(mutex_);
    for (float l : lat) {
      if (latencies_.size() < kLatencySamples) latencies_.push_back(l);
      else latencies_[latencyNext_++ % kLatencySamples] = l;
    }
  }
  return n;
}

QueueStats EventQueue::stats() const {
  std::lock_guard lock(mutex_);
  QueueStats s = stats_;
  s.capacity = capacity_;
  if (!latencies_.empty()) {
    std::vector<float> sorted = latencies_;
    std::sort(sorted.begin(), sorted.end());
    s.latencyP50Ms = sorted[sorted.size() / 2];
    s.latencyP99Ms = sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
  }
  return s;
}

}  // namespace citywall::feed
