#include "tools/feed_sim/sim_city.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "geo/time.h"

namespace citywall::tools {

using live::CaseStatus;
using live::kHour;
using live::kMinute;
using live::TimeMs;

namespace {

struct Category {
  const char* code;
  const char* title;
  double share;    // of all cases
  int priority;    // typical
};
// Categories of a city's closed-loop case handling (一网统管).
constexpr Category kCategories[] = {
    {"city.road.pothole", "路面坑洼", 0.16, 3},        {"city.sanitation.garbage", "垃圾堆放", 0.20, 3},
    {"env.noise", "夜间施工噪声", 0.18, 3},            {"traffic.illegal_parking", "违章停车", 0.20, 4},
    {"water.pipe_leak", "供水管道漏水", 0.08, 2},      {"city.streetlight", "路灯不亮", 0.10, 4},
    {"safety.fire", "火情", 0.02, 1},                  {"safety.manhole_cover", "井盖缺失", 0.06, 1},
};

struct SensorKind {
  const char* kind;
  const char* metric;
  const char* name;
  double base, amplitude, noise, warn, alarm;
};
constexpr SensorKind kSensorKinds[] = {
    {"air_quality", "pm25", "空气质量", 45, 25, 6, 75, 150},
    {"noise", "db", "噪声", 55, 12, 3, 70, 85},
    {"water_level", "level_m", "水位", 2.0, 0.3, 0.05, 3.0, 3.5},
    {"manhole", "tilt_deg", "井盖倾角", 0.5, 0.2, 0.1, 5, 15},
    {"smoke", "obscuration", "烟感", 0.5, 0.2, 0.1, 5, 12},
};

constexpr double kEarth = 6378137.0;

}  // namespace

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

SimCity::SimCity(SimOptions options, TimeMs start)
    : options_(options), rng_(options.seed), now_(start), nextArrival_(start), nextObservation_(start) {
  for (int i = 0; i < options_.sensors; ++i) {
    const SensorKind& k = kSensorKinds[i % std::size(kSensorKinds)];
    char id[32];
    std::snprintf(id, sizeof id, "%s-%03d", k.kind, i);
    sensors_.push_back({id, k.kind, k.metric, std::string(k.name) + " " + std::to_string(i + 1), randomPoint(), k.base,
                        k.amplitude, k.noise, k.warn, k.alarm});
  }
  scheduleArrival();
}

live::LonLat SimCity::randomPoint() {
  std::uniform_real_distribution<double> u(-1, 1);
  double dx, dy;
  do dx = u(rng_), dy = u(rng_);
  while (dx * dx + dy * dy > 1);
  const double lat = options_.centre.lat + dy * options_.radiusMetres / kEarth * 180 / std::numbers::pi;
  const double lon = options_.centre.lon + dx * options_.radiusMetres /
                                               (kEarth * std::cos(options_.centre.lat * std::numbers::pi / 180)) * 180 /
                                               std::numbers::pi;
  return {lon, lat};
}

// Cases per millisecond at a local time of day (UTC+8): quiet at night, a
// morning and an afternoon peak.
double SimCity::arrivalsPerMs(TimeMs t) const {
  const double hour = double(((t + 8 * kHour) % (24 * kHour) + 24 * kHour) % (24 * kHour)) / kHour;
  auto bump = [](double h, double centre, double width) { return std::exp(-0.5 * std::pow((h - centre) / width, 2)); };
  const double shape = 0.15 + 0.85 * std::max(bump(hour, 10, 2.5), bump(hour, 16, 3.0));
  return options_.casesPerHour * shape / kHour;
}

void SimCity::scheduleArrival() {
  std::exponential_distribution<double> gap(arrivalsPerMs(nextArrival_));
  nextArrival_ += std::max<TimeMs>(1, TimeMs(gap(rng_)));
}

void SimCity::planLifecycle(uint32_t index, TimeMs reported) {
  const SimCase& c = cases_[index];
  std::uniform_real_distribution<double> u(0, 1);
  auto minutes = [&](double lo, double hi) { return TimeMs((lo + (hi - lo) * u(rng_)) * kMinute); };
  // Urgent categories move faster; an overdue case stalls before dispatch.
  const double pace = c.priority <= 1 ? 0.25 : c.priority == 2 ? 0.6 : 1.0;
  TimeMs t = reported + TimeMs(pace * double(minutes(2, 10)));
  schedule_.push({t, index, CaseStatus::filed});
  if (c.cancel) {
    schedule_.push({t + minutes(5, 30), index, CaseStatus::cancelled});
    return;
  }
  t += TimeMs(pace * double(minutes(5, 40))) + (c.overdue ? TimeMs(30 * kHour) : 0);
  schedule_.push({t, index, CaseStatus::dispatched});
  t += TimeMs(pace * double(minutes(10, 60)));
  schedule_.push({t, index, CaseStatus::inProgress});
  t += TimeMs(pace * double(minutes(30, 240)));
  schedule_.push({t, index, CaseStatus::resolved});
  t += minutes(10, 60);
  schedule_.push({t, index, CaseStatus::verified});
  t += minutes(5, 30);
  schedule_.push({t, index, CaseStatus::closed});
}

std::string SimCity::timeText(TimeMs t) const {
  if (options_.epochTimes) return std::to_string(t);
  return jsonString(geo::formatRfc3339(t));
}

std::string SimCity::position(live::LonLat p) const {
  geo::LonLat out{p.lon, p.lat};
  const char* crs = "WGS84";
  if (options_.crs == geo::Crs::gcj02) out = geo::wgs84ToGcj02(out), crs = "GCJ02";
  if (options_.crs == geo::Crs::bd09) out = geo::gcj02ToBd09(geo::wgs84ToGcj02(out)), crs = "BD09";
  char buf[96];
  std::snprintf(buf, sizeof buf, R"("lon":%.9f,"lat":%.9f,"crs":"%s")", out.lon, out.lat, crs);
  return buf;
}

std::string SimCity::caseJson(const SimCase& c, CaseStatus status, TimeMs t, bool first) const {
  std::string j = R"({"type":"case","id":)" + jsonString(c.id) + R"(,"time":)" + timeText(t) + R"(,"status":")" +
                  std::string(live::toString(status)) + "\"";
  if (first) {
    j += R"(,"category":)" + jsonString(c.category) + "," + position(c.position) + R"(,"priority":)" +
         std::to_string(c.priority) + R"(,"title":)" + jsonString(c.title) + R"(,"grid":)" + jsonString(c.grid) +
         R"(,"source":"hotline")";
  }
  if (status == CaseStatus::dispatched) j += R"(,"agency":"城管执法")";
  return j + "}";
}

