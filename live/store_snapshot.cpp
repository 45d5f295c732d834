// store_snapshot.cpp — the store as bytes and back.
//
// [SECTION] Bytes: varints, zigzag, doubles, strings
// [SECTION] Configuration
// [SECTION] Cases
// [SECTION] Sensors
// [SECTION] The store
//
// Layout: "CWSS", format (u32), the configuration's bytes, then the store.
// A delta ("CWSD") holds the same but only the readings each series gained
// since the snapshot before it (see saveDelta).
// Integers are LEB128 varints (signed ones zigzagged) and times in a series
// are deltas from the one before, so zstd packs a snapshot well; doubles
// travel as their exact bits. Indexes that follow from the records (id →
// slot, the interned names' index) are rebuilt, not stored.

#include "live/store_snapshot.h"

#include "live/byte_codec.h"

#include <cmath>
#include <cstring>

namespace citywall::live {

//-----------------------------------------------------------------------------
// [SECTION] Bytes: varints, zigzag, doubles, strings
//-----------------------------------------------------------------------------

using Series = ReadingSeries;

namespace {

using Out = ByteWriter;

/// a + b as two's complement wraps it: what damaged bytes decode to is
/// wrong but defined.
inline int64_t wrappingAdd(int64_t a, int64_t b) { return int64_t(uint64_t(a) + uint64_t(b)); }
inline int64_t wrappingSub(int64_t a, int64_t b) { return int64_t(uint64_t(a) - uint64_t(b)); }

// ByteReader with the series' packed readings.
class In : public ByteReader {
 public:
  using ByteReader::ByteReader;
  uint64_t format = kSnapshotFormat;  ///< as the header says: older formats lack later fields

  /// `n` readings as SnapshotCodec::saveReadings wrote them, appended to
  /// `out`. The hot loop of a restore (a day's series are a million
  /// readings): varints read straight off the bytes, one byte the usual.
  void readings(size_t n, Series& out, TimeMs previous) {
    auto p = reinterpret_cast<const uint8_t*>(rest_.data());
    const auto end = p + rest_.size();
    auto varint = [&](uint64_t& v) {
      if (p < end && *p < 0x80) return v = *p++, true;
      v = 0;
      for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const uint8_t c = *p++;
        v |= uint64_t(c & 0x7f) << shift;
        if (!(c & 0x80)) return true;
      }
      return false;
    };
    TimeMs spacing = 0;
    int64_t cents = 0;
    for (size_t k = 0; k < n; ++k) {
      uint64_t dd, tag;
      if (!varint(dd) || !varint(tag)) return void(fail());
      // Sums wrap (unsigned) rather than overflow: damaged bytes give a
      // wrong time, which the caller's checks refuse, never undefined behaviour.
      spacing = wrappingAdd(spacing, int64_t(dd >> 1) ^ -int64_t(dd & 1));
      previous = wrappingAdd(previous, spacing);
      double v;
      if (tag & 1) {
        if (end - p < 8) return void(fail());
        std::memcpy(&v, p, 8);
        p += 8;
      } else {
        const uint64_t z = tag >> 1;
        cents = wrappingAdd(cents, int64_t(z >> 1) ^ -int64_t(z & 1));
        v = double(cents) / 100;
      }
      out.emplace_back(previous, v);
    }
    rest_.remove_prefix(size_t(p - reinterpret_cast<const uint8_t*>(rest_.data())));
  }
};

constexpr std::string_view kMagic = "CWSS", kDeltaMagic = "CWSD";

uint64_t zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }

}  // namespace

// Friend of the stores: the one place that sees every private field.
struct SnapshotCodec {
  //---------------------------------------------------------------------------
  // [SECTION] Configuration
  //---------------------------------------------------------------------------

  static std::string config(const StoreConfig& c) {
    Out o;
    o.u(c.cases.maxCases), o.i(c.cases.closedRetention), o.u(c.cases.maxHistory), o.i(c.cases.utcOffsetMinutes);
    o.b(c.cases.countDrill);
    o.list(c.cases.overdue, [&](const OverdueRule& r) { o.s(r.categoryPrefix), o.i(r.priority), o.i(r.limit); });
    o.u(c.sensors.maxSensors), o.u(c.sensors.historyPerMetric), o.u(c.sensors.maxAlarms), o.f(c.sensors.hysteresis);
    return o.bytes;
  }

