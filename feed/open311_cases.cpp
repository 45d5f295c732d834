#include "feed/open311_cases.h"

#include <algorithm>
#include <cctype>

#include "feed/v1_writer.h"

namespace citywall::feed {

Open311Cases::Open311Cases(Open311Mapping mapping) : mapping_(std::move(mapping)) {}


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
  v1::openMessage(out, "case");
  v1::text(out, "id", r.id);
  v1::key(out, "time");
  out += std::to_string(time);
  v1::text(out, "status", status);
  if (full) {
    v1::text(out, "category", category(r));
    if (r.lat && r.lon) {
      v1::key(out, "lon"), v1::number(out, *r.lon);
      v1::key(out, "lat"), v1::number(out, *r.lat);
      v1::text(out, "crs", mapping_.crs);
    }
    v1::text(out, "title", r.serviceName.empty() ? r.serviceCode : r.serviceName);
    v1::text(out, "description", r.description);
    v1::text(out, "address", r.address);
    v1::text(out, "agency", r.agency);
    v1::text(out, "source", mapping_.source);
    if (r.expected) v1::key(out, "due"), out += std::to_string(*r.expected);
  }
  std::string props;
  for (auto [key, value] : {std::pair<std::string_view, const std::string*>{"service_code", &r.serviceCode},
                            {"status_notes", &r.statusNotes},
                            {"media_url", &r.mediaUrl}}) {
    if (!full && key != "status_notes") continue;
    v1::text(props, key, *value);
  }
  if (!props.empty()) {
    props[0] = '{';
    v1::key(out, "props");
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
  v1::closeBatch(frame);
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
