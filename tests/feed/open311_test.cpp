// The Open311 source against a GeoReport v2 server written in Python
// (tests/feed/open311/server.py) serving the real NYC 311 sample: paging,
// a window that slides on requested_datetime (closures found by id) or on
// updated_datetime, JSON and XML, an HTTP 500, a cut-off page, a request
// without coordinates. The store must end up holding exactly the server's
// expected cases, each with an unbroken lifecycle (no version applied twice).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "feed/live_session.h"
#include "sim_process.h"

using namespace citywall;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = CITYWALL_SOURCE_DIR;

struct ServerRun {
  std::map<std::string, std::string> expected;  // id → status
  std::unique_ptr<test::ServerProcess> server;
};

ServerRun startServer(bool supportsUpdated) {
  std::vector<std::string> argv = {"python3", (kSource / "tests/feed/open311/server.py").string(),
                                   (kSource / "tests/data/nyc311_sample.csv").string()};
  if (!supportsUpdated) argv.push_back("--no-updated");
  ServerRun run;
  run.server = std::make_unique<test::ServerProcess>(argv);
  const std::string line = run.server->line();
  simdjson::dom::parser parser;
  simdjson::dom::object expected = parser.parse(line)["expected"].get_object();
  for (auto [id, status] : expected) run.expected[std::string(id)] = std::string(status.get_string().value());
  return run;
}

feed::FeedOptions open311(int port, const std::string& file, feed::Open311Window window) {
  feed::FeedOptions o;
  o.url = "open311+http://127.0.0.1:" + std::to_string(port) + "/open311/v2/" + file;
  o.backoffInitial = 50ms;
  o.backoffMax = 300ms;
  o.open311.poll = 1s;
  o.open311.pageSize = 5;              // the 40 requests come in many pages
  o.open311.windowSpan = std::chrono::hours(240);  // ~20 requests a window
  o.open311.window = window;
  o.open311.jurisdictionId = "nyc.gov";
  o.open311.mapping.categories["ILLEGAL-PARKING"] = "city.traffic.parking";
  return o;
}

// Every case kept, however long closed (a wall drops cases a day after they
// close; the back-fill reaches 20 days back).
live::StoreConfig keepAll() {
  live::StoreConfig c;
  c.cases.closedRetention = 0;
  return c;
}

std::map<std::string, std::string> statuses(const live::Store& store) {
  std::map<std::string, std::string> out;
  for (const auto& c : store.cases().all())
    if (!c.evicted) out[c.id] = std::string(live::toString(c.status));
  return out;
}

// Polls until the store holds what the server expects (or 40 s pass).
void follow(feed::LiveSession& live, const std::map<std::string, std::string>& expected) {
  const auto end = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < end) {
    live.pump(feed::wallClockNow());
    if (statuses(live.store()) == expected) return;
    std::this_thread::sleep_for(20ms);
  }
}

void expectTheCity(const feed::LiveSession& live, const std::map<std::string, std::string>& expected) {
  const auto feeds = live.feeds();
  ASSERT_EQ(feeds.size(), 1u);
  const feed::FeedStatus& f = feeds[0];
  EXPECT_EQ(statuses(live.store()), expected) << "feed: " << feed::toString(f.state) << ", " << f.lastError << "; polls " << f.polls
      << ", requests read " << f.items << ", seen again " << f.sourceDuplicates << ", events " << f.decode.events
      << ", refused " << f.decode.rejected.total();
  EXPECT_EQ(f.kind, feed::FeedKind::open311);
  EXPECT_GE(f.polls, 2u);
  EXPECT_EQ(f.failedPolls, 1u);  // the HTTP 500, asked again after a back-off
  // Refused, each once though seen in every overlapping window: the request
  // without coordinates, and the page cut off in the middle.
  EXPECT_EQ(f.decode.rejected[live::RejectReason::badCoordinates], 1u);
  EXPECT_EQ(f.decode.rejected[live::RejectReason::malformedJson], 1u);
  EXPECT_EQ(live.rejected()[live::RejectReason::badCoordinates], 1u);

  const live::CaseStore& cases = live.store().cases();
  // A request closed before the first poll: its report and its closure, at the
  // real interval (2024-09-01 00:00:05 → 00:18:16), and nothing twice.
  const live::CaseRecord* closed = cases.find("62292550");
  ASSERT_NE(closed, nullptr);
  ASSERT_EQ(closed->history.size(), 2u);
  EXPECT_EQ(closed->history[0].status, live::CaseStatus::filed);
  EXPECT_EQ(closed->history[1].status, live::CaseStatus::closed);
  EXPECT_EQ(closed->history[1].time - closed->history[0].time, (18 * 60 + 11) * 1000);
  EXPECT_EQ(closed->category, "open311.noise___street_sidewalk");
  EXPECT_EQ(closed->title, "Noise - Street/Sidewalk");
  EXPECT_EQ(closed->agency, "New York City Police Department");
  EXPECT_EQ(closed->address, "27 TEN EYCK STREET, Brooklyn, NY 11206");
  EXPECT_EQ(closed->source, "open311");
  EXPECT_NEAR(closed->position.lat, 40.7096359534875, 1e-9);
  EXPECT_NEAR(closed->position.lon, -73.9496682910634, 1e-9);
  EXPECT_FALSE(closed->due);
  // Open when first seen (every fourth), closed while watched: its deadline
  // came from expected_datetime; the report, the closure, nothing else.
  int opened = 0;
  for (const auto& c : cases.all()) {
    if (c.evicted || !c.due) continue;
    ++opened;
    EXPECT_EQ(*c.due - c.reportedAt, 8 * 3600 * 1000) << c.id;
    EXPECT_EQ(c.history.size(), 2u) << c.id;
    EXPECT_EQ(c.status, live::CaseStatus::closed) << c.id;
  }
  EXPECT_EQ(opened, 10);
  const live::CaseRecord* parking = cases.find("62287939");  // Illegal Parking, mapped in the options
  ASSERT_NE(parking, nullptr);
  EXPECT_EQ(parking->category, "city.traffic.parking");
  // Seven made in the same second, more than a page: all there, once each.
  for (const char* id : {"NEW-0001", "NEW-0007"}) {
    const live::CaseRecord* fresh = cases.find(id);
    ASSERT_NE(fresh, nullptr) << id;
    EXPECT_EQ(fresh->status, live::CaseStatus::filed);
    EXPECT_EQ(fresh->history.size(), 1u);
  }
}

}  // namespace

