#include "feed/open311_window.h"

#include <algorithm>
#include <cctype>

#include "geo/time.h"

namespace citywall::feed {

namespace {

constexpr live::TimeMs kSecond = 1000;

live::TimeMs floorSecond(live::TimeMs t) { return t - ((t % kSecond) + kSecond) % kSecond; }
live::TimeMs ceilSecond(live::TimeMs t) { return -floorSecond(-t); }

void appendEncoded(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') out += c;
    else out += '%', out += kHex[u >> 4], out += kHex[u & 15];
  }
}

void appendParam(std::string& target, std::string_view key, std::string_view value) {
  target += target.find('?') == std::string::npos ? '?' : '&';
  target += key;
  target += '=';
  appendEncoded(target, value);
}

void appendAccess(std::string& target, const Open311Options& o) {
  if (!o.jurisdictionId.empty()) appendParam(target, "jurisdiction_id", o.jurisdictionId);
  if (!o.apiKey.empty()) appendParam(target, "api_key", o.apiKey);
}

}  // namespace

Open311Windows::Open311Windows(const Open311Options& o, live::TimeMs now)
    : cursor_(floorSecond(now - live::TimeMs(o.backfillDays) * 24 * 3600 * kSecond)),
      overlap_(std::chrono::duration_cast<std::chrono::milliseconds>(o.overlap).count()),
      span_(std::max<live::TimeMs>(kSecond, std::chrono::duration_cast<std::chrono::milliseconds>(o.windowSpan).count())) {}

Open311Span Open311Windows::next(live::TimeMs now) const {
  Open311Span s;
  s.from = floorSecond(cursor_ - overlap_);
  s.to = ceilSecond(std::min(now, cursor_ + span_));
  if (s.to <= s.from) s.to = s.from + kSecond;
  return s;
}

std::string open311QueryTime(live::TimeMs t) {
  std::string s = geo::formatRfc3339(floorSecond(t));  // "…T08:00:00.000Z"
  if (const auto dot = s.rfind('.'); dot != std::string::npos) s.erase(dot, s.size() - 1 - dot);
  return s;
}

std::string open311WindowTarget(const std::string& base, const Open311Options& o, const Open311Span& span, int page) {
  std::string t = base;
  const bool updated = o.window == Open311Window::updated;
  appendParam(t, updated ? "updated_after" : "start_date", open311QueryTime(span.from));
  appendParam(t, updated ? "updated_before" : "end_date", open311QueryTime(span.to));
  appendParam(t, "page", std::to_string(page));
  appendParam(t, "page_size", std::to_string(o.pageSize));
  appendAccess(t, o);
  return t;
}

std::string open311IdsTarget(const std::string& base, const Open311Options& o, const std::vector<std::string>& ids) {
  std::string t = base, list;
  for (const auto& id : ids) list += (list.empty() ? "" : ",") + id;
  appendParam(t, "service_request_id", list);
  appendAccess(t, o);
  return t;
}

}  // namespace citywall::feed
