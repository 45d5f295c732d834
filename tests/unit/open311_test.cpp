// Open311 GeoReport v2, the parts without a network: bodies (JSON and XML,
// as real servers write them) → requests; requests → protocol v1 case
// messages, each version once; the polling windows and their queries; and
// the feed URLs of every kind.

#include <gtest/gtest.h>

#include "feed/decoder.h"
#include "feed/feed_url.h"
#include "feed/http_get.h"
#include "feed/open311_cases.h"
#include "feed/open311_requests.h"
#include "feed/open311_window.h"
#include "geo/json_text.h"
#include "geo/time.h"

using namespace citywall;
using live::RejectReason;

namespace {

live::TimeMs at(const char* rfc3339) {
  live::TimeMs t = 0;
  EXPECT_TRUE(geo::parseRfc3339(rfc3339, t)) << rfc3339;
  return t;
}

// Decodes a frame the way every feed's frames are decoded.
std::vector<live::CaseUpdate> decodeCases(const std::string& frame) {
  feed::Decoder d;
  std::vector<live::FeedEvent> events;
  d.decode(frame, events);
  EXPECT_EQ(d.stats().rejected.total(), 0u) << frame;
  std::vector<live::CaseUpdate> out;
  for (auto& e : events) out.push_back(std::get<live::CaseUpdate>(e));
  return out;
}

// The shape of SeeClickFix and Chicago answers: ids and coordinates as numbers
// or strings, a time without an offset, extra fields.
const char* kJson = R"([
 {"service_request_id":638344,"status":"Closed","status_notes":"Filled","service_name":"Pot Hole in Street",
  "service_code":"PHF","description":"deep","agency_responsible":"CDOT","requested_datetime":"2024-09-01T08:00:00-05:00",
  "updated_datetime":"2024-09-02T10:30:00-05:00","expected_datetime":null,"address":"1 N State St","lat":41.8827,
  "long":"-87.6278","media_url":"https://example.org/p.jpg","extra":{"x":1}},
 {"service_request_id":"SR-2","status":"open","service_code":"SLO","requested_datetime":"2024-09-03 12:00:00",
  "lat":0,"long":0},
 {"status":"open","requested_datetime":"2024-09-03T12:00:00Z"},
 {"service_request_id":"SR-4","status":"open","requested_datetime":"yesterday"},
 {"service_request_id":"SR-5","status":"open","requested_datetime":"2024-09-03T12:00:00Z","lat":"north","long":1}
])";

}  // namespace

TEST(Open311Requests, JsonAsServersWriteIt) {
  const feed::Open311Page page = feed::parseOpen311Json(kJson);
  EXPECT_TRUE(page.error.empty()) << page.error;
  ASSERT_EQ(page.requests.size(), 3u);
  const feed::Open311Request& r = page.requests[0];
  EXPECT_EQ(r.id, "638344");
  EXPECT_EQ(r.status, "closed");  // lower case
  EXPECT_EQ(r.serviceName, "Pot Hole in Street");
  EXPECT_EQ(r.statusNotes, "Filled");
  EXPECT_EQ(*r.requested, at("2024-09-01T13:00:00Z"));
  EXPECT_EQ(*r.updated, at("2024-09-02T15:30:00Z"));
  EXPECT_FALSE(r.expected);
  EXPECT_DOUBLE_EQ(*r.lat, 41.8827);
  EXPECT_DOUBLE_EQ(*r.lon, -87.6278);
  EXPECT_EQ(r.mediaUrl, "https://example.org/p.jpg");
  // No offset: UTC. (0, 0): no place.
  EXPECT_EQ(*page.requests[1].requested, at("2024-09-03T12:00:00Z"));
  EXPECT_FALSE(page.requests[1].lat);
  EXPECT_FALSE(page.requests[1].badPosition);
  EXPECT_TRUE(page.requests[2].badPosition);
  EXPECT_EQ(page.rejected[RejectReason::missingField], 1u);  // no id
  EXPECT_EQ(page.rejected[RejectReason::badValue], 1u);      // a time that is not one
}

