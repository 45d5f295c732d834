#include "app/wall_node.h"

#include <cmath>

#include "app/wall_conductor.h"
#include "wall/wall_layout.h"

namespace citywall::app {

namespace {
// The console's preview: this many pixels across per panel, about once a second.
constexpr double kPicturePixelsPerPanel = 128;
constexpr auto kPictureEvery = std::chrono::seconds(1);
}  // namespace

wall::Thumbnail thumbnailOf(const renderer::Image& image) {
  wall::Thumbnail t;
  if (image.width > wall::Thumbnail::kMaxSide || image.height > wall::Thumbnail::kMaxSide) return t;
  t.width = image.width, t.height = image.height;
  t.rgb.resize(size_t(image.width) * image.height * 3);
  for (size_t i = 0, n = size_t(image.width) * image.height; i < n; ++i)
    for (size_t c = 0; c < 3; ++c) t.rgb[i * 3 + c] = char(image.rgba[i * 4 + c]);
  return t;
}

WallNode::WallNode(const config::AppOptions& o, feed::LiveSession& live, FrameLoop& loop, std::FILE* report)
    : options_(o),
      live_(live),
      loop_(loop),
      report_(report),
      link_(o.wallNodeAddress, o.wallNode, o.wallPanels, o.wall->key),
      timeout_(o.wall->nodeTimeoutS),
      barrierWait_(int64_t(o.wall->barrierMs * 2 + 50)) {}

void WallNode::turn() {
  if (!inStep_ && Clock::now() - helloAt_ > std::chrono::seconds(1)) link_.hello(), helloAt_ = Clock::now();
  if (!inStep_ && Clock::now() - cardAt_ > std::chrono::milliseconds(500)) showWhyNotInStep();
  if (std::string problem = link_.handshakeProblem(); problem != handshakeProblem_) {
    if (!problem.empty()) std::fprintf(stderr, "citywall: wall node %s: %s\n", options_.wallNode.c_str(), problem.c_str());
    handshakeProblem_ = std::move(problem);
  }
  auto message = link_.receive(std::chrono::milliseconds(100));
  if (!message) {
    if (!lost_ && Clock::now() - heard_ > timeout_) {
      lost_ = true, inStep_ = false;
      std::printf("citywall: wall node %s: conductor lost (nothing for %.1f s); waiting for it\n", options_.wallNode.c_str(),
                  timeout_.count());
    }
    return;
  }
  heard_ = Clock::now();
  if (lost_) std::printf("citywall: wall node %s: conductor back\n", options_.wallNode.c_str()), lost_ = false;
  if (const auto* snapshot = std::get_if<wall::Snapshot>(&*message)) return join(*snapshot);
  if (!std::holds_alternative<wall::Frame>(*message)) return;  // a Go for a frame already presented
  double seconds = 0;
  if (!takeFrames(*message, seconds)) return;
  draw(std::get<wall::Frame>(*message), seconds);
}

// Not following the wall: the panels say why, twice a second, over the last picture.
void WallNode::showWhyNotInStep() {
  FrameInput idle{{}, 0.5, std::chrono::duration<double>(Clock::now() - started_).count(), 0, 0};
  idle.wallStatus = lost_ ? ui::WallCardKind::conductorLost : ui::WallCardKind::joining;
  loop_.step(std::move(idle));
  cardAt_ = Clock::now();
}

void WallNode::join(const wall::Snapshot& snapshot) {
  std::string error;
  if (!live_.restoreWallStore(snapshot.store, error)) {
    std::fprintf(stderr, "citywall: wall node %s: the conductor's snapshot was refused: %s\n", options_.wallNode.c_str(),
                 error.c_str());
    return;
  }
  inStep_ = true, session_ = snapshot.session, nextFrame_ = snapshot.frame + 1, opsNext_ = snapshot.opsNext;
  std::printf("citywall: wall node %s: joined at frame %llu (%zu bytes of state)\n", options_.wallNode.c_str(),
              (unsigned long long)snapshot.frame, snapshot.store.size());
}

// The frame in `message`, then every frame already waiting behind it: their
// changes are applied and `message` ends as the newest, so a node behind
// draws only that one and catches up instead of lagging.
bool WallNode::takeFrames(wall::Message& message, double& seconds) {
  const auto follows = [&](const wall::Frame& f) {
    return f.session == session_ && f.frame == nextFrame_ && f.opsFirst == opsNext_;
  };
  const auto& first = std::get<wall::Frame>(message);
  if (!inStep_ || !follows(first)) {
    // Another conductor, or a frame missed: the state is asked for again.
    if (inStep_)
      std::printf("citywall: wall node %s: out of step at frame %llu; asking for the state\n", options_.wallNode.c_str(),
                  (unsigned long long)first.frame);
    inStep_ = false, helloAt_ = {};
    return false;
  }
  for (;;) {
    const auto& frame = std::get<wall::Frame>(message);
    live_.applyWallOps(frame.ops);
    opsNext_ += frame.ops.size();
    nextFrame_ = frame.frame + 1;
    seconds += frame.seconds;
    auto next = link_.receive(std::chrono::milliseconds(0));
    while (next && std::holds_alternative<wall::Go>(*next)) next = link_.receive(std::chrono::milliseconds(0));  // words for frames skipped: spent
    if (!next) break;
    const auto* later = std::get_if<wall::Frame>(&*next);
    if (!later || !follows(*later)) {
      link_.putBack(std::move(*next));  // handled as the next turn's message
      break;
    }
    message = std::move(*next);
    ++skipped_;
  }
  return true;
}

void WallNode::draw(const wall::Frame& frame, double seconds) {
  live_.setFixedClock(frame.clock);
  const auto t0 = Clock::now();
  int64_t presentedUs = 0;
  loop_.renderer().setPresentGate([&, id = frame.frame] {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!link_.readyThenWait(session_, id, ms, barrierWait_)) ++presentedLate_;
    presentedUs = systemMicros();
  });
  if (Clock::now() - pictureAt_ > kPictureEvery) {
    // A small copy of this frame for the console, handed over a frame or two later.
    const double scale = kPicturePixelsPerPanel / options_.wall->panelWidth;
    loop_.renderer().requestThumbnail(uint32_t(std::lround(options_.width * scale)), uint32_t(std::lround(options_.height * scale)));
    pictureAt_ = Clock::now();
  }
  FrameInput in{{}, seconds, frame.time, 0, 0};
  in.wallView = frame.view;
  lastFrame_ = FrameInput{{}, 0, frame.time, 0, 0};
  lastFrame_->wallView = frame.view;
  in.capture = captureAt_ && drawn_ + 1 >= captureAt_;
  FrameOutput out = loop_.step(std::move(in));
  loop_.renderer().setPresentGate(nullptr);
  ++drawn_;
  if (out.image) lastImage_ = std::move(out.image);
  sendPicture();
  if (report_) {
    std::fputs(wallReportLine(frame.frame, frame.clock, opsNext_, storeDigest(live_.store()), presentedUs).c_str(), report_);
    std::fflush(report_);
  }
}

void WallNode::sendPicture() {
  if (auto picture = loop_.renderer().takeThumbnail()) link_.attachPicture(thumbnailOf(*picture));
}

renderer::Image WallNode::picture() {
  if (lastImage_ && inStep_) return *lastImage_;
  // The panels as they stand: the last frame again, or the card.
  FrameInput shot = inStep_ && lastFrame_ ? *lastFrame_ : FrameInput{};
  shot.capture = true;
  if (!inStep_) shot.wallStatus = lost_ ? ui::WallCardKind::conductorLost : ui::WallCardKind::joining;
  return loop_.step(std::move(shot)).image.value_or(renderer::Image{});
}

std::string WallNode::summary() const {
  char line[320];
  std::snprintf(line, sizeof line,
                "wall node %s: %llu frames drawn, %llu skipped to catch up, %llu presented without the conductor's word, "
                "%llu messages refused",
                options_.wallNode.c_str(), (unsigned long long)drawn_, (unsigned long long)skipped_,
                (unsigned long long)presentedLate_, (unsigned long long)link_.rejected());
  return line;
}

}  // namespace citywall::app
