// Store snapshots (the journal's keyframes): snapshot → restore gives the
// identical state dump, and the restored store goes on exactly as the
// original does; damaged, newer or foreign snapshots are refused and leave
// the store as it was.

#include <gtest/gtest.h>

#include "feed/decoder.h"
#include "feed/live_session.h"
#include "feed/state_dump.h"
#include "live/store_snapshot.h"
#include "tools/feed_sim/sim_city.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kStart = 1764547200000;  // 2025-12-01 00:00 UTC

// A config that makes every part of the store work within a simulated day:
// cases leave two hours after closing (slots are reused), histories and
// series are bounded, priority 3 goes overdue after an hour.
live::StoreConfig busyConfig() {
  live::StoreConfig c;
  c.cases.closedRetention = 2 * live::kHour;
  c.cases.maxHistory = 4;
  c.cases.overdue.push_back({"city.", 3, live::kHour});
  c.sensors.historyPerMetric = 30;
  return c;
}

// Feeds `session` the city's messages up to `until`, ticking every simulated
// minute as a frame loop would.
class Driver {
 public:
  Driver() : city_({}, kStart) {
    for (const auto& m : city_.registrations()) pending_.push_back(m);
  }
  void runUntil(live::TimeMs until, std::vector<feed::LiveSession*> sessions) {
    for (;;) {
      if (pending_.empty()) pending_.push_back(city_.next());
      const tools::SimMessage& m = pending_.front();
      if (m.time > until) break;
      events_.clear();
      decoder_.decode(m.json, events_);
      for (auto* s : sessions) {
        if (m.time >= lastTick_ + live::kMinute) s->store().tick(m.time);
        for (const auto& e : events_) s->store().apply(e);
      }
      if (m.time >= lastTick_ + live::kMinute) lastTick_ = m.time;
      pending_.erase(pending_.begin());
    }
    for (auto* s : sessions) s->store().tick(until);
  }

 private:
  tools::SimCity city_;
  feed::Decoder decoder_;
  std::vector<tools::SimMessage> pending_;
  std::vector<live::FeedEvent> events_;
  live::TimeMs lastTick_ = 0;
};

// The state dump without the process's own memory figures (which differ
// between any two calls).
std::string dump(const feed::LiveSession& session, live::TimeMs now) {
  std::string d = feed::stateDumpJson(session, now);
  const size_t p = d.find("\"process\":{");
  if (p != std::string::npos) d.erase(p, d.find('}', p) - p + 1);
  return d;
}

// Where two dumps first differ, for a readable failure.
std::string firstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const size_t from = i > 80 ? i - 80 : 0;
  return "at byte " + std::to_string(i) + ":\n  " + a.substr(from, 160) + "\n  " + b.substr(from, 160);
}

}  // namespace

TEST(StoreSnapshot, RestoringGivesTheIdenticalStateAndTheSameFuture) {
  feed::LiveSession original({}, busyConfig());
  Driver driver;
  const live::TimeMs middle = kStart + 30 * live::kHour;
  driver.runUntil(middle, {&original});
  // The simulated day exercised what a snapshot must carry.
  const live::CaseStore& cases = original.store().cases();
  ASSERT_GT(cases.evictedCount(), 0u);
  ASSERT_GT(cases.overdue(), 0u);
  ASSERT_GT(cases.reopenings(), 0u);
  ASSERT_GT(original.store().sensors().raisedLog().size(), 0u);
  // Readings that are not whole hundredths keep their exact bits.
  for (double v : {0.1 + 0.2, 1.0 / 3, -2.5e-7, 1e300})
    ASSERT_FALSE(original.store().apply(live::Observation{"air_quality-000", middle, {{"pm25", v}}}));

  const std::string bytes = live::saveSnapshot(original.store());
  feed::LiveSession restored({}, busyConfig());
  std::string error;
  ASSERT_TRUE(live::restoreSnapshot(bytes, restored.store(), error)) << error;
  const std::string want = dump(original, middle), got = dump(restored, middle);
  EXPECT_TRUE(got == want) << firstDifference(got, want);
  EXPECT_EQ(live::saveSnapshot(restored.store()), bytes) << "a snapshot of the restored store is the same bytes";

  // Deadlines, expiries, windows and free slots came back too: both stores
  // take the next day identically.
  driver.runUntil(middle + 26 * live::kHour, {&original, &restored});
  const std::string wantLater = dump(original, middle + 26 * live::kHour);
  const std::string gotLater = dump(restored, middle + 26 * live::kHour);
  EXPECT_TRUE(gotLater == wantLater) << firstDifference(gotLater, wantLater);
  EXPECT_EQ(live::saveSnapshot(restored.store()), live::saveSnapshot(original.store()));
}

