// feed-sim's replays of real public data (excerpts bundled in tests/data).

#include <gtest/gtest.h>

#include "feed/decoder.h"
#include "live/store.h"
#include "tools/feed_sim/replay.h"

using namespace citywall;

namespace {
const std::string kData = std::string(CITYWALL_SOURCE_DIR) + "/tests/data/";

live::Store replayInto(tools::MessageSource& source, size_t& messages) {
  live::Store store;
  feed::Decoder decoder;
  std::vector<live::FeedEvent> events;
  for (const auto& r : source.registrations()) decoder.decode(r.json, events);
  live::TimeMs last = INT64_MIN;
  messages = 0;
  while (auto m = source.next()) {
    EXPECT_GE(m->time, last) << "replays come in time order";
    last = m->time;
    decoder.decode(m->json, events);
    ++messages;
  }
  for (const auto& e : events) store.apply(e);
  EXPECT_EQ(decoder.stats().rejected.total(), 0u);
  return store;
}
}  // namespace

TEST(Replay, CsvFieldsHonourQuotes) {
  const auto f = tools::splitCsvLine(R"csv(62291042,"a, b","say ""hi""",,"(40.6, -73.7)")csv");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[1], "a, b");
  EXPECT_EQ(f[2], "say \"hi\"");
  EXPECT_EQ(f[3], "");
  EXPECT_EQ(f[4], "(40.6, -73.7)");
}

TEST(Replay, NewYorkTimesFollowDaylightSaving) {
  live::TimeMs t;
  ASSERT_TRUE(tools::parseNycTime("09/01/2024 12:00:05 AM", t));
  EXPECT_EQ(t, 1725163205000);  // 04:00:05Z: EDT
  ASSERT_TRUE(tools::parseNycTime("01/15/2024 01:30:00 PM", t));
  EXPECT_EQ(t, 1705343400000);  // 18:30Z: EST
  ASSERT_TRUE(tools::parseNycTime("03/10/2024 03:00:00 AM", t));  // first EDT hour of 2024
  EXPECT_EQ(t, 1710054000000);
  EXPECT_FALSE(tools::parseNycTime("2024-09-01 00:00:05", t));
  EXPECT_FALSE(tools::parseNycTime("13/01/2024 12:00:05 AM", t));
}

TEST(Replay, Nyc311RequestsBecomeCasesWithTheirFinalStatus) {
  auto source = tools::loadNyc311(kData + "nyc311_sample.csv", {});
  size_t messages = 0;
  const live::Store store = replayInto(*source, messages);
  EXPECT_EQ(messages, 80u);  // reported, then the final status, for 40 requests
  EXPECT_EQ(store.cases().size(), 40u);
  const auto* c = store.cases().find("62291042");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->category, "nyc.noise_residential");
  EXPECT_EQ(c->status, live::CaseStatus::closed);
  EXPECT_EQ(c->reportedAt, 1725163200000);  // 09/01/2024 12:00:00 AM EDT
  EXPECT_EQ(*c->closedAt - c->reportedAt, (20 * 60 + 58) * 1000);
  EXPECT_NEAR(c->position.lat, 40.6753906302629, 1e-9);
  EXPECT_EQ(c->source, "app");  // MOBILE
}

TEST(Replay, ShiftingMovesTheFirstMessageToTheGivenTime) {
  auto source = tools::loadNyc311(kData + "nyc311_sample.csv", {1800000000000, geo::Crs::gcj02, true});
  const auto first = source->next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->time, 1800000000000);
  EXPECT_NE(first->json.find("\"time\":1800000000000"), std::string::npos) << first->json;
  EXPECT_NE(first->json.find("\"crs\":\"GCJ02\""), std::string::npos);
}

TEST(Replay, BeijingAirQualityBecomesSensorsAndObservations) {
  auto source = tools::loadBeijingAirQuality(kData + "beijing_aq_sample.csv", kData + "beijing_stations.csv", {});
  EXPECT_EQ(source->registrations().size(), 12u);
  size_t messages = 0;
  const live::Store store = replayInto(*source, messages);
  EXPECT_EQ(messages, 48u);
  const auto* dongsi = store.sensors().find("aq-dongsi");
  ASSERT_TRUE(dongsi);
  EXPECT_TRUE(dongsi->registered);
  EXPECT_EQ(dongsi->kind, "air_quality");
  ASSERT_GE(dongsi->metrics.size(), 6u);
  EXPECT_EQ(dongsi->metrics[0].history.size(), 24u);
  // 2013-03-01 23:00 in Beijing is 15:00 UTC.
  EXPECT_EQ(dongsi->metrics[0].latestTime, 1362150000000);
}
