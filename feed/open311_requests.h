#pragma once
// Open311 GeoReport v2 responses → service requests. A server answers
// requests.json with a list of requests (or of errors, each a code and a
// description); requests.xml holds the same as <service_requests> (or
// <errors>). Fields are read as servers really send them: ids and
// coordinates as strings or numbers, times with or without an offset (none
// means UTC). A request that cannot be used is counted by reason; a body
// that is not a list of requests refuses the whole page.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "live/events.h"

namespace citywall::feed {

struct Open311Request {
  std::string id;      ///< service_request_id
  std::string status;  ///< lower case: "open", "closed", or a server's own word
  std::string statusNotes, serviceCode, serviceName, description, agency, address, mediaUrl;
  std::optional<live::TimeMs> requested, updated, expected;
  std::optional<double> lat, lon;  ///< both or neither; (0, 0) counts as neither
  bool badPosition = false;        ///< lat/long given but not numbers in range
};

struct Open311Page {
  std::vector<Open311Request> requests;
  live::RejectCounts rejected;  ///< requests left out (no id, no time…)
  /// Not empty when the whole body was refused: malformed, not a list, or
  /// the server's own error list ("403 Invalid api_key").
  std::string error;
  bool malformed = false;  ///< the body could not be parsed at all
};

Open311Page parseOpen311Json(std::string_view body);
Open311Page parseOpen311Xml(std::string_view body);

}  // namespace citywall::feed
