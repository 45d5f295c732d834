#include "config/drill_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "config/config_file.h"
#include "feed/decoder.h"

namespace citywall::config {

namespace {

// A step's inline table as a protocol-v1 message of `type` (without time:
// the runner stamps it when the step fires).
std::string messageOf(std::string_view type, const toml::table& fields) {
  std::ostringstream json;
  json << toml::json_formatter{fields, toml::format_flags::none};
  const std::string body = json.str();
  const size_t brace = body.find('{');
  const bool empty = body.find_first_not_of(" \n\t", brace + 1) == body.rfind('}');
  return "{\"type\":\"" + std::string(type) + "\"" + (empty ? "" : ",") + body.substr(brace + 1);
}

std::string line(const toml::node& n) { return std::to_string(n.source().begin.line); }

constexpr int kMostRampReadings = 10000;  // 14 hours of readings 5 s apart

constexpr std::string_view kStepKeys[] = {"sensor", "case", "obs", "alarm", "ramp", "caption", "unmark", "mark", "fly_to", "pause", "hide", "show"};

// "#rrggbb" → 0xrrggbb.
std::optional<uint32_t> rgbOf(const toml::node* n) {
  if (!n || !n->is_string()) return std::nullopt;
  const std::string s(n->as_string()->get());
  if (s.size() != 7 || s[0] != '#' || s.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos) return std::nullopt;
  return uint32_t(std::stoul(s.substr(1), nullptr, 16));
}

}  // namespace

feed::DrillScript parseDrill(std::string_view text, const std::string& sourceName) {
  std::optional<toml::table> parsed;  // moved, not copied: a copy loses the nodes' lines
  try {
    parsed.emplace(toml::parse(text, sourceName));
  } catch (const toml::parse_error& e) {
    throw ConfigError({sourceName + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())});
  }
  const toml::table& root = *parsed;
  std::vector<std::string> problems;
  auto problem = [&](const toml::node& n, const std::string& what) { problems.push_back(sourceName + ":" + line(n) + ": " + what); };
  feed::DrillScript script;
  for (auto&& [k, v] : root)
    if (k.str() != "drill" && k.str() != "step") problem(v, "unknown key '" + std::string(k.str()) + "' (known: drill, step)");
  if (const toml::table* d = root["drill"].as_table()) {
    script.name = (*d)["name"].value_or(std::string());
    script.description = (*d)["description"].value_or(std::string());
  }
  if (script.name.empty()) problems.push_back(sourceName + ": drill.name: every drill needs a name (the wall shows it on its banner)");
  const toml::array* steps = root["step"].as_array();
  if (!steps || steps->empty()) problems.push_back(sourceName + ": no [[step]]: a drill needs at least one step");
  std::vector<live::FeedEvent> events;
  static const toml::array kNone;
  for (const toml::node& node : steps ? *steps : kNone) {  // a reference either way: a copy loses the lines
    const toml::table* t = node.as_table();
    if (!t) continue;
    const auto at = (*t)["at"].value<double>();
    if (!at || *at < 0) {
      problem(node, "step.at: seconds after the start (0 or more) are required");
      continue;
    }
    feed::DrillStep step;
    step.at = live::TimeMs(*at * 1000);
    int actions = 0;
    for (auto&& [key, value] : *t)
      if (!std::count(std::begin(kStepKeys), std::end(kStepKeys), key.str()) && key.str() != "at")
        ++actions, problem(value, "step." + std::string(key.str()) + ": unknown (known: caption, case, sensor, obs, alarm, ramp, mark, unmark, hide, show, fly_to, pause)");
    // One step's parts in a fixed order, whatever the file's: what they
    // inject first (a sensor before its readings), then what the room sees,
    // and a pause last (after its caption).
    for (const std::string_view key : kStepKeys) {
      const std::string k(key);
      const toml::node* found = t->get(key);
      if (!found) continue;
      const toml::node& value = *found;
      ++actions;
      feed::DrillStep s = step;
      if (k == "caption") {
        s.kind = feed::DrillStep::Kind::caption;
        s.text = value.value_or(std::string());
      } else if (k == "pause") {
        s.kind = feed::DrillStep::Kind::pause;
      } else if (k == "fly_to" && value.is_string()) {
        s.kind = feed::DrillStep::Kind::bookmark;
        s.text = value.value_or(std::string());
      } else if (k == "fly_to" && value.is_table()) {
        s.kind = feed::DrillStep::Kind::flyTo;
        const toml::table& v = *value.as_table();
        const char* names[5] = {"lon", "lat", "distance", "heading", "pitch"};
        for (int i = 0; i < 5; ++i) s.view[i] = v[names[i]].value_or(s.view[i]);
        if (!v["lon"] || !v["lat"]) problem(value, "step.fly_to: lon and lat are required (or a bookmark's name)");
      } else if (k == "mark" && value.is_table()) {
        // An area marked on the map: { id, lon, lat, radius_m, color = "#rrggbb", opacity = 0–1 }.
        const toml::table& m = *value.as_table();
        const auto id = m["id"].value<std::string>();
        const auto lon = m["lon"].value<double>(), lat = m["lat"].value<double>();
        const double radius = m["radius_m"].value_or(300.0), opacity = m["opacity"].value_or(0.65);
        const auto rgb = m.contains("color") ? rgbOf(m.get("color")) : std::optional<uint32_t>(0xff3b30);
        if (!id || id->empty() || !lon || !lat || std::abs(*lon) > 180 || std::abs(*lat) > 90 || !(radius > 0 && radius <= 50000) ||
            !rgb || !(opacity >= 0 && opacity <= 1)) {
          problem(value, "step.mark: id, lon and lat are required; radius_m is metres (up to 50 000), color \"#rrggbb\", opacity 0 to 1");
          continue;
        }
        s.kind = feed::DrillStep::Kind::mark;
        s.text = *id;
        s.view[0] = *lon, s.view[1] = *lat, s.view[2] = radius;
        s.rgba = (*rgb << 8) | uint32_t(std::lround(opacity * 255));
      } else if (k == "unmark" && value.is_string()) {
        s.kind = feed::DrillStep::Kind::unmark;  // "" takes every mark off
        s.text = value.value_or(std::string());
      } else if ((k == "hide" || k == "show") &&
                 (value.is_integer() || (value.is_string() && !value.value_or(std::string()).empty() &&
                                         (k == "show" || value.value_or(std::string()) != "all")))) {
        // A building by its id as its card shows it: a city building's source id (the OSM way
        // id), or a 3D Tiles building's id property (text, as a tileset's may be). "all": every one.
        s.kind = k == "hide" ? feed::DrillStep::Kind::hide : feed::DrillStep::Kind::show;
        s.text = value.is_integer() ? std::to_string(*value.value<int64_t>()) : value.value_or(std::string());
        if (k == "show" && s.text == "all") s.text.clear();
      } else if (k == "hide" || k == "show") {
        problem(value, "step." + k + ": a building's id (its source's, e.g. the OSM way id, or a 3D Tiles building's id)" +
                           (k == "show" ? " or \"all\"" : ""));
        continue;
      } else if ((k == "case" || k == "sensor" || k == "alarm" || k == "obs") && value.is_table()) {
        if (value.as_table()->contains("time") || value.as_table()->contains("drill")) {
          problem(value, "step." + k + ": time and drill are the drill's own (the wall's clock, and always true)");
          continue;
        }
        s.text = messageOf(k, *value.as_table());
      } else if (k == "ramp" && value.is_table()) {
        // Readings from `from` to `to` over `over` seconds, one every `every`:
        // a sensor climbing into its alarm as a leak spreads or water rises.
        const toml::table& r = *value.as_table();
        const auto sensor = r["sensor"].value<std::string>(), metric = r["metric"].value<std::string>();
        const auto from = r["from"].value<double>(), to = r["to"].value<double>();
        const double over = r["over"].value_or(60.0), every = r["every"].value_or(5.0);
        if (!sensor || !metric || !from || !to || !(over > 0) || !(every > 0)) {
          problem(value, "step.ramp: sensor, metric, from and to are required; over and every are seconds above 0");
          continue;
        }
        // A ramp is a drill's few minutes of a rising reading; a typo in
        // `over` or `every` (fuzzing found over = 8e7: 16 M readings and
        // gigabytes) is refused, not expanded.
        if (over / every > double(kMostRampReadings)) {
          char readings[32];
          std::snprintf(readings, sizeof readings, over / every < 1e12 ? "%.0f" : "%g", over / every);
          problem(value, "step.ramp: over / every gives " + std::string(readings) + " readings; at most " +
                             std::to_string(kMostRampReadings) + " in one ramp");
          continue;
        }
        const int n = std::max(1, int(over / every));
        for (int i = 0; i <= n; ++i) {
          feed::DrillStep reading = step;
          reading.at = step.at + live::TimeMs(double(i) * every * 1000);
          toml::table obs{{"sensor", *sensor}, {"metric", *metric}, {"value", *from + (*to - *from) * double(i) / double(n)}};
          reading.text = messageOf("obs", obs);
          script.steps.push_back(std::move(reading));
        }
        continue;
      } else {
        problem(value, "step." + std::string(k) + ": not what it should be (see drills/chemical_leak.toml)");
        continue;
      }
      if (s.kind == feed::DrillStep::Kind::message) {
        // Decoded now as the wall will decode it, so a typo fails the load, not the drill.
        feed::Decoder one;
        events.clear();
        const std::string stamped = "{\"time\":1764547200000,\"drill\":true," + s.text.substr(1);
        one.decode(stamped, events);
        if (one.stats().rejected.total()) {
          for (size_t r = 0; r < live::kRejectReasonCount; ++r)
            if (one.stats().rejected.byReason[r])
              problem(value, "step." + k + ": the message is refused (" + std::string(live::toString(live::RejectReason(r))) +
                                 "; docs/protocol.md)");
        }
      }
      script.steps.push_back(std::move(s));
    }
    if (!actions) problem(node, "step: nothing to do (caption, case, sensor, obs, alarm, ramp, mark, unmark, hide, show, fly_to or pause)");
  }
  if (!problems.empty()) throw ConfigError(problems);
  return script;
}

feed::DrillScript loadDrill(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({path + ": cannot read the drill file"});
  std::stringstream text;
  text << in.rdbuf();
  return parseDrill(text.str(), path);
}

}  // namespace citywall::config
