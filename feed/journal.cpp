#include "feed/journal.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#include "feed/journal_apply.h"
#include "live/store_snapshot.h"

namespace citywall::feed {
namespace fs = std::filesystem;

namespace {

live::TimeMs nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Little-endian fixed-width fields of the record layout.
template <typename T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}
template <typename T>
bool get(std::string_view& in, T& v) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(&v, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

// "citywall-20261201T082500.250Z.journal": sorts by when it began, to the
// millisecond, so a wall restarted within a second starts a segment of its own.
std::string segmentName(live::TimeMs start) {
  const std::time_t t = std::time_t(start / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64], name[96];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &tm);
  std::snprintf(name, sizeof name, "citywall-%s.%03dZ.journal", buf, int(start % 1000));
  return name;
}

bool isSegment(const fs::path& p) { return p.extension() == ".journal" && p.filename().string().rfind("citywall-", 0) == 0; }

const char* kSchema =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS feeds(id INTEGER PRIMARY KEY, url TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS chunks(id INTEGER PRIMARY KEY, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL,"
    " records INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, codec TEXT NOT NULL, data BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS chunks_by_time ON chunks(first_ms);"
    // The store as it stood after chunk `after_chunk` (live::saveSnapshot, compressed), or
    // only what changed since keyframe `base` (live::saveDeltaSnapshot; NULL for a whole one).
    "CREATE TABLE IF NOT EXISTS keyframes(id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, after_chunk INTEGER NOT NULL,"
    " format INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, codec TEXT NOT NULL, data BLOB NOT NULL, base INTEGER,"
    // A delta's first readings_end bytes are all a delta in the middle of a chain needs.
    " readings_end INTEGER);"
    // What the timeline marks: kind 'urgent_case' or 'alarm', ref the case, sensor or alarm id.
    "CREATE TABLE IF NOT EXISTS marks(time_ms INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL);"
    // The operators' actions that set lasting state (kLastingAction), also kept in their chunk.
    "CREATE TABLE IF NOT EXISTS lasting_actions(time_ms INTEGER NOT NULL, chunk INTEGER NOT NULL, json TEXT NOT NULL);";

std::string compress(std::string_view raw, std::string& error, int level = 3) {
  std::string packed(ZSTD_compressBound(raw.size()), '\0');
  const size_t size = ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), level);
  if (ZSTD_isError(size)) return error = ZSTD_getErrorName(size), std::string();
  packed.resize(size);
  return packed;
}

// One decompression context a thread, kept: making one per chunk or
// keyframe (what ZSTD_decompress does) costs more than a small chunk's data.
ZSTD_DCtx* decoder() {
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
  return context.get();
}

// The first `prefixBytes` of what was compressed, without the rest (a
// delta keyframe in the middle of a chain: its readings, not its body).
bool decompressPrefix(std::string_view codec, const void* data, size_t size, size_t prefixBytes, std::string& out) {
  if (codec != "zstd" || prefixBytes >= (size_t(1) << 31)) return false;
  out.resize(prefixBytes);
  ZSTD_DCtx* stream = decoder();
  if (!stream) return false;
  ZSTD_DCtx_reset(stream, ZSTD_reset_session_only);
  ZSTD_inBuffer in{data, size, 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  while (o.pos < o.size) {
    const size_t inBefore = in.pos, outBefore = o.pos;
    const size_t rc = ZSTD_decompressStream(stream, &o, &in);
    if (ZSTD_isError(rc) || (rc == 0 && o.pos < o.size)) return false;  // damaged, or the frame ends short
    if (in.pos == inBefore && o.pos == outBefore) return false;          // no progress: cut short
  }
  return o.pos == o.size;
}

bool decompress(std::string_view codec, const void* data, size_t size, size_t rawBytes, std::string& out) {
  if (codec != "zstd" || rawBytes >= (size_t(1) << 31)) return false;
  out.resize(rawBytes);
  ZSTD_DCtx* context = decoder();
  if (!context) return false;
  const size_t got = ZSTD_decompressDCtx(context, out.data(), out.size(), data, size);
  return !ZSTD_isError(got) && got == rawBytes;
}

const char* markKindName(JournalMarkKind k) { return k == JournalMarkKind::alarm ? "alarm" : "urgent_case"; }

// A prepared statement, finalized with its scope.
// Declare it after the connection it reads (see `Connection`).
struct Statement {
  sqlite3_stmt* s = nullptr;
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  ~Statement() { sqlite3_finalize(s); }
  explicit operator bool() const { return s != nullptr; }
};

// A connection closed with its scope (a null one is nothing to close).
// sqlite3_close refuses a connection that still has a statement and leaves
// it open, its file and its memory held for good; a `Connection` declared
// before its `Statement`s outlives them, so they are finalized first.
struct Connection {
  sqlite3* db = nullptr;
  explicit Connection(sqlite3* d) : db(d) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close(db); }
};

std::string sqliteError(sqlite3* db, const std::string& what) {
  return what + ": " + (db ? sqlite3_errmsg(db) : "cannot open");
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Records in a chunk
//-----------------------------------------------------------------------------

// channel u8, feed u16, received i64, length u32, then the bytes.
std::string packRecords(const std::vector<JournalRecord>& records) {
  std::string out;
  size_t total = 0;
  for (const auto& r : records) total += 15 + r.bytes.size();
  out.reserve(total);
  for (const auto& r : records) {
    put(out, uint8_t(r.channel));
    put(out, r.feed);
    put(out, int64_t(r.received));
    put(out, uint32_t(r.bytes.size()));
    out += r.bytes;
  }
  return out;
}

bool unpackRecords(std::string_view in, std::vector<JournalRecord>& out) {
  while (!in.empty()) {
    JournalRecord r;
    uint8_t channel;
    int64_t received;
    uint32_t length;
    if (!get(in, channel) || !get(in, r.feed) || !get(in, received) || !get(in, length) || in.size() < length) return false;
    if (channel > uint8_t(JournalChannel::drill)) return false;
    r.channel = JournalChannel(channel);
    r.received = received;
    r.bytes.assign(in.substr(0, length));
    in.remove_prefix(length);
    out.push_back(std::move(r));
  }
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Writer
//-----------------------------------------------------------------------------

// The segment being written: a connection, opened in place by openSegment.
struct JournalWriter::Db : Connection {
  Db() : Connection(nullptr) {}
};

// The writer's own store: what it writes, played as a replay would play it.
struct JournalWriter::Shadow {
  live::Store store;
  RecordApplier applier;
  live::TimeMs lastKeyframe = 0;
  uint64_t eventsSince = 0;
  bool segmentKeyed = false;  // the segment being written has its first keyframe
  // The disk budget, over the segment (compressed bytes): its deltas
  // against its chunks. Whole snapshots stay out of it (a segment needs its
  // first, and a later one comes only when the chain's readings reach its
  // size, so wholes cost about what the deltas do); counting them would
  // leave a gap of many minutes without a keyframe after each.
  uint64_t chunkBytes = 0, keyframeBytes = 0;
  // Deltas: where the series stood at the last keyframe and its row. A
  // whole snapshot comes again once the readings in the chain since the
  // last whole one reach its size, so a jump restores at most about two
  // snapshots' worth of readings.
  live::SnapshotBase base;
  int64_t lastKeyframeId = 0;
  uint64_t wholeRaw = 0, chainReadingsRaw = 0;
  explicit Shadow(const live::StoreConfig& config) : store(config) {}
};

JournalWriter::JournalWriter(JournalOptions options) : options_(std::move(options)), runStart_(nowMs()) {
  if (options_.keyframes) shadow_ = std::make_unique<Shadow>(options_.store);
  thread_ = std::thread([this] { run(); });
}

JournalWriter::~JournalWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

uint16_t JournalWriter::addFeed(const std::string& url) {
  std::lock_guard lock(mutex_);
  feeds_.push_back(url);
  return uint16_t(feeds_.size() - 1);
}

void JournalWriter::record(JournalRecord r) {
  {
    std::lock_guard lock(mutex_);
    ++submitted_;
    if (queuedBytes_ + r.bytes.size() > options_.maxQueuedBytes) {  // the disk is far behind: drop, never wait
      ++status_.lost, ++settled_;
      if (status_.error.empty()) status_.error = "the journal cannot keep up with the feeds; records are being dropped";
      drained_.notify_all();
      return;
    }
    queuedBytes_ += r.bytes.size();
    queue_.push_back(std::move(r));
  }
  wake_.notify_one();
}

void JournalWriter::flush() {
  std::unique_lock lock(mutex_);
  const uint64_t target = submitted_;
  flushRequested_ = true;
  wake_.notify_one();
  drained_.wait(lock, [&] { return settled_ >= target; });
}

JournalStatus JournalWriter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void JournalWriter::fail(const std::string& error, size_t lostRecords) {
  {
    std::lock_guard lock(mutex_);
    const bool fresh = status_.error != error;
    status_.error = error;
    status_.lost += lostRecords;
    if (fresh) std::fprintf(stderr, "citywall: journal: %s\n", error.c_str());
  }
  closeSegment();
  retryAt_ = nowMs() + 5000;
}

void JournalWriter::run() {
  std::vector<JournalRecord> chunk;
  live::TimeMs chunkStart = 0;
  for (;;) {
    bool stopping, flushing;
    {
      std::unique_lock lock(mutex_);
      // An empty chunk starts with the first record; a started one is written
      // when it is full or chunkMs old, whichever comes first.
      const auto deadline = std::chrono::milliseconds(
          chunk.empty() ? 1000 : std::max<live::TimeMs>(0, options_.chunkMs - (nowMs() - chunkStart)));
      wake_.wait_for(lock, deadline, [&] {
        return stopping_ || flushRequested_ || (chunk.empty() && !queue_.empty()) ||
               queue_.size() + chunk.size() >= options_.chunkRecords;
      });
      while (!queue_.empty() && chunk.size() < options_.chunkRecords) {
        queuedBytes_ -= queue_.front().bytes.size();
        if (chunk.empty()) chunkStart = nowMs();
        chunk.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      stopping = stopping_ && queue_.empty();
      flushing = flushRequested_;
      if (queue_.empty()) flushRequested_ = false;
    }
    const bool due = !chunk.empty() && (chunk.size() >= options_.chunkRecords || nowMs() - chunkStart >= options_.chunkMs ||
                                        stopping || flushing);
    if (due) {
      const size_t n = chunk.size();
      writeChunk(chunk);
      chunk.clear();
      std::lock_guard lock(mutex_);
      settled_ += n;
      drained_.notify_all();
    }
    if (stopping && chunk.empty()) break;
  }
  closeSegment();
}

bool JournalWriter::openSegment(live::TimeMs now) {
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  if (ec) return fail("cannot create " + options_.dir.string() + ": " + ec.message(), 0), false;
  ::chmod(options_.dir.c_str(), 0700);  // the journal holds what the city sent: its owner only
  fs::path path = options_.dir / segmentName(now);
  for (live::TimeMs t = now + 1; fs::exists(path, ec); ++t) path = options_.dir / segmentName(t);  // never another run's file
  auto db = std::make_unique<Db>();
  if (sqlite3_open_v2(path.c_str(), &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return fail(sqliteError(db->db, "cannot open " + path.string()), 0), false;
  ::chmod(path.c_str(), 0600);
  sqlite3_busy_timeout(db->db, 2000);
  char* message = nullptr;
  if (sqlite3_exec(db->db, kSchema, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string error = "cannot prepare " + path.string() + ": " + (message ? message : "?");
    sqlite3_free(message);
    return fail(error, 0), false;
  }
  const std::string meta = "INSERT OR REPLACE INTO meta VALUES('format','" + std::to_string(kJournalFormat) +
                           "'),('writer','citywall'),('started_ms','" + std::to_string(now) +
                           "'),('run_ms','" + std::to_string(runStart_) + "');";
  sqlite3_exec(db->db, meta.c_str(), nullptr, nullptr, nullptr);
  db_ = std::move(db);
  segmentStart_ = now;
  feedsWritten_ = 0;
  if (shadow_) shadow_->segmentKeyed = false, shadow_->chunkBytes = shadow_->keyframeBytes = 0;
  std::lock_guard lock(mutex_);
  status_.segment = path.string();
  return true;
}

void JournalWriter::closeSegment() {
  if (!db_) return;
  // Fold the WAL back into the file and leave WAL mode, so a finished
  // segment is one self-contained file: copied, mailed or read by sqlite3
  // without -wal and -shm companions.
  sqlite3_wal_checkpoint_v2(db_->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_exec(db_->db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  db_.reset();
}

bool JournalWriter::writeChunk(std::vector<JournalRecord>& chunk) {
  const live::TimeMs now = nowMs();
  if (db_ && now - segmentStart_ >= live::TimeMs(options_.rotateSeconds * 1000)) {
    closeSegment();
    applyRetention();
  }
  if (!db_ && (now < retryAt_ || !openSegment(now))) {
    std::lock_guard lock(mutex_);
    status_.lost += chunk.size();
    return false;
  }
  std::vector<std::string> newFeeds;
  {
    std::lock_guard lock(mutex_);
    newFeeds.assign(feeds_.begin() + std::ptrdiff_t(feedsWritten_), feeds_.end());
  }
  const std::string raw = packRecords(chunk);
  std::string error;
  const std::string packed = compress(raw, error);
  if (!error.empty()) return fail("cannot compress a chunk: " + error, chunk.size()), false;
  // The chunk's time bounds: plausible receive times only (kEarliestPlausible).
  live::TimeMs first = std::numeric_limits<live::TimeMs>::max(), last = std::numeric_limits<live::TimeMs>::min();
  for (const auto& r : chunk)
    if (plausibleReceiveTime(r.received)) first = std::min(first, r.received), last = std::max(last, r.received);
  if (first > last) first = last = chunk.front().received;
  // The writer's store follows what is written; a keyframe of it goes into
  // the same transaction as the chunk it ends with.
  std::vector<JournalMark> marks;
  std::string keyframe, keyframeRaw;
  bool delta = false;
  size_t readingsEnd = 0;  // a delta's bytes up to the end of its readings
  if (shadow_) {
    for (const auto& r : chunk) shadow_->eventsSince += shadow_->applier.apply(r, shadow_->store, &marks);
    shadow_->chunkBytes += packed.size();
    const bool interval = shadow_->store.cases().now() - shadow_->lastKeyframe >= live::TimeMs(options_.keyframeSeconds * 1000) ||
                          shadow_->eventsSince >= options_.keyframeEvents;
    const double share = std::clamp(options_.keyframeShare, 0.01, 0.99);
    const bool affordable = double(shadow_->keyframeBytes) <= double(shadow_->chunkBytes) * share / (1 - share);
    const bool due = !shadow_->segmentKeyed || (interval && affordable);
    if (due) {
      delta = shadow_->segmentKeyed && shadow_->base.valid() && 2 * shadow_->chainReadingsRaw < shadow_->wholeRaw;
      keyframeRaw = delta ? live::saveDeltaSnapshot(shadow_->store, shadow_->base, &readingsEnd)
                          : live::saveSnapshot(shadow_->store, &shadow_->base);
      keyframe = compress(keyframeRaw, error, 1);  // the fastest level: keyframes are a fifth of the writer's work
    }
  }

  sqlite3* db = db_->db;
  bool ok = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  for (size_t i = 0; ok && i < newFeeds.size(); ++i) {
    Statement feed(db, "INSERT OR REPLACE INTO feeds(id, url) VALUES(?, ?)");
    ok = feed && sqlite3_bind_int64(feed.s, 1, int64_t(feedsWritten_ + i)) == SQLITE_OK &&
         sqlite3_bind_text(feed.s, 2, newFeeds[i].c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK &&
         sqlite3_step(feed.s) == SQLITE_DONE;
  }
  if (ok) {
    Statement insert(db, "INSERT INTO chunks(first_ms, last_ms, records, raw_bytes, codec, data) VALUES(?, ?, ?, ?, 'zstd', ?)");
    ok = insert && sqlite3_bind_int64(insert.s, 1, first) == SQLITE_OK && sqlite3_bind_int64(insert.s, 2, last) == SQLITE_OK &&
         sqlite3_bind_int64(insert.s, 3, int64_t(chunk.size())) == SQLITE_OK &&
         sqlite3_bind_int64(insert.s, 4, int64_t(raw.size())) == SQLITE_OK &&
         sqlite3_bind_blob(insert.s, 5, packed.data(), int(packed.size()), SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_step(insert.s) == SQLITE_DONE;
  }
  const int64_t chunkId = sqlite3_last_insert_rowid(db);
  for (size_t i = 0; ok && i < marks.size(); ++i) {
    Statement mark(db, "INSERT INTO marks(time_ms, kind, ref) VALUES(?, ?, ?)");
    ok = mark && sqlite3_bind_int64(mark.s, 1, marks[i].time) == SQLITE_OK &&
         sqlite3_bind_text(mark.s, 2, markKindName(marks[i].kind), -1, SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_bind_text(mark.s, 3, marks[i].ref.c_str(), -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(mark.s) == SQLITE_DONE;
  }
  for (size_t i = 0; ok && i < chunk.size(); ++i) {
    const JournalRecord& r = chunk[i];
    if (r.channel != JournalChannel::operatorAction || r.feed != kLastingAction || !plausibleReceiveTime(r.received)) continue;
    Statement action(db, "INSERT INTO lasting_actions(time_ms, chunk, json) VALUES(?, ?, ?)");
    ok = action && sqlite3_bind_int64(action.s, 1, r.received) == SQLITE_OK && sqlite3_bind_int64(action.s, 2, chunkId) == SQLITE_OK &&
         sqlite3_bind_text(action.s, 3, r.bytes.data(), int(r.bytes.size()), SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_step(action.s) == SQLITE_DONE;
  }
  if (ok && !keyframe.empty()) {
    Statement insert(db, "INSERT INTO keyframes(time_ms, after_chunk, format, raw_bytes, codec, data, base, readings_end) "
                         "VALUES(?, ?, ?, ?, 'zstd', ?, ?, ?)");
    ok = insert && sqlite3_bind_int64(insert.s, 1, shadow_->store.cases().now()) == SQLITE_OK &&
         sqlite3_bind_int64(insert.s, 2, chunkId) == SQLITE_OK && sqlite3_bind_int64(insert.s, 3, live::kSnapshotFormat) == SQLITE_OK &&
         sqlite3_bind_int64(insert.s, 4, int64_t(keyframeRaw.size())) == SQLITE_OK &&
         sqlite3_bind_blob(insert.s, 5, keyframe.data(), int(keyframe.size()), SQLITE_STATIC) == SQLITE_OK &&
         (delta ? sqlite3_bind_int64(insert.s, 6, shadow_->lastKeyframeId) : sqlite3_bind_null(insert.s, 6)) == SQLITE_OK &&
         (delta ? sqlite3_bind_int64(insert.s, 7, int64_t(readingsEnd)) : sqlite3_bind_null(insert.s, 7)) == SQLITE_OK &&
         sqlite3_step(insert.s) == SQLITE_DONE;
    if (ok) shadow_->lastKeyframeId = sqlite3_last_insert_rowid(db);
  }
  if (!ok || sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const std::string error = sqliteError(db, "cannot write to " + status().segment);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    fail(error, chunk.size());
    return false;
  }
  feedsWritten_ += newFeeds.size();
  if (!keyframe.empty()) {
    if (delta) shadow_->keyframeBytes += keyframe.size();
    shadow_->segmentKeyed = true;
    shadow_->lastKeyframe = shadow_->store.cases().now();
    shadow_->eventsSince = 0;
    if (delta) {
      shadow_->chainReadingsRaw += readingsEnd;
    } else {
      shadow_->wholeRaw = keyframeRaw.size(), shadow_->chainReadingsRaw = 0;
    }
  }
  std::lock_guard lock(mutex_);
  status_.keyframes += !keyframe.empty();
  status_.records += chunk.size();
  status_.bytes += raw.size();
  ++status_.chunks;
  status_.error.clear();
  return true;
}

// Whole segments go, oldest first: past the age limit, or while the folder is over its size.
void JournalWriter::applyRetention() {
  std::vector<std::pair<fs::path, uintmax_t>> segments;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.dir, ec))
    if (isSegment(e.path())) segments.emplace_back(e.path(), e.file_size(ec));
  std::sort(segments.begin(), segments.end());
  uintmax_t total = 0;
  for (const auto& [p, size] : segments) total += size;
  const auto maxBytes = uintmax_t(options_.maxGb * 1e9);
  const auto oldest = std::chrono::system_clock::now() - std::chrono::duration<double>(options_.retentionDays * 86400);
  for (const auto& [p, size] : segments) {
    if (status_.segment == p.string()) break;  // never the one being written
    const auto written = fs::last_write_time(p, ec);
    const bool old = !ec && std::chrono::file_clock::to_sys(written) < oldest;
    if (!old && total <= maxBytes) break;
    fs::remove(p, ec);
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(p.string() + suffix, ec);
    total -= size;
    std::lock_guard lock(mutex_);
    ++status_.segmentsRemoved;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Reader
//-----------------------------------------------------------------------------

namespace {

// Read-only, immutable=0 so a segment still being written is read as it stands.
sqlite3* openReadOnly(const fs::path& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    error = sqliteError(db, "cannot open");
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 2000);
  return db;
}

}  // namespace

JournalReader::JournalReader(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (isSegment(e.path())) paths.push_back(e.path());
  if (ec) damage_.push_back({dir, "cannot read the folder: " + ec.message()});
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    std::string error;
    const Connection connection(openReadOnly(path, error));
    sqlite3* db = connection.db;
    if (!db) {
      damage_.push_back({path, error});
      continue;
    }
    JournalSegmentInfo info;
    info.path = path;
    info.fileBytes = fs::file_size(path, ec);
    if (const auto wal = fs::path(path.string() + "-wal"); fs::exists(wal, ec)) info.fileBytes += fs::file_size(wal, ec);
    bool ok = true;
    {
      Statement format(db, "SELECT value FROM meta WHERE key='format'");
      ok = format && sqlite3_step(format.s) == SQLITE_ROW;
      if (ok) info.formatVersion = std::atoi(reinterpret_cast<const char*>(sqlite3_column_text(format.s, 0)));
    }
    if (!ok) {
      damage_.push_back({path, "not a citywall journal segment (" + std::string(sqlite3_errmsg(db)) + ")"});
    } else if (info.formatVersion > kJournalFormat) {
      damage_.push_back({path, "written by a newer citywall (format " + std::to_string(info.formatVersion) +
                                   "; this build reads up to " + std::to_string(kJournalFormat) + ")"});
      ok = false;
    } else {
      Statement span(db, "SELECT MIN(first_ms), MAX(last_ms), COUNT(*), SUM(records), SUM(raw_bytes) FROM chunks");
      if (span && sqlite3_step(span.s) == SQLITE_ROW) {
        info.first = sqlite3_column_int64(span.s, 0), info.last = sqlite3_column_int64(span.s, 1);
        info.chunks = uint64_t(sqlite3_column_int64(span.s, 2));
        info.records = uint64_t(sqlite3_column_int64(span.s, 3)), info.rawBytes = uint64_t(sqlite3_column_int64(span.s, 4));
      } else {
        damage_.push_back({path, std::string("cannot read its chunks: ") + sqlite3_errmsg(db)});
        ok = false;
      }
      Statement feeds(db, "SELECT url FROM feeds ORDER BY id");
      while (feeds && sqlite3_step(feeds.s) == SQLITE_ROW)
        info.feeds.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(feeds.s, 0)));
      Statement started(db, "SELECT value FROM meta WHERE key='started_ms'");
      if (started && sqlite3_step(started.s) == SQLITE_ROW)
        info.started = std::atoll(reinterpret_cast<const char*>(sqlite3_column_text(started.s, 0)));
      Statement run(db, "SELECT value FROM meta WHERE key='run_ms'");
      if (run && sqlite3_step(run.s) == SQLITE_ROW) info.run = std::atoll(reinterpret_cast<const char*>(sqlite3_column_text(run.s, 0)));
      Statement keyframes(db, "SELECT COUNT(*) FROM keyframes");  // absent in journals from before keyframes
      if (keyframes && sqlite3_step(keyframes.s) == SQLITE_ROW) info.keyframes = uint64_t(sqlite3_column_int64(keyframes.s, 0));
    }
    if (ok) segments_.push_back(std::move(info));
  }
}

JournalReader::~JournalReader() {
  for (sqlite3* db : handles_) sqlite3_close(db);
}

sqlite3* JournalReader::handle(uint32_t segment) {
  if (handles_.size() < segments_.size()) handles_.resize(segments_.size(), nullptr);
  if (!handles_[segment]) {
    std::string error;
    handles_[segment] = openReadOnly(segments_[segment].path, error);
    if (!handles_[segment]) damage_.push_back({segments_[segment].path, error});
  }
  return handles_[segment];
}

std::vector<JournalChunkRef> JournalReader::chunkIndex() {
  std::vector<JournalChunkRef> out;
  for (uint32_t i = 0; i < segments_.size(); ++i) {
    sqlite3* db = handle(i);
    if (!db) continue;
    Statement select(db, "SELECT id, first_ms, last_ms, records FROM chunks ORDER BY id");
    while (select && sqlite3_step(select.s) == SQLITE_ROW)
      out.push_back({i, sqlite3_column_int64(select.s, 0), sqlite3_column_int64(select.s, 1), sqlite3_column_int64(select.s, 2),
                     uint32_t(sqlite3_column_int64(select.s, 3))});
  }
  return out;
}

std::vector<JournalKeyframeRef> JournalReader::keyframeIndex() {
  std::vector<JournalKeyframeRef> out;
  for (uint32_t i = 0; i < segments_.size(); ++i) {
    if (!segments_[i].keyframes) continue;
    sqlite3* db = handle(i);
    if (!db) continue;
    const char* sql = segments_[i].formatVersion >= 2  // before: no deltas, no column
                          ? "SELECT id, time_ms, after_chunk, base, readings_end FROM keyframes WHERE format = ? ORDER BY id"
                          : "SELECT id, time_ms, after_chunk, NULL, NULL FROM keyframes WHERE format = ? ORDER BY id";
    Statement select(db, sql);
    if (select) sqlite3_bind_int64(select.s, 1, live::kSnapshotFormat);  // other formats: replayed, not restored
    while (select && sqlite3_step(select.s) == SQLITE_ROW)
      out.push_back({i, sqlite3_column_int64(select.s, 0), sqlite3_column_int64(select.s, 1), sqlite3_column_int64(select.s, 2),
                     sqlite3_column_int64(select.s, 3), sqlite3_column_int64(select.s, 4)});
  }
  return out;
}

std::vector<JournalMark> JournalReader::marks() {
  std::vector<JournalMark> out;
  for (uint32_t i = 0; i < segments_.size(); ++i) {
    sqlite3* db = handle(i);
    if (!db) continue;
    Statement select(db, "SELECT time_ms, kind, ref FROM marks ORDER BY time_ms");
    while (select && sqlite3_step(select.s) == SQLITE_ROW) {
      const std::string kind = reinterpret_cast<const char*>(sqlite3_column_text(select.s, 1));
      out.push_back({sqlite3_column_int64(select.s, 0), kind == "alarm" ? JournalMarkKind::alarm : JournalMarkKind::urgentCase,
                     reinterpret_cast<const char*>(sqlite3_column_text(select.s, 2))});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
  return out;
}

bool JournalReader::lastingActions(std::vector<JournalLastingAction>& out) {
  bool complete = true;
  for (uint32_t i = 0; i < segments_.size(); ++i) {
    sqlite3* db = handle(i);
    if (!db) continue;  // damaged: told, and its chunks are skipped too
    Statement listed(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lasting_actions'");
    if (!listed || sqlite3_step(listed.s) != SQLITE_ROW) {
      complete = false;  // written before lasting actions were listed
      continue;
    }
    Statement select(db, "SELECT time_ms, json FROM lasting_actions ORDER BY chunk, rowid");
    while (select && sqlite3_step(select.s) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(select.s, 1));
      out.push_back({i, sqlite3_column_int64(select.s, 0), text ? std::string(text, size_t(sqlite3_column_bytes(select.s, 1))) : ""});
    }
  }
  return complete;
}

bool JournalReader::readChunk(const JournalChunkRef& chunk, std::vector<JournalRecord>& out) {
  sqlite3* db = handle(chunk.segment);
  if (!db) return false;
  Statement select(db, "SELECT raw_bytes, codec, data FROM chunks WHERE id = ?");
  std::string raw;
  bool ok = select && sqlite3_bind_int64(select.s, 1, chunk.id) == SQLITE_OK && sqlite3_step(select.s) == SQLITE_ROW &&
            decompress(reinterpret_cast<const char*>(sqlite3_column_text(select.s, 1)), sqlite3_column_blob(select.s, 2),
                       size_t(sqlite3_column_bytes(select.s, 2)), size_t(sqlite3_column_int64(select.s, 0)), raw);
  const size_t before = out.size();
  if (ok && !unpackRecords(raw, out)) {
    out.resize(before);
    ok = false;
  }
  if (!ok) damage_.push_back({segments_[chunk.segment].path, "chunk " + std::to_string(chunk.id) + " cannot be read (skipped)"});
  return ok;
}

std::optional<std::string> JournalReader::readKeyframe(const JournalKeyframeRef& keyframe, bool readingsOnly) {
  sqlite3* db = handle(keyframe.segment);
  if (!db) return std::nullopt;
  Statement select(db, "SELECT raw_bytes, codec, data FROM keyframes WHERE id = ?");
  std::string raw;
  if (select && sqlite3_bind_int64(select.s, 1, keyframe.id) == SQLITE_OK && sqlite3_step(select.s) == SQLITE_ROW) {
    const auto rawBytes = size_t(sqlite3_column_int64(select.s, 0));
    const char* codec = reinterpret_cast<const char*>(sqlite3_column_text(select.s, 1));
    const void* data = sqlite3_column_blob(select.s, 2);
    const auto size = size_t(sqlite3_column_bytes(select.s, 2));
    const bool prefix = readingsOnly && keyframe.readingsEnd > 0 && size_t(keyframe.readingsEnd) < rawBytes;
    if (prefix ? decompressPrefix(codec, data, size, size_t(keyframe.readingsEnd), raw) : decompress(codec, data, size, rawBytes, raw))
      return raw;
  }
  damage_.push_back({segments_[keyframe.segment].path, "keyframe " + std::to_string(keyframe.id) + " cannot be read (skipped)"});
  return std::nullopt;
}

void JournalReader::forEachChunk(const JournalSegmentInfo& segment, live::TimeMs from, live::TimeMs to,
                                 const std::function<void(std::vector<JournalRecord>&)>& f) {
  std::string error;
  const Connection connection(openReadOnly(segment.path, error));
  sqlite3* db = connection.db;
  if (!db) return damage_.push_back({segment.path, error});
  Statement select(db, "SELECT id, raw_bytes, codec, data FROM chunks WHERE last_ms >= ? AND first_ms <= ? ORDER BY id");
  if (!select) return damage_.push_back({segment.path, sqlite3_errmsg(db)});
  sqlite3_bind_int64(select.s, 1, from);
  sqlite3_bind_int64(select.s, 2, to);
  std::vector<JournalRecord> records;
  std::string raw;
  int rc;
  while ((rc = sqlite3_step(select.s)) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(select.s, 0);
    const auto rawBytes = size_t(sqlite3_column_int64(select.s, 1));
    const std::string codec = reinterpret_cast<const char*>(sqlite3_column_text(select.s, 2));
    const void* data = sqlite3_column_blob(select.s, 3);
    const auto size = size_t(sqlite3_column_bytes(select.s, 3));
    records.clear();
    if (!decompress(codec, data, size, rawBytes, raw) || !unpackRecords(raw, records)) {
      damage_.push_back({segment.path, "chunk " + std::to_string(id) + " cannot be read (skipped)"});
      continue;
    }
    f(records);
  }
  if (rc != SQLITE_DONE) damage_.push_back({segment.path, std::string("stopped reading: ") + sqlite3_errmsg(db)});
}

std::vector<size_t> keyframeChain(const std::vector<JournalKeyframeRef>& index, size_t k) {
  std::vector<size_t> chain{k};
  // Each link is an earlier row of the same segment.
  for (size_t at = k; index[at].base != 0;) {
    size_t i = at;
    while (i > 0 && !(index[i - 1].segment == index[at].segment && index[i - 1].id == index[at].base)) --i;
    if (i == 0) return {};
    chain.push_back(at = i - 1);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

bool JournalReader::verify() {
  const size_t before = damage_.size();
  for (const auto& s : segments_) {
    std::string error;
    if (const Connection connection(openReadOnly(s.path, error)); connection.db) {
      Statement check(connection.db, "PRAGMA quick_check");
      if (!check || sqlite3_step(check.s) != SQLITE_ROW ||
          std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(check.s, 0)), "ok") != 0)
        damage_.push_back({s.path, std::string("integrity check failed: ") + sqlite3_errmsg(connection.db)});
    }
    forEachChunk(s, std::numeric_limits<live::TimeMs>::min(), std::numeric_limits<live::TimeMs>::max(),
                 [](std::vector<JournalRecord>&) {});
  }
  // Keyframes: whole, snapshots, and every delta's chain complete (restoring
  // one needs the wall's configuration, a replay's job).
  const auto keyframes = keyframeIndex();
  for (size_t k = 0; k < keyframes.size(); ++k) {
    const auto bytes = readKeyframe(keyframes[k]);
    const std::string where = "keyframe " + std::to_string(keyframes[k].id);
    if (bytes && (keyframes[k].base ? !live::isDeltaSnapshot(*bytes) : bytes->rfind("CWSS", 0) != 0))
      damage_.push_back({segments_[keyframes[k].segment].path, where + " is not a store snapshot"});
    else if (bytes && keyframeChain(keyframes, k).empty())
      damage_.push_back({segments_[keyframes[k].segment].path, where + " builds on a keyframe that is missing"});
  }
  return damage_.size() == before && damage_.empty();
}

}  // namespace citywall::feed
