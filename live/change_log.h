#pragma once
// ChangeLog: which slots of a table changed, readable by any number of
// readers without anyone draining it. Each change gets the next version;
// a reader remembers the version it last saw and asks for what changed
// since (changesSince), so markers, heat, regions, alert focus and the case
// list all follow the store one way and none depends on another's order.
//
// Memory is bounded by the table: the log keeps one entry per slot at its
// latest version (older entries of the same slot are compacted away once
// the log holds twice as many entries as slots), and a reader at any older
// version still gets exactly the slots changed since.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace citywall::live {

class ChangeLog {
 public:
  /// Records that `slot` changed; returns the new version.
  uint64_t mark(uint32_t slot) {
    if (slot >= latest_.size()) latest_.resize(size_t(slot) + 1, 0);
    latest_[slot] = ++version_;
    entries_.push_back({version_, slot});
    if (entries_.size() > 2 * latest_.size() + 64) compact();
    return version_;
  }
  /// The version of the newest change (0: nothing ever changed).
  uint64_t version() const { return version_; }
  /// Appends each slot changed after `since` once, oldest change first;
  /// returns the current version (the reader's next `since`).
  uint64_t changesSince(uint64_t since, std::vector<uint32_t>& out) const {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), since,
                               [](uint64_t v, const Entry& e) { return v < e.version; });
    for (; it != entries_.end(); ++it)
      if (latest_[it->slot] == it->version) out.push_back(it->slot);  // the slot's newest entry only
    return version_;
  }

 private:
  struct Entry {
    uint64_t version;
    uint32_t slot;
  };
  void compact() {
    std::erase_if(entries_, [&](const Entry& e) { return latest_[e.slot] != e.version; });
  }
  uint64_t version_ = 0;
  std::vector<uint64_t> latest_;  // slot → version of its newest change
  std::vector<Entry> entries_;    // ascending version
};

}  // namespace citywall::live