TEST(StoreSnapshot, DamagedNewerOrForeignSnapshotsAreRefusedAndChangeNothing) {
  feed::LiveSession session({}, busyConfig());
  Driver driver;
  driver.runUntil(kStart + 3 * live::kHour, {&session});
  const std::string bytes = live::saveSnapshot(session.store());
  const std::string before = dump(session, kStart + 3 * live::kHour);

  feed::LiveSession target({}, busyConfig());
  Driver other;
  other.runUntil(kStart + live::kHour, {&target});
  const std::string targetBefore = dump(target, kStart + live::kHour);
  std::string error;
  // Truncated anywhere.
  for (size_t cut : {size_t(0), size_t(3), size_t(40), bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(live::restoreSnapshot(std::string_view(bytes).substr(0, cut), target.store(), error)) << cut;
    EXPECT_FALSE(error.empty());
  }
  // Bytes flipped in the middle: refused or, where a flip lands in a value,
  // restored without reaching outside the records (never a crash).
  for (size_t at = 8; at < bytes.size(); at += bytes.size() / 97 + 1) {
    std::string damaged = bytes;
    damaged[at] = char(~damaged[at]);
    live::Store scratch(busyConfig());
    (void)live::restoreSnapshot(damaged, scratch, error);
  }
  // A newer format.
  std::string newer = bytes;
  newer[4] = char(live::kSnapshotFormat + 1);
  EXPECT_FALSE(live::restoreSnapshot(newer, target.store(), error));
  EXPECT_NE(error.find("format"), std::string::npos) << error;
  // Made under other rules.
  live::Store foreign{live::StoreConfig{}};
  EXPECT_FALSE(live::restoreSnapshot(bytes, foreign, error));
  EXPECT_NE(error.find("configuration"), std::string::npos) << error;
  EXPECT_TRUE(dump(target, kStart + live::kHour) == targetBefore) << "a refused snapshot changes nothing";
  EXPECT_TRUE(dump(session, kStart + 3 * live::kHour) == before);
}

// The journal keeps a whole snapshot, then deltas holding only the readings
// each series gained: a chain must restore exactly what a whole snapshot of
// the same moment does — with series trimmed at their bound, sensors and
// metrics appearing between keyframes, and a late reading that went into
// the middle of a series.
TEST(StoreSnapshot, ADeltaChainRestoresWhatAWholeSnapshotDoes) {
  feed::LiveSession original({}, busyConfig());
  Driver driver;
  live::TimeMs t = kStart + 2 * live::kHour;
  driver.runUntil(t, {&original});
  live::SnapshotBase base;
  std::vector<std::string> chain{live::saveSnapshot(original.store(), &base)};
  std::vector<size_t> ends;  // each delta's readingsEnd
  ASSERT_TRUE(base.valid());
  EXPECT_FALSE(live::isDeltaSnapshot(chain.front()));
  for (int step = 1; step <= 8; ++step) {
    t += 20 * live::kMinute;
    driver.runUntil(t, {&original});
    if (step == 3) {  // late: before the series' newest reading
      ASSERT_FALSE(original.store().apply(live::Observation{"air_quality-000", t - 30 * live::kMinute, {{"pm25", 12.25}}}));
    }
    if (step == 5) {  // new sensor, new metric of an old one
      ASSERT_FALSE(original.store().apply(live::SensorUpdate{"late-sensor", "noise", {121.47, 31.23}, {}, {}}));
      ASSERT_FALSE(original.store().apply(live::Observation{"late-sensor", t, {{"db", 61.5}}}));
      ASSERT_FALSE(original.store().apply(live::Observation{"air_quality-000", t, {{"o3", 0.1 + 0.2}}}));
    }
    size_t end = 0;
    chain.push_back(live::saveDeltaSnapshot(original.store(), base, &end));
    ends.push_back(end);
    ASSERT_TRUE(live::isDeltaSnapshot(chain.back()));
    EXPECT_LT(chain.back().size(), live::saveSnapshot(original.store()).size()) << "a delta holds less than the whole";

    std::vector<std::string_view> views(chain.begin(), chain.end());
    feed::LiveSession restored({}, busyConfig());
    std::string error;
    ASSERT_TRUE(live::restoreSnapshotChain(views, restored.store(), error)) << "step " << step << ": " << error;
    const std::string want = dump(original, t), got = dump(restored, t);
    ASSERT_TRUE(got == want) << "step " << step << " " << firstDifference(got, want);
    ASSERT_EQ(live::saveSnapshot(restored.store()), live::saveSnapshot(original.store())) << "step " << step;
  }

  // Deltas right after another (nothing changed between them); every delta
  // but the last cut where a chain stops reading it.
  for (int i = 0; i < 2; ++i) {
    size_t end = 0;
    chain.push_back(live::saveDeltaSnapshot(original.store(), base, &end));
    ends.push_back(end);
  }
  {
    std::vector<std::string_view> cut(chain.begin(), chain.end());
    for (size_t i = 1; i + 1 < cut.size(); ++i) cut[i] = cut[i].substr(0, ends[i - 1]);
    feed::LiveSession restored({}, busyConfig());
    std::string error;
    ASSERT_TRUE(live::restoreSnapshotChain(cut, restored.store(), error)) << error;
    EXPECT_EQ(live::saveSnapshot(restored.store()), live::saveSnapshot(original.store()));
  }

  // A chain with a delta missing, a delta without its whole snapshot, a
  // truncated delta: refused, the store untouched.
  feed::LiveSession target({}, busyConfig());
  const std::string before = dump(target, t);
  std::string error;
  chain.resize(chain.size() - 2);
  std::vector<std::string_view> gap{chain[0], chain[1], chain[3]};
  EXPECT_FALSE(live::restoreSnapshotChain(gap, target.store(), error));
  EXPECT_NE(error.find("follow"), std::string::npos) << error;
  EXPECT_FALSE(live::restoreSnapshotChain({chain[1]}, target.store(), error));
  EXPECT_FALSE(live::restoreSnapshot(chain[1], target.store(), error));
  for (size_t cut : {size_t(3), size_t(30), chain[2].size() / 2, chain[2].size() - 1}) {
    std::vector<std::string_view> cutChain{chain[0], chain[1], std::string_view(chain[2]).substr(0, cut)};
    EXPECT_FALSE(live::restoreSnapshotChain(cutChain, target.store(), error)) << cut;
  }
  for (size_t at = 8; at < chain[2].size(); at += chain[2].size() / 61 + 1) {
    std::string damaged = chain[2];
    damaged[at] = char(~damaged[at]);
    live::Store scratch(busyConfig());
    (void)live::restoreSnapshotChain({chain[0], chain[1], damaged}, scratch, error);  // never a crash
  }
  EXPECT_TRUE(dump(target, t) == before) << "a refused chain changes nothing";
}

// Cases closed (and going overdue) at the same millisecond: a feed sends a
// batch with one timestamp. A store restored from a snapshot must evict
// them, free their slots and give the next cases the same slots as the
// original — a wall's nodes and a journal's keyframes depend on it.
TEST(StoreSnapshot, CasesDueAtTheSameMomentGoOnAsInTheOriginal) {
  live::StoreConfig config = busyConfig();
  live::Store original(config);
  const live::TimeMs t = kStart;
  auto update = [](const std::string& id, live::TimeMs at, live::CaseStatus status) {
    live::CaseUpdate u;
    u.id = id, u.time = at, u.status = status, u.category = "city.road", u.priority = 3;
    u.position = live::LonLat{121.49, 31.24};
    return u;
  };
  original.tick(t);
  for (int i = 0; i < 40; ++i) ASSERT_FALSE(original.apply(update("A-" + std::to_string(i), t, live::CaseStatus::reported)));
  // Every second one closes at one moment (their expiries tie); the rest go overdue together.
  for (int i = 0; i < 40; i += 2) ASSERT_FALSE(original.apply(update("A-" + std::to_string(i), t + 1000, live::CaseStatus::closed)));
  original.tick(t + 2000);
  live::Store restored(config);
  std::string error;
  ASSERT_TRUE(live::restoreSnapshot(live::saveSnapshot(original), restored, error)) << error;
  EXPECT_EQ(live::saveSnapshot(restored), live::saveSnapshot(original));
  // Past the retention and the overdue limit: the closed ones leave, and new cases take their slots.
  for (live::Store* s : {&original, &restored}) {
    s->tick(t + 3 * live::kHour);
    for (int i = 0; i < 30; ++i) ASSERT_FALSE(s->apply(update("B-" + std::to_string(i), t + 3 * live::kHour, live::CaseStatus::reported)));
  }
  for (int i = 0; i < 30; ++i) {
    const std::string id = "B-" + std::to_string(i);
    EXPECT_EQ(restored.cases().slotOf(id), original.cases().slotOf(id)) << id;
  }
  EXPECT_EQ(restored.cases().overdue(), original.cases().overdue());
  EXPECT_EQ(live::saveSnapshot(restored), live::saveSnapshot(original));
}