  //---------------------------------------------------------------------------
  // [SECTION] Cases
  //---------------------------------------------------------------------------

  static void save(Out& o, const DurationHistogram& h) {
    // Sparse: (bin gap, count) for the bins that hold anything.
    uint32_t used = 0;
    for (uint32_t n : h.bins_) used += n != 0;
    o.u(used);
    uint32_t last = 0;
    for (uint32_t i = 0; i < DurationHistogram::kBins; ++i)
      if (h.bins_[i]) o.u(i - last), o.u(h.bins_[i]), last = i;
    o.u(h.count_);
  }
  static void load(In& in, DurationHistogram& h) {
    const size_t used = in.count(2);
    uint64_t bin = 0;
    for (size_t k = 0; k < used && !in.bad; ++k) {
      bin += in.u();
      const uint64_t n = in.u();
      if (bin >= DurationHistogram::kBins) return void(in.bad = true);
      h.bins_[bin] = uint32_t(n);
    }
    h.count_ = in.u();
    h.cached_.reset();
  }

  static void save(Out& o, const CaseRecord& c) {
    o.b(c.evicted);
    if (c.evicted) return;  // an empty slot waiting for reuse
    o.s(c.id), o.s(c.category), o.f(c.position.lon), o.f(c.position.lat), o.u(c.priority);
    for (const std::string* s : {&c.title, &c.description, &c.address, &c.grid, &c.agency, &c.source}) o.s(*s);
    o.list(c.props, [&](const auto& kv) { o.s(kv.first), o.s(kv.second); });
    o.u(uint64_t(c.status)), o.i(c.reportedAt), o.i(c.latestTime), o.time(c.dispatchedAt), o.time(c.closedAt);
    o.u(c.reopenCount), o.b(c.overdue), o.time(c.due);
    TimeMs previous = c.reportedAt;
    o.list(c.history, [&](const StatusChange& h) { o.i(wrappingSub(h.time, previous)), o.u(uint64_t(h.status)), previous = h.time; });
    o.u(c.categoryKey), o.u(c.gridKey), o.u(c.createdSerial), o.b(c.drill);
  }
  static void load(In& in, CaseRecord& c) {
    c = CaseRecord{};
    c.evicted = in.b();
    if (c.evicted) {
      c.status = CaseStatus::cancelled;  // as CaseStore::evict leaves it
      return;
    }
    c.id = in.s(), c.category = in.s(), c.position.lon = in.f(), c.position.lat = in.f(), c.priority = uint8_t(in.u());
    for (std::string* s : {&c.title, &c.description, &c.address, &c.grid, &c.agency, &c.source}) *s = in.s();
    c.props.resize(in.count(2));
    for (auto& [k, v] : c.props) k = in.s(), v = in.s();
    c.status = status(in), c.reportedAt = in.i(), c.latestTime = in.i(), c.dispatchedAt = in.time(), c.closedAt = in.time();
    c.reopenCount = uint32_t(in.u()), c.overdue = in.b();
    if (in.format >= 3) c.due = in.time();
    c.history.resize(in.count(2));
    TimeMs previous = c.reportedAt;
    for (auto& h : c.history) h.time = previous = wrappingAdd(previous, in.i()), h.status = status(in);
    c.categoryKey = uint32_t(in.u()), c.gridKey = uint32_t(in.u()), c.createdSerial = in.u(), c.drill = in.b();
  }
  static CaseStatus status(In& in) {
    const uint64_t s = in.u();
    if (s >= kCaseStatusCount) in.bad = true;
    return CaseStatus(s < kCaseStatusCount ? s : 0);
  }

  static void save(Out& o, const CaseStore::Interned& names) {
    o.u(names.names.size());
    for (size_t i = 0; i < names.names.size(); ++i) {
      o.s(names.names[i]);
      for (uint32_t n : names.counts[i]) o.u(n);
    }
  }
  static void load(In& in, CaseStore::Interned& names) {
    names = {};
    const size_t n = in.count(1 + kCaseStatusCount);
    for (size_t i = 0; i < n && !in.bad; ++i) {
      const uint32_t key = names.key(in.s());
      for (auto& count : names.counts[key]) count = uint32_t(in.u());
    }
  }

