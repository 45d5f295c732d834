#pragma once
// WallConductor: the conductor's part of each frame step. Before the step
// it records every change to the store the wall shows (live::Store::record);
// after it, it publishes the frame — number, clock, those changes, the
// view — to the render nodes, and holds the swap barrier. A store rebuilt
// during the step (a replay moved back, a look back) sends every node a
// snapshot instead. With --wall-report, a line per frame for checks.

#include <cstdio>
#include <memory>

#include "app/frame_loop.h"
#include "config/command_line.h"
#include "feed/live_session.h"
#include "wall/conductor_link.h"

namespace citywall::app {

/// A digest of the whole store (FNV-1a of its snapshot): equal on every
/// node that shows what the conductor shows.
uint64_t storeDigest(const live::Store& store);

/// One line of a wall report: "frame F clock C ops N digest D presented T":
/// what every node must agree on, then when it was presented (the
/// conductor: when it gave the word), in microseconds of the system clock.
std::string wallReportLine(uint64_t frame, live::TimeMs clock, uint64_t opsNext, uint64_t digest, int64_t presentedUs);
/// Now on the system clock in microseconds (nodes on one machine, or with synchronised clocks, compare them).
int64_t systemMicros();

class WallConductor {
 public:
  /// Listens on [wall] conductor; throws wall::WallError when it cannot.
  WallConductor(const config::AppOptions& options, feed::LiveSession& live);
  ~WallConductor();
  void beforeStep();
  void afterStep(const FrameLoop& loop, double seconds, double time);
  const wall::ConductorLink& link() const { return link_; }
  /// The wall for the state dump: `"wall":{…}` with every node's health,
  /// frames behind and frames presented without it, and the link's counts.
  std::string dumpJson() const;
  /// What the console shows: the panels, the nodes' health, the barrier.
  ui::WallConsoleInfo console(const FrameLoop& loop) const;

 private:
  const wall::WallLayout& layout_;
  feed::LiveSession& live_;
  wall::ConductorLink link_;
  std::vector<live::StoreOp> ops_;
  live::Store* recorded_ = nullptr;
  uint64_t generation_ = 0, opsNext_ = 0, frame_ = 0;
  std::FILE* report_ = nullptr;
};

}  // namespace citywall::app
