#pragma once
// SensorStore: sensors (metadata, latest value per metric, bounded history),
// threshold alarms with hysteresis, and explicit `alarm` messages. Main
// thread only.
//
// Hysteresis: a level is entered at its threshold and left only when the
// value falls below threshold × (1 − hysteresis), so a value hovering at the
// threshold does not make the alarm flap.

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "live/change_log.h"
#include "live/events.h"
#include "live/reading_series.h"

namespace citywall::live {

struct SensorStoreConfig {
  size_t maxSensors = 100'000;  ///< beyond: new sensors are rejected (reason "capacity")
  size_t historyPerMetric = 1440;  ///< samples kept per sensor and metric (a day of minutes)
  size_t maxAlarms = 100'000;   ///< explicit alarms held at once
  double hysteresis = 0.05;     ///< fraction of the threshold
};

struct MetricState {
  std::string metric;
  double latest = 0;
  TimeMs latestTime = 0;
  std::optional<double> warn, alarm;  ///< thresholds
  AlarmLevel level = AlarmLevel::clear;
  TimeMs levelSince = 0;  ///< time of the observation that set `level`
  ReadingSeries history;  ///< ascending time, bounded
  /// How `history` has changed since the metric appeared: readings added at
  /// the end, taken off the front, put in the middle (late ones). A journal
  /// keyframe that holds only what is new since the last one reads these.
  struct Edits {
    uint64_t appended = 0, trimmed = 0, inserted = 0;
  } edits;
};

struct SensorRecord {
  std::string id;
  std::string kind;
  std::string name;
  LonLat position;
  bool registered = false;  ///< false while only observations arrived (no position yet)
  bool drill = false;       ///< an exercise's sensor: its levels stay out of the real alarm counts
  std::vector<MetricState> metrics;
  AlarmLevel level = AlarmLevel::clear;  ///< worst over its metrics
};

struct ActiveAlarm {
  std::string id;
  TimeMs time = 0;
  AlarmLevel level = AlarmLevel::alarm;
  std::optional<std::string> sensor;
  std::optional<LonLat> position;
  std::string message;
  bool drill = false;
};

/// An alarm that was raised: a metric crossing into its alarm level, or an
/// explicit alarm message at level alarm (new, or up from warn). The log of
/// these is what alert focus and the alarm ticker follow.
struct RaisedAlarm {
  uint64_t serial = 0;  ///< 1, 2, 3… in the order they were raised
  TimeMs time = 0;
  std::string sensor;   ///< sensor id ("" for an explicit alarm without one)
  std::string alarmId;  ///< explicit alarm id ("" for a threshold alarm)
  std::string metric;   ///< threshold alarms
  double value = 0;
  std::string message;
  std::optional<LonLat> position;
  bool drill = false;  ///< raised by a drill (alert focus shows it; the wall says it is a drill)
};

struct SnapshotCodec;

class SensorStore {
 public:
  explicit SensorStore(SensorStoreConfig config = {});

  std::optional<RejectReason> apply(const SensorUpdate& u);
  std::optional<RejectReason> apply(const Observation& o);
  std::optional<RejectReason> apply(const AlarmUpdate& a);

  const SensorRecord* find(std::string_view id) const;
  /// The record's position in all(), or nullopt for an unknown id.
  std::optional<uint32_t> slotOf(std::string_view id) const {
    auto it = index_.find(std::string(id));
    return it == index_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  }
  const std::deque<SensorRecord>& all() const { return sensors_; }
  const std::map<std::string, ActiveAlarm>& explicitAlarms() const { return alarms_; }

  /// Threshold alarms at level alarm, plus explicit alarms at level alarm.
  uint32_t alarmsActive() const;
  uint32_t warningsActive() const;
  /// Which slots of all() changed (registered, moved, new latest value or
  /// level), versioned like CaseStore::changes().
  const ChangeLog& changes() const { return changes_; }
  /// Sensors with any metric at warn or alarm (positions in all()), ascending.
  const std::set<uint32_t>& sensorsAtWarnOrAbove() const { return raisedSensors_; }
  /// The most recent raised alarms, oldest first (at most kRaisedLogSize).
  const std::deque<RaisedAlarm>& raisedLog() const { return raisedLog_; }
  static constexpr size_t kRaisedLogSize = 256;
  /// Sensors that are the city's (drill sensors aside).
  size_t realSensors() const { return sensors_.size() - drillSensors_; }
  /// Drill sensors and explicit drill alarms held now.
  size_t drillItems() const { return drillSensors_ + drillAlarms_; }
  /// Observations that arrived before their sensor's registration.
  uint64_t observationsForUnregistered() const { return unregisteredObservations_; }

 private:
  friend struct SnapshotCodec;
  SensorRecord* slotFor(const std::string& id, bool& created, uint32_t& slot);
  void evaluate(SensorRecord& s, MetricState& m, TimeMs time);
  void logRaised(RaisedAlarm a);
  void countLevel(const SensorRecord& s, AlarmLevel level, int delta);


  SensorStoreConfig config_;
  ChangeLog changes_;
  std::deque<SensorRecord> sensors_;
  std::unordered_map<std::string, uint32_t> index_;
  std::map<std::string, ActiveAlarm> alarms_;
  uint32_t metricAlarms_ = 0, metricWarnings_ = 0, explicitAlarms_ = 0, explicitWarnings_ = 0;
  uint64_t unregisteredObservations_ = 0;
  std::set<uint32_t> raisedSensors_;
  std::deque<RaisedAlarm> raisedLog_;
  uint64_t raisedSerial_ = 0;
  size_t drillSensors_ = 0, drillAlarms_ = 0;
};

}  // namespace citywall::live
