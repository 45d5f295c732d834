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
#include <memory>
#include <mutex>
#include <thread>

#include "feed/live_session.h"
#include "feed/mqtt_client.h"
#include "sim_process.h"
#include "test_certificate.h"

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

/// The readings server.py says the wall must end up with (its second line).
Readings expectedReadings(test::ServerProcess& server, int& mqttPort) {
  simdjson::dom::parser parser;
  const simdjson::dom::element info = parser.parse(server.line());
  mqttPort = int(int64_t(info["mqtt"]));
  Readings expected;
  for (auto [sensor, metrics] : info["expected"].get_object())
    for (auto [metric, value] : metrics.get_object()) expected[std::string(sensor)][std::string(metric)] = double(value);
  return expected;
}

/// Pumps the session until it shows every expected reading or `limit` passes.
Readings pumpUntil(feed::LiveSession& live, const Readings& expected, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
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
  return got;
}

}  // namespace

TEST(SensorThings, StationsThresholdsAndReadingsThroughABrokerRestart) {
  if (!haveMosquitto()) GTEST_SKIP() << "Debian's mosquitto is not installed (scripts/test.sh installs it)";
  setenv("PATH", ("/usr/sbin:" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin")).c_str(), 1);
  test::ServerProcess server({"python3", (kSource / "tests/feed/sensorthings/server.py").string(),
                              (kSource / "tests/data/beijing_stations.csv").string(),
                              (kSource / "tests/data/beijing_aq_sample.csv").string()});
  int mqttPort = 0;
  const Readings expected = expectedReadings(server, mqttPort);
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

  Readings got = pumpUntil(live, expected, 40s);
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

// A secured platform: HTTPS with Basic authentication, the broker on MQTT
// over TLS with a password file and no anonymous logins (server.py
// --secure). With the lab CA and the right credentials the readings arrive
// (through the broker's restart too); with a wrong password the service
// says 401 and the feed shows "unauthorized"; the broker refuses a wrong
// login, and a certificate nobody vouches for is named in the status.
TEST(SensorThings, ASecuredPlatformOverHttpsAndMqttsWithAPassword) {
  if (!haveMosquitto()) GTEST_SKIP() << "Debian's mosquitto is not installed (scripts/test.sh installs it)";
  setenv("PATH", ("/usr/sbin:" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin")).c_str(), 1);
  const std::string certs = test::makeCertificate();
  test::ServerProcess server({"python3", (kSource / "tests/feed/sensorthings/server.py").string(),
                              (kSource / "tests/data/beijing_stations.csv").string(),
                              (kSource / "tests/data/beijing_aq_sample.csv").string(), "--secure", certs, "wall-7",
                              "pa:ss wörd"});
  int mqttPort = 0;
  const Readings expected = expectedReadings(server, mqttPort);
  ASSERT_EQ(expected.size(), 2u);
  const std::string base = "sta+https://127.0.0.1:" + std::to_string(server.port()) + "/FROST/v1.1?mqtt=mqtts://127.0.0.1:" +
                           std::to_string(mqttPort);

  feed::FeedOptions o;
  o.url = base;
  o.caFile = certs + "/cert.pem";
  o.backoffInitial = 50ms;
  o.backoffMax = 300ms;
  o.sensorThings.pageSize = 5;
  o.sensorThings.username = "wall-7";
  o.sensorThings.password = "pa:ss wörd";  // a colon and a space: Basic's base64 carries them whole
  feed::FeedOptions wrong = o;
  wrong.sensorThings.password = "guess";
  feed::LiveSession live({o, wrong});

  const Readings got = pumpUntil(live, expected, 40s);
  for (const auto& [sensor, metrics] : expected)
    for (const auto& [metric, value] : metrics) EXPECT_EQ(got.at(sensor).at(metric), value) << sensor << " " << metric;
  const feed::FeedStatus secured = live.feeds().at(0);
  EXPECT_EQ(secured.state, feed::FeedState::connected) << secured.lastError;
  EXPECT_GE(secured.connections, 2u) << secured.lastError;  // over TLS, and again after the restart
  const feed::FeedStatus refused = live.feeds().at(1);
  EXPECT_EQ(refused.state, feed::FeedState::unauthorized);
  EXPECT_NE(refused.lastError.find("HTTP 401"), std::string::npos) << refused.lastError;
  EXPECT_EQ(refused.connections, 0u);

  // The broker itself: a wrong password is a refusal, not a network failure;
  // without the lab CA (the system's CAs only) the TLS handshake fails and says why.
  struct Seen {
    std::mutex mutex;
    std::string why;
    bool refused = false, connected = false, any = false;
  };
  auto connectAs = [&](feed::MqttBroker broker, Seen& seen) {
    feed::MqttClient::Callbacks c;
    c.connection = [&seen](bool connected, const std::string& why, bool refusal) {
      std::lock_guard lock(seen.mutex);
      if (seen.any) return;  // the first answer; the client goes on retrying
      seen.any = true, seen.connected = connected, seen.why = why, seen.refused = refusal;
    };
    auto client = std::make_unique<feed::MqttClient>(std::move(broker), std::move(c));
    std::string error;
    EXPECT_TRUE(client->start(error)) << error;
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(seen.mutex);
        if (seen.any) break;
      }
      std::this_thread::sleep_for(20ms);
    }
    return client;
  };
  Seen badPassword, unknownCa;
  const feed::MqttBroker good{"127.0.0.1", mqttPort, true, certs + "/cert.pem", "wall-7", "pa:ss wörd"};
  feed::MqttBroker guess = good;
  guess.password = "guess";
  feed::MqttBroker systemCas = good;
  systemCas.caFile.clear();
  auto a = connectAs(guess, badPassword);
  auto b = connectAs(systemCas, unknownCa);
  a.reset(), b.reset();
  EXPECT_FALSE(badPassword.connected);
  EXPECT_TRUE(badPassword.refused) << badPassword.why;
  EXPECT_NE(badPassword.why.find("not authorised"), std::string::npos) << badPassword.why;
  EXPECT_FALSE(unknownCa.connected);
  EXPECT_FALSE(unknownCa.refused) << unknownCa.why;
  EXPECT_NE(unknownCa.why.find("certificate verify failed"), std::string::npos) << unknownCa.why;

  feed::MqttBroker unreadable = good;
  unreadable.caFile = certs + "/no-such-ca.pem";
  feed::MqttClient c(unreadable, {});
  std::string error;
  EXPECT_FALSE(c.start(error));
  EXPECT_NE(error.find("no-such-ca.pem"), std::string::npos) << error;
}
