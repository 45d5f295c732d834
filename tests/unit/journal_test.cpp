// The journal: what goes in comes out byte for byte, in order; damage is
// found and skipped, never fatal; a folder that cannot be written is
// reported, not a crash; old segments go.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <thread>

#include "feed/journal.h"
#include "feed/journal_player.h"
#include "live/store_snapshot.h"
#include "test_support.h"

using namespace citywall;
namespace fs = std::filesystem;

namespace {

std::vector<feed::JournalRecord> someRecords(size_t n) {
  std::vector<feed::JournalRecord> out;
  for (size_t i = 0; i < n; ++i) {
    feed::JournalRecord r;
    r.channel = i % 50 == 0 ? feed::JournalChannel::operatorAction : feed::JournalChannel::feedFrame;
    r.feed = uint16_t(i % 3);
    r.received = 1764577500000 + live::TimeMs(i);
    r.bytes = R"({"type":"case","id":"SR-)" + std::to_string(i) + R"(","time":1,"status":"filed"})";
    if (i == 7) r.bytes = std::string("binary\0bytes\n", 13);  // as received, whatever it is
    out.push_back(r);
  }
  return out;
}

std::vector<feed::JournalRecord> readAll(const fs::path& dir) {
  std::vector<feed::JournalRecord> out;
  feed::JournalReader reader(dir);
  reader.forEach(std::numeric_limits<live::TimeMs>::min(), std::numeric_limits<live::TimeMs>::max(),
                 [&](const feed::JournalRecord& r) { out.push_back(r); });
  return out;
}

void exec(const fs::path& segment, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(segment.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

size_t openFiles() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace

TEST(Journal, RecordsComeBackAsTheyWentIn) {
  const fs::path dir = test::tempDir("journal-roundtrip");
  const auto records = someRecords(10000);
  {
    feed::JournalWriter writer({dir / "j"});
    EXPECT_EQ(writer.addFeed("ws://a.example/feed"), 0);
    EXPECT_EQ(writer.addFeed("wss://b.example/feed"), 1);
    writer.addFeed("ws://c.example/feed");
    for (const auto& r : records) writer.record(r);
    writer.flush();
    const auto status = writer.status();
    EXPECT_EQ(status.records, records.size());
    EXPECT_EQ(status.lost, 0u);
    EXPECT_GE(status.chunks, 3u);  // at most 4,096 records a chunk
    EXPECT_TRUE(status.error.empty()) << status.error;
  }
  const auto back = readAll(dir / "j");
  ASSERT_EQ(back.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(back[i].bytes, records[i].bytes) << i;
    EXPECT_EQ(back[i].received, records[i].received) << i;
    EXPECT_EQ(back[i].feed, records[i].feed) << i;
    EXPECT_EQ(back[i].channel, records[i].channel) << i;
  }
  feed::JournalReader reader(dir / "j");
  ASSERT_EQ(reader.segments().size(), 1u);
  const auto& s = reader.segments()[0];
  EXPECT_EQ(s.feeds, (std::vector<std::string>{"ws://a.example/feed", "wss://b.example/feed", "ws://c.example/feed"}));
  EXPECT_EQ(s.first, records.front().received);
  EXPECT_EQ(s.last, records.back().received);
  EXPECT_EQ(s.formatVersion, feed::kJournalFormat);
  EXPECT_LT(s.fileBytes, s.rawBytes) << "chunks are compressed";
  EXPECT_TRUE(reader.verify());
  // Only its owner may read what the city sent.
  struct stat st {};
  ASSERT_EQ(::stat(s.path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  // A time range reads only what falls in it.
  std::vector<feed::JournalRecord> some;
  feed::JournalReader(dir / "j").forEach(records[100].received, records[199].received,
                                         [&](const feed::JournalRecord& r) { some.push_back(r); });
  ASSERT_EQ(some.size(), 100u);
  EXPECT_EQ(some.front().bytes, records[100].bytes);
}

// A replay reads its journal again at every jump and a wall runs for weeks:
// reading and checking a journal leaves no file open behind it (a connection
// closed while a statement still lived was left open, and its memory with it).
TEST(Journal, ReadingAndCheckingLeaveNoFileOpen) {
  const fs::path dir = test::tempDir("journal-no-open-files");
  {
    feed::JournalWriter writer({dir});
    for (const auto& r : someRecords(100)) writer.record(r);
  }
  const size_t before = openFiles();
  for (int i = 0; i < 3; ++i) {
    feed::JournalReader reader(dir);
    size_t read = 0;
    reader.forEach(std::numeric_limits<live::TimeMs>::min(), std::numeric_limits<live::TimeMs>::max(),
                   [&](const feed::JournalRecord&) { ++read; });
    EXPECT_EQ(read, 100u);
    EXPECT_TRUE(reader.verify());
  }
  EXPECT_EQ(openFiles(), before);
}

TEST(Journal, AChunkIsWrittenWithinAQuarterSecond) {
  const fs::path dir = test::tempDir("journal-chunks");
  feed::JournalWriter writer({dir});
  writer.record(someRecords(1)[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // no flush: the writer's own clock
  EXPECT_EQ(writer.status().records, 1u);
  EXPECT_EQ(readAll(dir).size(), 1u);  // readable while the writer still runs
}

TEST(Journal, AFolderThatCannotBeWrittenIsReportedNotFatal) {
  const fs::path dir = test::tempDir("journal-unwritable");
  test::writeFile(dir.string(), "file", "x");
  feed::JournalWriter writer({dir / "file" / "journal"});  // under a file: never a folder
  for (const auto& r : someRecords(10)) writer.record(r);
  writer.flush();
  const auto status = writer.status();
  EXPECT_EQ(status.records, 0u);
  EXPECT_EQ(status.lost, 10u);
  EXPECT_NE(status.error.find("cannot create"), std::string::npos) << status.error;
}

TEST(Journal, DamagedChunksAndSegmentsAreSkippedAndNamed) {
  const fs::path dir = test::tempDir("journal-damage");
  feed::JournalOptions o{dir};
  o.chunkRecords = 100;
  {
    feed::JournalWriter writer(o);
    for (const auto& r : someRecords(1000)) writer.record(r);
  }
  feed::JournalReader whole(dir);
  ASSERT_EQ(whole.segments().size(), 1u);
  const fs::path segment = whole.segments()[0].path;
  ASSERT_EQ(whole.segments()[0].chunks, 10u);
  exec(segment, "UPDATE chunks SET data = x'00112233' WHERE id = 3");
  feed::JournalReader damaged(dir);
  EXPECT_EQ(readAll(dir).size(), 900u);  // the other nine chunks still read
  EXPECT_FALSE(damaged.verify());
  ASSERT_FALSE(damaged.damage().empty());
  EXPECT_NE(damaged.damage().front().what.find("chunk 3"), std::string::npos) << damaged.damage().front().what;
  // A segment from a newer citywall is named and skipped.
  exec(segment, "UPDATE meta SET value = '99' WHERE key = 'format'");
  feed::JournalReader newer(dir);
  EXPECT_TRUE(newer.segments().empty());
  ASSERT_EQ(newer.damage().size(), 1u);
  EXPECT_NE(newer.damage()[0].what.find("newer"), std::string::npos);
  // Half a file (a copy cut short) and plain garbage never crash the reader.
  fs::resize_file(segment, fs::file_size(segment) / 2);
  test::writeFile(dir.string(), "citywall-20990101T000000Z.journal", "not a database at all");
  feed::JournalReader cut(dir);
  EXPECT_FALSE(cut.verify());
  EXPECT_GE(cut.damage().size(), 1u);
}

TEST(Journal, OldSegmentsAreRemovedToStayUnderTheSizeLimit) {
  const fs::path dir = test::tempDir("journal-retention");
  feed::JournalOptions o{dir};
  o.rotateSeconds = 0.05;
  o.maxGb = 1e-9;  // a byte: every closed segment is over the limit
  feed::JournalWriter writer(o);
  for (int i = 0; i < 4; ++i) {
    writer.record(someRecords(1)[0]);
    writer.flush();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // segment names have whole seconds
  }
  EXPECT_GE(writer.status().segmentsRemoved, 2u);
  size_t left = 0;
  for (const auto& e : fs::directory_iterator(dir)) left += e.path().extension() == ".journal";
  EXPECT_LE(left, 2u);
}

TEST(Journal, PackedRecordsMustBeWhole) {
  const auto records = someRecords(5);
  const std::string packed = feed::packRecords(records);
  std::vector<feed::JournalRecord> back;
  ASSERT_TRUE(feed::unpackRecords(packed, back));
  EXPECT_EQ(back.size(), 5u);
  back.clear();
  EXPECT_FALSE(feed::unpackRecords(std::string_view(packed).substr(0, packed.size() - 3), back));
}

// What a replay meets in journals from the field: receive times from a clock
// gone wrong (1970, 2100), event times the same, repeated and out-of-order
// frames, a chunk cut short, a segment from a newer citywall. The replay
// opens, plays everything else, and says what it skipped.
TEST(JournalPlayer, BadDataIsSkippedAndNamedAndTheRestPlays) {
  constexpr live::TimeMs kT0 = 1764577500000;
  const fs::path dir = test::tempDir("player-bad-data");
  auto frame = [](int seq, const std::string& id, live::TimeMs t) {
    return R"({"type":"case","seq":)" + std::to_string(seq) + R"(,"id":")" + id + R"(","time":)" + std::to_string(t) +
           R"(,"status":"reported","category":"city.road","lon":121.49,"lat":31.24})";
  };
  {
    feed::JournalWriter writer({dir});
    writer.addFeed("ws://field");
    auto put = [&](live::TimeMs received, std::string bytes) {
      writer.record({feed::JournalChannel::feedFrame, 0, received, std::move(bytes)});
      writer.flush();  // a chunk each
    };
    for (int i = 0; i < 6; ++i) put(kT0 + i * 1000, frame(i + 1, "c" + std::to_string(i), kT0 + i * 1000));
    put(0, frame(7, "from-1970-clock", kT0));                   // the recorder's clock at the epoch
    put(4102444800000 + 5000, frame(8, "from-2100-clock", kT0));  // and in 2100
    put(kT0 + 6000, frame(9, "event-in-1970", 0));                // event times gone wrong, received fine
    put(kT0 + 6100, frame(10, "event-in-2100", 4102444800000));
    put(kT0 + 6200, frame(10, "repeat", kT0 + 6200));            // the same seq again: kept, counted
    put(kT0 + 6300, frame(5, "late", kT0 + 6300));               // out of order
    for (int i = 7; i < 10; ++i) put(kT0 + i * 1000, frame(i + 10, "c" + std::to_string(i), kT0 + i * 1000));
  }
  feed::JournalReader reader(dir);
  ASSERT_EQ(reader.segments().size(), 1u);
  const fs::path segment = reader.segments()[0].path;
  exec(segment, "UPDATE chunks SET data = substr(data, 1, 7) WHERE id = (SELECT MAX(id) FROM chunks)");  // the last chunk cut
  // A segment a newer citywall wrote, beside it.
  const fs::path newer = dir / "citywall-20261201T120000.000Z.journal";
  fs::copy_file(segment, newer);
  exec(newer, "UPDATE meta SET value = '99' WHERE key = 'format'");

  feed::JournalPlayer player(dir);
  EXPECT_EQ(player.begin(), kT0) << "the 1970 clock does not stretch the timeline";
  EXPECT_EQ(player.end(), kT0 + 9000) << "nor the 2100 one";
  live::Store store;
  player.seek(player.end(), store);
  for (const char* id : {"c0", "c5", "event-in-1970", "event-in-2100", "repeat", "late", "c8"})
    EXPECT_TRUE(store.cases().find(id)) << id;
  EXPECT_FALSE(store.cases().find("from-1970-clock"));
  EXPECT_FALSE(store.cases().find("from-2100-clock"));
  EXPECT_FALSE(store.cases().find("c9")) << "the cut chunk";
  EXPECT_EQ(player.skippedTimes(), 2u);
  std::string said;
  for (const auto& d : player.damage()) said += d.path.filename().string() + ": " + d.what + "\n";
  EXPECT_NE(said.find("newer citywall"), std::string::npos) << said;
  EXPECT_NE(said.find("cannot be read (skipped)"), std::string::npos) << said;
  // Back to the start and forward again: the same store, the skips counted once.
  player.seek(player.begin(), store);
  player.seek(player.end(), store);
  EXPECT_EQ(store.cases().size(), 12u);  // c0–c5, c7, c8 and the four odd ones
  EXPECT_EQ(player.skippedTimes(), 2u);
}

// Keyframes after a segment's first hold only the readings added since the
// one before. A jump through such a chain lands on the state a replay from
// the start reaches; a delta whose base is lost is named by verify and
// passed over by the player (an earlier keyframe does), never misapplied.
TEST(JournalPlayer, DeltaKeyframesJumpToTheReplayedStateAndALostLinkIsPassedOver) {
  constexpr live::TimeMs kT0 = 1764577500000;
  live::StoreConfig config;
  config.sensors.historyPerMetric = 30;  // trimmed as the readings go on
  auto record = [&](const fs::path& dir, bool keyframes) {
    feed::JournalOptions options{dir};
    options.store = config;
    options.keyframes = keyframes;
    options.keyframeEvents = 40;
    options.keyframeShare = 0.99;
    feed::JournalWriter writer(options);
    writer.addFeed("ws://sensors");
    auto put = [&](live::TimeMs t, std::string bytes) { writer.record({feed::JournalChannel::feedFrame, 0, t, std::move(bytes)}); };
    for (int s = 0; s < 40; ++s)
      put(kT0, R"({"type":"sensor","id":"aq-)" + std::to_string(s) + R"(","kind":"air_quality","lon":121.4,"lat":31.2,)"
                   R"("thresholds":{"pm25":{"warn":75,"alarm":150}}})");
    for (int i = 0; i < 4000; ++i) {
      const live::TimeMs t = kT0 + 1000 + i * 100;
      put(t, R"({"type":"obs","sensor":"aq-)" + std::to_string(i % 40) + R"(","time":)" + std::to_string(t) +
                 R"(,"values":{"pm25":)" + std::to_string(40 + (i * 7) % 130) + ".25}}");
      if (i % 10 == 9) writer.flush();  // a chunk every ten readings
    }
  };
  const fs::path dir = test::tempDir("player-delta-keyframes"), plain = test::tempDir("player-no-keyframes");
  record(dir, true);
  record(plain, false);

  auto stateAt = [&](const fs::path& d, live::TimeMs t, uint64_t* jumps) {
    feed::JournalPlayer player(d);
    live::Store store(config);
    player.seek(t, store);
    if (jumps) *jumps = player.keyframeJumps();
    return live::saveSnapshot(store);
  };
  {
    feed::JournalReader reader(dir);
    const auto keyframes = reader.keyframeIndex();
    ASSERT_GE(keyframes.size(), 5u);
    EXPECT_EQ(keyframes.front().base, 0) << "a segment starts with a whole snapshot";
    ASSERT_NE(keyframes[1].base, 0) << "then deltas";
    ASSERT_EQ(feed::keyframeChain(keyframes, 2), (std::vector<size_t>{0, 1, 2}));
    EXPECT_TRUE(reader.verify());
    size_t longest = 0;
    for (size_t k = 0; k < keyframes.size(); ++k) longest = std::max(longest, feed::keyframeChain(keyframes, k).size());
    EXPECT_GE(longest, 5u);
  }
  for (live::TimeMs t : {kT0 + 150'000, kT0 + 333'000, kT0 + 401'000, kT0 + 33'333}) {
    uint64_t jumps = 0;
    EXPECT_EQ(stateAt(dir, t, &jumps), stateAt(plain, t, nullptr)) << t - kT0;
    EXPECT_EQ(jumps, 1u) << "reached through a keyframe";
  }
  // The first delta lost: the ones after it, up to the next whole snapshot, build on it.
  feed::JournalReader before(dir);
  const fs::path segment = before.segments()[0].path;
  const int64_t lost = before.keyframeIndex()[1].id;
  const live::TimeMs inChain = before.keyframeIndex()[2].time + 50;
  const std::string want = stateAt(plain, inChain, nullptr);
  exec(segment, "DELETE FROM keyframes WHERE id = " + std::to_string(lost));
  feed::JournalReader reader(dir);
  EXPECT_FALSE(reader.verify());
  std::string said;
  for (const auto& d : reader.damage()) said += d.what + "\n";
  EXPECT_NE(said.find("builds on a keyframe that is missing"), std::string::npos) << said;
  uint64_t jumps = 0;
  EXPECT_EQ(stateAt(dir, inChain, &jumps), want) << "from the whole snapshot, then the chunks";
  EXPECT_EQ(jumps, 1u);
}
