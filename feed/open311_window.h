#pragma once
// Which windows of time an Open311 source asks for, and the query that asks.
// The first load reaches back `backfillDays` in windows of `windowSpan`
// (servers cap what one query returns; small windows keep each under the
// cap), oldest first; after that each poll asks from where the last
// complete window ended, less the overlap (clocks differ, servers index
// late), to now. A window that failed is asked for again: the cursor only
// moves past a window read to its last page.

#include <algorithm>
#include <string>
#include <vector>

#include "feed/open311.h"
#include "live/time.h"

namespace citywall::feed {

struct Open311Span {
  live::TimeMs from = 0, to = 0;  ///< whole seconds
};

class Open311Windows {
 public:
  Open311Windows(const Open311Options& options, live::TimeMs now);
  /// The next window to ask for at `now`.
  Open311Span next(live::TimeMs now) const;
  /// `span` was read to its last page.
  void done(const Open311Span& span) { cursor_ = std::max(cursor_, span.to); }
  /// Still reading the back-fill: poll again at once instead of waiting.
  bool catchingUp(live::TimeMs now) const { return now - cursor_ > span_; }
  live::TimeMs cursor() const { return cursor_; }

 private:
  live::TimeMs cursor_, overlap_, span_;
};

/// A GeoReport time in a query: whole seconds, UTC ("2026-12-01T08:00:00Z").
std::string open311QueryTime(live::TimeMs t);

/// The request target for one page of a window: `base` (path and any query
/// of the configured URL) with start_date/end_date or updated_after/
/// updated_before, page, page_size, jurisdiction_id and api_key added.
std::string open311WindowTarget(const std::string& base, const Open311Options& options, const Open311Span& span, int page);
/// The request target that re-reads requests by id (service_request_id=a,b,c).
std::string open311IdsTarget(const std::string& base, const Open311Options& options, const std::vector<std::string>& ids);

}  // namespace citywall::feed
