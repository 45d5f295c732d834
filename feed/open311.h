#pragma once
// Open311 GeoReport v2: how citywall reads a city's service requests
// (`--feed open311+https://HOST/PATH/requests.json`, `[[feeds]] kind =
// "open311"`). The source polls requests.json (or requests.xml), turns each
// new or changed request into protocol v1 `case` messages, and hands those
// on like any feed's frames: journaled, decoded, applied.
//
//   open311_requests.h  a response body → requests (JSON, XML)
//   open311_cases.h     requests → case messages, once per (id, updated_datetime)
//   open311_window.h    which time windows and pages to ask for
//   open311_source.cpp  the polling loop (HTTP, back-off)

#include <chrono>
#include <map>
#include <string>

namespace citywall::feed {

/// How a request's fields become a case's.
struct Open311Mapping {
  /// A request's `status` (compared in lower case) → a protocol v1 status.
  /// GeoReport v2 has only open and closed; servers that say more are common.
  std::map<std::string, std::string> statuses = {
      {"open", "filed"},        {"acknowledged", "dispatched"}, {"in_progress", "in_progress"},
      {"in progress", "in_progress"}, {"closed", "closed"},    {"archived", "closed"},
      {"cancelled", "cancelled"}, {"canceled", "cancelled"}};
  /// service_code → category; a code not listed becomes `categoryPrefix` + the
  /// code in lower case (letters, digits, '_').
  std::map<std::string, std::string> categories;
  std::string categoryPrefix = "open311.";
  /// The coordinate system of lat/long (GeoReport says WGS84; a Chinese
  /// platform may answer in GCJ02 or BD09).
  std::string crs = "WGS84";
  std::string source = "open311";  ///< the cases' `source`
};

/// Which field the polling window slides on.
enum class Open311Window : uint8_t {
  requested,  ///< start_date/end_date (every server); known open requests refreshed by id
  updated,    ///< updated_after/updated_before (Chicago and others): updates and closures come by themselves
};

struct Open311Options {
  std::string jurisdictionId;  ///< sent as jurisdiction_id when not empty
  std::string apiKey;          ///< sent as api_key when not empty
  std::chrono::seconds poll{30};
  int backfillDays = 30;       ///< how far back the first load reaches
  int pageSize = 100;          ///< page_size; pages are followed until a short one
  Open311Window window = Open311Window::requested;
  std::chrono::seconds overlap{300};      ///< each window starts this long before the last one ended
  std::chrono::hours windowSpan{24};      ///< the back-fill is asked for in windows this long
  int refreshBatch = 50;                  ///< requested windows: known open requests re-read by id per poll
  int maxPages = 1000;                    ///< a server that ignores `page` stops being asked here at the latest
  Open311Mapping mapping;
};

}  // namespace citywall::feed
