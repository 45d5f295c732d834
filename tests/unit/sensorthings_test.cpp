// SensorThings without a network: Datastream pages as FROST writes them
// ($expand-ed Thing, Locations, ObservedProperty, latest Observation),
// Observations as MQTT delivers them, topics, metric names, and the
// protocol v1 they become.

#include <gtest/gtest.h>

#include "feed/decoder.h"
#include "feed/sensorthings_entities.h"
#include "geo/time.h"

using namespace citywall;
using live::RejectReason;

namespace {

const char* kPage = R"({
 "@iot.count": 4,
 "@iot.nextLink": "https://sta.city.cn/FROST/v1.1/Datastreams?$top=4&$skip=4",
 "value": [
  {"@iot.id": 7, "name": "PM2.5 at Dongsi", "Thing": {"@iot.id": 3, "name": "东四", "properties": {"kind": "air_quality"},
    "Locations": [{"location": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [116.417, 39.929]}}}]},
   "ObservedProperty": {"name": "PM2.5"},
   "Observations": [{"phenomenonTime": "2026-11-22T08:00:00+08:00/2026-11-22T09:00:00+08:00", "result": 83}]},
  {"@iot.id": "no2-3", "Thing": {"@iot.id": 3, "name": "东四", "Locations": []}, "ObservedProperty": {"name": "NO2"},
   "Observations": [{"resultTime": "2026-11-22T01:00:00Z", "result": "41.5"}]},
  {"@iot.id": 9, "Thing": {"@iot.id": "w-1", "name": "river gauge",
    "Locations": [{"location": {"type": "Point", "coordinates": [121.49, 31.24, 4.0]}}]},
   "ObservedProperty": {"name": "Water level"}, "Observations": []},
  {"@iot.id": 10, "ObservedProperty": {"name": "x"}},
  {"@iot.id": 11, "Thing": {"@iot.id": 5, "Locations": [{"location": {"type": "Point", "coordinates": [500, 0]}}]},
   "ObservedProperty": {"name": "Noise"}}
 ]})";

}  // namespace

TEST(SensorThingsEntities, ADatastreamPageAsFrostWritesIt) {
  const feed::StaPage page = feed::parseStaDatastreams(kPage);
  EXPECT_TRUE(page.error.empty()) << page.error;
  EXPECT_EQ(page.nextLink, "https://sta.city.cn/FROST/v1.1/Datastreams?$top=4&$skip=4");
  ASSERT_EQ(page.datastreams.size(), 4u);
  EXPECT_EQ(page.rejected[RejectReason::missingField], 1u);  // no Thing
  const feed::StaDatastream& pm = page.datastreams[0];
  EXPECT_EQ(pm.id, "7");
  EXPECT_EQ(pm.thingId, "3");
  EXPECT_EQ(pm.thingName, "东四");
  EXPECT_EQ(pm.thingKind, "air_quality");
  ASSERT_TRUE(pm.position);
  EXPECT_DOUBLE_EQ(pm.position->lon, 116.417);
  ASSERT_TRUE(pm.latest);
  live::TimeMs end;
  ASSERT_TRUE(geo::parseRfc3339("2026-11-22T01:00:00Z", end));
  EXPECT_EQ(pm.latest->time, end);  // an interval's end
  EXPECT_EQ(pm.latest->value, 83);
  EXPECT_EQ(page.datastreams[1].id, "'no2-3'");  // quoted as in a resource path
  EXPECT_EQ(page.datastreams[1].latest->value, 41.5);
  EXPECT_EQ(page.datastreams[2].thingId, "w-1");
  EXPECT_FALSE(page.datastreams[3].position);  // out of range

  EXPECT_FALSE(feed::parseStaDatastreams("[1,2]").error.empty());
  EXPECT_FALSE(feed::parseStaDatastreams(R"({"value": 3})").error.empty());
  EXPECT_FALSE(feed::parseStaDatastreams("{\"value\": [").error.empty());
}

TEST(SensorThingsEntities, ObservationsTopicsAndMetrics) {
  RejectReason why;
  auto r = feed::parseStaObservation(R"({"@iot.id":1,"phenomenonTime":"2026-11-22T08:00:00Z","result":12.5})", why);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->value, 12.5);
  EXPECT_FALSE(feed::parseStaObservation("{", why));
  EXPECT_EQ(why, RejectReason::malformedJson);
  EXPECT_FALSE(feed::parseStaObservation(R"({"phenomenonTime":"2026-11-22T08:00:00Z","result":"high"})", why));
  EXPECT_EQ(why, RejectReason::badValue);
  EXPECT_FALSE(feed::parseStaObservation(R"({"result":1})", why));
  EXPECT_EQ(why, RejectReason::missingField);
  EXPECT_FALSE(feed::parseStaObservation(R"({"phenomenonTime":"soon","result":1})", why));
  EXPECT_EQ(why, RejectReason::badValue);

  EXPECT_EQ(feed::staObservationsTopic("v1.1", "7"), "v1.1/Datastreams(7)/Observations");
  EXPECT_EQ(feed::staObservationsTopic("v1.0", "'a-b'"), "v1.0/Datastreams('a-b')/Observations");
  feed::SensorThingsOptions o;
  EXPECT_EQ(feed::staMetric(o, "PM2.5"), "pm2_5");
  o.metrics["PM2.5"] = "pm25";
  EXPECT_EQ(feed::staMetric(o, "PM2.5"), "pm25");
}

TEST(SensorThingsEntities, ThingsBecomeSensorsWithTheirLatestReadings) {
  feed::SensorThingsOptions o;
  o.thresholds["pm25"] = {75.0, 150.0};
  o.metrics["PM2.5"] = "pm25";
  o.kinds["water_level"] = "water_level";
  o.idPrefix = "sta:";
  const feed::StaPage page = feed::parseStaDatastreams(kPage);
  live::RejectCounts rejected;
  const std::string frame = feed::staSensorsFrame(o, page.datastreams, rejected);
  EXPECT_EQ(rejected[RejectReason::badCoordinates], 1u);  // Thing 5
  feed::Decoder d;
  std::vector<live::FeedEvent> events;
  d.decode(frame, events);
  EXPECT_EQ(d.stats().rejected.total(), 0u) << frame;
  ASSERT_EQ(events.size(), 4u);  // two sensors, two readings
  const auto& dongsi = std::get<live::SensorUpdate>(events[0]);
  EXPECT_EQ(dongsi.id, "sta:3");
  EXPECT_EQ(dongsi.kind, "air_quality");
  EXPECT_EQ(*dongsi.name, "东四");
  ASSERT_EQ(dongsi.thresholds.size(), 1u);
  EXPECT_EQ(dongsi.thresholds[0].metric, "pm25");
  EXPECT_EQ(*dongsi.thresholds[0].alarm, 150.0);
  const auto& gauge = std::get<live::SensorUpdate>(events[1]);
  EXPECT_EQ(gauge.id, "sta:w-1");
  EXPECT_EQ(gauge.kind, "water_level");  // from its metric
  const auto& reading = std::get<live::Observation>(events[2]);
  EXPECT_EQ(reading.sensor, "sta:3");
  ASSERT_EQ(reading.values.size(), 1u);
  EXPECT_EQ(reading.values[0].first, "pm25");
  EXPECT_EQ(reading.values[0].second, 83);
  EXPECT_TRUE(feed::staObservationsFrame({}).empty());
}