TEST(Open311Requests, ErrorsMalformedBodiesAndWrappedLists) {
  auto e = feed::parseOpen311Json(R"([{"code":403,"description":"Invalid api_key"}])");
  EXPECT_FALSE(e.malformed);
  EXPECT_NE(e.error.find("403 Invalid api_key"), std::string::npos) << e.error;
  auto cut = feed::parseOpen311Json(R"([{"service_request_id":"1","sta)");
  EXPECT_TRUE(cut.malformed);
  auto object = feed::parseOpen311Json(R"({"message":"rate limited"})");
  EXPECT_TRUE(object.malformed);
  auto wrapped = feed::parseOpen311Json(
      R"({"service_requests":[{"service_request_id":"1","status":"open","requested_datetime":"2024-09-03T12:00:00Z"}]})");
  EXPECT_EQ(wrapped.requests.size(), 1u);
  EXPECT_TRUE(feed::parseOpen311Json("[]").requests.empty());
  EXPECT_TRUE(feed::parseOpen311Json("[]").error.empty());
  auto notObjects = feed::parseOpen311Json(R"([1, "two"])");
  EXPECT_EQ(notObjects.rejected[RejectReason::badValue], 2u);
}

TEST(Open311Requests, XmlLikeTheSpecificationsExample) {
  const char* xml = R"(<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <status>closed</status>
    <status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk and Curb Issues</service_name>
    <service_code>006</service_code>
    <description><![CDATA[Cracked & lifted]]></description>
    <agency_responsible></agency_responsible>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
    <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
    <address>8TH AVE and JUDAH ST</address>
    <lat>37.762221815</lat>
    <long>-122.4651145</long>
  </request>
  <request><status>open</status></request>
  <comment>not a request</comment>
</service_requests>)";
  const feed::Open311Page page = feed::parseOpen311Xml(xml);
  ASSERT_EQ(page.requests.size(), 1u);
  const feed::Open311Request& r = page.requests[0];
  EXPECT_EQ(r.id, "638344");
  EXPECT_EQ(r.serviceCode, "006");
  EXPECT_EQ(r.description, "Cracked & lifted");
  EXPECT_EQ(*r.expected, at("2010-04-15T14:37:38Z"));
  EXPECT_DOUBLE_EQ(*r.lon, -122.4651145);
  EXPECT_EQ(page.rejected[RejectReason::missingField], 1u);
  EXPECT_EQ(page.rejected[RejectReason::unknownType], 1u);

  auto errors = feed::parseOpen311Xml("<errors><error><code>400</code><description>bad date</description></error></errors>");
  EXPECT_NE(errors.error.find("400 bad date"), std::string::npos) << errors.error;
  EXPECT_TRUE(feed::parseOpen311Xml("<service_requests><request>").malformed);
  EXPECT_TRUE(feed::parseOpen311Xml("<html>502</html>").malformed);
}

TEST(Open311Cases, ANewClosedRequestIsItsReportAndItsClosure) {
  feed::Open311Cases cases({});
  const auto page = feed::parseOpen311Json(kJson);
  std::string frame;
  EXPECT_EQ(cases.toFrame(page.requests, frame), 1u);  // the other two have no place
  const auto events = decodeCases(frame);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, "638344");
  EXPECT_EQ(events[0].status, live::CaseStatus::filed);
  EXPECT_EQ(events[0].time, at("2024-09-01T13:00:00Z"));
  EXPECT_EQ(*events[0].category, "open311.phf");
  EXPECT_EQ(*events[0].title, "Pot Hole in Street");
  EXPECT_EQ(*events[0].agency, "CDOT");
  EXPECT_EQ(*events[0].source, "open311");
  EXPECT_DOUBLE_EQ(events[0].position->lat, 41.8827);
  EXPECT_EQ(events[1].status, live::CaseStatus::closed);
  EXPECT_EQ(events[1].time, at("2024-09-02T15:30:00Z"));
  EXPECT_FALSE(events[1].category);  // the closure says only what changed
  ASSERT_EQ(events[1].props.size(), 1u);
  EXPECT_EQ(events[1].props[0], (std::pair<std::string, std::string>{"status_notes", "Filled"}));
  EXPECT_EQ(cases.rejected()[RejectReason::badCoordinates], 2u);

  // The same page again (overlapping windows): nothing new, nothing counted twice.
  EXPECT_EQ(cases.toFrame(page.requests, frame), 0u);
  EXPECT_TRUE(frame.empty());
  EXPECT_EQ(cases.duplicates(), 1u);
  EXPECT_EQ(cases.rejected()[RejectReason::badCoordinates], 2u);
}

