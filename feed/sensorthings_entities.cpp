#include "feed/sensorthings_entities.h"

#include <simdjson.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include "feed/decoder.h"
#include "geo/time.h"
#include "feed/v1_writer.h"

namespace citywall::feed {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;
using live::RejectReason;

// An @iot.id as text: numbers as written, strings as they are.
std::optional<std::string> idText(element e) {
  std::string_view s;
  if (!e.get_string().get(s)) return s.empty() || s.size() > kMaxIdBytes ? std::nullopt : std::optional<std::string>(s);
  if (e.is_int64() || e.is_uint64()) return simdjson::minify(e);
  return std::nullopt;
}

std::string stringField(object o, const char* key) {
  std::string_view s;
  if (o[key].get_string().get(s)) return {};
  return std::string(s);
}

// A GeoJSON Point, or a Feature holding one.
std::optional<live::LonLat> point(element location) {
  object o;
  if (location.get_object().get(o)) return std::nullopt;
  element geometry;
  if (!o["geometry"].get(geometry)) return point(geometry);
  std::string_view type;
  simdjson::dom::array coordinates;
  if (o["type"].get_string().get(type) || type != "Point" || o["coordinates"].get_array().get(coordinates))
    return std::nullopt;
  double c[2];
  size_t n = 0;
  for (element v : coordinates) {
    if (n < 2 && (v.get_double().get(c[n]) || !std::isfinite(c[n]))) return std::nullopt;
    ++n;
  }
  if (n < 2 || std::abs(c[0]) > 180 || std::abs(c[1]) > 90) return std::nullopt;
  return live::LonLat{c[0], c[1]};
}

std::optional<StaReading> reading(object o, RejectReason& why) {
  StaReading r;
  std::string_view time;
  if (o["phenomenonTime"].get_string().get(time) && o["resultTime"].get_string().get(time)) {
    why = RejectReason::missingField;
    return std::nullopt;
  }
  if (const auto slash = time.find('/'); slash != std::string_view::npos) time = time.substr(slash + 1);  // an interval: its end
  if (!geo::parseRfc3339OrUtc(time, r.time)) {
    why = RejectReason::badValue;
    return std::nullopt;
  }
  element result;
  if (o["result"].get(result)) {
    why = RejectReason::missingField;
    return std::nullopt;
  }
  std::string_view text;
  if (!result.get_string().get(text)) {  // some servers send numbers as strings
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), r.value);
    if (ec != std::errc() || end != text.data() + text.size()) r.value = NAN;
  } else if (result.get_double().get(r.value)) {
    r.value = NAN;
  }
  if (!std::isfinite(r.value)) {
    why = RejectReason::badValue;
    return std::nullopt;
  }
  return r;
}

void appendObservation(std::string& batch, const StaObservation& o) {
  v1::openMessage(batch, "obs");
  v1::key(batch, "sensor"), geo::appendJsonString(batch, o.sensorId);
  v1::key(batch, "time"), batch += std::to_string(o.reading.time);
  v1::key(batch, "metric"), geo::appendJsonString(batch, o.metric);
  v1::key(batch, "value"), v1::number(batch, o.reading.value);
  batch += '}';
}

}  // namespace

StaPage parseStaDatastreams(std::string_view body) {
  StaPage page;
  simdjson::dom::parser parser;
  object root;
  if (parser.parse(body.data(), body.size()).get_object().get(root)) {
    page.error = "not a JSON object";
    return page;
  }
  simdjson::dom::array list;
  if (root["value"].get_array().get(list)) {
    page.error = "no \"value\" list";
    return page;
  }
  std::string_view next;
  if (!root["@iot.nextLink"].get_string().get(next)) page.nextLink.assign(next);
  for (element item : list) {
    object ds, thing, property;
    element id, thingId;
    if (item.get_object().get(ds) || ds["@iot.id"].get(id) || ds["Thing"].get_object().get(thing) ||
        thing["@iot.id"].get(thingId) || ds["ObservedProperty"].get_object().get(property)) {
      page.rejected.add(RejectReason::missingField);
      continue;
    }
    StaDatastream d;
    auto dsId = idText(id), tId = idText(thingId);
    if (!dsId || !tId) {
      page.rejected.add(RejectReason::badValue);
      continue;
    }
    d.id = id.is_string() ? "'" + *dsId + "'" : *dsId;
    d.thingId = *tId;
    d.thingName = stringField(thing, "name");
    d.observedProperty = stringField(property, "name");
    if (d.observedProperty.empty()) {
      page.rejected.add(RejectReason::missingField);
      continue;
    }
    object properties;
    if (!thing["properties"].get_object().get(properties)) d.thingKind = stringField(properties, "kind");
    simdjson::dom::array locations;
    if (!thing["Locations"].get_array().get(locations))
      for (element l : locations) {
        object lo;
        element where;
        if (!l.get_object().get(lo) && !lo["location"].get(where)) d.position = point(where);
        if (d.position) break;
      }
    simdjson::dom::array observations;
    if (!ds["Observations"].get_array().get(observations))
      for (element o : observations) {
        object oo;
        RejectReason why;
        if (!o.get_object().get(oo)) d.latest = reading(oo, why);
        break;  // the newest only ($orderby=phenomenonTime desc;$top=1)
      }
    page.datastreams.push_back(std::move(d));
  }
  return page;
}

