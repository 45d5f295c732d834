#pragma once
// ReadingSeries: one sensor metric's recent readings, (time, value) in
// ascending time, kept in one contiguous block.
//
// Why not std::deque: a day of readings for a thousand sensors is 1.4 M
// entries in 45,000 separately allocated blocks, and a replay's jump builds
// and frees all of them (most of what a jump cost). Here a series is one
// allocation; readings leave from the front by moving a start index. When
// the block is full, the dead front is reclaimed if it is an eighth of the
// block or more, else the block grows by half: a bounded series settles in
// a block about 1.15× what it holds, and each reading is moved about seven
// times over its life (a memmove of 16 bytes each).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "live/time.h"

namespace citywall::live {

class ReadingSeries {
 public:
  using value_type = std::pair<TimeMs, double>;
  using const_iterator = const value_type*;
  using iterator = value_type*;

  size_t size() const { return items_.size() - head_; }
  bool empty() const { return size() == 0; }
  iterator begin() { return items_.data() + head_; }
  iterator end() { return items_.data() + items_.size(); }
  const_iterator begin() const { return items_.data() + head_; }
  const_iterator end() const { return items_.data() + items_.size(); }
  const value_type& front() const { return items_[head_]; }
  const value_type& back() const { return items_.back(); }
  const value_type& operator[](size_t i) const { return items_[head_ + i]; }

  void reserve(size_t n) { items_.reserve(head_ + n); }
  /// `bound`: how many readings the series keeps at most (its owner trims
  /// to it); the block then never grows past what that needs.
  void emplace_back(TimeMs time, double value, size_t bound = SIZE_MAX) {
    if (items_.size() == items_.capacity()) {
      const size_t most = bound == SIZE_MAX ? SIZE_MAX : bound + bound / 8 + 1;
      if (head_ > 0 && (head_ * 8 >= items_.size() || items_.size() >= most)) compact();
      else items_.reserve(std::max(items_.size() + 1, std::min(items_.size() + items_.size() / 2 + 8, most)));
    }
    items_.emplace_back(time, value);
  }
  /// Before `pos` (a late reading that belongs in the middle).
  void insert(const_iterator pos, value_type reading) {
    items_.insert(items_.begin() + (pos - items_.data()), reading);
  }
  void pop_front() { drop_front(1); }
  /// Removes the oldest `n` (at most size()).
  void drop_front(size_t n) {
    head_ += std::min(n, size());
    if (head_ == items_.size()) items_.clear(), head_ = 0;
  }
  void clear() { items_.clear(), head_ = 0; }

 private:
  void compact() {
    items_.erase(items_.begin(), items_.begin() + std::ptrdiff_t(head_));
    head_ = 0;
  }
  std::vector<value_type> items_;
  size_t head_ = 0;  // items_[0, head_) have left the series
};

}  // namespace citywall::live
