#include "tools/feed_sim/replay.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

#include "assets/asset_error.h"
#include "geo/time.h"

namespace citywall::tools {

using live::kHour;
using live::kMinute;
using live::TimeMs;

std::vector<std::string> splitCsvLine(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

namespace {

// Day of month of the n-th Sunday of a month (US DST rules since 2007).
int nthSunday(int year, int month, int n) {
  const int64_t first = geo::daysFromCivil(year, unsigned(month), 1);
  const int weekday = int(((first % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday (4)
  return 1 + (7 - weekday) % 7 + 7 * (n - 1);
}

std::string slug(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += char(std::tolower(c));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string timeText(TimeMs t, bool epoch) { return epoch ? std::to_string(t) : jsonString(geo::formatRfc3339(t)); }

std::string positionText(live::LonLat p, geo::Crs crs) {
  geo::LonLat out{p.lon, p.lat};
  const char* name = "WGS84";
  if (crs == geo::Crs::gcj02) out = geo::wgs84ToGcj02(out), name = "GCJ02";
  if (crs == geo::Crs::bd09) out = geo::gcj02ToBd09(geo::wgs84ToGcj02(out)), name = "BD09";
  char buf[96];
  std::snprintf(buf, sizeof buf, R"("lon":%.9f,"lat":%.9f,"crs":"%s")", out.lon, out.lat, name);
  return buf;
}

// Messages whose time is filled in when sent: prefix + time + suffix.
struct Pending {
  TimeMs time;
  std::string prefix, suffix;
};

class PreparedSource : public MessageSource {
 public:
  PreparedSource(std::vector<SimMessage> registrations, std::vector<Pending> messages, const ReplayOptions& o)
      : registrations_(std::move(registrations)), messages_(std::move(messages)), options_(o) {
    std::stable_sort(messages_.begin(), messages_.end(), [](const Pending& a, const Pending& b) { return a.time < b.time; });
    if (!messages_.empty() && o.shiftTo) shift_ = o.shiftTo - messages_.front().time;
  }
  std::vector<SimMessage> registrations() const override { return registrations_; }
  std::optional<SimMessage> next() override {
    if (next_ >= messages_.size()) return std::nullopt;
    const Pending& p = messages_[next_++];
    const TimeMs t = p.time + shift_;
    return SimMessage{t, p.prefix + timeText(t, options_.epochTimes) + p.suffix};
  }

 private:
  std::vector<SimMessage> registrations_;
  std::vector<Pending> messages_;
  ReplayOptions options_;
  TimeMs shift_ = 0;
  size_t next_ = 0;
};

std::vector<std::string> lines(const std::string& path) {
  std::string bytes;
  try {
    bytes = assets::readFileBytes(path);
  } catch (const assets::AssetError& e) {
    throw std::runtime_error(e.what());
  }
  std::vector<std::string> out;
  std::istringstream in(bytes);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(std::move(l));
  if (out.size() < 2) throw std::runtime_error(path + ": no data rows");
  return out;
}

size_t column(const std::vector<std::string>& header, const std::string& name, const std::string& path) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) throw std::runtime_error(path + ": no column \"" + name + "\"");
  return size_t(it - header.begin());
}

}  // namespace

bool parseNycTime(std::string_view s, TimeMs& out) {
  int mo, d, y, h, mi, se;
  char ampm[3] = {0};
  if (std::sscanf(std::string(s).c_str(), "%2d/%2d/%4d %2d:%2d:%2d %2s", &mo, &d, &y, &h, &mi, &se, ampm) != 7) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 1 || h > 12 || mi > 59 || se > 59) return false;
  const std::string ap(ampm);
  if (ap != "AM" && ap != "PM") return false;
  h = h % 12 + (ap == "PM" ? 12 : 0);
  // New York: EDT (UTC−4) from the second Sunday of March 02:00 to the first
  // Sunday of November 02:00, EST (UTC−5) otherwise.
  const int local = ((mo * 32 + d) * 24 + h);
  const int start = ((3 * 32 + nthSunday(y, 3, 2)) * 24 + 2), end = ((11 * 32 + nthSunday(y, 11, 1)) * 24 + 2);
  const int offsetHours = (local >= start && local < end) ? -4 : -5;
  out = (geo::daysFromCivil(y, unsigned(mo), unsigned(d)) * 86400 + h * 3600 + mi * 60 + se - offsetHours * 3600) * 1000;
  return true;
}

std::unique_ptr<MessageSource> loadNyc311(const std::string& path, const ReplayOptions& o) {
  const auto rows = lines(path);
  const auto header = splitCsvLine(rows[0]);
  const size_t key = column(header, "Unique Key", path), created = column(header, "Created Date", path),
               closed = column(header, "Closed Date", path), agency = column(header, "Agency", path),
               type = column(header, "Complaint Type", path), descriptor = column(header, "Descriptor", path),
               address = column(header, "Incident Address", path), status = column(header, "Status", path),
               lat = column(header, "Latitude", path), lon = column(header, "Longitude", path),
               borough = column(header, "Borough", path), channel = column(header, "Open Data Channel Type", path);
  // NYC statuses → the protocol's closed loop (as the Node peer maps them).
  const std::map<std::string, std::string> statusMap = {{"Open", "dispatched"},      {"Assigned", "dispatched"},
                                                        {"In Progress", "in_progress"}, {"Started", "in_progress"},
                                                        {"Pending", "filed"},        {"Closed", "closed"}};
  const std::map<std::string, std::string> sourceMap = {{"PHONE", "hotline"}, {"ONLINE", "web"}, {"MOBILE", "app"}};
  std::vector<Pending> messages;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto f = splitCsvLine(rows[r]);
    if (f.size() < header.size()) continue;
    TimeMs t0;
    if (!parseNycTime(f[created], t0) || f[lat].empty() || f[lon].empty()) continue;  // as in the source: 97 rows lack coordinates
    const live::LonLat p{std::stod(f[lon]), std::stod(f[lat])};
    const std::string id = jsonString(f[key]);
    const auto src = sourceMap.find(f[channel]);
    messages.push_back({t0, R"({"type":"case","id":)" + id + R"(,"time":)",
                        R"(,"status":"reported","category":)" + jsonString("nyc." + slug(f[type])) + "," +
                            positionText(p, o.crs) + R"(,"title":)" + jsonString(f[descriptor]) + R"(,"address":)" +
                            jsonString(f[address]) + R"(,"agency":)" + jsonString(f[agency]) + R"(,"source":)" +
                            jsonString(src != sourceMap.end() ? src->second : "other") + R"(,"props":{"borough":)" +
                            jsonString(f[borough]) + R"(,"nyc_status":)" + jsonString(f[status]) + "}}"});
    const auto mapped = statusMap.find(f[status]);
    const std::string final = mapped != statusMap.end() ? mapped->second : "filed";
    TimeMs t1;
    if (!parseNycTime(f[closed], t1) || t1 < t0) t1 = t0 + kMinute;
    messages.push_back({t1, R"({"type":"case","id":)" + id + R"(,"time":)", R"(,"status":")" + final + "\"}"});
  }
  return std::make_unique<PreparedSource>(std::vector<SimMessage>{}, std::move(messages), o);
}

std::unique_ptr<MessageSource> loadBeijingAirQuality(const std::string& hourlyPath, const std::string& stationsPath,
                                                     const ReplayOptions& o) {
  const auto stations = lines(stationsPath);
  const auto sh = splitCsvLine(stations[0]);
  const size_t sName = column(sh, "station", stationsPath), sZh = column(sh, "name_zh", stationsPath),
               sLon = column(sh, "lon", stationsPath), sLat = column(sh, "lat", stationsPath);
  std::vector<SimMessage> registrations;
  std::map<std::string, std::string> ids;
  for (size_t r = 1; r < stations.size(); ++r) {
    const auto f = splitCsvLine(stations[r]);
    if (f.size() < sh.size()) continue;
    const std::string id = "aq-" + slug(f[sName]);
    ids[f[sName]] = id;
    // China's AQI bands for 24-hour PM2.5: 75 µg/m³ starts "light
    // pollution", 150 "heavy"; used as the warn and alarm levels.
    registrations.push_back({0, R"({"type":"sensor","id":)" + jsonString(id) + R"(,"kind":"air_quality","name":)" +
                                    jsonString(f[sZh]) + "," +
                                    positionText({std::stod(f[sLon]), std::stod(f[sLat])}, o.crs) +
                                    R"(,"thresholds":{"pm25":{"warn":75,"alarm":150},"pm10":{"warn":150,"alarm":250}}})"});
  }
  const auto rows = lines(hourlyPath);
  const auto h = splitCsvLine(rows[0]);
  const size_t cy = column(h, "year", hourlyPath), cm = column(h, "month", hourlyPath), cd = column(h, "day", hourlyPath),
               ch = column(h, "hour", hourlyPath), cs = column(h, "station", hourlyPath);
  const std::pair<const char*, const char*> metrics[] = {{"PM2.5", "pm25"}, {"PM10", "pm10"}, {"SO2", "so2"},
                                                         {"NO2", "no2"},   {"CO", "co"},     {"O3", "o3"}};
  std::vector<std::pair<size_t, const char*>> cols;
  for (const auto& [csv, name] : metrics) cols.emplace_back(column(h, csv, hourlyPath), name);
  std::vector<Pending> messages;
  messages.reserve(rows.size());
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto f = splitCsvLine(rows[r]);
    if (f.size() < h.size()) continue;
    const auto id = ids.find(f[cs]);
    if (id == ids.end()) continue;
    // Beijing local time, UTC+8.
    const TimeMs t = (geo::daysFromCivil(std::stoi(f[cy]), unsigned(std::stoi(f[cm])), unsigned(std::stoi(f[cd]))) * 86400 +
                      (std::stoi(f[ch]) - 8) * 3600) * 1000;
    std::string values;
    for (const auto& [c, name] : cols)
      if (!f[c].empty() && f[c] != "NA") values += (values.empty() ? "\"" : ",\"") + std::string(name) + "\":" + f[c];
    if (values.empty()) continue;  // every value missing that hour
    messages.push_back({t, R"({"type":"obs","sensor":)" + jsonString(id->second) + R"(,"time":)",
                        R"(,"values":{)" + values + "}}"});
  }
  return std::make_unique<PreparedSource>(std::move(registrations), std::move(messages), o);
}

}  // namespace citywall::tools