std::vector<SimMessage> SimCity::registrations() const {
  std::vector<SimMessage> out;
  for (const auto& s : sensors_) {
    char th[128];
    std::snprintf(th, sizeof th, R"({"%s":{"warn":%g,"alarm":%g}})", s.metric.c_str(), s.warn, s.alarm);
    out.push_back({now_, R"({"type":"sensor","id":)" + jsonString(s.id) + R"(,"kind":)" + jsonString(s.kind) +
                             R"(,"name":)" + jsonString(s.name) + "," + position(s.position) + R"(,"thresholds":)" + th +
                             "}"});
  }
  return out;
}

std::string SimCity::observationJson(SimSensor& s, TimeMs t) {
  const double day = double(((t + 8 * kHour) % (24 * kHour) + 24 * kHour) % (24 * kHour)) / (24 * kHour);
  std::normal_distribution<double> noise(0, s.noise);
  std::uniform_real_distribution<double> u(0, 1);
  // Episodes: now and then a sensor climbs past its alarm threshold for a while.
  if (t >= s.episodeEnd && u(rng_) < 0.002) s.episodeEnd = t + TimeMs((20 + 100 * u(rng_)) * kMinute);
  double v = s.base + s.amplitude * std::sin(2 * std::numbers::pi * (day - 0.25)) + noise(rng_);
  if (t < s.episodeEnd) v = s.alarm * (1.05 + 0.3 * u(rng_));
  char buf[256];
  std::snprintf(buf, sizeof buf, R"({"type":"obs","sensor":%s,"time":%s,"values":{"%s":%.2f}})",
                jsonString(s.id).c_str(), timeText(t).c_str(), s.metric.c_str(), std::max(0.0, v));
  return buf;
}

