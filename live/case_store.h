#pragma once
// CaseStore: every case's current state and status history, and the
// aggregates a command centre reads (counts by status, category and grid,
// new in the last hour, closed today, overdue, re-opened, time to dispatch
// and to close). Aggregates change incrementally with each event and each
// tick(now); nothing is recomputed per frame. Main thread only.
//
// Time index: each case keeps its status changes in time order, so "the
// state at time T" (statusAt) is answered from the history; replay seeking
// builds on this.

#include <deque>
#include <map>
#include <optional>
#include <queue>
#include <tuple>
#include <unordered_map>

#include "live/change_log.h"
#include "live/duration_histogram.h"
#include "live/events.h"

namespace citywall::live {

/// Time allowed before an open case is overdue. The most specific rule wins:
/// a longer category prefix first, then a rule with a priority over "any".
struct OverdueRule {
  std::string categoryPrefix;  ///< "" matches every category
  int priority = 0;            ///< 1–4, or 0 for any priority
  TimeMs limit = 24 * kHour;
};

struct CaseStoreConfig {
  size_t maxCases = 1'000'000;  ///< live cases held at once; new ones beyond are rejected (reason "capacity")
  /// Closed and cancelled cases leave the live store this long after they
  /// closed (only the feed's own records keep them), so a wall running for weeks holds a
  /// bounded set; their slots are reused. 0: keep every case.
  TimeMs closedRetention = 24 * kHour;
  size_t maxHistory = 64;       ///< status changes kept per case (the first is always kept)
  int utcOffsetMinutes = 480;   ///< the deployment's zone for "today" (China Standard Time)
  /// Defaults: priority 1 → 2 h, 2 → 8 h, 3 → 24 h, 4 → 72 h.
  std::vector<OverdueRule> overdue = {{"", 1, 2 * kHour}, {"", 2, 8 * kHour}, {"", 3, 24 * kHour}, {"", 4, 72 * kHour}};
  /// Drill cases count in the KPIs and aggregates too (a deployment that
  /// rehearses on a wall of its own); by default they are held, drawn and
  /// listed but never counted as real.
  bool countDrill = false;
};

struct StatusChange {
  TimeMs time;
  CaseStatus status;
};

struct CaseRecord {
  std::string id;
  std::string category;
  LonLat position;
  uint8_t priority = 3;
  std::string title, description, address, grid, agency, source;
  std::vector<std::pair<std::string, std::string>> props;
  CaseStatus status = CaseStatus::reported;
  TimeMs reportedAt = 0;   ///< time of the first event seen
  TimeMs latestTime = 0;   ///< newest event time; older updates only enter the history
  std::optional<TimeMs> dispatchedAt, closedAt;
  std::optional<TimeMs> due;  ///< a deadline the feed gave (CaseUpdate::due), else the rules decide
  uint32_t reopenCount = 0;
  bool overdue = false;
  std::vector<StatusChange> history;  ///< ascending time
  uint32_t categoryKey = 0, gridKey = 0;
  /// Left the store (closed longer than the retention); the slot waits for
  /// reuse. Views treat it as gone: everything else in the record is empty.
  bool evicted = false;
  bool drill = false;  ///< an exercise's case (see CaseStoreConfig::countDrill)
  uint64_t createdSerial = 0;  ///< 1, 2, 3… in creation order (new cases: a serial above the last one seen)
};

/// Counts by status for one category or grid.
using StatusCounts = std::array<uint32_t, kCaseStatusCount>;

/// The status a case had at time t (nullopt before its first event).
std::optional<CaseStatus> statusAt(const CaseRecord& c, TimeMs t);

struct SnapshotCodec;

class CaseStore {
 public:
  explicit CaseStore(CaseStoreConfig config = {});

  /// Applies one update; returns why it was refused, or nullopt.
  std::optional<RejectReason> apply(const CaseUpdate& u);
  /// Advances the clock: overdue deadlines, the last-hour window, the day.
  void tick(TimeMs now);

  const CaseRecord* find(std::string_view id) const;
  /// Cases removed after their retention, and the newest created ones.
  uint64_t evictedCount() const { return evicted_; }
  /// The serial of the newest case created (CaseRecord::createdSerial).
  uint64_t createdSerial() const { return createdSerial_; }
  /// The record's position in all(), or nullopt for an unknown id.
  std::optional<uint32_t> slotOf(std::string_view id) const {
    auto it = index_.find(std::string(id));
    return it == index_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  }
  /// Cases held now (evicted ones not counted), drill cases included.
  size_t size() const { return cases_.size() - freeSlots_.size(); }
  /// Drill cases held now (while any is, the wall says it shows a drill).
  size_t drillCases() const { return drillCases_; }
  /// Cases held that count in the KPIs (drill cases only when the config says so).
  size_t countedCases() const { return size() - (config_.countDrill ? 0 : drillCases_); }
  /// Every slot: cases in arrival order, except that an evicted case's slot
  /// is reused by a later one; skip records with `evicted` set. References
  /// stay valid.
  const std::deque<CaseRecord>& all() const { return cases_; }