TEST(Open311Cases, UpdatesDeadlinesStatusesAndTheMapping) {
  feed::Open311Mapping mapping;
  mapping.categories["PHF"] = "city.road.pothole";
  mapping.statuses["pending"] = "dispatched";
  mapping.crs = "GCJ02";
  feed::Open311Cases cases(mapping);
  feed::Open311Request r;
  r.id = "SR-9", r.status = "open", r.serviceCode = "PHF";
  r.requested = at("2026-11-30T08:00:00Z"), r.updated = r.requested, r.expected = at("2026-11-30T16:00:00Z");
  r.lat = 31.2304, r.lon = 121.4737;
  std::string frame;
  ASSERT_EQ(cases.toFrame({r}, frame), 1u);
  auto first = decodeCases(frame);
  ASSERT_EQ(first.size(), 1u);  // open and not changed since: the report alone
  EXPECT_EQ(*first[0].category, "city.road.pothole");
  EXPECT_EQ(*first[0].due, at("2026-11-30T16:00:00Z"));
  EXPECT_NE(first[0].position->lon, 121.4737);  // GCJ-02 converted to WGS84 by the decoder

  r.status = "pending", r.updated = at("2026-11-30T09:00:00Z"), r.statusNotes = "crew sent";
  ASSERT_EQ(cases.toFrame({r}, frame), 1u);
  auto update = decodeCases(frame);
  ASSERT_EQ(update.size(), 1u);
  EXPECT_EQ(update[0].status, live::CaseStatus::dispatched);
  EXPECT_EQ(update[0].time, at("2026-11-30T09:00:00Z"));

  // An older version than the one held: a duplicate, not a step back.
  r.status = "open", r.updated = at("2026-11-30T08:30:00Z");
  EXPECT_EQ(cases.toFrame({r}, frame), 0u);
  // A status nobody mapped: refused once per version.
  r.status = "on hold", r.updated = at("2026-11-30T10:00:00Z");
  EXPECT_EQ(cases.toFrame({r, r}, frame), 0u);
  EXPECT_EQ(cases.rejected()[RejectReason::badValue], 1u);

  // Open and old: offered for a refresh by id; once closed and long past, forgotten.
  EXPECT_EQ(cases.openIdsToRefresh(10, at("2026-12-01T00:00:00Z")), std::vector<std::string>{"SR-9"});
  EXPECT_TRUE(cases.openIdsToRefresh(10, at("2026-11-30T00:00:00Z")).empty());
  r.status = "closed", r.updated = at("2026-11-30T11:00:00Z");
  ASSERT_EQ(cases.toFrame({r}, frame), 1u);
  EXPECT_TRUE(cases.openIdsToRefresh(10, at("2026-12-01T00:00:00Z")).empty());
  EXPECT_EQ(cases.known(), 1u);
  cases.forgetClosedBefore(at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(cases.known(), 0u);
}

TEST(Open311Cases, TextIsEscapedIntoValidMessages) {
  feed::Open311Cases cases({});
  feed::Open311Request r;
  r.id = "A\"1", r.status = "open", r.requested = at("2026-11-30T08:00:00Z");
  r.description = "line\nbreak \\ \"quoted\" 路面", r.lat = 40, r.lon = -73;
  std::string frame;
  ASSERT_EQ(cases.toFrame({r}, frame), 1u);
  auto events = decodeCases(frame);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, "A\"1");
  EXPECT_EQ(*events[0].description, "line\nbreak \\ \"quoted\" 路面");
}

