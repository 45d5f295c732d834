// decoder.cpp — protocol v1 messages to typed events.
//
// [SECTION] Field readers (each returns the reject reason on failure)
// [SECTION] Messages: case, sensor, obs, alarm
// [SECTION] Frames, batches and seq

#include "feed/decoder.h"

#include <cmath>

#include "geo/crs.h"
#include "geo/time.h"

namespace citywall::feed {
namespace {

using live::RejectReason;
using simdjson::dom::element;
using simdjson::dom::object;
using Result = std::optional<RejectReason>;

//-----------------------------------------------------------------------------
// [SECTION] Field readers
//-----------------------------------------------------------------------------

// The protocol's top-level fields, found in one pass over a message.
// Looking each key up separately would scan the object once per key, which
// was the decoder's largest cost (15 % of decode + apply under callgrind).
struct Fields {
  std::optional<element> type, seq, id, time, status, category, lon, lat, crs, priority, title, description, address,
      grid, agency, source, props, kind, name, thresholds, sensor, metric, value, values, level, message, events, drill, due;

  explicit Fields(const object& o) {
    for (auto [key, value] : o) {
      if (std::optional<element>* slot = find(key)) *slot = value;
    }
  }

  std::optional<element>* find(std::string_view k) {
    if (k.empty()) return nullptr;
    switch (k[0]) {
      case 'a': return k == "address" ? &address : k == "agency" ? &agency : nullptr;
      case 'c': return k == "category" ? &category : k == "crs" ? &crs : nullptr;
      case 'd': return k == "description" ? &description : k == "drill" ? &drill : k == "due" ? &due : nullptr;
      case 'e': return k == "events" ? &events : nullptr;
      case 'g': return k == "grid" ? &grid : nullptr;
      case 'i': return k == "id" ? &id : nullptr;
      case 'k': return k == "kind" ? &kind : nullptr;
      case 'l': return k == "lon" ? &lon : k == "lat" ? &lat : k == "level" ? &level : nullptr;
      case 'm': return k == "metric" ? &metric : k == "message" ? &message : nullptr;
      case 'n': return k == "name" ? &name : nullptr;
      case 'p': return k == "priority" ? &priority : k == "props" ? &props : nullptr;
      case 's': return k == "seq" ? &seq : k == "status" ? &status : k == "sensor" ? &sensor : k == "source" ? &source : nullptr;
      case 't': return k == "type" ? &type : k == "time" ? &time : k == "title" ? &title : k == "thresholds" ? &thresholds : nullptr;
      case 'v': return k == "value" ? &value : k == "values" ? &values : nullptr;
      default: return nullptr;
    }
  }
};

bool present(const std::optional<element>& f) { return f && !f->is_null(); }

Result requiredString(const std::optional<element>& f, std::string& out, size_t maxBytes = SIZE_MAX) {
  if (!f) return RejectReason::missingField;
  std::string_view s;
  if (f->get_string().get(s) || s.empty() || s.size() > maxBytes) return RejectReason::badValue;
  out.assign(s);
  return std::nullopt;
}

Result optionalString(const std::optional<element>& f, std::optional<std::string>& out) {
  if (!present(f)) return std::nullopt;
  std::string_view s;
  if (f->get_string().get(s)) return RejectReason::badValue;
  out.emplace(s);
  return std::nullopt;
}

Result requiredTime(const std::optional<element>& f, live::TimeMs& out) {
  if (!f) return RejectReason::missingField;
  int64_t ms;
  if (!f->get_int64().get(ms)) return out = ms, std::nullopt;
  std::string_view s;
  if (!f->get_string().get(s) && geo::parseRfc3339(s, out)) return std::nullopt;
  return RejectReason::badValue;  // also integers beyond int64 milliseconds
}

// "drill": true marks an exercise's message (absent: false).
Result drillFlag(const Fields& f, bool& out) {
  if (!present(f.drill)) return std::nullopt;
  if (f.drill->get_bool().get(out)) return RejectReason::badValue;
  return std::nullopt;
}

bool finiteNumber(const element& v, double& out) { return !v.get_double().get(out) && std::isfinite(out); }

// lon, lat and crs. `required`: a missing position is missing_field;
// otherwise absent means "unchanged".
Result position(const Fields& f, bool required, std::optional<live::LonLat>& out) {
  if (!f.lon && !f.lat) return required ? Result(RejectReason::missingField) : std::nullopt;
  if (!f.lon || !f.lat) return RejectReason::badCoordinates;
  double lon, lat;
  if (!finiteNumber(*f.lon, lon) || !finiteNumber(*f.lat, lat)) return RejectReason::badCoordinates;
  if (std::abs(lon) > 180.0 || std::abs(lat) > 90.0) return RejectReason::badCoordinates;
  geo::Crs crs = geo::Crs::wgs84;
  if (present(f.crs)) {
    std::string_view name;
    if (f.crs->get_string().get(name) || !geo::parseCrs(name, crs)) return RejectReason::badCoordinates;
  }
  const geo::LonLat wgs = geo::toWgs84({lon, lat}, crs);
  out = live::LonLat{wgs.lon, wgs.lat};
  return std::nullopt;
}

//-----------------------------------------------------------------------------
// [SECTION] Messages: case, sensor, obs, alarm
//-----------------------------------------------------------------------------

Result decodeCase(const Fields& f, live::CaseUpdate& c) {
  if (auto r = requiredString(f.id, c.id, kMaxIdBytes)) return r;
  if (auto r = requiredTime(f.time, c.time)) return r;
  std::string_view status;
  if (!f.status) return RejectReason::missingField;
  if (f.status->get_string().get(status) || !live::parseCaseStatus(status, c.status)) return RejectReason::badValue;
  if (auto r = optionalString(f.category, c.category)) return r;
  if (auto r = drillFlag(f, c.drill)) return r;
  if (auto r = position(f, false, c.position)) return r;
  if (present(f.priority)) {
    int64_t prio;
    if (f.priority->get_int64().get(prio) || prio < 1 || prio > 4) return RejectReason::badValue;
    c.priority = uint8_t(prio);
  }
  if (present(f.due)) {
    live::TimeMs due;
    if (auto r = requiredTime(f.due, due)) return r;
    c.due = due;
  }
  for (auto [field, out] : {std::pair{&f.title, &c.title}, {&f.description, &c.description}, {&f.address, &c.address},
                            {&f.grid, &c.grid}, {&f.agency, &c.agency}, {&f.source, &c.source}})
    if (auto r = optionalString(*field, *out)) return r;
  if (present(f.props)) {
    object po;
    if (f.props->get_object().get(po)) return RejectReason::badValue;
    for (auto [k, v] : po) {
      std::string_view s;
      if (!v.get_string().get(s)) c.props.emplace_back(std::string(k), std::string(s));
      else c.props.emplace_back(std::string(k), simdjson::minify(v));
    }
  }
  return std::nullopt;
}

Result decodeSensor(const Fields& f, live::SensorUpdate& s) {
  if (auto r = requiredString(f.id, s.id, kMaxIdBytes)) return r;
  if (auto r = requiredString(f.kind, s.kind)) return r;
  std::optional<live::LonLat> where;
  if (auto r = position(f, true, where)) return r;
  s.position = *where;
  if (auto r = optionalString(f.name, s.name)) return r;
  if (auto r = drillFlag(f, s.drill)) return r;
  if (present(f.thresholds)) {
    object to;
    if (f.thresholds->get_object().get(to)) return RejectReason::badValue;
    for (auto [metric, levels] : to) {
      object lo;
      if (levels.get_object().get(lo)) return RejectReason::badValue;
      live::Threshold th{std::string(metric), std::nullopt, std::nullopt};
      for (auto [name, field] : {std::pair{"warn", &th.warn}, {"alarm", &th.alarm}}) {
        element v;
        if (lo[name].get(v) || v.is_null()) continue;
        double d;
        if (!finiteNumber(v, d)) return RejectReason::badValue;
        *field = d;
      }
      s.thresholds.push_back(std::move(th));
    }
  }
  return std::nullopt;
}

Result decodeObservation(const Fields& f, live::Observation& obs) {
  if (auto r = requiredString(f.sensor, obs.sensor, kMaxIdBytes)) return r;
  if (auto r = requiredTime(f.time, obs.time)) return r;
  if (auto r = drillFlag(f, obs.drill)) return r;
  if (f.values) {
    object vo;
    if (f.values->get_object().get(vo)) return RejectReason::badValue;
    for (auto [metric, v] : vo) {
      double d;
      if (!finiteNumber(v, d)) return RejectReason::badValue;
      obs.values.emplace_back(std::string(metric), d);
    }
    if (obs.values.empty()) return RejectReason::missingField;
    return std::nullopt;
  }
  std::string metric;
  if (auto r = requiredString(f.metric, metric)) return r;
  if (!f.value) return RejectReason::missingField;
  double d;
  if (!finiteNumber(*f.value, d)) return RejectReason::badValue;
  obs.values.emplace_back(std::move(metric), d);
  return std::nullopt;
}

Result decodeAlarm(const Fields& f, live::AlarmUpdate& a) {
  if (auto r = requiredString(f.id, a.id, kMaxIdBytes)) return r;
  if (auto r = requiredTime(f.time, a.time)) return r;
  std::string level;
  if (auto r = requiredString(f.level, level)) return r;
  if (!live::parseAlarmLevel(level, a.level)) return RejectReason::badValue;
  if (auto r = optionalString(f.sensor, a.sensor)) return r;
  if (auto r = position(f, !a.sensor && a.level != live::AlarmLevel::clear, a.position)) return r;
  if (auto r = optionalString(f.message, a.message)) return r;
  if (auto r = drillFlag(f, a.drill)) return r;
  return std::nullopt;
}

template <typename Event, typename Fn>
Result decodeInto(const Fields& f, std::vector<live::FeedEvent>& out, Fn fn) {
  Event e;
  if (auto r = fn(f, e)) return r;
  out.emplace_back(std::move(e));
  return std::nullopt;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Frames, batches and seq
//-----------------------------------------------------------------------------

std::optional<RejectReason> Decoder::checkSeq(const std::optional<element>& field) {
  if (!field) return std::nullopt;
  uint64_t seq;
  if (field->get_uint64().get(seq)) return RejectReason::badValue;
  if (lastSeq_ && seq <= *lastSeq_) {
    ++stats_.duplicates;  // a repeat or late message: still applied, the store orders by time
    return std::nullopt;
  }
  if (lastSeq_ && seq > *lastSeq_ + 1) stats_.rejected.add(RejectReason::gap);  // missed messages: shown, not hidden
  lastSeq_ = seq;
  return std::nullopt;
}

void Decoder::decodeMessage(element message, std::vector<live::FeedEvent>& out, bool insideBatch) {
  auto reject = [&](RejectReason r) { stats_.rejected.add(r); };
  object o;
  if (message.get_object().get(o)) return reject(insideBatch ? RejectReason::badValue : RejectReason::malformedJson);
  const Fields f(o);
  const auto seqProblem = checkSeq(f.seq);
  if (!f.type) return reject(RejectReason::missingField);
  std::string_view type;
  if (f.type->get_string().get(type)) return reject(RejectReason::badValue);
  if (seqProblem) return reject(*seqProblem);

  const size_t before = out.size();
  Result r;
  if (type == "case") r = decodeInto<live::CaseUpdate>(f, out, decodeCase);
  else if (type == "sensor") r = decodeInto<live::SensorUpdate>(f, out, decodeSensor);
  else if (type == "obs") r = decodeInto<live::Observation>(f, out, decodeObservation);
  else if (type == "alarm") r = decodeInto<live::AlarmUpdate>(f, out, decodeAlarm);
  else if (type == "batch") {
    if (insideBatch) return reject(RejectReason::badValue);  // batches do not nest
    if (!f.events) return reject(RejectReason::missingField);
    simdjson::dom::array events;
    if (f.events->get_array().get(events)) return reject(RejectReason::badValue);
    for (element e : events) decodeMessage(e, out, true);
    return;
  } else {
    return reject(RejectReason::unknownType);
  }
  if (r) return reject(*r);
  stats_.events += out.size() - before;
}

void Decoder::decode(std::string_view frame, std::vector<live::FeedEvent>& out, bool padded) {
  ++stats_.frames;
  stats_.bytes += frame.size();
  if (frame.size() > kMaxFrameBytes) return stats_.rejected.add(RejectReason::tooLarge);
  element doc;
  if (parser_.parse(frame.data(), frame.size(), !padded).get(doc)) return stats_.rejected.add(RejectReason::malformedJson);
  decodeMessage(doc, out, false);
}

}  // namespace citywall::feed