  const StatusCounts& byStatus() const { return byStatus_; }
  /// Category or grid name → counts by status (grid "" = no grid given).
  std::map<std::string, StatusCounts> byCategory() const { return keyed(categories_); }
  std::map<std::string, StatusCounts> byGrid() const { return keyed(grids_); }
  uint32_t newLastHour() const { return newLastHour_; }
  uint32_t closedToday() const;
  uint32_t overdue() const { return overdue_; }
  uint64_t reopenings() const { return reopenings_; }
  uint32_t open() const;  ///< counted cases not closed or cancelled
  /// Mean times over the cases that got there (nullopt when none did).
  std::optional<double> meanMinutesToDispatch() const;
  std::optional<double> meanMinutesToClose() const;
  /// Median times (whole minutes) over the cases that got there.
  std::optional<double> medianMinutesToDispatch() const { return toDispatch_.median(); }
  std::optional<double> medianMinutesToClose() const { return toClose_.median(); }
  /// Cases first reported today (the deployment's local day) so far.
  uint32_t reportedToday() const;
  /// New cases per local hour (0–23) of today (`daysAgo` 0) or yesterday (1).
  std::array<uint32_t, 24> reportedPerHour(int daysAgo) const;
  TimeMs now() const { return now_; }
  /// The deployment's zone (minutes east of UTC) for "today" and local times.
  int utcOffsetMinutes() const { return config_.utcOffsetMinutes; }
  /// Which slots of all() changed (created, moved, new status, priority or
  /// category, overdue, evicted), versioned: every reader asks for what
  /// changed since the version it last saw, so no reader drains another's.
  const ChangeLog& changes() const { return changes_; }

 private:
  friend struct SnapshotCodec;  // live/store_snapshot.cpp: saves and restores every field
  struct Interned {
    std::unordered_map<std::string, uint32_t> index;
    std::vector<std::string> names;
    std::vector<StatusCounts> counts;
    uint32_t key(const std::string& name);
  };
  struct Deadline {
    TimeMs at;
    uint32_t slot;
    uint32_t generation;  // stale when the case's deadline moved since
    // A total order: entries due at the same moment come out in one order
    // whatever the heap's layout, so a store restored from a snapshot (a
    // journal's keyframe, a wall node joining) goes on exactly as the
    // original (the same cases evicted first, the same slots freed first).
    bool operator>(const Deadline& o) const {
      return std::tie(at, slot, generation) > std::tie(o.at, o.slot, o.generation);
    }
  };
  static std::map<std::string, StatusCounts> keyed(const Interned& in);
  TimeMs overdueLimit(const CaseRecord& c) const;
  void count(const CaseRecord& c, int delta);
  /// `fresh`: the case was just created with this status.
  void onStatusChange(CaseRecord& c, uint32_t slot, CaseStatus from, TimeMs at, bool fresh);
  void schedule(CaseRecord& c, uint32_t slot, TimeMs from);
  void addHistory(CaseRecord& c, StatusChange change);
  void noteReported(TimeMs at);
  /// Whether the case enters the KPIs and aggregates (real, or drills counted).
  bool counted(const CaseRecord& c) const { return !c.drill || config_.countDrill; }
  void evict(uint32_t slot);


  CaseStoreConfig config_;
  ChangeLog changes_;
  std::deque<CaseRecord> cases_;
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<uint32_t> generation_;
  Interned categories_, grids_;
  StatusCounts byStatus_{};
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::map<int64_t, uint32_t> reportedPerMinute_;  // minute → new cases (only a window's worth kept)
  std::map<int64_t, uint32_t> closedPerDay_;       // local day → cases that closed that day
  std::map<int64_t, uint32_t> reportedPerHour_;    // local hour → new cases (yesterday and today kept)
  DurationHistogram toDispatch_, toClose_;
  struct Expiry {
    TimeMs at;
    uint32_t slot;
    bool operator>(const Expiry& o) const { return std::tie(at, slot) > std::tie(o.at, o.slot); }  // total, as Deadline
  };
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries_;
  std::vector<uint32_t> freeSlots_;
  uint64_t createdSerial_ = 0, evicted_ = 0, drillCases_ = 0;
  uint32_t newLastHour_ = 0, overdue_ = 0;
  uint64_t reopenings_ = 0;
  double dispatchMinutesSum_ = 0, closeMinutesSum_ = 0;
  uint64_t dispatchCount_ = 0, closeCount_ = 0;
  TimeMs now_ = 0;
  int64_t windowMinute_ = INT64_MIN;  // the minute tick() last summed the last hour at
  bool windowDirty_ = false;          // a case was reported since
};

}  // namespace citywall::live
