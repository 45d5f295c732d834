#include "live/sensor_store.h"

#include <algorithm>

namespace citywall::live {

SensorStore::SensorStore(SensorStoreConfig config) : config_(config) {}

SensorRecord* SensorStore::slotFor(const std::string& id, bool& created, uint32_t& slot) {
  created = false;
  if (auto it = index_.find(id); it != index_.end()) return slot = it->second, &sensors_[it->second];
  if (sensors_.size() >= config_.maxSensors) return nullptr;
  slot = uint32_t(sensors_.size());
  index_.emplace(id, slot);
  SensorRecord& s = sensors_.emplace_back();
  s.id = id;
  created = true;
  return &s;
}

void SensorStore::countLevel(const SensorRecord& s, AlarmLevel level, int delta) {
  if (s.drill) return;  // a drill's alarms are seen, never counted as real
  if (level == AlarmLevel::alarm) metricAlarms_ += uint32_t(delta);
  if (level == AlarmLevel::warn) metricWarnings_ += uint32_t(delta);
}

void SensorStore::logRaised(RaisedAlarm a) {
  a.serial = ++raisedSerial_;
  raisedLog_.push_back(std::move(a));
  while (raisedLog_.size() > kRaisedLogSize) raisedLog_.pop_front();
}

void SensorStore::evaluate(SensorRecord& s, MetricState& m, TimeMs time) {
  const double v = m.latest;
  const double h = config_.hysteresis;
  auto above = [&](const std::optional<double>& t, bool holding) {
    if (!t) return false;
    // Entering needs the threshold; staying needs only threshold − band.
    const double band = std::abs(*t) * h;
    return holding ? v >= *t - band : v >= *t;
  };
  AlarmLevel next = AlarmLevel::clear;
  if (above(m.alarm, m.level == AlarmLevel::alarm)) next = AlarmLevel::alarm;
  else if (above(m.warn, m.level >= AlarmLevel::warn)) next = AlarmLevel::warn;
  if (next != m.level) {
    countLevel(s, m.level, -1);
    countLevel(s, next, +1);
    if (next == AlarmLevel::alarm && s.registered)
      logRaised({0, time, s.id, "", m.metric, v, "", s.position, s.drill});
    m.level = next;
    m.levelSince = time;
  }
  const AlarmLevel before = s.level;
  s.level = AlarmLevel::clear;
  for (const auto& other : s.metrics) s.level = std::max(s.level, other.level);
  // The set of raised sensors changes only when the sensor's level crosses warn
  // (most readings change nothing: no lookups for them).
  if ((before >= AlarmLevel::warn) != (s.level >= AlarmLevel::warn)) {
    const uint32_t slot = index_.at(s.id);
    if (s.level >= AlarmLevel::warn) raisedSensors_.insert(slot);
    else raisedSensors_.erase(slot);
  }
}

std::optional<RejectReason> SensorStore::apply(const SensorUpdate& u) {
  if (const SensorRecord* known = find(u.id); known && known->registered && known->drill != u.drill)
    return RejectReason::badValue;  // a drill never re-registers a real sensor, nor a feed a drill's
  bool created;
  uint32_t slot;
  SensorRecord* s = slotFor(u.id, created, slot);
  if (!s) return RejectReason::capacity;
  if (!s->registered && u.drill) {
    // Levels already counted (observations before registration) leave the real counts.
    for (const auto& m : s->metrics) countLevel(*s, m.level, -1);
    s->drill = true;
    ++drillSensors_;
  }
  s->kind = u.kind;
  if (u.name) s->name = *u.name;
  s->position = u.position;
  s->registered = true;
  changes_.mark(slot);
  for (const auto& t : u.thresholds) {
    auto m = std::find_if(s->metrics.begin(), s->metrics.end(), [&](const auto& x) { return x.metric == t.metric; });
    if (m == s->metrics.end()) {
      s->metrics.push_back({});
      m = std::prev(s->metrics.end());
      m->metric = t.metric;
    }
    m->warn = t.warn;
    m->alarm = t.alarm;
    if (m->latestTime) evaluate(*s, *m, m->latestTime);  // new thresholds apply to the value we have
  }
  return std::nullopt;
}

std::optional<RejectReason> SensorStore::apply(const Observation& o) {
  bool created;
  uint32_t slot;
  SensorRecord* s = slotFor(o.sensor, created, slot);
  if (!s) return RejectReason::capacity;
  if (o.drill ? created || !s->drill : s->drill) {  // a drill moves only its own (registered) sensors
    if (created) {
      index_.erase(o.sensor);
      sensors_.pop_back();
    }
    return RejectReason::badValue;
  }
  if (!s->registered) ++unregisteredObservations_;
  for (const auto& reading : o.values) {
    // Named, not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda.
    const std::string& metric = reading.first;
    const double value = reading.second;
    auto m = std::find_if(s->metrics.begin(), s->metrics.end(), [&](const auto& x) { return x.metric == metric; });
    if (m == s->metrics.end()) {
      s->metrics.push_back({});
      m = std::prev(s->metrics.end());
      m->metric = metric;
    }
    // History in time order; an older sample does not replace the latest.
    if (m->history.empty() || o.time >= m->history.back().first) {
      m->history.emplace_back(o.time, value, config_.historyPerMetric);  // the usual case: in time order, no search
      ++m->edits.appended;
    } else {
      auto pos = std::upper_bound(m->history.begin(), m->history.end(), o.time,
                                  [](TimeMs t, const auto& sample) { return t < sample.first; });
      m->history.insert(pos, {o.time, value});
      ++m->edits.inserted;
    }
    if (const size_t n = m->history.size(); n > config_.historyPerMetric) {
      m->history.drop_front(n - config_.historyPerMetric);
      m->edits.trimmed += n - config_.historyPerMetric;
    }
    if (o.time >= m->latestTime) {
      m->latest = value;
      m->latestTime = o.time;
      evaluate(*s, *m, o.time);
      changes_.mark(slot);
    }
  }
  return std::nullopt;
}

std::optional<RejectReason> SensorStore::apply(const AlarmUpdate& a) {
  auto countExplicit = [&](AlarmLevel level, int delta) {
    if (a.drill) return;
    if (level == AlarmLevel::alarm) explicitAlarms_ += uint32_t(delta);
    if (level == AlarmLevel::warn) explicitWarnings_ += uint32_t(delta);
  };
  auto it = alarms_.find(a.id);
  if (it != alarms_.end() && it->second.drill != a.drill) return RejectReason::badValue;
  if (it != alarms_.end() && a.time < it->second.time) return std::nullopt;  // stale
  if (a.level == AlarmLevel::clear) {
    if (it != alarms_.end()) {
      countExplicit(it->second.level, -1);
      drillAlarms_ -= it->second.drill;
      alarms_.erase(it);
    }
    return std::nullopt;
  }
  const bool raised = a.level == AlarmLevel::alarm && (it == alarms_.end() || it->second.level != AlarmLevel::alarm);
  if (it == alarms_.end()) {
    if (alarms_.size() >= config_.maxAlarms) return RejectReason::capacity;
    it = alarms_.emplace(a.id, ActiveAlarm{}).first;
    drillAlarms_ += a.drill;
  } else {
    countExplicit(it->second.level, -1);
  }
  if (raised) {
    std::optional<LonLat> where = a.position;
    if (!where && a.sensor)
      if (const SensorRecord* s = find(*a.sensor); s && s->registered) where = s->position;
    logRaised({0, a.time, a.sensor.value_or(""), a.id, "", 0, a.message.value_or(""), where, a.drill});
  }
  it->second = {a.id, a.time, a.level, a.sensor, a.position, a.message.value_or(""), a.drill};
  countExplicit(a.level, +1);
  return std::nullopt;
}

const SensorRecord* SensorStore::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &sensors_[it->second];
}

uint32_t SensorStore::alarmsActive() const { return metricAlarms_ + explicitAlarms_; }
uint32_t SensorStore::warningsActive() const { return metricWarnings_ + explicitWarnings_; }

}  // namespace citywall::live