  template <typename K, typename V>
  static void save(Out& o, const std::map<K, V>& m) {
    o.list(m, [&](const auto& kv) { o.i(int64_t(kv.first)), o.u(kv.second); });
  }
  template <typename K, typename V>
  static void load(In& in, std::map<K, V>& m) {
    m.clear();
    const size_t n = in.count(2);
    for (size_t i = 0; i < n && !in.bad; ++i) {
      const auto k = K(in.i());
      m[k] = V(in.u());
    }
  }

  static void save(Out& o, const CaseStore& s) {
    o.list(s.cases_, [&](const CaseRecord& c) { save(o, c); });
    saveRest(o, s);
  }
  // Everything of the case store but its records.
  static void saveRest(Out& o, const CaseStore& s) {
    o.list(s.generation_, [&](uint32_t g) { o.u(g); });
    save(o, s.categories_), save(o, s.grids_);
    for (uint32_t n : s.byStatus_) o.u(n);
    auto deadlines = s.deadlines_;
    o.u(deadlines.size());
    for (; !deadlines.empty(); deadlines.pop()) {
      const auto& d = deadlines.top();
      o.i(d.at), o.u(d.slot), o.u(d.generation);
    }
    save(o, s.reportedPerMinute_), save(o, s.closedPerDay_), save(o, s.reportedPerHour_);
    save(o, s.toDispatch_), save(o, s.toClose_);
    auto expiries = s.expiries_;
    o.u(expiries.size());
    for (; !expiries.empty(); expiries.pop()) o.i(expiries.top().at), o.u(expiries.top().slot);
    o.list(s.freeSlots_, [&](uint32_t slot) { o.u(slot); });
    o.u(s.createdSerial_), o.u(s.evicted_), o.u(s.drillCases_), o.u(s.newLastHour_), o.u(s.overdue_), o.u(s.reopenings_);
    o.f(s.dispatchMinutesSum_), o.f(s.closeMinutesSum_), o.u(s.dispatchCount_), o.u(s.closeCount_), o.i(s.now_);
    o.i(s.windowMinute_), o.b(s.windowDirty_);
  }
  static void load(In& in, CaseStore& s) {
    const size_t slots = in.count(1);
    for (size_t i = 0; i < slots && !in.bad; ++i) load(in, s.cases_.emplace_back());
    indexRecords(s);
    loadRest(in, s);
  }
  // The id index and change log of records put in place.
  static void indexRecords(CaseStore& s) {
    for (size_t i = 0; i < s.cases_.size(); ++i) {
      if (!s.cases_[i].evicted) s.index_.emplace(s.cases_[i].id, uint32_t(i));
      s.changes_.mark(uint32_t(i));  // every reader of the restored store starts from scratch
    }
  }
  static void loadRest(In& in, CaseStore& s) {
    s.generation_.resize(in.count(1));
    for (auto& g : s.generation_) g = uint32_t(in.u());
    load(in, s.categories_), load(in, s.grids_);
    for (auto& n : s.byStatus_) n = uint32_t(in.u());
    for (size_t i = 0, n = in.count(3); i < n && !in.bad; ++i) {
      CaseStore::Deadline d;
      d.at = in.i(), d.slot = uint32_t(in.u()), d.generation = uint32_t(in.u());
      s.deadlines_.push(d);
    }
    load(in, s.reportedPerMinute_), load(in, s.closedPerDay_), load(in, s.reportedPerHour_);
    load(in, s.toDispatch_), load(in, s.toClose_);
    for (size_t i = 0, n = in.count(2); i < n && !in.bad; ++i) {
      CaseStore::Expiry e;
      e.at = in.i(), e.slot = uint32_t(in.u());
      s.expiries_.push(e);
    }
    s.freeSlots_.resize(in.count(1));
    for (auto& slot : s.freeSlots_) slot = uint32_t(in.u());
    s.createdSerial_ = in.u(), s.evicted_ = in.u(), s.drillCases_ = in.u(), s.newLastHour_ = uint32_t(in.u()), s.overdue_ = uint32_t(in.u());
    s.reopenings_ = in.u();
    s.dispatchMinutesSum_ = in.f(), s.closeMinutesSum_ = in.f(), s.dispatchCount_ = in.u(), s.closeCount_ = in.u();
    s.now_ = in.i();
    s.windowMinute_ = in.i(), s.windowDirty_ = in.b();
    // Slots named anywhere must exist (a damaged snapshot never indexes past the records).
    const size_t n = s.cases_.size();
    if (s.generation_.size() != n) in.bad = true;
    for (uint32_t slot : s.freeSlots_) in.bad |= slot >= n;
    for (const auto& c : s.cases_) in.bad |= !c.evicted && (c.categoryKey >= s.categories_.names.size() ||
                                                             c.gridKey >= s.grids_.names.size());
    for (auto d = s.deadlines_; !d.empty(); d.pop()) in.bad |= d.top().slot >= n;
    for (auto e = s.expiries_; !e.empty(); e.pop()) in.bad |= e.top().slot >= n;
  }

