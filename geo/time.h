#pragma once
// Time helpers shared by the feed decoder, the tools and the state dump.
// Feed times: RFC 3339 strings with an offset or Z ("2026-11-22T08:15:30+08:00",
// fractional seconds allowed) and integer epoch milliseconds.

#include <cstdint>
#include <string>
#include <string_view>

namespace citywall::geo {

/// Milliseconds since the Unix epoch, UTC (the same integer as live::TimeMs).
using TimeMs = int64_t;

/// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day);

/// Parses RFC 3339 into epoch milliseconds (UTC); false on anything malformed
/// (out-of-range fields, missing offset, trailing text).
bool parseRfc3339(std::string_view text, TimeMs& out);

/// What other platforms write for a time (Open311 servers, SensorThings):
/// RFC 3339, or the same without an offset (taken as UTC), with a space or
/// 'T' between date and time, surrounding white space ignored.
bool parseRfc3339OrUtc(std::string_view text, TimeMs& out);

/// Epoch milliseconds → RFC 3339 in UTC with milliseconds ("…T00:15:30.000Z").
std::string formatRfc3339(TimeMs t);

}  // namespace citywall::geo
