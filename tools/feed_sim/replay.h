#pragma once
// Replays of real public data as protocol v1 messages:
//  - NYC 311 service requests (NYC Open Data CSV export, 41 columns): each
//    request is reported at its Created Date and takes its final status at
//    its Closed Date (or a minute later when it is still open);
//  - the Beijing multi-site air-quality series (UCI, hourly, 12 stations)
//    with its station table: sensors with the Chinese PM2.5 bands as
//    thresholds and one observation per station and hour.
// Times keep their order and spacing; `shiftTo` moves the first message to
// that instant (so a replay looks live), or 0 keeps the original times.

#include <memory>
#include <string>

#include "tools/feed_sim/sim_city.h"

namespace citywall::tools {

/// A source of messages in time order; SimCity is the other one.
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  virtual std::vector<SimMessage> registrations() const = 0;
  /// The next message; nullopt at the end of the data.
  virtual std::optional<SimMessage> next() = 0;
};

struct ReplayOptions {
  live::TimeMs shiftTo = 0;  ///< 0: original times
  geo::Crs crs = geo::Crs::wgs84;
  bool epochTimes = false;
};

/// Throws std::runtime_error naming the file and the problem.
std::unique_ptr<MessageSource> loadNyc311(const std::string& csv, const ReplayOptions& options);
std::unique_ptr<MessageSource> loadBeijingAirQuality(const std::string& hourlyCsv, const std::string& stationsCsv,
                                                     const ReplayOptions& options);

/// RFC 4180 fields of one CSV line (quotes, doubled quotes, commas inside quotes).
std::vector<std::string> splitCsvLine(std::string_view line);
/// "09/01/2024 12:00:05 AM" in New York local time (EST/EDT) → epoch ms; false when malformed.
bool parseNycTime(std::string_view text, live::TimeMs& out);

}  // namespace citywall::tools