TEST(Open311, RequestedWindowFindsClosuresByIdAndEndsWithTheServersCases) {
  ServerRun run = startServer(false);
  feed::LiveSession live({open311(run.server->port(), "requests.json", feed::Open311Window::requested)}, keepAll());
  follow(live, run.expected);
  expectTheCity(live, run.expected);
}

TEST(Open311, UpdatedWindowSeesClosuresByThemselves) {
  ServerRun run = startServer(true);
  auto o = open311(run.server->port(), "requests.json", feed::Open311Window::updated);
  o.open311.refreshBatch = 0;  // nothing asked by id: updated_after must bring the closures
  feed::LiveSession live({o}, keepAll());
  follow(live, run.expected);
  expectTheCity(live, run.expected);
}

TEST(Open311, AServerThatSpeaksOnlyXml) {
  ServerRun run = startServer(false);
  feed::LiveSession live({open311(run.server->port(), "requests.xml", feed::Open311Window::requested)}, keepAll());
  follow(live, run.expected);
  expectTheCity(live, run.expected);
}

TEST(Open311, AServerThatIsNotThereIsRetriedAndShown) {
  feed::FeedOptions o;
  o.url = "open311+http://127.0.0.1:9/requests.json";  // discard port: nothing listens
  o.backoffInitial = 20ms;
  o.backoffMax = 50ms;
  feed::LiveSession live(std::vector<feed::FeedOptions>{o});
  std::this_thread::sleep_for(400ms);
  const auto f = live.feeds().at(0);
  EXPECT_EQ(f.state, feed::FeedState::waiting);
  EXPECT_FALSE(f.lastError.empty());
  EXPECT_EQ(f.polls, 0u);
}

// citywall-bridge polls the server once and serves protocol v1 to two walls,
// one of them connecting only after the other holds everything; the bridge
// cuts every connection after 3 frames, so both walls resume again and
// again from their last seq: both end up with the server's cases, with no
// seq gap and nothing twice.
TEST(Open311, ABridgeFeedsManyWalls) {
  ServerRun run = startServer(true);
  const fs::path config = fs::temp_directory_path() / ("citywall-bridge-" + std::to_string(getpid()) + ".toml");
  std::ofstream(config) << "[[feeds]]\nkind = \"open311\"\nurl = \"http://127.0.0.1:" << run.server->port()
                        << "/open311/v2/requests.json\"\npoll_s = 1\npage_size = 5\nwindow_hours = 240\nwindow = \"updated\"\n";
  test::ServerProcess bridge({CITYWALL_BRIDGE, "--config", config.string(), "--listen", "127.0.0.1:0", "--stats-every", "1",
                              "--drop-after-frames", "3"});
  feed::FeedOptions wall;
  wall.url = "ws://127.0.0.1:" + std::to_string(bridge.port()) + "/";
  wall.backoffInitial = 50ms;
  feed::LiveSession first({wall}, keepAll());
  follow(first, run.expected);
  EXPECT_EQ(statuses(first.store()), run.expected);
  feed::LiveSession late({wall}, keepAll());
  follow(late, run.expected);
  EXPECT_EQ(statuses(late.store()), run.expected);
  for (const feed::LiveSession* w : {&first, &late}) {
    const auto f = w->feeds().at(0);
    EXPECT_EQ(f.decode.rejected.total(), 0u);  // no gap, nothing malformed: the bridge already counted those
    EXPECT_EQ(f.decode.duplicates, 0u);        // a resume starts after the last seq, not at it
    EXPECT_GT(f.lastSeq.value_or(0), 0u);
    EXPECT_GE(f.reconnects, 1u);
  }
  const auto lines = bridge.stop();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().find("\"clients\":2,"), std::string::npos) << "every drop is a connection again: " << lines.back();
  EXPECT_NE(lines.back().find("\"rejected\":2"), std::string::npos) << lines.back();  // no place, a cut-off page
  EXPECT_EQ(lines.back().find("\"resumes\":0,"), std::string::npos) << lines.back();
  EXPECT_EQ(lines.back().find("\"drops\":0}"), std::string::npos) << lines.back();
  fs::remove(config);
}