  //---------------------------------------------------------------------------
  // [SECTION] Sensors
  //---------------------------------------------------------------------------

  // A series is regular: times as the change of their spacing (mostly 0),
  // values as the change in hundredths where that is exact (most
  // readings), else their bits — a keyframe a third the size. `previous`
  // is the time of the reading before the first (0 for a whole series).
  template <typename It>
  static void saveReadings(Out& o, It begin, It end, TimeMs previous) {
    TimeMs spacing = 0;
    int64_t cents = 0;
    o.u(uint64_t(end - begin));
    for (It it = begin; it != end; ++it) {
      const TimeMs dt = wrappingSub(it->first, previous);
      o.i(wrappingSub(dt, spacing)), spacing = dt, previous = it->first;
      const double v = it->second;
      const double scaled = v * 100;
      if (std::abs(scaled) < 1e15 && double(std::llround(scaled)) / 100 == v) {
        const int64_t c = std::llround(scaled);
        o.u(zigzag(c - cents) << 1), cents = c;
      } else {
        o.u(1), o.f(v);
      }
    }
  }
  static void loadReadings(In& in, Series& out, TimeMs previous) {
    const size_t n = in.count(2);
    if (out.empty()) out.reserve(n + n / 8 + 16);  // a whole series: one allocation, with room for the readings to come
    in.readings(n, out, previous);
  }

  // Without `series`, the record's metrics travel without their history
  // (a delta snapshot carries the series apart).
  static void save(Out& o, const SensorRecord& s, bool series) {
    o.s(s.id), o.s(s.kind), o.s(s.name), o.f(s.position.lon), o.f(s.position.lat), o.b(s.registered), o.b(s.drill);
    o.u(uint64_t(s.level));
    o.list(s.metrics, [&](const MetricState& m) {
      o.s(m.metric), o.f(m.latest), o.i(m.latestTime), o.number(m.warn), o.number(m.alarm);
      o.u(uint64_t(m.level)), o.i(m.levelSince);
      if (series) saveReadings(o, m.history.begin(), m.history.end(), 0);
    });
  }
  static AlarmLevel level(In& in) {
    const uint64_t l = in.u();
    if (l > uint64_t(AlarmLevel::alarm)) in.bad = true;
    return AlarmLevel(l <= 2 ? l : 0);
  }
  static void load(In& in, SensorRecord& s, bool series) {
    s.id = in.s(), s.kind = in.s(), s.name = in.s(), s.position.lon = in.f(), s.position.lat = in.f(), s.registered = in.b(), s.drill = in.b();
    s.level = level(in);
    s.metrics.resize(in.count(4));
    for (auto& m : s.metrics) {
      m.metric = in.s(), m.latest = in.f(), m.latestTime = in.i(), m.warn = in.number(), m.alarm = in.number();
      m.level = level(in), m.levelSince = in.i();
      if (series) loadReadings(in, m.history, 0);
    }
  }
  static void save(Out& o, const std::optional<LonLat>& p) {
    o.b(p.has_value());
    if (p) o.f(p->lon), o.f(p->lat);
  }
  static std::optional<LonLat> position(In& in) {
    if (!in.b()) return std::nullopt;
    LonLat p;
    p.lon = in.f(), p.lat = in.f();
    return p;
  }

