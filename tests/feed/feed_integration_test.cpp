// The feed client against real servers on 127.0.0.1: feed-sim (ours) and a
// server built on Node's `ws` package (not ours), over ws:// and wss://, with
// faults. Every test also checks that the consumer never waited: pump() is
// called in a loop that measures its own longest iteration.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "feed/journal_player.h"
#include "feed/journal_replay.h"
#include "feed/state_dump.h"
#include "feed/live_session.h"
#include "feed/decoder.h"
#include "feed/feed_client.h"
#include "sim_process.h"
#include "test_certificate.h"
#include "test_support.h"
#include "tools/feed_sim/sim_city.h"

using namespace citywall;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kFeedSim = CITYWALL_FEED_SIM;
constexpr live::TimeMs kStart = 1763770530000;

std::vector<std::string> sim(std::vector<std::string> extra) {
  std::vector<std::string> argv = {kFeedSim, "--port", "0", "--start", std::to_string(kStart)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

feed::FeedOptions options(const std::string& url) {
  feed::FeedOptions o;
  o.url = url;
  o.backoffInitial = 50ms;
  o.backoffMax = 500ms;
  return o;
}

// Pumps a session like a frame loop until `done` or the deadline; returns the
// longest single pump in milliseconds (the frame loop must never wait).
template <typename Done>
double pumpUntil(feed::LiveSession& live, Done done, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  double longest = 0;
  while (std::chrono::steady_clock::now() < end) {
    const auto t0 = std::chrono::steady_clock::now();
    live.pump(kStart);
    longest = std::max(longest, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (done()) break;
    std::this_thread::sleep_for(5ms);
  }
  return longest;
}

uint64_t number(const std::string& json, const std::string& key) {
  const auto p = json.find("\"" + key + "\":");
  if (p == std::string::npos) return 0;
  return std::stoull(json.substr(p + key.size() + 3));
}

}  // namespace

// A known stream of cases and sensors with every kind of fault mixed in must
// leave exactly the state that applying the clean stream gives.
TEST(FeedIntegration, AKnownStreamWithFaultsGivesExactlyTheExpectedState) {
  constexpr int kTotal = 3000;
  test::ServerProcess server(sim({"--total", std::to_string(kTotal), "--seed", "7", "--faults", "0.05", "--batch", "10",
                                  "--rate", "20000", "--sensors", "8", "--once"}));
  feed::LiveSession live({options(server.url())});
  const double longest = pumpUntil(live, [&] {
    const auto f = live.feeds();
    return f[0].connections == 1 && f[0].state != feed::FeedState::connected;  // the server closed at the end
  });
  live.pump(kStart);

  // The reference: the same city, clean, applied straight to a store.
  tools::SimOptions so;
  so.seed = 7;
  so.sensors = 8;
  tools::SimCity city(so, kStart);
  live::Store expected;
  feed::Decoder decoder;
  std::vector<live::FeedEvent> events;
  auto messages = city.registrations();
  while (messages.size() < size_t(kTotal)) messages.push_back(city.next());
  for (const auto& m : messages) decoder.decode(m.json, events);
  for (const auto& e : events) expected.apply(e);
  expected.tick(kStart);

  const auto& got = live.store();
  ASSERT_EQ(got.cases().size(), expected.cases().size());
  for (const auto& c : expected.cases().all()) {
    const auto* mine = got.cases().find(c.id);
    ASSERT_TRUE(mine) << c.id;
    EXPECT_EQ(mine->status, c.status) << c.id;
    EXPECT_EQ(mine->grid, c.grid) << c.id;
  }
  EXPECT_EQ(got.cases().byStatus(), expected.cases().byStatus());
  EXPECT_EQ(got.cases().byCategory(), expected.cases().byCategory());
  EXPECT_EQ(got.cases().byGrid(), expected.cases().byGrid());
  ASSERT_EQ(got.sensors().all().size(), 8u);
  for (const auto& s : expected.sensors().all()) {
    const auto* mine = got.sensors().find(s.id);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->metrics.size(), s.metrics.size());
    EXPECT_EQ(mine->metrics[0].latest, s.metrics[0].latest);
  }

  // Every injected fault was seen and counted under its reason.
  const auto totals = server.stop();
  ASSERT_FALSE(totals.empty());
  const std::string& t = totals[0];
  EXPECT_EQ(number(t, "events"), uint64_t(kTotal));
  const auto f = live.feeds()[0];
  const auto& r = f.decode.rejected;
  EXPECT_EQ(r[live::RejectReason::malformedJson], number(t, "malformed_json"));
  EXPECT_EQ(r[live::RejectReason::unknownType], number(t, "unknown_type"));
  EXPECT_EQ(r[live::RejectReason::missingField], number(t, "missing_field"));
  EXPECT_EQ(r[live::RejectReason::badValue], number(t, "bad_value"));
  EXPECT_EQ(r[live::RejectReason::badCoordinates], number(t, "bad_coordinates"));
  EXPECT_EQ(r[live::RejectReason::gap], number(t, "gap") + number(t, "out_of_order"));
  EXPECT_EQ(f.decode.duplicates, number(t, "duplicate") + number(t, "out_of_order"));
  EXPECT_GT(number(t, "malformed_json"), 10u);
  EXPECT_EQ(f.decode.events, uint64_t(kTotal) + number(t, "duplicate"));
  EXPECT_LT(longest, 50.0) << "the frame loop waited on the network";
}

TEST(FeedIntegration, UnauthorizedIsShownWithoutATightRetryLoop) {
  test::ServerProcess server(sim({"--token", "secret", "--rate", "100"}));
  auto o = options(server.url());
  o.token = "wrong";
  feed::LiveSession live({o});
  pumpUntil(live, [] { return false; }, 1500ms);
  const auto f = live.feeds()[0];
  EXPECT_EQ(f.state, feed::FeedState::unauthorized);
  EXPECT_NE(f.lastError.find("401"), std::string::npos) << f.lastError;
  EXPECT_EQ(f.connections, 0u);
  EXPECT_EQ(f.reconnects, 0u);  // it waits (a minute by default) instead of hammering the server
}

TEST(FeedIntegration, TheRightTokenIsAccepted) {
  test::ServerProcess server(sim({"--token", "secret", "--rate", "1000"}));
  auto o = options(server.url());
  o.token = "secret";
  feed::LiveSession live({o});
  pumpUntil(live, [&] { return live.store().cases().size() > 10; });
  EXPECT_EQ(live.feeds()[0].state, feed::FeedState::connected);
}

TEST(FeedIntegration, WssVerifiesTheServerAgainstTheGivenCa) {
  const std::string dir = test::makeCertificate();
  test::ServerProcess server(sim({"--tls-cert", dir + "/cert.pem", "--tls-key", dir + "/key.pem", "--rate", "1000"}));
  auto trusted = options(server.url(true));
  trusted.caFile = dir + "/cert.pem";
  auto untrusted = options(server.url(true));  // system CAs only: the self-signed server is refused
  feed::LiveSession live({trusted, untrusted});
  pumpUntil(live, [&] { return live.store().cases().size() > 10 && live.feeds()[1].reconnects > 0; });
  const auto f = live.feeds();
  EXPECT_EQ(f[0].state, feed::FeedState::connected);
  EXPECT_GT(f[0].decode.events, 10u);
  EXPECT_EQ(f[1].connections, 0u);
  EXPECT_NE(f[1].lastError.find("certificate verify failed"), std::string::npos) << f[1].lastError;
}

TEST(FeedIntegration, DroppedConnectionsReconnectAndResume) {
  test::ServerProcess server(sim({"--drop-every", "0.4", "--rate", "2000"}));
  feed::LiveSession live({options(server.url())});
  pumpUntil(live, [&] { return live.feeds()[0].connections >= 4; });
  const auto f = live.feeds()[0];
  EXPECT_GE(f.connections, 4u);
  EXPECT_GE(f.reconnects, 3u);
  // Totals are printed as connections end: the 2nd and 3rd have ended.
  const auto totals = server.stop();
  uint64_t resumes = 0;
  for (const auto& t : totals) resumes += number(t, "resumes");
  EXPECT_GE(resumes, 2u) << "the client did not send resume after reconnecting";
}

TEST(FeedIntegration, AServerThatStallsMidFrameIsDetectedAndLeft) {
  test::ServerProcess server(sim({"--stall-at", "100", "--rate", "5000"}));
  auto o = options(server.url());
  o.idleTimeout = 1s;
  feed::LiveSession live({o});
  const double longest = pumpUntil(live, [&] { return live.feeds()[0].connections >= 2; });
  EXPECT_GE(live.feeds()[0].connections, 2u);
  EXPECT_GE(live.feeds()[0].decode.events, 100u);  // what came before the stall is kept
  EXPECT_LT(longest, 50.0);
}

TEST(FeedIntegration, OversizedFramesAreRefusedAndTheFeedCarriesOn) {
  test::ServerProcess server(sim({"--oversize-at", "50", "--rate", "5000", "--total", "300"}));
  feed::LiveSession live({options(server.url())});
  pumpUntil(live, [&] { return live.feeds()[0].tooLarge >= 1 && live.feeds()[0].connections >= 2; });
  const auto f = live.feeds()[0];
  EXPECT_GE(f.tooLarge, 1u);
  EXPECT_GE(f.decode.rejected[live::RejectReason::tooLarge], 1u);
  EXPECT_GE(f.connections, 2u);
  EXPECT_GE(f.decode.events, 50u);
}

TEST(FeedIntegration, AFullQueuePushesBackInsteadOfDropping) {
  test::ServerProcess server(sim({"--rate", "50000", "--batch", "50", "--total", "20000", "--once", "--sensors", "0"}));
  feed::EventQueue queue(500);
  feed::FeedClient client(queue);
  client.add(options(server.url()));
  client.start();
  std::this_thread::sleep_for(1s);  // nobody drains: the reader must stop, not drop
  auto s = queue.stats();
  EXPECT_LE(s.depth, 500u + 50u);
  EXPECT_GT(s.fullRefusals, 0u);
  std::vector<live::FeedEvent> out;
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (out.size() < 20000 && std::chrono::steady_clock::now() < end) {
    queue.drain(out);
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_EQ(out.size(), 20000u);  // every event arrived
  client.stop();
}

TEST(FeedIntegration, AServerWeDidNotWriteNodeWs) {
  const fs::path node = fs::path(CITYWALL_SOURCE_DIR) / "tests/feed/node";
  if (!fs::exists(node / "node_modules/ws")) GTEST_SKIP() << "npm package ws not installed (scripts/test.sh installs it)";
  const std::string dir = test::makeCertificate();
  for (bool tls : {false, true}) {
    std::vector<std::string> argv = {"node", (node / "server.mjs").string(), "--count", "500"};
    if (tls) argv.insert(argv.end(), {"--cert", dir + "/cert.pem", "--key", dir + "/key.pem"});
    test::ServerProcess server(argv);
    auto o = options(server.url(tls));
    o.caFile = dir + "/cert.pem";
    feed::LiveSession live({o});
    pumpUntil(live, [&] { return live.store().cases().size() >= 500; });
    EXPECT_EQ(live.store().cases().size(), 500u) << (tls ? "wss" : "ws");
    EXPECT_EQ(live.feeds()[0].decode.rejected.total(), 0u);
    EXPECT_EQ(live.store().cases().byStatus()[size_t(live::CaseStatus::dispatched)], 250u);
  }
}

// Everything a wall received, replayed from its journal through the same
// decoder, gives the state the wall had live: the same cases with the same
// histories, the same aggregates and sensors, the same rejections.
TEST(FeedIntegration, AJournalReplaysToExactlyTheLiveState) {
  constexpr int kTotal = 3000;
  const fs::path dir = test::tempDir("journal-replay");
  test::ServerProcess server(sim({"--total", std::to_string(kTotal), "--seed", "11", "--faults", "0.05", "--batch", "10",
                                  "--rate", "20000", "--sensors", "8", "--once"}));
  feed::JournalOptions journal{dir};
  auto live = std::make_unique<feed::LiveSession>(std::vector<feed::FeedOptions>{options(server.url())},
                                                  live::StoreConfig{}, journal);
  pumpUntil(*live, [&] {
    const auto f = live->feeds();
    return f[0].connections == 1 && f[0].state != feed::FeedState::connected;  // the server closed at the end
  });
  live->pump(kStart);
  live->flushJournal();
  const auto received = live->feeds()[0].decode;
  const live::Store& got = live->store();

  live::Store replayed;
  const feed::JournalLoad load = feed::applyJournal(dir, replayed);
  replayed.tick(kStart);
  EXPECT_TRUE(load.damage.empty());
  EXPECT_EQ(load.frames, received.frames);
  EXPECT_EQ(load.decode.events, received.events);
  EXPECT_EQ(load.decode.rejected, received.rejected);
  EXPECT_EQ(load.decode.duplicates, received.duplicates);
  ASSERT_EQ(replayed.cases().size(), got.cases().size());
  for (const auto& c : got.cases().all()) {
    const auto* r = replayed.cases().find(c.id);
    ASSERT_TRUE(r) << c.id;
    EXPECT_EQ(r->status, c.status) << c.id;
    ASSERT_EQ(r->history.size(), c.history.size()) << c.id;
    for (size_t i = 0; i < c.history.size(); ++i) EXPECT_EQ(r->history[i].time, c.history[i].time) << c.id;
  }
  EXPECT_EQ(replayed.cases().byStatus(), got.cases().byStatus());
  EXPECT_EQ(replayed.cases().byGrid(), got.cases().byGrid());
  EXPECT_EQ(replayed.cases().overdue(), got.cases().overdue());
  EXPECT_EQ(replayed.cases().reopenings(), got.cases().reopenings());
  ASSERT_EQ(replayed.sensors().all().size(), got.sensors().all().size());
  for (const auto& s : got.sensors().all()) {
    const auto* r = replayed.sensors().find(s.id);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->metrics.size(), s.metrics.size());
    for (size_t m = 0; m < s.metrics.size(); ++m) EXPECT_EQ(r->metrics[m].latest, s.metrics[m].latest) << s.id;
  }
  // The journal names the feed without credentials and is its owner's only.
  feed::JournalReader reader(dir);
  ASSERT_EQ(reader.segments().size(), 1u);
  EXPECT_EQ(reader.segments()[0].feeds, std::vector<std::string>{server.url()});
  EXPECT_EQ(fs::status(dir).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

namespace {
// The store's part of a state dump: cases, sensors and alarms with every
// aggregate (the feeds' connection counters and the process's memory are
// the live wall's own).
std::string storePart(const std::string& dump) {
  const size_t from = dump.find("\"cases\":"), to = dump.find(",\"rejected\"");
  return from == std::string::npos || to == std::string::npos ? dump : dump.substr(from, to - from);
}
std::string replayDump(const fs::path& dir, const live::StoreConfig& config, live::TimeMs t, bool linear,
                       uint64_t* keyframeJumps = nullptr) {
  feed::LiveSession session({}, config);
  auto player = std::make_unique<feed::JournalPlayer>(dir);
  feed::JournalPlayer& p = *player;
  session.startReplay(std::move(player), 0.0);
  if (linear) {
    // From the start, in uneven steps, as a wall playing at 1000× would.
    p.setSpeed(1000);  // 1 ms of wall time is a second of the journal
    const live::TimeMs target = std::min(t, p.end());
    for (double step = 0.001; p.time() < target; step = step * 1.7 > 0.05 ? 0.001 : step * 1.7)
      p.advance(std::max(0.000001, std::min(step, double(target - p.time()) / 1e6)), session.store());
    if (t > p.end()) session.store().tick(t);
    EXPECT_EQ(p.keyframeJumps(), 0u);
  } else {
    session.seekReplay(t);
  }
  if (keyframeJumps) *keyframeJumps = p.keyframeJumps();
  return storePart(feed::stateDumpJson(session, t));
}
}  // namespace

// The state at any moment is the same whichever way it is reached: live
// while recording, replayed from the start, or by a jump to a keyframe —
// forwards, backwards, and back again.
TEST(FeedIntegration, TheStateAtAnyMomentIsTheSameLiveReplayedOrByAJump) {
  const fs::path dir = test::tempDir("journal-determinism");
  test::ServerProcess server(sim({"--total", "6000", "--seed", "5", "--faults", "0.02", "--batch", "10", "--rate", "6000",
                                  "--sensors", "12", "--once"}));
  live::StoreConfig config;
  config.cases.closedRetention = 0;  // the live wall ticks per frame, a replay per record: no eviction may fall between
  feed::JournalOptions journal{dir};
  journal.keyframeEvents = 700;  // several keyframes in a second of recording
  journal.keyframeShare = 1;
  auto live = std::make_unique<feed::LiveSession>(std::vector<feed::FeedOptions>{options(server.url())}, config, journal);
  const auto end = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < end) {
    live->pump(feed::wallClockNow());
    const auto f = live->feeds();
    if (f[0].connections == 1 && f[0].state != feed::FeedState::connected) break;
    std::this_thread::sleep_for(5ms);
  }
  live->flushJournal();
  const live::TimeMs tEnd = feed::wallClockNow();
  live->pump(tEnd);
  const std::string liveDump = storePart(feed::stateDumpJson(*live, tEnd));
  ASSERT_GE(live->journal()->keyframes, 4u);

  feed::JournalPlayer probe(dir);
  ASSERT_GE(probe.keyframes(), 4u);
  const live::TimeMs middle = probe.begin() + (probe.end() - probe.begin()) * 3 / 5;
  uint64_t jumps = 0;
  EXPECT_EQ(replayDump(dir, config, tEnd, false, &jumps), liveDump) << "a jump to the end is the live state";
  EXPECT_EQ(jumps, 1u);
  EXPECT_EQ(replayDump(dir, config, tEnd, true), liveDump) << "a replay from the start is the live state";
  const std::string viaJump = replayDump(dir, config, middle, false);
  EXPECT_EQ(viaJump, replayDump(dir, config, middle, true));
  // Forwards past the middle, then back to it (from a keyframe): the same again.
  feed::LiveSession session({}, config);
  auto player = std::make_unique<feed::JournalPlayer>(dir);
  feed::JournalPlayer& p = *player;
  session.startReplay(std::move(player), 0.0);
  session.seekReplay(probe.end());
  session.seekReplay(middle);
  EXPECT_EQ(storePart(feed::stateDumpJson(session, middle)), viaJump);
  EXPECT_GE(p.keyframeJumps(), 2u);
}

// A recorded journal served to another wall (citywall-journal serve) gives
// it the state the recording wall had; with the connection dropped again
// and again, the wall resumes and misses nothing and gets nothing twice.
TEST(FeedIntegration, AServedJournalGivesAnotherWallTheSameState) {
  const fs::path dir = test::tempDir("journal-serve");
  {
    test::ServerProcess server(sim({"--total", "3000", "--seed", "7", "--batch", "10", "--rate", "30000", "--sensors", "6",
                                    "--once"}));
    feed::LiveSession recording(std::vector<feed::FeedOptions>{options(server.url())}, live::StoreConfig{},
                                feed::JournalOptions{dir});
    pumpUntil(recording, [&] {
      const auto f = recording.feeds();
      return f[0].connections == 1 && f[0].state != feed::FeedState::connected;
    });
    recording.flushJournal();
  }
  live::Store recorded;
  feed::applyJournal(dir, recorded);
  recorded.tick(kStart);
  ASSERT_GT(recorded.cases().size(), 100u);

  auto received = [&](std::vector<std::string> argv, bool drops) {
    test::ServerProcess server(argv);
    feed::LiveSession wall({options(server.url())});
    pumpUntil(wall, [&] { return wall.store().applied() >= recorded.applied(); }, 20s);
    const auto f = wall.feeds()[0];
    EXPECT_EQ(f.decode.events, recorded.applied()) << argv[0] << ": " << f.lastError << " after " << f.connections << " connections";
    EXPECT_EQ(f.decode.duplicates, 0u) << "a resumed wall got something twice";
    EXPECT_EQ(f.decode.rejected[live::RejectReason::gap], 0u) << "a resumed wall missed something";
    if (drops) {
      EXPECT_GE(f.reconnects, 2u);
    }
    wall.pump(kStart);
    EXPECT_EQ(wall.store().applied(), recorded.applied());
    EXPECT_EQ(wall.store().cases().size(), recorded.cases().size());
    EXPECT_EQ(wall.store().cases().byStatus(), recorded.cases().byStatus());
    for (const auto& c : recorded.cases().all()) {
      const auto* r = wall.store().cases().find(c.id);
      ASSERT_TRUE(r) << c.id;
      EXPECT_EQ(r->status, c.status) << c.id;
      EXPECT_EQ(r->history.size(), c.history.size()) << c.id;
    }
    EXPECT_EQ(wall.store().sensors().all().size(), recorded.sensors().all().size());
  };
  received({CITYWALL_JOURNAL, "serve", dir.string(), "--port", "0", "--speed", "100", "--batch", "10", "--original-times"},
           false);
  // The same server, at the recording's own pace, with its connection cut every 30 ms.
  received({kFeedSim, "--replay", "journal", "--data", dir.string(), "--port", "0", "--speed", "1", "--batch", "5",
            "--original-times", "--drop-every", "0.03"},
           true);
}
