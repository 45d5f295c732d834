// open311_requests.cpp — GeoReport v2 bodies (JSON and XML) to requests.
//
// Both forms go through the same field table: each field of a request
// arrives as text (a JSON number as its digits) and is set by name, so
// JSON and XML accept and refuse exactly the same things.

#include "feed/open311_requests.h"

#include <simdjson.h>

#include <pugixml.hpp>

#include <cctype>
#include <charconv>
#include <cmath>

#include "feed/decoder.h"
#include "geo/json_text.h"
#include "geo/time.h"

namespace citywall::feed {


namespace {

using live::RejectReason;

bool parseNumber(std::string_view text, double& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

// What one request's fields said, before they are judged together.
struct Draft {
  Open311Request r;
  std::string lat, lon;
  bool badTime = false;
};

void setField(Draft& d, std::string_view key, std::string_view text) {
  Open311Request& r = d.r;
  auto time = [&](std::optional<live::TimeMs>& out) {
    if (text.empty()) return;
    live::TimeMs t;
    if (geo::parseRfc3339OrUtc(text, t)) out = t;
    else d.badTime = true;
  };
  if (key == "service_request_id") r.id.assign(text);
  else if (key == "status") {
    r.status.assign(text);
    for (char& c : r.status) c = char(std::tolower(static_cast<unsigned char>(c)));
  } else if (key == "status_notes") r.statusNotes.assign(text);
  else if (key == "service_code") r.serviceCode.assign(text);
  else if (key == "service_name") r.serviceName.assign(text);
  else if (key == "description") r.description.assign(text);
  else if (key == "agency_responsible") r.agency.assign(text);
  else if (key == "address") r.address.assign(text);
  else if (key == "media_url") r.mediaUrl.assign(text);
  else if (key == "requested_datetime") time(r.requested);
  else if (key == "updated_datetime") time(r.updated);
  else if (key == "expected_datetime") time(r.expected);
  else if (key == "lat") d.lat.assign(text);
  else if (key == "long") d.lon.assign(text);
}

// The request, or why it cannot be used.
std::optional<RejectReason> finish(Draft& d) {
  Open311Request& r = d.r;
  if (r.id.empty()) return RejectReason::missingField;
  // An id is matched byte for byte later: one that is not UTF-8 cannot be
  // written back unchanged, so it is refused rather than altered (fuzz_open311).
  if (r.id.size() > kMaxIdBytes || !geo::isUtf8(r.id)) return RejectReason::badValue;
  if (d.badTime) return RejectReason::badValue;
  if (!r.requested && !r.updated) return RejectReason::missingField;
  if (r.status.empty()) return RejectReason::missingField;
  if (!d.lat.empty() || !d.lon.empty()) {
    double lat, lon;
    if (!parseNumber(d.lat, lat) || !parseNumber(d.lon, lon) || std::abs(lat) > 90 || std::abs(lon) > 180)
      r.badPosition = true;
    else if (lat != 0 || lon != 0)  // (0, 0): servers' way of saying "no location"
      r.lat = lat, r.lon = lon;
  }
  return std::nullopt;
}

void add(Open311Page& page, Draft& d) {
  if (auto why = finish(d)) page.rejected.add(*why);
  else page.requests.push_back(std::move(d.r));
}

// A JSON value as the text a field reads: strings as they are, numbers as
// written; false for null, objects, arrays and booleans (ignored).
bool jsonText(simdjson::dom::element v, std::string& out) {
  std::string_view s;
  if (!v.get_string().get(s)) return out.assign(s), true;
  if (v.is_number()) return out = simdjson::minify(v), true;
  return false;
}

std::string errorList(const std::vector<std::pair<std::string, std::string>>& errors) {
  std::string e = "the server answered with an error:";
  for (const auto& [code, description] : errors) e += " " + code + " " + description + ";";
  e.pop_back();
  return e;
}

}  // namespace

Open311Page parseOpen311Json(std::string_view body) {
  Open311Page page;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body.data(), body.size()).get(root)) {
    page.malformed = true;
    page.error = "not JSON";
    return page;
  }
  simdjson::dom::array list;
  if (root.get_array().get(list)) {
    // Some servers wrap the list: {"service_requests": [...]} or {"requests": [...]}.
    simdjson::dom::object o;
    if (root.get_object().get(o) || (o["service_requests"].get_array().get(list) && o["requests"].get_array().get(list))) {
      page.malformed = true;
      page.error = "not a list of service requests";
      return page;
    }
  }
  std::vector<std::pair<std::string, std::string>> errors;
  for (simdjson::dom::element item : list) {
    simdjson::dom::object o;
    if (item.get_object().get(o)) {
      page.rejected.add(RejectReason::badValue);
      continue;
    }
    Draft d;
    std::string text, code, description;
    for (auto [key, value] : o) {
      if (!jsonText(value, text)) continue;
      if (key == "code") code = text;
      else if (key == "description") description = text;
      setField(d, key, text);
    }
    if (d.r.id.empty() && !code.empty()) {  // {"code": 403, "description": "Invalid api_key"}
      errors.emplace_back(code, description);
      continue;
    }
    add(page, d);
  }
  if (!errors.empty() && page.requests.empty()) page.error = errorList(errors);
  return page;
}

Open311Page parseOpen311Xml(std::string_view body) {
  Open311Page page;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8)) {
    page.malformed = true;
    page.error = "not XML";
    return page;
  }
  if (pugi::xml_node errors = doc.child("errors")) {
    std::vector<std::pair<std::string, std::string>> list;
    for (pugi::xml_node e : errors.children("error"))
      list.emplace_back(e.child_value("code"), e.child_value("description"));
    if (list.empty()) list.emplace_back("?", "an empty <errors>");
    page.error = errorList(list);
    return page;
  }
  pugi::xml_node root = doc.child("service_requests");
  if (!root) {
    page.malformed = true;
    page.error = "not a <service_requests> document";
    return page;
  }
  for (pugi::xml_node request : root.children()) {
    if (request.type() != pugi::node_element) continue;
    if (std::string_view(request.name()) != "request") {
      page.rejected.add(RejectReason::unknownType);
      continue;
    }
    Draft d;
    for (pugi::xml_node field : request.children())
      if (field.type() == pugi::node_element) setField(d, field.name(), field.child_value());
    add(page, d);
  }
  return page;
}

}  // namespace citywall::feed