  static void save(Out& o, const SensorStore& s, bool series) {
    o.list(s.sensors_, [&](const SensorRecord& r) { save(o, r, series); });
    o.list(s.alarms_, [&](const auto& kv) {
      const ActiveAlarm& a = kv.second;
      o.s(a.id), o.i(a.time), o.u(uint64_t(a.level)), o.b(a.sensor.has_value()), o.s(a.sensor.value_or(""));
      save(o, a.position), o.s(a.message), o.b(a.drill);
    });
    o.u(s.metricAlarms_), o.u(s.metricWarnings_), o.u(s.explicitAlarms_), o.u(s.explicitWarnings_);
    o.u(s.unregisteredObservations_);
    o.list(s.raisedSensors_, [&](uint32_t slot) { o.u(slot); });
    o.list(s.raisedLog_, [&](const RaisedAlarm& a) {
      o.u(a.serial), o.i(a.time), o.s(a.sensor), o.s(a.alarmId), o.s(a.metric), o.f(a.value), o.s(a.message);
      save(o, a.position), o.b(a.drill);
    });
    o.u(s.raisedSerial_), o.u(s.drillSensors_), o.u(s.drillAlarms_);
  }
  static void load(In& in, SensorStore& s, bool series) {
    const size_t n = in.count(8);
    for (size_t i = 0; i < n && !in.bad; ++i) {
      load(in, s.sensors_.emplace_back(), series);
      s.index_.emplace(s.sensors_.back().id, uint32_t(i));
      s.changes_.mark(uint32_t(i));
    }
    for (size_t i = 0, count = in.count(6); i < count && !in.bad; ++i) {
      ActiveAlarm a;
      a.id = in.s(), a.time = in.i(), a.level = level(in);
      const bool hasSensor = in.b();
      std::string sensor = in.s();
      if (hasSensor) a.sensor = std::move(sensor);
      a.position = position(in), a.message = in.s(), a.drill = in.b();
      s.alarms_.emplace(a.id, std::move(a));
    }
    s.metricAlarms_ = uint32_t(in.u()), s.metricWarnings_ = uint32_t(in.u());
    s.explicitAlarms_ = uint32_t(in.u()), s.explicitWarnings_ = uint32_t(in.u());
    s.unregisteredObservations_ = in.u();
    for (size_t i = 0, count = in.count(1); i < count && !in.bad; ++i) {
      const auto slot = uint32_t(in.u());
      in.bad |= slot >= s.sensors_.size();
      s.raisedSensors_.insert(slot);
    }
    for (size_t i = 0, count = in.count(14); i < count && !in.bad; ++i) {
      RaisedAlarm a;
      a.serial = in.u(), a.time = in.i(), a.sensor = in.s(), a.alarmId = in.s(), a.metric = in.s(), a.value = in.f();
      a.message = in.s(), a.position = position(in), a.drill = in.b();
      s.raisedLog_.push_back(std::move(a));
    }
    s.raisedSerial_ = in.u(), s.drillSensors_ = size_t(in.u()), s.drillAlarms_ = size_t(in.u());
  }

  //---------------------------------------------------------------------------
  // [SECTION] The store
  //---------------------------------------------------------------------------

  // What follows the cases: the sensors (without their readings when
  // `series` is false: a delta carries them apart), the rejections, the counts.
  static void saveTail(Out& o, const Store& store, bool series) {
    save(o, store.sensors_, series);
    for (uint64_t n : store.rejected_.byReason) o.u(n);
    o.u(store.applied_), o.i(store.newest_);
  }
  static void loadTail(In& in, Store& store, bool series) {
    load(in, store.sensors_, series);
    for (auto& n : store.rejected_.byReason) n = in.u();
    store.applied_ = in.u(), store.newest_ = in.i();
  }

