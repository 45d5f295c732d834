#pragma once
// DeferredDeleter: keeps GPU objects alive until the frames that used them
// have finished. Retire an object with the number of the last frame that may
// use it; collect() with the number of the newest frame whose fence has
// signalled destroys everything that frame made safe. Main thread only.
// (vk-bootstrap leaves this to the user; we make it one small mechanism.)

#include <cstdint>
#include <deque>
#include <memory>

namespace citywall::renderer {

class DeferredDeleter {
 public:
  /// Takes ownership; `object` is destroyed once frame `lastUse` completed.
  template <typename T>
  void retire(uint64_t lastUse, T&& object) {
    entries_.push_back({lastUse, std::make_shared<std::decay_t<T>>(std::forward<T>(object))});
  }
  /// Destroys what frames up to and including `completedFrame` used.
  void collect(uint64_t completedFrame) {
    while (!entries_.empty() && entries_.front().lastUse <= completedFrame) entries_.pop_front();
  }
  /// Destroys everything (after the device went idle).
  void clear() { entries_.clear(); }
  size_t pending() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t lastUse;
    std::shared_ptr<void> object;
  };
  std::deque<Entry> entries_;  // retire() is called with non-decreasing frame numbers
};

}  // namespace citywall::renderer
