// decoder.cpp — protocol v1 messages to typed events.
//
// [SECTION] Field readers (each returns the reject reason on failure)
// [SECTION] Messages: case, sensor, obs, alarm
// [SECTION] Frames, batches and seq

#include "feed/decoder.h"

#include <cmath>

#include "feed/crs.h"
#include "feed/time_parse.h"

namespace citywall::feed {
namespace {

using live::RejectReason;
using simdjson::dom::element;
using simdjson::dom::object;
using Result = std::optional<RejectReason>;

//-----------------------------------------------------------------------------
// [SECTION] Field readers
//-----------------------------------------------------------------------------

bool has(const object& o, std::string_view key) { return !o[key].error(); }

Result requiredString(const object& o, std::string_view key, std::string& out, size_t maxBytes = SIZE_MAX) {
  element v;
  if (o[key].get(v)) return RejectReason::missingField;
  std::string_view s;
  if (v.get_string().get(s) || s.empty() || s.size() > maxBytes) return RejectReason::badValue;
  out.assign(s);
  return std::nullopt;
}

Result optionalString(const object& o, std::string_view key, std::optional<std::string>& out) {
  element v;
  if (o[key].get(v) || v.is_null()) return std::nullopt;
  std::string_view s;
  if (v.get_string().get(s)) return RejectReason::badValue;
  out.emplace(s);
  return std::nullopt;
}

Result requiredTime(const object& o, std::string_view key, live::TimeMs& out) {
  element v;
  if (o[key].get(v)) return RejectReason::missingField;
  int64_t ms;
  if (!v.get_int64().get(ms)) return out = ms, std::nullopt;
  uint64_t ums;
  if (!v.get_uint64().get(ums)) return RejectReason::badValue;  // beyond int64 milliseconds
  std::string_view s;
  if (!v.get_string().get(s) && parseRfc3339(s, out)) return std::nullopt;
  return RejectReason::badValue;
}

bool finiteNumber(const element& v, double& out) { return !v.get_double().get(out) && std::isfinite(out); }

// lon, lat and crs. `required`: a missing position is missing_field;
// otherwise absent means "unchanged".
Result position(const object& o, bool required, std::optional<live::LonLat>& out) {
  const bool hasLon = has(o, "lon"), hasLat = has(o, "lat");
  if (!hasLon && !hasLat) return required ? Result(RejectReason::missingField) : std::nullopt;
  if (!hasLon || !hasLat) return RejectReason::badCoordinates;
  double lon, lat;
  if (!finiteNumber(o["lon"].value_unsafe(), lon) || !finiteNumber(o["lat"].value_unsafe(), lat))
    return RejectReason::badCoordinates;
  if (std::abs(lon) > 180.0 || std::abs(lat) > 90.0) return RejectReason::badCoordinates;
  Crs crs = Crs::wgs84;
  element c;
  if (!o["crs"].get(c) && !c.is_null()) {
    std::string_view name;
    if (c.get_string().get(name) || !parseCrs(name, crs)) return RejectReason::badCoordinates;
  }
  out = toWgs84({lon, lat}, crs);
  return std::nullopt;
}

//-----------------------------------------------------------------------------
// [SECTION] Messages: case, sensor, obs, alarm
//-----------------------------------------------------------------------------

Result decodeCase(const object& o, live::CaseUpdate& c) {
  if (auto r = requiredString(o, "id", c.id, kMaxIdBytes)) return r;
  if (auto r = requiredTime(o, "time", c.time)) return r;
  std::string status;
  if (auto r = requiredString(o, "status", status)) return r;
  if (!live::parseCaseStatus(status, c.status)) return RejectReason::badValue;
  if (auto r = optionalString(o, "category", c.category)) return r;
  if (auto r = position(o, false, c.position)) return r;
  element p;
  if (!o["priority"].get(p) && !p.is_null()) {
    int64_t prio;
    if (p.get_int64().get(prio) || prio < 1 || prio > 4) return RejectReason::badValue;
    c.priority = uint8_t(prio);
  }
  for (auto [key, field] : {std::pair{"title", &c.title}, {"description", &c.description}, {"address", &c.address},
                            {"grid", &c.grid}, {"agency", &c.agency}, {"source", &c.source}})
    if (auto r = optionalString(o, key, *field)) return r;
  element props;
  if (!o["props"].get(props) && !props.is_null()) {
    object po;
    if (props.get_object().get(po)) return RejectReason::badValue;
    for (auto [k, v] : po) {
      std::string_view s;
      if (!v.get_string().get(s)) c.props.emplace_back(std::string(k), std::string(s));
      else c.props.emplace_back(std::string(k), simdjson::minify(v));
    }
  }
  return std::nullopt;
}

Result decodeSensor(const object& o, live::SensorUpdate& s) {
  if (auto r = requiredString(o, "id", s.id, kMaxIdBytes)) return r;
  if (auto r = requiredString(o, "kind", s.kind)) return r;
  std::optional<live::LonLat> where;
  if (auto r = position(o, true, where)) return r;
  s.position = *where;
  if (auto r = optionalString(o, "name", s.name)) return r;
  element t;
  if (!o["thresholds"].get(t) && !t.is_null()) {
    object to;
    if (t.get_object().get(to)) return RejectReason::badValue;
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

Result decodeObservation(const object& o, live::Observation& obs) {
  if (auto r = requiredString(o, "sensor", obs.sensor, kMaxIdBytes)) return r;
  if (auto r = requiredTime(o, "time", obs.time)) return r;
  element values;
  if (!o["values"].get(values)) {
    object vo;
    if (values.get_object().get(vo)) return RejectReason::badValue;
    for (auto [metric, v] : vo) {
      double d;
      if (!finiteNumber(v, d)) return RejectReason::badValue;
      obs.values.emplace_back(std::string(metric), d);
    }
    if (obs.values.empty()) return RejectReason::missingField;
    return std::nullopt;
  }
  std::string metric;
  if (auto r = requiredString(o, "metric", metric)) return r;
  element v;
  if (o["value"].get(v)) return RejectReason::missingField;
  double d;
  if (!finiteNumber(v, d)) return RejectReason::badValue;
  obs.values.emplace_back(std::move(metric), d);
  return std::nullopt;
}

Result decodeAlarm(const object& o, live::AlarmUpdate& a) {
  if (auto r = requiredString(o, "id", a.id, kMaxIdBytes)) return r;
  if (auto r = requiredTime(o, "time", a.time)) return r;
  std::string level;
  if (auto r = requiredString(o, "level", level)) return r;
  if (!live::parseAlarmLevel(level, a.level)) return RejectReason::badValue;
  if (auto r = optionalString(o, "sensor", a.sensor)) return r;
  if (auto r = position(o, !a.sensor && a.level != live::AlarmLevel::clear, a.position)) return r;
  if (auto r = optionalString(o, "message", a.message)) return r;
  return std::nullopt;
}

template <typename Event, typename Fn>
Result decodeInto(const object& o, std::vector<live::FeedEvent>& out, Fn fn) {
  Event e;
  if (auto r = fn(o, e)) return r;
  out.emplace_back(std::move(e));
  return std::nullopt;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Frames, batches and seq
//-----------------------------------------------------------------------------

std::optional<RejectReason> Decoder::checkSeq(object message) {
  element s;
  if (message["seq"].get(s)) return std::nullopt;
  uint64_t seq;
  if (s.get_uint64().get(seq)) return RejectReason::badValue;
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
  element typeField;
  if (o["type"].get(typeField)) {
    checkSeq(o);
    return reject(RejectReason::missingField);
  }
  std::string_view type;
  if (typeField.get_string().get(type)) return reject(RejectReason::badValue);
  if (auto r = checkSeq(o)) return reject(*r);

  const size_t before = out.size();
  Result r;
  if (type == "case") r = decodeInto<live::CaseUpdate>(o, out, decodeCase);
  else if (type == "sensor") r = decodeInto<live::SensorUpdate>(o, out, decodeSensor);
  else if (type == "obs") r = decodeInto<live::Observation>(o, out, decodeObservation);
  else if (type == "alarm") r = decodeInto<live::AlarmUpdate>(o, out, decodeAlarm);
  else if (type == "batch") {
    if (insideBatch) return reject(RejectReason::badValue);  // batches do not nest
    simdjson::dom::array events;
    if (o["events"].get_array().get(events)) return reject(has(o, "events") ? RejectReason::badValue : RejectReason::missingField);
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
