#pragma once
// The typed events the feeds produce and the store applies (protocol v1,
// docs/protocol.md), already validated and converted to WGS84. Plain
// data, standard library only.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "live/time.h"

namespace citywall::live {

/// The closed loop of city case handling, in order.
enum class CaseStatus : uint8_t { reported, filed, dispatched, inProgress, resolved, verified, closed, cancelled };
constexpr size_t kCaseStatusCount = 8;
/// The protocol's spelling ("in_progress"); parse returns false for anything else.
std::string_view toString(CaseStatus s);
bool parseCaseStatus(std::string_view text, CaseStatus& out);
/// Closed or cancelled: the case left the loop.
constexpr bool isTerminal(CaseStatus s) { return s == CaseStatus::closed || s == CaseStatus::cancelled; }
/// Still waiting for someone to act (the overdue clock runs).
constexpr bool isOpenWork(CaseStatus s) { return s <= CaseStatus::inProgress; }

/// WGS84 degrees.
struct LonLat {
  double lon = 0, lat = 0;
};

/// `case`: create or update one case. Later updates carry only what changed.
struct CaseUpdate {
  std::string id;  ///< ≤ 64 bytes
  TimeMs time = 0;
  CaseStatus status = CaseStatus::reported;
  std::optional<std::string> category;
  std::optional<LonLat> position;
  std::optional<uint8_t> priority;  ///< 1 (most urgent) … 4
  /// When the work is due (Open311's expected_datetime); overrides the
  /// deployment's overdue rules for this case.
  std::optional<TimeMs> due;
  std::optional<std::string> title, description, address, grid, agency, source;
  std::vector<std::pair<std::string, std::string>> props;  ///< values as JSON text
  bool drill = false;  ///< an exercise's case (kept apart from the real ones' KPIs)
};

struct Threshold {
  std::string metric;
  std::optional<double> warn, alarm;
};

/// `sensor`: register or update a sensor.
struct SensorUpdate {
  std::string id;
  std::string kind;  ///< air_quality, water_level, noise, manhole, smoke, …
  LonLat position;
  std::optional<std::string> name;
  std::vector<Threshold> thresholds;
  bool drill = false;  ///< an exercise's sensor: only drill observations may move it
};

/// `obs`: one observation of one or more metrics.
struct Observation {
  std::string sensor;
  TimeMs time = 0;
  std::vector<std::pair<std::string, double>> values;
  bool drill = false;  ///< for a drill sensor only; a drill never moves a real one
};

enum class AlarmLevel : uint8_t { clear, warn, alarm };
std::string_view toString(AlarmLevel l);
bool parseAlarmLevel(std::string_view text, AlarmLevel& out);

/// `alarm`: raised or cleared upstream.
struct AlarmUpdate {
  std::string id;
  TimeMs time = 0;
  AlarmLevel level = AlarmLevel::alarm;
  std::optional<std::string> sensor;
  std::optional<LonLat> position;
  std::optional<std::string> message;
  bool drill = false;
};

using FeedEvent = std::variant<CaseUpdate, SensorUpdate, Observation, AlarmUpdate>;

/// Why a message was not applied (docs/protocol.md "Bad input", plus what the
/// store itself refuses). Counted, shown, dumped.
enum class RejectReason : uint8_t {
  malformedJson, unknownType, missingField, badValue, badCoordinates, tooLarge, gap, capacity
};
constexpr size_t kRejectReasonCount = 8;
std::string_view toString(RejectReason r);

/// Counts by reason.
struct RejectCounts {
  std::array<uint64_t, kRejectReasonCount> byReason{};
  void add(RejectReason r, uint64_t n = 1) { byReason[size_t(r)] += n; }
  uint64_t operator[](RejectReason r) const { return byReason[size_t(r)]; }
  uint64_t total() const {
    uint64_t t = 0;
    for (auto n : byReason) t += n;
    return t;
  }
  bool operator==(const RejectCounts&) const = default;
  RejectCounts& operator+=(const RejectCounts& o) {
    for (size_t i = 0; i < kRejectReasonCount; ++i) byReason[i] += o.byReason[i];
    return *this;
  }
};

}  // namespace citywall::live
