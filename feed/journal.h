#pragma once
// The journal: every frame every feed sent, as received (raw bytes, before
// decoding, so a replay goes back through the same decoder), with its receive
// time, feed and channel, plus the operators' actions as their own channel.
//
// On disk: a folder of segment files, one SQLite database each (WAL,
// synchronous=NORMAL), rotated every hour and removed oldest first by age and
// size. A segment holds chunks of records (at most 250 ms or 4,096 records,
// zstd-compressed), one transaction per chunk, so a crash loses at most the
// chunk being filled and never corrupts what was written; `sqlite3` opens a
// segment as it is (tables meta, feeds, chunks).
//
// JournalWriter runs its own thread: the network and render threads only
// append to a queue under a short lock and never wait on the disk. When the
// disk fails (full, read-only, gone) the writer says so in status() and the
// log, counts what it could not keep, and tries again; live feeds and
// rendering go on.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "live/store.h"

struct sqlite3;

namespace citywall::feed {

/// What a record is.
enum class JournalChannel : uint8_t {
  feedFrame = 0,  ///< a text frame a feed sent, as received
  operatorAction = 1,  ///< what an operator did (a command, as JSON)
  drill = 2,      ///< a message a drill injected
};

struct JournalRecord {
  JournalChannel channel = JournalChannel::feedFrame;
  /// The index of the feed (JournalWriter::addFeed); for an operator's
  /// action, kLastingAction or 0; 0 for drill messages.
  uint16_t feed = 0;
  live::TimeMs received = 0;  ///< wall-clock receive time, epoch ms
  std::string bytes;
};

/// JournalRecord::feed of an operator's action that sets what the wall
/// shows until changed again (a layer, the theme, a marked area, the drill's
/// banner). The writer also lists these by time (table lasting_actions), so
/// a replay that jumps finds what was set by then without reading the frames.
constexpr uint16_t kLastingAction = 1;

/// Receive times outside [2000-01-01, 2100-01-01) cannot be real (a
/// recording machine's clock gone wrong): such records are skipped and
/// counted by readers, never allowed to stretch the timeline, move a store's
/// clock or stall a replay; the writer keeps them (as received) but leaves
/// them out of a chunk's time bounds.
constexpr live::TimeMs kEarliestPlausible = 946684800000;
constexpr live::TimeMs kLatestPlausible = 4102444800000;
constexpr bool plausibleReceiveTime(live::TimeMs t) { return t >= kEarliestPlausible && t < kLatestPlausible; }

/// What the timeline marks (kept by the writer, so a replay finds them
/// without reading the day's frames).
enum class JournalMarkKind : uint8_t { urgentCase, alarm };

struct JournalMark {
  live::TimeMs time = 0;  ///< receive time
  JournalMarkKind kind = JournalMarkKind::urgentCase;
  std::string ref;  ///< the case, sensor or alarm id
};

struct JournalOptions {
  std::filesystem::path dir;
  /// Keyframes: the writer plays what it writes into a store of its own
  /// (on its thread) and keeps a snapshot of it at the start of every
  /// segment and then every `keyframeSeconds` of receive time or
  /// `keyframeEvents` events, whichever comes first — but never so often
  /// that keyframes take more than `keyframeShare` of the disk (a big
  /// store's snapshot is megabytes). A replay jumps to the nearest one.
  /// `store` must be the wall's store configuration.
  bool keyframes = true;
  live::StoreConfig store{};
  double keyframeSeconds = 120;  ///< deltas are cheap to restore; fewer of them keep the writer fast
  uint64_t keyframeEvents = 250'000;
  double keyframeShare = 0.5;
  double retentionDays = 30;   ///< segments older than this are removed
  double maxGb = 20;           ///< the folder's segments are kept under this size, oldest removed first
  double rotateSeconds = 3600; ///< a new segment after this long
  live::TimeMs chunkMs = 250;  ///< a chunk is written at least this often
  size_t chunkRecords = 4096;  ///< or when it holds this many records
  size_t maxQueuedBytes = size_t(256) << 20;  ///< beyond this, records are dropped (counted) rather than wait
};

/// What the writer has done; read from any thread.
struct JournalStatus {
  uint64_t records = 0, bytes = 0;  ///< kept on disk (bytes as received, before compression)
  uint64_t chunks = 0;
  uint64_t lost = 0;                ///< records not kept (disk error, queue full)
  uint64_t segmentsRemoved = 0;
  uint64_t keyframes = 0;
  std::string error;                ///< the last problem, empty while all is well
  std::string segment;              ///< the file being written
};

class JournalWriter {
 public:
  /// Creates the folder (owner-only) and starts the writer thread. A folder
  /// that cannot be used is not fatal: status().error says why and the
  /// writer keeps trying every few seconds.
  explicit JournalWriter(JournalOptions options);
  ~JournalWriter();  ///< writes what is queued, then stops
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  /// Names a feed (its URL without credentials); returns its index for record().
  uint16_t addFeed(const std::string& url);
  /// Queues a record; never blocks on the disk. Any thread.
  void record(JournalRecord r);
  /// Waits until everything queued so far is on disk (tests, shutdown).
  void flush();
  JournalStatus status() const;

 private:
  void run();
  bool writeChunk(std::vector<JournalRecord>& chunk);
  bool openSegment(live::TimeMs now);
  void closeSegment();
  void applyRetention();
  void fail(const std::string& error, size_t lostRecords);

  JournalOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<JournalRecord> queue_;
  size_t queuedBytes_ = 0;
  bool stopping_ = false;
  bool flushRequested_ = false;  // someone waits in flush(): write without waiting for the chunk to fill
  uint64_t submitted_ = 0, settled_ = 0;  // records queued, records written or lost
  std::vector<std::string> feeds_;
  size_t feedsWritten_ = 0;
  JournalStatus status_;
  struct Db;
  std::unique_ptr<Db> db_;
  struct Shadow;  // the writer's own store, for keyframes and marks
  std::unique_ptr<Shadow> shadow_;
  live::TimeMs runStart_ = 0;  // this writer's run: a replay starts a new store where a run starts
  live::TimeMs segmentStart_ = 0;
  live::TimeMs retryAt_ = 0;
  std::thread thread_;
};

/// Reading a journal folder: its segments in time order, and their records.
struct JournalSegmentInfo {
  std::filesystem::path path;
  live::TimeMs first = 0, last = 0;
  uint64_t chunks = 0, records = 0, rawBytes = 0, fileBytes = 0;
  std::vector<std::string> feeds;
  int formatVersion = 0;
  live::TimeMs started = 0;  ///< when the segment was opened (meta started_ms)
  live::TimeMs run = 0;  ///< when the writer that wrote it started (segments of one run continue each other)
  uint64_t keyframes = 0;
};

/// Where a chunk or keyframe is: the segment's index in segments() and its row.
struct JournalChunkRef {
  uint32_t segment = 0;
  int64_t id = 0;
  live::TimeMs first = 0, last = 0;
  uint32_t records = 0;
};
struct JournalKeyframeRef {
  uint32_t segment = 0;
  int64_t id = 0;
  live::TimeMs time = 0;  ///< the state after every record received up to here
  int64_t afterChunk = 0;  ///< the last chunk it includes
  int64_t base = 0;  ///< a delta: the id of the keyframe (same segment) it builds on; 0 for a whole snapshot
  int64_t readingsEnd = 0;  ///< a delta: its first bytes that a chain needs of it when it is not the last
};

/// An operator's action that set lasting state (kLastingAction), as listed.
struct JournalLastingAction {
  uint32_t segment = 0;
  live::TimeMs time = 0;
  std::string json;
};

struct JournalDamage {
  std::filesystem::path path;
  std::string what;
};

class JournalReader {
 public:
  /// Opens every segment in `dir`; damaged or unreadable ones are listed in
  /// damage() and skipped, never fatal.
  explicit JournalReader(const std::filesystem::path& dir);
  ~JournalReader();

  const std::vector<JournalSegmentInfo>& segments() const { return segments_; }
  const std::vector<JournalDamage>& damage() const { return damage_; }
  /// Adds to damage() (a reader's user found something the reader could not).
  void note(JournalDamage d) { damage_.push_back(std::move(d)); }
  /// Calls f(record) for every record with from ≤ received ≤ to, in order;
  /// a chunk that cannot be read is added to damage() and skipped.
  template <typename F>
  void forEach(live::TimeMs from, live::TimeMs to, F&& f) {
    std::vector<JournalRecord> records;
    for (const auto& s : segments_) {
      if (s.last < from || s.first > to) continue;
      forEachChunk(s, from, to, [&](std::vector<JournalRecord>& chunk) {
        for (auto& r : chunk)
          if (r.received >= from && r.received <= to) f(r);
      });
    }
  }
  /// Checks every chunk of every segment (decompresses and parses them);
  /// false when anything is damaged (see damage()).
  bool verify();

  /// Every chunk of every segment, in order, without their data.
  std::vector<JournalChunkRef> chunkIndex();
  /// Every keyframe, in order (none in journals written before keyframes).
  std::vector<JournalKeyframeRef> keyframeIndex();
  /// The timeline's marks, by time.
  std::vector<JournalMark> marks();
  /// Every lasting action (kLastingAction), in order; false when a segment
  /// was written before they were listed (its own are then unknown).
  bool lastingActions(std::vector<JournalLastingAction>& out);
  /// Reads one chunk's records (appended); false, with damage() told, when it cannot be read.
  bool readChunk(const JournalChunkRef& chunk, std::vector<JournalRecord>& out);
  /// One keyframe's snapshot (live::restoreSnapshot reads it); nullopt, with damage() told, when damaged.
  /// `readingsOnly`: a delta's readings alone, for the middle of a chain
  /// (live::restoreSnapshotChain reads no more of it).
  std::optional<std::string> readKeyframe(const JournalKeyframeRef& keyframe, bool readingsOnly = false);

 private:
  ::sqlite3* handle(uint32_t segment);
  std::vector<::sqlite3*> handles_;  // opened on first use, by segment
  void forEachChunk(const JournalSegmentInfo& segment, live::TimeMs from, live::TimeMs to,
                    const std::function<void(std::vector<JournalRecord>&)>& f);
  std::vector<JournalSegmentInfo> segments_;
  std::vector<JournalDamage> damage_;
};

/// Records ↔ the bytes of a chunk (before compression). Exposed for tests.
std::string packRecords(const std::vector<JournalRecord>& records);
/// False when the bytes do not hold whole records.
bool unpackRecords(std::string_view bytes, std::vector<JournalRecord>& out);

/// The journal format this build writes (meta 'format' in each segment).
/// 2: keyframes may be deltas (column `base`, the keyframe they build on).
constexpr int kJournalFormat = 2;

/// The keyframes to restore, in order, to reach `index[k]`: the whole
/// snapshot its deltas build on, then each delta up to it (positions in
/// `index`). Empty when a link is missing (a damaged or dropped keyframe).
std::vector<size_t> keyframeChain(const std::vector<JournalKeyframeRef>& index, size_t k);

}  // namespace citywall::feed
