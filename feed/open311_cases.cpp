#include "feed/open311_cases.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "geo/json_text.h"

namespace citywall::feed {

Open311Cases::Open311Cases(Open311Mapping mapping) : mapping_(std::move(mapping)) {}

namespace {

void appendNumber(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
  out.append(buf, end);
}

void appendKey(std::string& out, std::string_view key) {
  out += ',';
  geo::appendJsonString(out, key);
  out += ':';
}

void appendText(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  appendKey(out, key);
  geo::appendJsonString(out, value);
}

}  // namespace

std::string Open311Cases::category(const Open311Request& r) const {
  const std::string& code = r.serviceCode.empty() ? r.serviceName : r.serviceCode;
  if (auto it = mapping_.categories.find(code); it != mapping_.categories.end()) return it->second;
  std::string c = mapping_.categoryPrefix;
  for (char ch : code) {
    const auto u = static_cast<unsigned char>(ch);
    c += std::isalnum(u) ? char(std::tolower(u)) : '_';
  }
  if (code.empty()) c += "unknown";
  return c;
}

std::optional<std::string> Open311Cases::status(const Open311Request& r) {
  auto it = mapping_.statuses.find(r.status);
  if (it == mapping_.statuses.end()) return std::nullopt;
  return it->second;
}

void Open311Cases::appendCase(std::string& out, const Open311Request& r, live::TimeMs time, const std::string& status,
                              bool full) const {
  out += out.empty() ? R"({"type":"batch","events":[)" : ",";
  out += R"({"type":"case")";
  appendText(out, "id", r.id);
  appendKey(out, "time");
  out += std::to_string(time);
  appendText(out, "status", status);
  if (full) {
    appendText(out, "category", category(r));
    if (r.lat && r.lon) {
      appendKey(out, "lon"), appendNumber(out, *r.lon);
      appendKey(out, "lat"), appendNumber(out, *r.lat);
      appendText(out, "crs", mapping_.crs);
    }
    appendText(out, "title", r.serviceName.empty() ? r.serviceCode : r.serviceName);
    appendText(out, "description", r.description);
    appendText(out, "address", r.address);
    appendText(out, "agency", r.agency);
    appendText(out, "source", mapping_.source);
    if (r.expected) appendKey(out, "due"), out += std::to_string(*r.expected);
  }
  std::string props;
  for (auto [key, value] : {std::pair<std::string_view, const std::string*>{"service_code", &r.serviceCode},
                            {"status_notes", &r.statusNotes},
                            {"media_url", &r.mediaUrl}}) {
    if (!full && key != "status_notes") continue;
    appendText(props, key, *value);
  }
  if (!props.empty()) {
    props[0] = '{';
    appendKey(out, "props");
    out += props;
    out += '}';
  }
  out += '}';
}

size_t Open311Cases::toFrame(const std::vector<Open311Request>& requests, std::string& frame) {
  frame.clear();
  size_t changed = 0;
  const std::string reportStatus = mapping_.statuses.count("open") ? mapping_.statuses.at("open") : "reported";
  for (const Open311Request& r : requests) {
    const live::TimeMs version = r.updated ? *r.updated : *r.requested;  // parsing guaranteed one of them
    auto known = known_.find(r.id);
    if (known != known_.end() && version <= known->second.version) {
      ++duplicates_;
      continue;
    }
    const auto refuse = [&](live::RejectReason why) {
      auto [it, fresh] = refusedVersions_.try_emplace(r.id, version);
      if (fresh || it->second != version) rejected_.add(why), it->second = version;
    };
    const std::optional<std::string> mapped = status(r);
    live::CaseStatus parsed;
    if (!mapped || !live::parseCaseStatus(*mapped, parsed)) {
      refuse(live::RejectReason::badValue);
      continue;
    }
    if (known == known_.end()) {
      if (r.badPosition || !r.lat) {  // a new case needs a place
        refuse(live::RejectReason::badCoordinates);
        continue;
      }
      const live::TimeMs reported = r.requested.value_or(version);
      appendCase(frame, r, reported, reportStatus, true);
      if (*mapped != reportStatus) appendCase(frame, r, std::max(version, reported), *mapped, false);
      known = known_.emplace(r.id, Known{version, reported, true}).first;
      refreshOrder_.push_back(r.id);
    } else {
      Open311Request update = r;
      if (update.badPosition) update.lat.reset(), update.lon.reset();  // keep where it was
      appendCase(frame, update, version, *mapped, true);
      known->second.version = version;
    }
    known->second.open = !live::isTerminal(parsed);
    refusedVersions_.erase(r.id);
    ++changed;
  }
  if (!frame.empty()) frame += "]}";
  return changed;
}

std::vector<std::string> Open311Cases::openIdsToRefresh(size_t n, live::TimeMs before) {
  std::vector<std::string> ids;
  if (refreshNext_ >= refreshOrder_.size()) refreshNext_ = 0;
  for (size_t looked = 0; looked < refreshOrder_.size() && ids.size() < n; ++looked) {
    const std::string& id = refreshOrder_[refreshNext_];
    refreshNext_ = (refreshNext_ + 1) % refreshOrder_.size();
    const Known& k = known_.at(id);
    if (k.open && k.requested < before) ids.push_back(id);
  }
  return ids;
}

}  // namespace citywall::feed

namespace citywall::feed {

void Open311Cases::forgetClosedBefore(live::TimeMs before) {
  std::erase_if(known_, [&](const auto& entry) { return !entry.second.open && entry.second.version < before; });
  std::erase_if(refreshOrder_, [&](const std::string& id) { return !known_.count(id); });
  refreshNext_ = 0;
}

}  // namespace citywall::feed
