#pragma once
// Reconnect delays: exponential back-off with jitter, capped (docs/protocol.md:
// e.g. 0.5 s doubling to 30 s). Jitter spreads a city's worth of clients
// that lost the same server so they do not return in lock-step.

#include <algorithm>
#include <chrono>
#include <random>

namespace citywall::feed {

class Backoff {
 public:
  using Ms = std::chrono::milliseconds;
  Backoff(Ms initial = Ms(500), Ms max = Ms(30'000), double jitter = 0.2, uint32_t seed = std::random_device{}())
      : initial_(initial), max_(max), jitter_(jitter), rng_(seed) {}

  /// The next delay: initial × 2^attempt, capped, times a factor in [1 − jitter, 1 + jitter].
  Ms next() {
    const double base = std::min(double(max_.count()), double(initial_.count()) * double(1ull << std::min(attempt_, 30)));
    ++attempt_;
    std::uniform_real_distribution<double> factor(1.0 - jitter_, 1.0 + jitter_);
    return Ms(int64_t(std::min(double(max_.count()) * (1.0 + jitter_), base * factor(rng_))));
  }
  /// After a connection that worked: start again from the initial delay.
  void reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }

 private:
  Ms initial_, max_;
  double jitter_;
  std::mt19937 rng_;
  int attempt_ = 0;
};

}  // namespace citywall::feed
