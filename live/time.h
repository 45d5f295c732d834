#pragma once
// Time in the live store: milliseconds since the Unix epoch (UTC), as
// signed 64-bit integers. Event times come from the feed; "now" comes from
// the one clock (live, or a replay's time).

#include <cstdint>

namespace citywall::live {

using TimeMs = int64_t;

constexpr TimeMs kSecond = 1000;
constexpr TimeMs kMinute = 60 * kSecond;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;

/// The local calendar day number of `t` (days since 1970-01-01 in a zone
/// `utcOffsetMinutes` east of UTC; +480 for China Standard Time).
constexpr int64_t localDay(TimeMs t, int utcOffsetMinutes) {
  const TimeMs local = t + TimeMs(utcOffsetMinutes) * kMinute;
  return local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
}

}  // namespace citywall::live
