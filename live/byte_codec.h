#pragma once
// Bytes as the store's snapshots and the wall's packets write them:
// LEB128 varints (signed ones zigzagged), doubles as their exact bits,
// strings with their length. ByteReader reads what ByteWriter wrote; any
// overrun sets `bad` and yields zeros, so a caller checks once at the end
// (and on counts, before allocating: a damaged count never allocates
// gigabytes).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "live/time.h"

namespace citywall::live {

class ByteWriter {
 public:
  std::string bytes;
  void u(uint64_t v) {
    while (v >= 0x80) bytes += char(uint8_t(v) | 0x80), v >>= 7;
    bytes += char(v);
  }
  void i(int64_t v) { u((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }
  void f(double v) {
    char b[8];
    std::memcpy(b, &v, 8);
    bytes.append(b, 8);
  }
  void s(std::string_view v) {
    u(v.size());
    bytes += v;
  }
  void b(bool v) { bytes += char(v ? 1 : 0); }
  void time(std::optional<TimeMs> t) {
    b(t.has_value());
    if (t) i(*t);
  }
  void number(const std::optional<double>& v) {
    b(v.has_value());
    if (v) f(*v);
  }
  template <typename T, typename F>
  void list(const T& items, F&& each) {
    u(items.size());
    for (const auto& x : items) each(x);
  }
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view b) : rest_(b) {}
  bool bad = false;
  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (rest_.empty()) return fail();
      const auto c = uint8_t(rest_.front());
      rest_.remove_prefix(1);
      v |= uint64_t(c & 0x7f) << shift;
      if (!(c & 0x80)) return v;
    }
    return fail();
  }
  int64_t i() {
    const uint64_t z = u();
    return int64_t(z >> 1) ^ -int64_t(z & 1);
  }
  double f() {
    if (rest_.size() < 8) return double(fail());
    double v;
    std::memcpy(&v, rest_.data(), 8);
    rest_.remove_prefix(8);
    return v;
  }
  std::string s() {
    const uint64_t n = u();
    if (n > rest_.size()) return fail(), std::string();
    std::string v(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return v;
  }
  bool b() {
    if (rest_.empty()) return fail() != 0;
    const char c = rest_.front();
    rest_.remove_prefix(1);
    return c != 0;
  }
  std::optional<TimeMs> time() {
    if (!b()) return std::nullopt;
    return i();
  }
  std::optional<double> number() {
    if (!b()) return std::nullopt;
    return f();
  }
  /// A count of items each at least `minBytes` long: refused when the rest
  /// cannot hold them (a damaged count never allocates gigabytes).
  size_t count(size_t minBytes = 1) {
    const uint64_t n = u();
    if (n > rest_.size() / std::max<size_t>(1, minBytes)) return size_t(fail());
    return size_t(n);
  }
  bool take(std::string_view expected) {
    if (rest_.substr(0, expected.size()) != expected) return fail() != 0;
    rest_.remove_prefix(expected.size());
    return true;
  }
  bool done() const { return !bad && rest_.empty(); }
  /// What was read makes no sense: the whole read fails.
  void refuse() { fail(); }


 protected:
  uint64_t fail() {
    bad = true;
    rest_ = {};
    return 0;
  }
  std::string_view rest_;
};

}  // namespace citywall::live
