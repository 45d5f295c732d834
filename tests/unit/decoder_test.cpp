// Protocol v1 decoding: every message type, every rejection reason, batches
// and sequence numbers.

#include <gtest/gtest.h>

#include "geo/crs.h"
#include "feed/decoder.h"

using namespace citywall;
using live::RejectReason;

namespace {

struct Decoded {
  std::vector<live::FeedEvent> events;
  feed::DecodeStats stats;
};

Decoded decode(std::initializer_list<std::string> frames) {
  feed::Decoder d;
  Decoded out;
  for (const auto& f : frames) d.decode(f, out.events);
  out.stats = d.stats();
  return out;
}

const std::string kCase =
    R"({"type":"case","seq":1,"id":"SR-1","time":1763770530000,"status":"reported","category":"city.road.pothole",)"
    R"("lon":121.4737,"lat":31.2304,"priority":2,"title":"路面坑洼","grid":"HP-0312","source":"hotline","props":{"lane":2,"note":"x"}})";

// One rejected message: the reason it was counted under.
RejectReason rejectionOf(const std::string& frame) {
  const auto d = decode({frame});
  EXPECT_TRUE(d.events.empty()) << frame;
  EXPECT_EQ(d.stats.rejected.total(), 1u) << frame;
  for (size_t i = 0; i < live::kRejectReasonCount; ++i)
    if (d.stats.rejected.byReason[i]) return RejectReason(i);
  return RejectReason::capacity;
}

}  // namespace

TEST(Decoder, ReadsACaseWithEveryField) {
  const auto d = decode({kCase});
  ASSERT_EQ(d.events.size(), 1u);
  const auto& c = std::get<live::CaseUpdate>(d.events[0]);
  EXPECT_EQ(c.id, "SR-1");
  EXPECT_EQ(c.time, 1763770530000);
  EXPECT_EQ(c.status, live::CaseStatus::reported);
  EXPECT_EQ(*c.category, "city.road.pothole");
  EXPECT_EQ(*c.priority, 2);
  EXPECT_EQ(*c.title, "路面坑洼");
  EXPECT_EQ(*c.grid, "HP-0312");
  ASSERT_EQ(c.props.size(), 2u);
  EXPECT_EQ(c.props[0].second, "2");
  EXPECT_EQ(c.props[1].second, "x");
  EXPECT_NEAR(c.position->lon, 121.4737, 1e-12);
}

TEST(Decoder, ConvertsGcj02AndBd09ToWgs84OnIngestion) {
  const auto d = decode({R"({"type":"case","id":"a","time":0,"status":"filed","category":"x","lon":121.4737,"lat":31.2304,"crs":"GCJ02"})",
                         R"({"type":"case","id":"b","time":0,"status":"filed","category":"x","lon":121.4737,"lat":31.2304,"crs":"BD09"})"});
  ASSERT_EQ(d.events.size(), 2u);
  const auto a = *std::get<live::CaseUpdate>(d.events[0]).position;
  const auto back = geo::wgs84ToGcj02({a.lon, a.lat});
  EXPECT_NEAR(back.lon, 121.4737, 1e-9);
  EXPECT_NEAR(back.lat, 31.2304, 1e-9);
  const auto b = *std::get<live::CaseUpdate>(d.events[1]).position;
  EXPECT_NE(a.lon, b.lon);
}

TEST(Decoder, ReadsRfc3339TimesWithOffsets) {
  const auto d = decode({R"({"type":"case","id":"a","time":"2026-11-22T08:15:30+08:00","status":"closed"})"});
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(std::get<live::CaseUpdate>(d.events[0]).time, 1795306530000);  // 2026-11-22T00:15:30Z
}

TEST(Decoder, ADueTimeIsATimeOrRefused) {
  const auto d = decode({R"({"type":"case","id":"a","time":0,"status":"filed","due":"2026-11-22T16:00:00+08:00"})",
                         R"({"type":"case","id":"b","time":0,"status":"filed","due":1795334400000})",
                         R"({"type":"case","id":"c","time":0,"status":"filed","due":"tomorrow"})",
                         R"({"type":"case","id":"d","time":0,"status":"filed","due":null})"});
  ASSERT_EQ(d.events.size(), 3u);
  EXPECT_EQ(*std::get<live::CaseUpdate>(d.events[0]).due, 1795334400000);
  EXPECT_EQ(*std::get<live::CaseUpdate>(d.events[1]).due, 1795334400000);
  EXPECT_FALSE(std::get<live::CaseUpdate>(d.events[2]).due);
  EXPECT_EQ(d.stats.rejected[RejectReason::badValue], 1u);
}