TEST(Open311Window, BackfillInSpansThenSlidingWithOverlap) {
  feed::Open311Options o;
  o.backfillDays = 2;
  o.windowSpan = std::chrono::hours(24);
  o.overlap = std::chrono::seconds(300);
  const live::TimeMs now = at("2026-12-01T08:00:00.250Z");
  feed::Open311Windows w(o, now);
  auto first = w.next(now);
  EXPECT_EQ(first.from, at("2026-11-29T07:55:00Z"));  // two days back, less the overlap
  EXPECT_EQ(first.to, at("2026-11-30T08:00:00Z"));
  EXPECT_TRUE(w.catchingUp(now));
  w.done(first);
  auto second = w.next(now);
  EXPECT_EQ(second.from, at("2026-11-30T07:55:00Z"));
  EXPECT_EQ(second.to, at("2026-12-01T08:00:00Z"));
  w.done(second);
  EXPECT_EQ(w.next(now + 1000).to, at("2026-12-01T08:00:02Z"));  // whole seconds, up to now
  EXPECT_FALSE(w.catchingUp(now));
  // Not done (an error): the same window again, reaching further as time passes.
  auto third = w.next(now + 30'000);
  EXPECT_EQ(third.from, at("2026-12-01T07:55:00Z"));
  EXPECT_EQ(w.next(now + 60'000).from, third.from);

  EXPECT_EQ(feed::open311QueryTime(at("2026-12-01T08:00:00.999Z")), "2026-12-01T08:00:00Z");
  o.jurisdictionId = "city of x", o.apiKey = "k&y", o.pageSize = 50;
  EXPECT_EQ(feed::open311WindowTarget("/v2/requests.json", o, second, 2),
            "/v2/requests.json?start_date=2026-11-30T07%3A55%3A00Z&end_date=2026-12-01T08%3A00%3A00Z&page=2&page_size=50"
            "&jurisdiction_id=city%20of%20x&api_key=k%26y");
  o.window = feed::Open311Window::updated;
  o.apiKey.clear(), o.jurisdictionId.clear();
  EXPECT_EQ(feed::open311WindowTarget("/requests.json?extensions=true", o, second, 1),
            "/requests.json?extensions=true&updated_after=2026-11-30T07%3A55%3A00Z&updated_before=2026-12-01T08%3A00%3A00Z"
            "&page=1&page_size=50");
  EXPECT_EQ(feed::open311IdsTarget("/requests.json", o, {"1", "2"}), "/requests.json?service_request_id=1%2C2");
}

TEST(FeedUrl, EveryKind) {
  auto ws = feed::parseFeedUrl("wss://feeds.city.cn/v1?x=1");
  ASSERT_TRUE(ws);
  EXPECT_EQ(ws->kind, feed::FeedKind::websocket);
  EXPECT_EQ(ws->port, "443");
  EXPECT_EQ(ws->target, "/v1?x=1");
  auto o = feed::parseFeedUrl("open311+https://311api.cityofchicago.org/open311/v2/requests.json");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->kind, feed::FeedKind::open311);
  EXPECT_TRUE(o->tls);
  EXPECT_EQ(o->host, "311api.cityofchicago.org");
  EXPECT_EQ(o->target, "/open311/v2/requests.json");
  auto sta = feed::parseFeedUrl("sta+http://[::1]:8080/FROST/v1.1?mqtt=mqtt://broker:1884&$top=10");
  ASSERT_TRUE(sta);
  EXPECT_EQ(sta->kind, feed::FeedKind::sensorThings);
  EXPECT_EQ(sta->host, "::1");
  EXPECT_EQ(sta->port, "8080");
  EXPECT_EQ(sta->target, "/FROST/v1.1?$top=10");
  EXPECT_EQ(sta->mqttHost, "broker");
  EXPECT_EQ(sta->mqttPort, "1884");
  auto plain = feed::parseFeedUrl("sta+https://sta.city.cn/v1.1");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->mqttHost, "sta.city.cn");
  EXPECT_EQ(plain->mqttPort, "1883");
  EXPECT_FALSE(plain->mqttTls);
  auto secured = feed::parseFeedUrl("sta+https://sta.city.cn/v1.1?mqtt=mqtts://broker.city.cn");
  ASSERT_TRUE(secured);
  EXPECT_TRUE(secured->mqttTls);
  EXPECT_EQ(secured->mqttHost, "broker.city.cn");
  EXPECT_EQ(secured->mqttPort, "8883");  // MQTT over TLS's own port
  EXPECT_EQ(secured->target, "/v1.1");
  auto securedPort = feed::parseFeedUrl("sta+https://sta.city.cn/v1.1?mqtt=mqtts://broker:9883/");
  ASSERT_TRUE(securedPort);
  EXPECT_EQ(securedPort->mqttPort, "9883");
  for (const char* bad : {"http://x/requests.json", "open311+ftp://x", "ws://", "ws://user@host/", "ws://host:port/",
                          "sta+http://h/v1.1?mqtt=tcp://b", "sta+http://h/v1.1?mqtt=mqtts:/b", "open311+https://:443/x", "ws://h:70000/",
                          "sta+http://h/v1.1?mqtt=mqtt://b:99999999999"})
    EXPECT_FALSE(feed::parseFeedUrl(bad)) << bad;
  auto next = feed::parseHttpUrl("https://sta.city.cn/v1.1/Things?$skip=100");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->target, "/v1.1/Things?$skip=100");
}