  static void note(const Store& store, SnapshotBase& base) {
    base.valid_ = true;
    base.caseVersion_ = store.cases_.changes_.version();
    base.applied_ = store.applied_, base.newest_ = store.newest_;
    const auto& sensors = store.sensors_.sensors_;
    base.edits_.resize(sensors.size());
    for (size_t i = 0; i < sensors.size(); ++i) {
      base.edits_[i].resize(sensors[i].metrics.size());
      for (size_t m = 0; m < sensors[i].metrics.size(); ++m) base.edits_[i][m] = sensors[i].metrics[m].edits;
    }
  }

  static std::string save(const Store& store, SnapshotBase* base) {
    Out o;
    o.bytes += kMagic;
    o.u(kSnapshotFormat);
    o.s(config(store.config_));
    save(o, store.cases_);
    saveTail(o, store, true);
    if (base) note(store, *base);
    return std::move(o.bytes);
  }

  // Delta layout: "CWSD", format, configuration, the base's and its own
  // (applied, newest), the series block, the cases changed since the base,
  // then the rest of the store without readings or case records. What the
  // chain accumulates comes first, so a delta in the middle of a chain is
  // read only that far.
  static std::string saveDelta(const Store& store, SnapshotBase& base, size_t* readingsEnd) {
    Out o;
    o.bytes += kDeltaMagic;
    o.u(kSnapshotFormat);
    o.s(config(store.config_));
    o.u(base.applied_), o.i(base.newest_), o.u(store.applied_), o.i(store.newest_);
    const auto& sensors = store.sensors_.sensors_;
    o.u(sensors.size());
    for (size_t i = 0; i < sensors.size(); ++i) {
      o.u(sensors[i].metrics.size());
      for (size_t m = 0; m < sensors[i].metrics.size(); ++m) {
        const MetricState& metric = sensors[i].metrics[m];
        const Series& h = metric.history;
        const MetricState::Edits* was = i < base.edits_.size() && m < base.edits_[i].size() ? &base.edits_[i][m] : nullptr;
        // What the base had, less the readings trimmed since, is still the
        // front of the series unless a late reading went into the middle.
        const uint64_t added = was ? metric.edits.appended - was->appended : 0;
        if (was && metric.edits.inserted == was->inserted && added < h.size()) {
          const size_t kept = h.size() - size_t(added);
          o.u(0), o.u(metric.edits.trimmed - was->trimmed);
          saveReadings(o, h.begin() + kept, h.end(), h[kept - 1].first);
        } else {
          o.u(1);  // new, or rewritten: the whole series
          saveReadings(o, h.begin(), h.end(), 0);
        }
      }
    }
    // The cases changed since the base (new slots are changes too).
    const CaseStore& cases = store.cases_;
    std::vector<uint32_t> changed;
    cases.changes_.changesSince(base.caseVersion_, changed);
    std::sort(changed.begin(), changed.end());
    o.u(cases.cases_.size());
    o.list(changed, [&](uint32_t slot) { o.u(slot), save(o, cases.cases_[slot]); });
    if (readingsEnd) *readingsEnd = o.bytes.size();
    // The body without what the chain carries: case records and readings.
    saveRest(o, cases);
    saveTail(o, store, false);
    note(store, base);
    return std::move(o.bytes);
  }

  // Applies a delta's series block to the series being rebuilt.
  static void loadSeries(In& in, std::vector<std::vector<Series>>& series) {
    const size_t sensors = in.count(1);
    if (sensors < series.size()) return void(in.bad = true);  // sensors are never removed
    series.resize(sensors);
    for (auto& metrics : series) {
      const size_t n = in.count(1);
      if (in.bad || n < metrics.size()) return void(in.bad = true);
      metrics.resize(n);
      for (Series& h : metrics) {
        const uint64_t op = in.u();
        if (op == 0) {
          const uint64_t drop = in.u();
          if (drop >= h.size()) return void(in.bad = true);  // a delta always keeps a reading
          h.drop_front(size_t(drop));
          loadReadings(in, h, h.back().first);
        } else if (op == 1) {
          h.clear();
          loadReadings(in, h, 0);
        } else {
          return void(in.bad = true);
        }
      }
    }
  }