SimMessage SimCity::next() {
  const TimeMs scheduled = schedule_.empty() ? INT64_MAX : schedule_.top().time;
  const TimeMs observation = sensors_.empty() ? INT64_MAX : nextObservation_;
  if (observation <= nextArrival_ && observation <= scheduled) {
    now_ = observation;
    std::string json = observationJson(sensors_[nextSensor_], observation);
    if (++nextSensor_ == sensors_.size()) nextSensor_ = 0, nextObservation_ += options_.observationInterval;
    return {observation, std::move(json)};
  }
  if (nextArrival_ <= scheduled) {
    now_ = nextArrival_;
    std::uniform_real_distribution<double> u(0, 1);
    double pick = u(rng_), acc = 0;
    const Category* cat = &kCategories[0];
    for (const auto& k : kCategories)
      if ((acc += k.share) >= pick) {
        cat = &k;
        break;
      }
    SimCase c;
    char id[40];
    std::snprintf(id, sizeof id, "SIM-%06llu", (unsigned long long)++caseCounter_);
    c.id = id;
    c.category = cat->code;
    c.title = cat->title;
    c.priority = std::clamp(cat->priority + (u(rng_) < 0.15 ? -1 : 0), 1, 4);
    c.position = randomPoint();
    // The management grid cell the position falls in.
    const double half = options_.radiusMetres;
    const double x = (c.position.lon - options_.centre.lon) * kEarth * std::cos(options_.centre.lat * std::numbers::pi / 180) *
                     std::numbers::pi / 180;
    const double y = (c.position.lat - options_.centre.lat) * kEarth * std::numbers::pi / 180;
    const int col = std::clamp(int((x + half) / (2 * half) * options_.gridCells), 0, options_.gridCells - 1);
    const int row = std::clamp(int((y + half) / (2 * half) * options_.gridCells), 0, options_.gridCells - 1);
    char grid[32];
    std::snprintf(grid, sizeof grid, "G-%02d%02d", row + 1, col + 1);
    c.grid = grid;
    c.overdue = u(rng_) < 0.08;
    c.reopen = u(rng_) < 0.05;
    c.cancel = u(rng_) < 0.02;
    cases_.push_back(c);
    planLifecycle(uint32_t(cases_.size() - 1), now_);
    const TimeMs t = now_;
    scheduleArrival();
    return {t, caseJson(cases_.back(), CaseStatus::reported, t, true)};
  }
  const Scheduled s = schedule_.top();
  schedule_.pop();
  now_ = s.time;
  SimCase& c = cases_[s.caseIndex];
  if (s.status == CaseStatus::closed && c.reopen && !c.reopened) {
    // The citizen was not satisfied: the case comes back and is handled again.
    c.reopened = true;
    std::uniform_real_distribution<double> u(60, 180);
    const TimeMs back = s.time + TimeMs(u(rng_) * kMinute);
    schedule_.push({back, s.caseIndex, CaseStatus::inProgress});
    schedule_.push({back + 2 * kHour, s.caseIndex, CaseStatus::resolved});
    schedule_.push({back + 3 * kHour, s.caseIndex, CaseStatus::closed});
  }
  return {s.time, caseJson(c, s.status, s.time, false)};
}

}  // namespace citywall::tools
