// The SensorThings source against a service written in Python
// (tests/feed/sensorthings/server.py): the Datastreams over HTTP with
// @iot.nextLink paging and $expand, observations over MQTT through a real
// Mosquitto broker that is killed and started again mid-run. The store must
// end up with every station, thresholds from the options, and the last
// hour's readings (published only after the broker came back: the client
// reconnected and subscribed again by itself).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "feed/live_session.h"
#include "sim_process.h"

using namespace citywall;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = CITYWALL_SOURCE_DIR;

bool haveMosquitto() {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/usr/local/sbin"})
    if (fs::exists(fs::path(dir) / "mosquitto")) return true;
  return false;
}

using Readings = std::map<std::string, std::map<std::string, double>>;  // sensor → metric → value

Readings latest(const live::Store& store) {
  Readings out;
  for (const auto& s : store.sensors().all())
    for (const auto& m : s.metrics) out[s.id][m.metric] = m.latest;
  return out;
}

}  // namespace

TEST(SensorThings, StationsThresholdsAndReadingsThroughABrokerRestart) {
  if (!haveMosquitto()) GTEST_SKIP() << "Debian's mosquitto is not installed (scripts/test.sh installs it)";
  setenv("PATH", ("/usr/sbin:" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin")).c_str(), 1);
  test::ServerProcess server({"python3", (kSource / "tests/feed/sensorthings/server.py").string(),
                              (kSource / "tests/data/beijing_stations.csv").string(),
                              (kSource / "tests/data/beijing_aq_sample.csv").string()});
  const std::string second = server.line();
  simdjson::dom::parser parser;
  const simdjson::dom::element info = parser.parse(second);
  const int mqttPort = int(int64_t(info["mqtt"]));
  Readings expected;
  for (auto [sensor, metrics] : info["expected"].get_object())
    for (auto [metric, value] : metrics.get_object()) expected[std::string(sensor)][std::string(metric)] = double(value);
  ASSERT_EQ(expected.size(), 2u);

  feed::FeedOptions o;
  o.url = "sta+http://127.0.0.1:" + std::to_string(server.port()) + "/FROST/v1.1?mqtt=mqtt://127.0.0.1:" +
          std::to_string(mqttPort);
  o.backoffInitial = 50ms;
  o.backoffMax = 300ms;
  o.sensorThings.pageSize = 5;  // 25 Datastreams: six pages
  o.sensorThings.thresholds["pm2_5"] = {75.0, 150.0};
  o.sensorThings.kinds["pm2_5"] = "air_quality";
  feed::LiveSession live({o});

  const auto end = std::chrono::steady_clock::now() + 40s;
  Readings got;
  while (std::chrono::steady_clock::now() < end) {
    live.pump(feed::wallClockNow());
    got = latest(live.store());
    bool done = true;
    for (const auto& [sensor, metrics] : expected)
      for (const auto& [metric, value] : metrics) done = done && got[sensor].count(metric) && got[sensor][metric] == value;
    if (done) break;
    std::this_thread::sleep_for(20ms);
  }
  for (const auto& [sensor, metrics] : expected)
    for (const auto& [metric, value] : metrics) EXPECT_EQ(got[sensor][metric], value) << sensor << " " << metric;

  const live::SensorStore& sensors = live.store().sensors();
  EXPECT_EQ(sensors.realSensors(), 12u);  // the thirteenth Thing has no Location
  const live::SensorRecord* aoti = nullptr;
  for (const auto& s : sensors.all())
    if (s.id == "1") aoti = &s;
  ASSERT_NE(aoti, nullptr);
  EXPECT_EQ(aoti->kind, "air_quality");
  EXPECT_EQ(aoti->name, "奥体中心");
  EXPECT_NEAR(aoti->position.lon, 116.397, 1e-9);
  const live::MetricState* pm = nullptr;
  for (const auto& m : aoti->metrics)
    if (m.metric == "pm2_5") pm = &m;
  ASSERT_NE(pm, nullptr);
  EXPECT_EQ(pm->warn, 75.0);  // from the options
  EXPECT_EQ(pm->alarm, 150.0);
  // Hour 0 came with the Datastreams, hours 1-11 before the restart, 12-23 after:
  // the series holds readings from both sides of it.
  EXPECT_GE(pm->history.size(), 12u);

  const feed::FeedStatus f = live.feeds().at(0);
  EXPECT_EQ(f.kind, feed::FeedKind::sensorThings);
  EXPECT_GE(f.connections, 2u) << f.lastError;  // connected, lost the broker, connected again
  EXPECT_GE(f.reconnects, 1u);
  EXPECT_EQ(f.polls, 1u);  // the Datastreams read once
  EXPECT_EQ(f.decode.rejected[live::RejectReason::badCoordinates], 1u);
  EXPECT_GT(f.items, 0u);
}