std::optional<StaReading> parseStaObservation(std::string_view body, live::RejectReason& why) {
  simdjson::dom::parser parser;
  object o;
  if (parser.parse(body.data(), body.size()).get_object().get(o)) {
    why = RejectReason::malformedJson;
    return std::nullopt;
  }
  return reading(o, why);
}

std::string staObservationsTopic(std::string_view version, const std::string& datastreamId) {
  return std::string(version) + "/Datastreams(" + datastreamId + ")/Observations";
}

std::string staMetric(const SensorThingsOptions& options, const std::string& observedProperty) {
  if (auto it = options.metrics.find(observedProperty); it != options.metrics.end()) return it->second;
  std::string m;
  for (char c : observedProperty) {
    const auto u = static_cast<unsigned char>(c);
    m += std::isalnum(u) ? char(std::tolower(u)) : '_';
  }
  return m;
}

std::string staSensorsFrame(const SensorThingsOptions& options, const std::vector<StaDatastream>& datastreams,
                            live::RejectCounts& rejected) {
  // One sensor per Thing, its metrics gathered from its Datastreams.
  struct Thing {
    const StaDatastream* first = nullptr;
    std::vector<std::string> metrics;
    std::string kind;
  };
  std::map<std::string, Thing> things;
  for (const StaDatastream& d : datastreams) {
    Thing& t = things[d.thingId];
    if (!t.first) t.first = &d;
    const std::string metric = staMetric(options, d.observedProperty);
    t.metrics.push_back(metric);
    if (t.kind.empty())
      if (auto k = options.kinds.find(metric); k != options.kinds.end()) t.kind = k->second;
  }
  std::string out;
  for (const auto& [thingId, t] : things) {
    if (!t.first->position) {
      rejected.add(RejectReason::badCoordinates);
      continue;
    }
    v1::openMessage(out, "sensor");
    v1::key(out, "id"), geo::appendJsonString(out, options.idPrefix + thingId);
    const std::string kind = !t.kind.empty() ? t.kind : !t.first->thingKind.empty() ? t.first->thingKind : options.defaultKind;
    v1::key(out, "kind"), geo::appendJsonString(out, kind);
    if (!t.first->thingName.empty()) v1::key(out, "name"), geo::appendJsonString(out, t.first->thingName);
    v1::key(out, "lon"), v1::number(out, t.first->position->lon);
    v1::key(out, "lat"), v1::number(out, t.first->position->lat);
    v1::key(out, "crs"), geo::appendJsonString(out, options.crs);
    std::string levels;
    for (const std::string& metric : t.metrics) {
      auto th = options.thresholds.find(metric);
      if (th == options.thresholds.end()) continue;
      v1::key(levels, metric);
      levels += '{';
      std::string inner;
      if (th->second.warn) v1::key(inner, "warn"), v1::number(inner, *th->second.warn);
      if (th->second.alarm) v1::key(inner, "alarm"), v1::number(inner, *th->second.alarm);
      if (!inner.empty()) levels += inner.substr(1);
      levels += '}';
    }
    if (!levels.empty()) v1::key(out, "thresholds"), out += '{' + levels.substr(1) + '}';
    out += '}';
  }
  for (const StaDatastream& d : datastreams)
    if (d.latest && things[d.thingId].first->position)
      appendObservation(out, {options.idPrefix + d.thingId, staMetric(options, d.observedProperty), *d.latest});
  v1::closeBatch(out);
  return out;
}

std::string staObservationsFrame(const std::vector<StaObservation>& observations) {
  std::string out;
  for (const StaObservation& o : observations) appendObservation(out, o);
  v1::closeBatch(out);
  return out;
}

}  // namespace citywall::feed
