#pragma once
// Store: the live state of the city — cases and sensors — fed by typed
// events, advanced by the clock. The one thing the scene and UI read about
// the world (docs/architecture.md: live/ knows no Vulkan, network or files).

#include <algorithm>
#include <variant>

#include "live/case_store.h"
#include "live/sensor_store.h"

namespace citywall::live {

struct StoreConfig {
  CaseStoreConfig cases;
  SensorStoreConfig sensors;
};

struct SnapshotCodec;

/// One change to a store, in the order it was made: an event applied, or
/// the clock moved to a time. A wall's conductor records its store's and
/// its render nodes apply the same, so every node's store is the
/// conductor's, whatever the changes came from (feeds, a drill, a replay).
using StoreOp = std::variant<FeedEvent, TimeMs>;

class Store {
 public:
  explicit Store(StoreConfig config = {}) : config_(config), cases_(config.cases), sensors_(config.sensors) {}
  const StoreConfig& config() const { return config_; }

  /// Applies one event; a refusal is counted by reason and returned.
  std::optional<RejectReason> apply(const FeedEvent& event) {
    if (ops_) ops_->push_back(event);
    const auto r = std::visit([this](const auto& e) {
      if constexpr (requires { e.time; }) newest_ = std::max(newest_, e.time);
      return route(e);
    }, event);
    if (r) rejected_.add(*r);
    else ++applied_;
    return r;
  }
  /// Advances the clock (live: now; replay: the replay's time).
  void tick(TimeMs now) {
    if (ops_) ops_->push_back(now);
    cases_.tick(now);
  }
  /// Applies what another store recorded.
  void applyOp(const StoreOp& op) {
    if (const auto* e = std::get_if<FeedEvent>(&op)) apply(*e);
    else tick(std::get<TimeMs>(op));
  }
  /// Every change from now on is appended to `ops` (null: stop); the
  /// caller owns the vector and empties it as it pleases.
  void record(std::vector<StoreOp>* ops) { ops_ = ops; }
  bool recording() const { return ops_ != nullptr; }

  const CaseStore& cases() const { return cases_; }
  /// For views that take the store's change notifications (CaseStore::takeChanged).
  CaseStore& cases() { return cases_; }
  const SensorStore& sensors() const { return sensors_; }
  SensorStore& sensors() { return sensors_; }
  /// Events the store itself refused (the feed counts what it could not decode).
  const RejectCounts& rejected() const { return rejected_; }
  uint64_t applied() const { return applied_; }
  /// The newest event time seen (a clock for replays that follows the feed).
  TimeMs newestEventTime() const { return newest_; }

 private:
  friend struct SnapshotCodec;

/// One change to a store, in the order it was made: an event applied, or
/// the clock moved to a time. A wall's conductor records its store's and
/// its render nodes apply the same, so every node's store is the
/// conductor's, whatever the changes came from (feeds, a drill, a replay).
using StoreOp = std::variant<FeedEvent, TimeMs>;
  std::optional<RejectReason> route(const CaseUpdate& e) { return cases_.apply(e); }
  std::optional<RejectReason> route(const SensorUpdate& e) { return sensors_.apply(e); }
  std::optional<RejectReason> route(const Observation& e) { return sensors_.apply(e); }
  std::optional<RejectReason> route(const AlarmUpdate& e) { return sensors_.apply(e); }

  StoreConfig config_;
  CaseStore cases_;
  SensorStore sensors_;
  RejectCounts rejected_;
  uint64_t applied_ = 0;
  TimeMs newest_ = 0;
  std::vector<StoreOp>* ops_ = nullptr;  // not part of the state: a snapshot leaves it out
};

}  // namespace citywall::live