  static bool header(In& in, std::string_view magic, const Store& store, std::string& error) {
    if (!in.take(magic)) return error = magic == kMagic ? "not a store snapshot" : "not a delta snapshot", false;
    in.format = in.u();
    if (in.format < kOldestSnapshotFormat || in.format > kSnapshotFormat) {
      error = "snapshot format " + std::to_string(in.format) + " (this build reads " + std::to_string(kOldestSnapshotFormat) +
              " to " + std::to_string(kSnapshotFormat) + ")";
      return false;
    }
    if (in.s() != config(store.config_)) return error = "the snapshot was made with another store configuration", false;
    return true;
  }

  static bool restore(std::string_view bytes, Store& store, std::string& error) {
    In in(bytes);
    if (!header(in, kMagic, store, error)) return false;
    Store restored(store.config_);
    load(in, restored.cases_);
    loadTail(in, restored, true);
    if (!in.done()) return error = "the snapshot is damaged or truncated", false;
    store = std::move(restored);
    return true;
  }

  static bool restoreChain(const std::vector<std::string_view>& chain, Store& store, std::string& error) {
    if (chain.empty()) return error = "no snapshot", false;
    Store whole(store.config_);
    if (!restore(chain.front(), whole, error)) return false;
    if (chain.size() == 1) return store = std::move(whole), true;
    // The series, apart from their records while the deltas change them.
    std::vector<std::vector<Series>> series(whole.sensors_.sensors_.size());
    for (size_t i = 0; i < series.size(); ++i)
      for (auto& m : whole.sensors_.sensors_[i].metrics) series[i].push_back(std::move(m.history));
    auto records = std::move(whole.cases_.cases_);
    uint64_t applied = whole.applied_;
    TimeMs newest = whole.newest_;
    for (size_t k = 1; k < chain.size(); ++k) {
      In in(chain[k]);
      if (!header(in, kDeltaMagic, store, error)) return false;
      const uint64_t baseApplied = in.u();
      const TimeMs baseNewest = in.i();
      if (baseApplied != applied || baseNewest != newest) return error = "a delta snapshot does not follow the one before it", false;
      applied = in.u(), newest = in.i();
      loadSeries(in, series);
      // The case store's slot count (not items that follow: a delta may change none of them).
      const uint64_t slots = in.u();
      if (in.bad || slots < records.size() || slots > store.config_.cases.maxCases + records.size())
        return error = "a delta snapshot is damaged or truncated", false;
      records.resize(slots);
      for (size_t i = 0, n = in.count(2); i < n && !in.bad; ++i) {
        const uint64_t slot = in.u();
        if (slot >= slots) in.bad = true;
        else load(in, records[slot]);
      }
      if (in.bad) return error = "a delta snapshot is damaged or truncated", false;
      if (k + 1 < chain.size()) continue;  // only the last one's body is the state
      Store restored(store.config_);
      restored.cases_.cases_ = std::move(records);
      indexRecords(restored.cases_);
      loadRest(in, restored.cases_);
      loadTail(in, restored, false);
      auto& sensors = restored.sensors_.sensors_;
      bool fits = in.done() && restored.applied_ == applied && restored.newest_ == newest && sensors.size() == series.size();
      for (size_t i = 0; fits && i < sensors.size(); ++i) fits = sensors[i].metrics.size() == series[i].size();
      if (!fits) return error = "a delta snapshot is damaged or truncated", false;
      for (size_t i = 0; i < sensors.size(); ++i)
        for (size_t m = 0; m < series[i].size(); ++m) sensors[i].metrics[m].history = std::move(series[i][m]);
      store = std::move(restored);
    }
    return true;
  }
};

std::string saveSnapshot(const Store& store, SnapshotBase* base) { return SnapshotCodec::save(store, base); }

std::string saveDeltaSnapshot(const Store& store, SnapshotBase& base, size_t* readingsEnd) {
  return SnapshotCodec::saveDelta(store, base, readingsEnd);
}

bool isDeltaSnapshot(std::string_view bytes) { return bytes.substr(0, kDeltaMagic.size()) == kDeltaMagic; }

bool restoreSnapshot(std::string_view bytes, Store& store, std::string& error) {
  return SnapshotCodec::restore(bytes, store, error);
}

bool restoreSnapshotChain(const std::vector<std::string_view>& chain, Store& store, std::string& error) {
  return SnapshotCodec::restoreChain(chain, store, error);
}

}  // namespace citywall::live
