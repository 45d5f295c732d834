#pragma once
// MemoryLedger: the bytes of 3D Tiles content that exist anywhere — loaded
// and held by the streamer, made by a loading worker and not yet taken, and
// GPU copies that frames in flight still draw after the streamer let their
// tile go. A hold is taken before a worker makes a content's GPU copies
// and travels with the content and with each copy; the bytes are given
// back when the last of them is gone, on whatever thread that is. So the
// budget bounds what is really held, not only what the streamer admitted
// (which used to leave loads and frames in flight on top of it).
//
// Any thread. A hold keeps its ledger alive: it may outlive the streamer.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>

namespace citywall::assets::tiles3d {

class MemoryLedger : public std::enable_shared_from_this<MemoryLedger> {
 public:
  explicit MemoryLedger(size_t budget) : budget_(budget) {}

  /// A hold on `bytes` if they fit under the budget beside everything held,
  /// else null. The bytes are given back when the last copy of it goes.
  std::shared_ptr<const void> hold(size_t bytes) {
    size_t now = held_.load(std::memory_order_relaxed);
    do {
      if (bytes > budget_ || now > budget_ - bytes) return nullptr;
    } while (!held_.compare_exchange_weak(now, now + bytes, std::memory_order_relaxed));
    size_t peak = peak_.load(std::memory_order_relaxed);
    while (now + bytes > peak && !peak_.compare_exchange_weak(peak, now + bytes, std::memory_order_relaxed)) {
    }
    return std::make_shared<const Hold>(shared_from_this(), bytes);
  }
  /// Gives back `bytes` of what `hold` (one of hold()'s) took, when what it
  /// holds room for came out smaller than counted; never more than it has.
  static void shrink(const std::shared_ptr<const void>& hold, size_t bytes) {
    if (!hold) return;
    const auto* h = static_cast<const Hold*>(hold.get());
    bytes = std::min(bytes, h->bytes.load(std::memory_order_relaxed));
    h->bytes.fetch_sub(bytes, std::memory_order_relaxed);
    h->ledger->held_.fetch_sub(bytes, std::memory_order_relaxed);
  }
  size_t held() const { return held_.load(std::memory_order_relaxed); }
  size_t peak() const { return peak_.load(std::memory_order_relaxed); }
  size_t budget() const { return budget_; }

 private:
  struct Hold {
    std::shared_ptr<MemoryLedger> ledger;
    mutable std::atomic<size_t> bytes;  // less after a shrink
    Hold(std::shared_ptr<MemoryLedger> l, size_t b) : ledger(std::move(l)), bytes(b) {}
    ~Hold() { ledger->held_.fetch_sub(bytes.load(std::memory_order_relaxed), std::memory_order_relaxed); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
  };

  const size_t budget_;
  std::atomic<size_t> held_{0}, peak_{0};
};

/// `object` with `hold` riding along: the pointer is `object`'s, and the
/// hold is let go only after `object` itself (a GPU copy freed, then its
/// bytes given back; never the other way round).
template <typename T>
std::shared_ptr<T> withHold(std::shared_ptr<T> object, std::shared_ptr<const void> hold) {
  if (!object || !hold) return object;
  struct Both {
    std::shared_ptr<const void> hold;  // declared first: destroyed last
    std::shared_ptr<T> object;
  };
  T* raw = object.get();
  auto both = std::make_shared<Both>(Both{std::move(hold), std::move(object)});
  return std::shared_ptr<T>(std::move(both), raw);
}

}  // namespace citywall::assets::tiles3d