TEST(Decoder, ReadsSensorsObservationsAndAlarms) {
  const auto d = decode({
      R"({"type":"sensor","id":"aq-dongsi","kind":"air_quality","name":"东四","lon":116.417,"lat":39.929,"thresholds":{"pm25":{"warn":75,"alarm":150}}})",
      R"({"type":"obs","sensor":"aq-dongsi","time":"2026-11-22T08:00:00+08:00","values":{"pm25":83,"no2":41}})",
      R"({"type":"obs","sensor":"aq-dongsi","time":1,"metric":"pm10","value":120.5})",
      R"({"type":"alarm","id":"al-1","time":2,"level":"alarm","sensor":"aq-dongsi","message":"PM2.5 high"})",
      R"({"type":"alarm","id":"al-2","time":2,"level":"warn","lon":116.4,"lat":39.9})"});
  ASSERT_EQ(d.events.size(), 5u);
  const auto& s = std::get<live::SensorUpdate>(d.events[0]);
  EXPECT_EQ(s.kind, "air_quality");
  ASSERT_EQ(s.thresholds.size(), 1u);
  EXPECT_EQ(*s.thresholds[0].alarm, 150);
  EXPECT_EQ(std::get<live::Observation>(d.events[1]).values.size(), 2u);
  EXPECT_EQ(std::get<live::Observation>(d.events[2]).values[0].second, 120.5);
  EXPECT_EQ(std::get<live::AlarmUpdate>(d.events[3]).level, live::AlarmLevel::alarm);
  EXPECT_TRUE(std::get<live::AlarmUpdate>(d.events[4]).position.has_value());
}

TEST(Decoder, CountsEachKindOfBadInputUnderItsReason) {
  EXPECT_EQ(rejectionOf("this is not json"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","status":"clo)"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf(R"({"type":"case"}}garbage)"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf("{'type':'case'}"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf("[1,2,3]"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":NaN,"lat":1})"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":1e999,"lat":1})"), RejectReason::malformedJson);
  EXPECT_EQ(rejectionOf(R"({"type":"teleport","id":"x"})"), RejectReason::unknownType);
  EXPECT_EQ(rejectionOf(R"({"type":"CASE","id":"x","time":1,"status":"closed"})"), RejectReason::unknownType);
  EXPECT_EQ(rejectionOf(R"({"time":1,"id":"x"})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"case","time":1,"status":"closed"})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","status":"closed"})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"sensor","id":"s","kind":"noise"})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"obs","sensor":"s","time":1})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"alarm","id":"a","time":1,"level":"alarm"})"), RejectReason::missingField);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"exploded"})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":"yesterday","status":"closed"})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"closed","priority":9})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":12345,"time":1,"status":"closed"})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":")" + std::string(65, 'x') + R"(","time":1,"status":"closed"})"),
            RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"closed","title":42})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"obs","sensor":"s","time":1,"metric":"pm25","value":"high"})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"alarm","id":"a","time":1,"level":"panic","sensor":"s"})"), RejectReason::badValue);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":-73.98,"lat":95.5})"),
            RejectReason::badCoordinates);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":-200,"lat":40.7})"),
            RejectReason::badCoordinates);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":1,"lat":2,"crs":"EPSG:3857"})"),
            RejectReason::badCoordinates);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":1})"), RejectReason::badCoordinates);
  EXPECT_EQ(rejectionOf(R"({"type":"case","id":"x","time":1,"status":"reported","lon":"1","lat":2})"),
            RejectReason::badCoordinates);
}

TEST(Decoder, IdsOfExactly64BytesAreFine) {
  const auto d = decode({R"({"type":"case","id":")" + std::string(64, 'x') + R"(","time":1,"status":"closed"})"});
  EXPECT_EQ(d.events.size(), 1u);
}

TEST(Decoder, OneBadElementOfABatchRejectsOnlyThatElement) {
  const auto d = decode({R"({"type":"batch","events":[
      {"type":"case","id":"a","time":1,"status":"closed"},
      {"type":"case","id":"b","time":1,"status":"nonsense"},
      {"type":"teleport"},
      42,
      {"type":"batch","events":[]},
      {"type":"case","id":"c","time":1,"status":"filed"}]})"});
  EXPECT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.stats.rejected[RejectReason::badValue], 3u);
  EXPECT_EQ(d.stats.rejected[RejectReason::unknownType], 1u);
  EXPECT_EQ(d.stats.events, 2u);
}

TEST(Decoder, SequenceJumpsAreCountedAsGapsAndRepeatsKept) {
  feed::Decoder dec;
  std::vector<live::FeedEvent> out;
  for (int seq : {1, 2, 5, 6, 6, 4, 10})
    dec.decode(R"({"type":"case","seq":)" + std::to_string(seq) + R"(,"id":"a","time":1,"status":"closed"})", out);
  EXPECT_EQ(out.size(), 7u);  // nothing is dropped
  EXPECT_EQ(dec.stats().rejected[RejectReason::gap], 2u);  // 2→5 and 6→10
  EXPECT_EQ(dec.stats().duplicates, 2u);                   // the second 6, and 4
  EXPECT_EQ(*dec.lastSeq(), 10u);
}

TEST(Decoder, FramesOver16MiBAreRefused) {
  feed::Decoder dec;
  std::vector<live::FeedEvent> out;
  const std::string head = R"({"type":"case","id":"big","time":1,"status":"reported","description":")";
  std::string frame = head + std::string(feed::kMaxFrameBytes + 1 - head.size() - 2, 'x') + "\"}";
  ASSERT_EQ(frame.size(), feed::kMaxFrameBytes + 1);
  dec.decode(frame, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(dec.stats().rejected[RejectReason::tooLarge], 1u);
  dec.decode(kCase, out);  // and the next good message still decodes
  EXPECT_EQ(out.size(), 1u);
}

TEST(Decoder, UnknownExtraFieldsAreIgnored) {
  const auto d = decode({R"({"type":"case","id":"a","time":1,"status":"closed","colour":"red","v":{"x":[1,2]}})"});
  EXPECT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.stats.rejected.total(), 0u);
}
