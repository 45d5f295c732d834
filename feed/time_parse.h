#pragma once
// Feed times: RFC 3339 strings with an offset or Z ("2026-11-22T08:15:30+08:00",
// fractional seconds allowed) and integer epoch milliseconds.

#include <string_view>

#include "live/time.h"

namespace citywall::feed {

/// Parses RFC 3339 into epoch milliseconds (UTC); false on anything malformed
/// (out-of-range fields, missing offset, trailing text).
bool parseRfc3339(std::string_view text, live::TimeMs& out);

/// Epoch milliseconds → RFC 3339 in UTC with milliseconds ("…T00:15:30.000Z").
std::string formatRfc3339(live::TimeMs t);

}  // namespace citywall::feed
