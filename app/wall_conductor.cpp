#include "app/wall_conductor.h"

#include <chrono>
#include <cinttypes>
#include <stdexcept>

#include "geo/json_text.h"
#include "live/store_snapshot.h"

namespace citywall::app {

uint64_t storeDigest(const live::Store& store) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : live::saveSnapshot(store)) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string wallReportLine(uint64_t frame, live::TimeMs clock, uint64_t opsNext, uint64_t digest, int64_t presentedUs) {
  char line[160];
  std::snprintf(line, sizeof line, "frame %" PRIu64 " clock %" PRId64 " ops %" PRIu64 " digest %016" PRIx64 " presented %" PRId64 "\n",
                frame, int64_t(clock), opsNext, digest, presentedUs);
  return line;
}

int64_t systemMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

WallConductor::WallConductor(const config::AppOptions& o, feed::LiveSession& live)
    : layout_(*o.wall), live_(live), link_(*o.wall, o.wall->conductor), generation_(live.storeGeneration()) {
  if (!o.wallReport.empty() && !(report_ = std::fopen(o.wallReport.c_str(), "w")))
    throw wall::WallError("--wall-report: cannot write " + o.wallReport);
  std::printf("citywall: wall conductor on %s for %zu nodes, %s\n", o.wall->conductor.c_str(), o.wall->nodes.size(),
              o.wall->key ? "encrypted (only the wall key's holders join)" : "not encrypted (no [wall] key_file: a trusted network only)");
}

WallConductor::~WallConductor() {
  if (recorded_) recorded_->record(nullptr);
  if (report_) std::fclose(report_);
}

ui::WallConsoleInfo WallConductor::console(const FrameLoop& loop) const {
  ui::WallConsoleInfo c;
  c.rows = layout_.rows, c.columns = layout_.columns;
  c.aspect = float(layout_.panelWidth) / float(layout_.panelHeight);
  c.gapX = float(layout_.gapX()) / float(layout_.panelWidth), c.gapY = float(layout_.gapY()) / float(layout_.panelHeight);
  for (const auto& n : link_.nodes()) {
    ui::WallConsoleInfo::Node node{n.name, n.panels, wall::panelList(n.panels), n.inStep ? 0 : n.connected ? 1 : 2,
                                   n.frameLag, n.missedBarriers, n.drawMs, nullptr, 0, 0};
    if (n.picture) {  // shared, not copied: the console is built every frame
      node.picture = std::shared_ptr<const std::string>(n.picture, &n.picture->rgb);
      node.pictureWidth = n.picture->width, node.pictureHeight = n.picture->height;
    }
    c.nodes.push_back(std::move(node));
  }
  c.blanked = loop.wallBlanked(), c.identify = loop.wallIdentify();
  const auto& s = link_.stats();
  c.frame = s.frames, c.bytesPerFrame = s.frameBytes, c.refused = s.rejected, c.barrierMs = s.lastBarrierMs;
  return c;
}

namespace {
std::string panelsJson(const std::vector<int>& panels) {
  std::string out = "[";
  for (size_t i = 0; i < panels.size(); ++i) out += (i ? "," : "") + std::to_string(panels[i]);
  return out + "]";
}
}  // namespace

std::string WallConductor::dumpJson() const {
  const auto& s = link_.stats();
  std::string out = "\"wall\":{\"role\":\"conductor\",\"frames\":" + std::to_string(s.frames) +
                    ",\"refused\":" + std::to_string(s.rejected) + ",\"bytes_sent\":" + std::to_string(s.bytesSent) +
                    ",\"nodes\":[";
  bool first = true;
  for (const auto& n : link_.nodes()) {
    char row[256];
    std::snprintf(row, sizeof row,
                  "\"panels\":%s,\"connected\":%s,\"in_step\":%s,\"last_frame\":%llu,\"frames_behind\":%llu,"
                  "\"missed_barriers\":%llu,\"joins\":%llu,\"draw_ms\":%.2f}",
                  panelsJson(n.panels).c_str(), n.connected ? "true" : "false", n.inStep ? "true" : "false", (unsigned long long)n.lastFrame,
                  (unsigned long long)n.frameLag, (unsigned long long)n.missedBarriers, (unsigned long long)n.joins, n.drawMs);
    out += first ? "{\"name\":" : ",{\"name\":";
    geo::appendJsonString(out, n.name);
    out += std::string(",") + row;
    first = false;
  }
  return out + "]}";
}

void WallConductor::beforeStep() {
  live::Store& shown = live_.store();
  if (&shown == recorded_ && shown.recording()) return;
  if (recorded_) recorded_->record(nullptr);
  shown.record(&ops_);
  recorded_ = &shown;
}

void WallConductor::afterStep(const FrameLoop& loop, double seconds, double time) {
  wall::Frame f;
  f.frame = ++frame_;
  f.clock = loop.lastClock().now;
  f.seconds = seconds, f.time = time;
  f.view = loop.wallView();
  const bool rebuilt = live_.storeGeneration() != generation_ || &live_.store() != recorded_ || !recorded_->recording();
  generation_ = live_.storeGeneration();
  // Changes recorded into a store that was then rebuilt mean nothing to a
  // node: it gets the store whole with this frame instead.
  if (rebuilt) link_.rejoinAll();
  f.opsFirst = opsNext_;
  f.ops = std::move(ops_);
  ops_.clear();
  opsNext_ += f.ops.size();
  link_.publish(std::move(f), [this] { return live::saveSnapshot(live_.store()); });
  const uint64_t digest = report_ ? storeDigest(live_.store()) : 0;
  link_.barrier();
  if (report_) {
    std::fputs(wallReportLine(frame_, loop.lastClock().now, opsNext_, digest, systemMicros()).c_str(), report_);
    std::fflush(report_);
  }
}

}  // namespace citywall::app