TEST(Open311Cases, ARequestWithOnlyAnUpdatedTimeIsReportedThen) {
  feed::Open311Cases cases({});
  feed::Open311Request r;
  r.id = "U-1", r.status = "closed", r.updated = at("2026-11-30T08:00:00Z"), r.lat = 40, r.lon = -73;
  std::string frame;
  ASSERT_EQ(cases.toFrame({r}, frame), 1u);
  const auto events = decodeCases(frame);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].time, at("2026-11-30T08:00:00Z"));
  EXPECT_EQ(events[1].status, live::CaseStatus::closed);
}

// Found by fuzz/fuzz_open311: bytes that are not UTF-8 (an old system's
// Latin-1) in one request's XML made the whole page's protocol v1 frame
// unreadable. Now they become U+FFFD and the page is kept.
TEST(Open311Cases, TextThatIsNotUtf8KeepsThePage) {
  const std::string xml = "<service_requests><request><service_request_id>1</service_request_id><status>open</status>"
                          "<description>Caf\xe9 \xff\xfe terrace</description><requested_datetime>2026-11-30T08:00:00Z"
                          "</requested_datetime><lat>40</lat><long>-73</long></request><request><service_request_id>2"
                          "</service_request_id><status>open</status><requested_datetime>2026-11-30T08:00:00Z"
                          "</requested_datetime><lat>40</lat><long>-73</long></request></service_requests>";
  const auto page = feed::parseOpen311Xml(xml);
  ASSERT_EQ(page.requests.size(), 2u);
  feed::Open311Cases cases({});
  std::string frame;
  ASSERT_EQ(cases.toFrame(page.requests, frame), 2u);
  const auto events = decodeCases(frame);  // nothing refused
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(*events[0].description, "Caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd terrace");
  std::string json;
  geo::appendJsonString(json, "\xe4\xb8\xad \xed\xa0\x80 \xf0\x9f\x99\x82 \xc0\xaf");  // 中, a surrogate, 🙂, an overlong '/'
  EXPECT_EQ(json, "\"\xe4\xb8\xad \\ufffd\\ufffd\\ufffd \xf0\x9f\x99\x82 \\ufffd\\ufffd\"");
}

// Found by fuzz/fuzz_open311: an id that is not UTF-8 cannot be written back
// as it came (it would no longer match its updates), so the request is refused.
TEST(Open311Requests, AnIdThatIsNotUtf8IsRefused) {
  const auto page = feed::parseOpen311Xml(
      "<service_requests><request><service_request_id>63\xff\xff" "8343</service_request_id><status>open</status>"
      "<requested_datetime>2026-11-30T08:00:00Z</requested_datetime><lat>40</lat><long>-73</long></request></service_requests>");
  EXPECT_TRUE(page.requests.empty());
  EXPECT_EQ(page.rejected[RejectReason::badValue], 1u);
}

// RFC 7617's own example, and each padding length of base64.
TEST(HttpBasic, CredentialsInBase64AsTheRfcWritesThem) {
  EXPECT_EQ(feed::httpBasic("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(feed::httpBasic("a", "b"), "Basic YTpi");          // 3 bytes: no padding
  EXPECT_EQ(feed::httpBasic("ab", "cd"), "Basic YWI6Y2Q=");    // 5 bytes: one '='
  EXPECT_EQ(feed::httpBasic("u", "pässwörd"), "Basic dTpww6Rzc3fDtnJk");  // UTF-8 bytes as they are
}
