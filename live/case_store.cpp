// case_store.cpp — cases, their lifecycle and incremental aggregates.
//
// [SECTION] Helpers
// [SECTION] Applying updates
// [SECTION] Lifecycle transitions
// [SECTION] Clock: overdue, last hour, today
// [SECTION] Queries

#include "live/case_store.h"

#include <algorithm>

namespace citywall::live {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

std::optional<CaseStatus> statusAt(const CaseRecord& c, TimeMs t) {
  // History is ascending; find the last change at or before t.
  auto it = std::upper_bound(c.history.begin(), c.history.end(), t,
                             [](TimeMs v, const StatusChange& s) { return v < s.time; });
  if (it == c.history.begin()) return std::nullopt;
  return std::prev(it)->status;
}

CaseStore::CaseStore(CaseStoreConfig config) : config_(std::move(config)) {
  categories_.key("");
  grids_.key("");
}

uint32_t CaseStore::Interned::key(const std::string& name) {
  auto [it, inserted] = index.try_emplace(name, uint32_t(names.size()));
  if (inserted) {
    names.push_back(name);
    counts.push_back({});
  }
  return it->second;
}

std::map<std::string, StatusCounts> CaseStore::keyed(const Interned& in) {
  std::map<std::string, StatusCounts> out;
  for (size_t i = 0; i < in.names.size(); ++i) {
    uint32_t total = 0;
    for (auto n : in.counts[i]) total += n;
    if (total) out[in.names[i]] = in.counts[i];
  }
  return out;
}

void CaseStore::count(const CaseRecord& c, int delta) {
  if (!counted(c)) return;
  const size_t s = size_t(c.status);
  byStatus_[s] += uint32_t(delta);
  categories_.counts[c.categoryKey][s] += uint32_t(delta);
  grids_.counts[c.gridKey][s] += uint32_t(delta);
}

TimeMs CaseStore::overdueLimit(const CaseRecord& c) const {
  const OverdueRule* best = nullptr;
  for (const auto& r : config_.overdue) {
    if (r.priority && r.priority != c.priority) continue;
    if (c.category.compare(0, r.categoryPrefix.size(), r.categoryPrefix) != 0) continue;
    if (!best || r.categoryPrefix.size() > best->categoryPrefix.size() ||
        (r.categoryPrefix.size() == best->categoryPrefix.size() && r.priority && !best->priority))
      best = &r;
  }
  return best ? best->limit : 24 * kHour;
}

void CaseStore::addHistory(CaseRecord& c, StatusChange change) {
  auto it = std::upper_bound(c.history.begin(), c.history.end(), change.time,
                             [](TimeMs v, const StatusChange& s) { return v < s.time; });
  c.history.insert(it, change);
  // Bounded: keep the first (when it was reported) and the newest.
  if (c.history.size() > config_.maxHistory && config_.maxHistory >= 2) c.history.erase(c.history.begin() + 1);
}

//-----------------------------------------------------------------------------
// [SECTION] Applying updates
//-----------------------------------------------------------------------------

std::optional<RejectReason> CaseStore::apply(const CaseUpdate& u) {
  auto found = index_.find(u.id);
  if (found != index_.end() && cases_[found->second].drill != u.drill)
    return RejectReason::badValue;  // a drill never touches a real case, nor a feed a drill's
  if (found == index_.end()) {
    // A new case must say what and where (docs/protocol.md: "the first time").
    if (!u.category || !u.position) return RejectReason::missingField;
    if (size() >= config_.maxCases) return RejectReason::capacity;
    // A slot freed by an evicted case first, so the store stays bounded.
    uint32_t slot;
    if (!freeSlots_.empty()) {
      slot = freeSlots_.back();
      freeSlots_.pop_back();
      cases_[slot] = CaseRecord{};
    } else {
      slot = uint32_t(cases_.size());
      cases_.emplace_back();
      generation_.push_back(0);
    }
    CaseRecord& c = cases_[slot];
    index_.emplace(u.id, slot);
    c.createdSerial = ++createdSerial_;
    c.id = u.id;
    c.category = *u.category;
    c.position = *u.position;
    c.priority = u.priority.value_or(3);
    c.due = u.due;
    c.title = u.title.value_or(""), c.description = u.description.value_or(""), c.address = u.address.value_or("");
    c.grid = u.grid.value_or(""), c.agency = u.agency.value_or(""), c.source = u.source.value_or("");
    c.props = u.props;
    c.drill = u.drill;
    drillCases_ += c.drill;
    c.categoryKey = categories_.key(c.category);
    c.gridKey = grids_.key(c.grid);
    c.status = u.status;
    c.reportedAt = c.latestTime = u.time;
    c.history.push_back({u.time, u.status});
    count(c, +1);
    if (counted(c)) noteReported(u.time);
    onStatusChange(c, slot, c.status, u.time, true);
    if (isOpenWork(c.status)) schedule(c, slot, u.time);
    changes_.mark(slot);
    return std::nullopt;
  }

  const uint32_t slot = found->second;
  CaseRecord& c = cases_[slot];
  addHistory(c, {u.time, u.status});
  if (u.time < c.latestTime) {
    // Older than what we know: history only (docs/protocol.md). It may still be
    // the earliest report of the case.
    c.reportedAt = std::min(c.reportedAt, u.time);
    return std::nullopt;
  }
  c.latestTime = u.time;

  // Fields that moved: counts follow category and grid.
  const bool regroup = (u.category && *u.category != c.category) || (u.grid && *u.grid != c.grid);
  if (regroup) count(c, -1);
  if (u.category) c.category = *u.category, c.categoryKey = categories_.key(c.category);
  if (u.grid) c.grid = *u.grid, c.gridKey = grids_.key(c.grid);
  if (u.position) c.position = *u.position;
  if (u.title) c.title = *u.title;
  if (u.description) c.description = *u.description;
  if (u.address) c.address = *u.address;
  if (u.agency) c.agency = *u.agency;
  if (u.source) c.source = *u.source;
  for (const auto& prop : u.props) {  // no structured binding: clang 14 (the fuzz build) cannot capture one
    auto p = std::find_if(c.props.begin(), c.props.end(), [&](const auto& kv) { return kv.first == prop.first; });
    if (p != c.props.end()) p->second = prop.second;
    else c.props.push_back(prop);
  }
  const bool reprioritised = u.priority && *u.priority != c.priority;
  if (u.priority) c.priority = *u.priority;
  const bool redue = u.due && u.due != c.due;
  if (u.due) c.due = u.due;
  if (regroup) count(c, +1);

  if (regroup || u.position || u.priority || u.status != c.status) changes_.mark(slot);
  if (u.status != c.status) {
    const CaseStatus from = c.status;
    count(c, -1);
    c.status = u.status;
    count(c, +1);
    onStatusChange(c, slot, from, u.time, false);
  } else if (redue && isOpenWork(c.status)) {
    schedule(c, slot, c.reportedAt);  // a new deadline, sooner or later
  } else if (reprioritised && isOpenWork(c.status) && !c.overdue && !c.due) {
    schedule(c, slot, c.reportedAt);  // a new priority means a new limit
  }
  return std::nullopt;
}

//-----------------------------------------------------------------------------
// [SECTION] Lifecycle transitions
//-----------------------------------------------------------------------------

void CaseStore::onStatusChange(CaseRecord& c, uint32_t slot, CaseStatus from, TimeMs at, bool fresh) {
  const CaseStatus to = c.status;
  const bool stats = counted(c);
  if (!fresh && isTerminal(from) && !isTerminal(to)) {  // re-opened
    ++c.reopenCount;
    reopenings_ += stats;
    if (c.closedAt && stats) {
      auto day = closedPerDay_.find(localDay(*c.closedAt, config_.utcOffsetMinutes));
      if (day != closedPerDay_.end() && day->second) --day->second;
    }
    c.closedAt.reset();
    if (isOpenWork(to)) schedule(c, slot, at);  // the clock starts again
  }
  if (to >= CaseStatus::dispatched && to != CaseStatus::cancelled && !c.dispatchedAt) {
    c.dispatchedAt = at;
    if (stats) {
      dispatchMinutesSum_ += double(at - c.reportedAt) / kMinute;
      toDispatch_.add(double(at - c.reportedAt) / kMinute);
      ++dispatchCount_;
    }
  }
  if (isTerminal(to) && (fresh || !isTerminal(from))) {
    c.closedAt = at;
    if (config_.closedRetention > 0) expiries_.push({at + config_.closedRetention, slot});
    if (stats) ++closedPerDay_[localDay(at, config_.utcOffsetMinutes)];
    if (to == CaseStatus::closed && stats) {
      closeMinutesSum_ += double(at - c.reportedAt) / kMinute;
      toClose_.add(double(at - c.reportedAt) / kMinute);
      ++closeCount_;
    }
  }
  if (!isOpenWork(to) && c.overdue) {
    c.overdue = false;
    overdue_ -= stats;
  }
  if (!isOpenWork(to)) ++generation_[slot];  // cancels a pending deadline
}

void CaseStore::schedule(CaseRecord& c, uint32_t slot, TimeMs from) {
  const uint32_t gen = ++generation_[slot];
  const TimeMs at = c.due ? *c.due : from + overdueLimit(c);
  const uint32_t stats = counted(c);
  if (at <= now_) {
    if (!c.overdue) c.overdue = true, overdue_ += stats;
    return;
  }
  if (c.overdue) c.overdue = false, overdue_ -= stats;
  deadlines_.push({at, slot, gen});
}

//-----------------------------------------------------------------------------
// [SECTION] Clock: overdue, last hour, today
//-----------------------------------------------------------------------------

namespace {
int64_t localHour(TimeMs t, int utcOffsetMinutes) {
  const TimeMs local = t + TimeMs(utcOffsetMinutes) * kMinute;
  return local >= 0 ? local / kHour : (local - kHour + 1) / kHour;
}
}  // namespace

void CaseStore::noteReported(TimeMs at) {
  {
    const int64_t hour = localHour(at, config_.utcOffsetMinutes);
    // Yesterday and today only (relative to the clock once it runs).
    if (!now_ || hour >= (localDay(now_, config_.utcOffsetMinutes) - 1) * 24) ++reportedPerHour_[hour];
  }
  const int64_t minute = at >= 0 ? at / kMinute : (at - kMinute + 1) / kMinute;
  const int64_t nowMinute = now_ / kMinute;
  if (now_ && minute <= nowMinute - 60) return;  // older than the window: never counted
  ++reportedPerMinute_[minute];
  windowDirty_ = true;
  if (!now_ || (minute > nowMinute - 60 && minute <= nowMinute)) ++newLastHour_;
}

void CaseStore::tick(TimeMs now) {
  now_ = now;
  while (!deadlines_.empty() && deadlines_.top().at <= now) {
    const Deadline d = deadlines_.top();
    deadlines_.pop();
    CaseRecord& c = cases_[d.slot];
    if (d.generation != generation_[d.slot] || !isOpenWork(c.status) || c.overdue) continue;
    c.overdue = true;
    overdue_ += counted(c);
    changes_.mark(d.slot);
  }
  // Closed long enough: out of the live store (a stale entry — re-opened,
  // or the slot reused — is checked against the case as it is now).
  while (!expiries_.empty() && expiries_.top().at <= now) {
    const Expiry e = expiries_.top();
    expiries_.pop();
    const CaseRecord& c = cases_[e.slot];
    if (!c.evicted && isTerminal(c.status) && c.closedAt && *c.closedAt + config_.closedRetention <= now) evict(e.slot);
  }
  // The last hour: minutes (nowMinute − 60, nowMinute]. At most ~60 buckets,
  // summed again only when the minute turned or a case was reported (a
  // replay ticks once a record: most ticks change neither).
  const int64_t nowMinute = now / kMinute;
  if (nowMinute != windowMinute_ || windowDirty_) {
    reportedPerMinute_.erase(reportedPerMinute_.begin(), reportedPerMinute_.upper_bound(nowMinute - 60));
    newLastHour_ = 0;
    for (auto it = reportedPerMinute_.begin(); it != reportedPerMinute_.end() && it->first <= nowMinute; ++it)
      newLastHour_ += it->second;
    windowMinute_ = nowMinute;
    windowDirty_ = false;
    // Only today and later matter for "closed today"; yesterday and today for the hours.
    const int64_t today = localDay(now, config_.utcOffsetMinutes);
    closedPerDay_.erase(closedPerDay_.begin(), closedPerDay_.lower_bound(today));
    reportedPerHour_.erase(reportedPerHour_.begin(), reportedPerHour_.lower_bound((today - 1) * 24));
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Queries
//-----------------------------------------------------------------------------

void CaseStore::evict(uint32_t slot) {
  CaseRecord& c = cases_[slot];
  count(c, -1);
  drillCases_ -= c.drill;
  index_.erase(c.id);
  ++generation_[slot];  // any pending deadline is stale
  c = CaseRecord{};     // frees its strings and history
  c.evicted = true;
  c.status = CaseStatus::cancelled;
  freeSlots_.push_back(slot);
  ++evicted_;
  changes_.mark(slot);
}

const CaseRecord* CaseStore::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &cases_[it->second];
}

uint32_t CaseStore::closedToday() const {
  auto it = closedPerDay_.find(localDay(now_, config_.utcOffsetMinutes));
  return it == closedPerDay_.end() ? 0 : it->second;
}

std::array<uint32_t, 24> CaseStore::reportedPerHour(int daysAgo) const {
  std::array<uint32_t, 24> out{};
  const int64_t first = (localDay(now_, config_.utcOffsetMinutes) - daysAgo) * 24;
  for (auto it = reportedPerHour_.lower_bound(first); it != reportedPerHour_.end() && it->first < first + 24; ++it)
    out[size_t(it->first - first)] = it->second;
  return out;
}

uint32_t CaseStore::reportedToday() const {
  uint32_t n = 0;
  for (uint32_t v : reportedPerHour(0)) n += v;
  return n;
}

uint32_t CaseStore::open() const {
  uint32_t n = 0;
  for (size_t s = 0; s < kCaseStatusCount; ++s)
    if (!isTerminal(CaseStatus(s))) n += byStatus_[s];
  return n;
}

std::optional<double> CaseStore::meanMinutesToDispatch() const {
  if (!dispatchCount_) return std::nullopt;
  return dispatchMinutesSum_ / double(dispatchCount_);
}

std::optional<double> CaseStore::meanMinutesToClose() const {
  if (!closeCount_) return std::nullopt;
  return closeMinutesSum_ / double(closeCount_);
}

}  // namespace citywall::live
