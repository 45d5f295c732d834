#pragma once
// WallNode: a render node's part of the wall, one turn at a time. It says
// hello until the conductor sends the state, applies each frame's store
// changes, draws the newest frame (a node behind skips to it), holds the
// swap barrier before present, and shows on its panels why it is not
// following (joining, conductor lost). About once a second it asks the
// renderer for a small picture of its panels and sends it with a Ready,
// the console's preview. The window or headless run owns the loop around it.

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "app/frame_loop.h"
#include "config/command_line.h"
#include "feed/live_session.h"
#include "renderer/renderer.h"
#include "wall/node_link.h"

namespace citywall::app {

class WallNode {
 public:
  /// Connects to the conductor (in the background). `report`, when not
  /// null, gets a line per frame drawn (wallReportLine); the caller closes it.
  WallNode(const config::AppOptions& options, feed::LiveSession& live, FrameLoop& loop, std::FILE* report);

  /// One turn: hello and the card while not in step, then up to 100 ms
  /// waiting for the conductor; a frame that came is drawn.
  void turn();

  bool inStep() const { return inStep_; }
  uint64_t framesDrawn() const { return drawn_; }
  /// The panels as they stand: the last frame drawn in step (its image when
  /// it was captured, else drawn again), or the card that says why not.
  renderer::Image picture();
  /// Asks that the frame drawn when framesDrawn() reaches `frame` be read back for picture().
  void captureFrame(uint64_t frame) { captureAt_ = frame; }
  /// How the run went, one line.
  std::string summary() const;

 private:
  using Clock = std::chrono::steady_clock;
  void showWhyNotInStep();
  void join(const wall::Snapshot& snapshot);
  /// Applies `frame` and any frames waiting behind it; false when out of step.
  bool takeFrames(wall::Message& message, double& seconds);
  void draw(const wall::Frame& frame, double seconds);
  void sendPicture();

  const config::AppOptions& options_;
  feed::LiveSession& live_;
  FrameLoop& loop_;
  std::FILE* report_;
  wall::NodeLink link_;
  const std::chrono::duration<double> timeout_;
  const std::chrono::milliseconds barrierWait_;
  const Clock::time_point started_ = Clock::now();
  Clock::time_point heard_ = started_, helloAt_{}, cardAt_{}, pictureAt_{};
  bool inStep_ = false, lost_ = false;
  uint64_t session_ = 0, nextFrame_ = 0, opsNext_ = 0;
  uint64_t drawn_ = 0, presentedLate_ = 0, skipped_ = 0, captureAt_ = 0;
  std::optional<renderer::Image> lastImage_;
  std::optional<FrameInput> lastFrame_;  // the last frame drawn in step, to draw again for a picture
  std::string handshakeProblem_;         // said once until it changes
};

/// A small RGBA picture as the console's preview (RGB).
wall::Thumbnail thumbnailOf(const renderer::Image& image);

}  // namespace citywall::app
