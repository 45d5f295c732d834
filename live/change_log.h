#pragma once
// ChangeLog: which slots of a table changed, readable by any number of
// readers without anyone draining it. Each change gets the next version;
// a reader remembers the version it last saw and asks for what changed
// since (changesSince), so markers, heat, regions, alert focus and the case
// list all follow the store one way and none depends on another's order.
//
// The slots are kept in a list ordered by their latest change (a slot that
// changes again moves to the end), so a reader at any version, however old,
// gets exactly the slots changed since, each once, in time proportional to
// their number; memory is 16 bytes a slot, whatever the rate of changes.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace citywall::live {

class ChangeLog {
 public:
  /// Records that `slot` changed; returns the new version.
  uint64_t mark(uint32_t slot) {
    if (slot >= nodes_.size()) nodes_.resize(size_t(slot) + 1);
    Node& n = nodes_[slot];
    if (n.version) unlink(slot);
    n.version = ++version_;
    n.prev = tail_, n.next = kNone;
    if (tail_ != kNone) nodes_[tail_].next = slot;
    else head_ = slot;
    tail_ = slot;
    return version_;
  }
  /// The version of the newest change (0: nothing ever changed).
  uint64_t version() const { return version_; }
  /// Appends each slot changed after `since` once, oldest change first;
  /// returns the current version (the reader's next `since`).
  uint64_t changesSince(uint64_t since, std::vector<uint32_t>& out) const {
    const size_t start = out.size();
    for (uint32_t s = tail_; s != kNone && nodes_[s].version > since; s = nodes_[s].prev) out.push_back(s);
    std::reverse(out.begin() + std::ptrdiff_t(start), out.end());
    return version_;
  }

 private:
  static constexpr uint32_t kNone = ~0u;
  struct Node {
    uint64_t version = 0;  // of the slot's latest change; 0: never changed
    uint32_t prev = kNone, next = kNone;
  };
  void unlink(uint32_t slot) {
    Node& n = nodes_[slot];
    if (n.prev != kNone) nodes_[n.prev].next = n.next;
    else head_ = n.next;
    if (n.next != kNone) nodes_[n.next].prev = n.prev;
    else tail_ = n.prev;
  }
  uint64_t version_ = 0;
  std::vector<Node> nodes_;  // by slot
  uint32_t head_ = kNone, tail_ = kNone;
};

}  // namespace citywall::live
