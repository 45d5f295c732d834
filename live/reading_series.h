#pragma once
// ReadingSeries: one sensor metric's recent readings, (time, value) in
// ascending time, kept in one contiguous block.
//
// Why not std::deque: a day of readings for a thousand sensors is 1.4 M
// entries in 45,000 separately allocated blocks, and a replay's jump builds
// and frees all of them (most of what a jump cost). Here a series is one
// allocation; readings leave from the front by moving a start index, and
// the dead front is reclaimed when it reaches a quarter of the live part,
// so each reading is moved about four times over its life and the block
// stays within about 1.25× of what it holds.

#include <algorithm>
#include <cstddef>
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
  void emplace_back(TimeMs time, double value) { items_.emplace_back(time, value); }
  /// Before `pos` (a late reading that belongs in the middle).
  void insert(const_iterator pos, value_type reading) {
    items_.insert(items_.begin() + (pos - items_.data()), reading);
  }
  void pop_front() { drop_front(1); }
  /// Removes the oldest `n` (at most size()).
  void drop_front(size_t n) {
    head_ += std::min(n, size());
    if (head_ == items_.size()) {
      items_.clear(), head_ = 0;
    } else if (head_ >= 16 && head_ * 4 >= size()) {
      items_.erase(items_.begin(), items_.begin() + std::ptrdiff_t(head_));
      head_ = 0;
    }
  }
  void clear() { items_.clear(), head_ = 0; }

  friend bool operator==(const ReadingSeries& a, const ReadingSeries& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::vector<value_type> items_;
  size_t head_ = 0;  // items_[0, head_) have left the series
};

}  // namespace citywall::live
