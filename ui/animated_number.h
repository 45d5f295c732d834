#pragma once
// AnimatedNumber: a KPI that glides to its new value instead of jumping, so
// a change catches the eye without a flicker. It approaches the target
// exponentially (time constant `tau`), never overshoots, and lands exactly.

#include <cmath>

namespace citywall::ui {

class AnimatedNumber {
 public:
  /// Moves toward `target` by `seconds`; returns the value to show. The first
  /// call (or `snap`) jumps straight to the target.
  double update(double target, double seconds, bool snap = false, double tau = 0.35) {
    if (!started_ || snap || !(seconds > 0)) {
      started_ = true;
      return value_ = target;
    }
    value_ = target + (value_ - target) * std::exp(-seconds / tau);
    if (std::abs(value_ - target) < 0.005 * std::max(1.0, std::abs(target))) value_ = target;
    return value_;
  }
  double value() const { return value_; }

 private:
  bool started_ = false;
  double value_ = 0;
};

}  // namespace citywall::ui
