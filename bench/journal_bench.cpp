// journal_bench — the journal's write rate (with its keyframes), bytes on
// disk per event, seek time to random moments and replay rate, on frames shaped like a real feed: feed-sim's city (cases
// moving through their lifecycle, 40 sensors reporting every minute), in
// batches as a platform sends them. Not a test; BENCHMARKS.md records the
// medians.
//
//   journal_bench [--events 1000000] [--batch 20] [--runs 3] [--seeks 200] [--dir DIR]
//                 [--sensors 40] [--hours H] [--keyframe-seconds S] [--keyframe-share F] [--live-chunks]
//                 [--lasting N]
//
// --lasting N: N operators' actions that set lasting state (marks put up and
// taken off, layers switched) spread over the day; each seek then also hands
// over what was set by then and folds it as the frame step does.

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <algorithm>
#include <random>

#include "app/operator_state.h"
#include "feed/journal.h"
#include "feed/journal_player.h"
#include "feed/journal_replay.h"
#include "live/store_snapshot.h"
#include "tools/feed_sim/sim_city.h"
#include "ui/commands.h"

using namespace citywall;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// The frames a platform would send: `batch` messages each, with seq, one
// receive time per frame spread over the simulated day.
std::vector<feed::JournalRecord> frames(size_t events, size_t batch, const tools::SimOptions& sim) {
  constexpr live::TimeMs kStart = 1764547200000;  // 2025-12-01 00:00 UTC
  tools::SimCity city(sim, kStart);
  std::vector<feed::JournalRecord> out;
  auto messages = city.registrations();
  uint64_t seq = 0;
  size_t made = 0;
  while (made < events) {
    std::string frame = batch > 1 ? R"({"type":"batch","events":[)" : "";
    live::TimeMs at = 0;
    for (size_t i = 0; i < batch && made < events; ++i, ++made) {
      const tools::SimMessage m = messages.empty() ? city.next() : messages.back();
      if (!messages.empty()) messages.pop_back();
      at = m.time;
      if (batch > 1 && i) frame += ',';
      frame += "{\"seq\":" + std::to_string(++seq) + "," + m.json.substr(1);
    }
    if (batch > 1) frame += "]}";
    out.push_back({feed::JournalChannel::feedFrame, 0, at, std::move(frame)});
  }
  return out;
}

uint64_t folderBytes(const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::directory_iterator(dir)) total += e.file_size();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  size_t events = 1'000'000, batch = 20, lasting = 0;
  int runs = 3, seeks = 200;
  tools::SimOptions sim;
  double hours = 0, keyframeSeconds = 0, keyframeShare = 0;
  bool liveChunks = false;
  fs::path dir = fs::temp_directory_path() / "citywall-journal-bench";
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--live-chunks")) liveChunks = true, std::copy(argv + i + 1, argv + argc + 1, argv + i), --argc;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--events")) events = std::stoull(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch")) batch = std::stoull(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--seeks")) seeks = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--sensors")) sim.sensors = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--hours")) hours = std::stod(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--keyframe-seconds")) keyframeSeconds = std::stod(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--keyframe-share")) keyframeShare = std::stod(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--lasting")) lasting = std::stoull(argv[i + 1]);
  }
  // A day of `events`: nearly all are sensor readings, so their interval sets the span.
  if (hours > 0) sim.observationInterval = live::TimeMs(double(sim.sensors) * hours * 3.6e6 / double(events));
  auto input = frames(events, batch, sim);
  // The operators' lasting actions, evenly among the frames (at their times).
  const size_t frameCount = input.size();
  for (size_t k = 0; k < lasting && frameCount; ++k) {
    const size_t at = (k + 1) * frameCount / (lasting + 1) + k;  // k actions are in before it
    const std::string id = "zone-" + std::to_string(k % 7);
    const ui::Command c = k % 3 == 0   ? ui::Command(ui::MarkArea{{id, 121.49 + 0.001 * double(k % 7), 31.24, 300, 0xff3b30a0u}})
                          : k % 3 == 1 ? ui::Command(ui::ToggleLayer{ui::LayerId::heat})
                                       : ui::Command(ui::ClearMark{id});
    input.insert(input.begin() + ptrdiff_t(at), {feed::JournalChannel::operatorAction, feed::kLastingAction, input[at].received, ui::toJson(c)});
  }
  uint64_t rawBytes = 0;
  for (const auto& f : input) rawBytes += f.bytes.size();
  if (lasting) std::printf("journal_bench: %zu lasting operator actions among them\n", lasting);
  std::printf("journal_bench: %zu events in %zu frames of %zu (%.0f bytes an event as sent), %.1f h of receive time, "
              "%d sensors every %.1f s\n", events, input.size(), batch, double(rawBytes) / double(events),
              double(input.back().received - input.front().received) / 3.6e6, sim.sensors,
              double(sim.observationInterval) / 1000);
  for (int run = 1; run <= runs; ++run) {
    fs::remove_all(dir);
    auto copy = input;
    uint64_t chunks = 0, keyframes = 0;
    const auto t0 = Clock::now();
    {
      feed::JournalOptions o{dir};
      o.rotateSeconds = 1e9;
      o.maxQueuedBytes = size_t(8) << 30;
      if (keyframeSeconds > 0) o.keyframeSeconds = keyframeSeconds;
      if (keyframeShare > 0) o.keyframeShare = keyframeShare;  // the whole input at once: measure the writer, not the queue limit
      feed::JournalWriter writer(o);
      writer.addFeed("ws://bench");
      // Live, a chunk is what arrived in a quarter second: --live-chunks cuts
      // them so (a flush per quarter second of receive time), else chunks fill up.
      live::TimeMs quarter = copy.empty() ? 0 : copy.front().received / 250;
      for (auto& f : copy) {
        if (liveChunks && f.received / 250 != quarter) writer.flush(), quarter = f.received / 250;
        writer.record(std::move(f));
      }
      writer.flush();
      chunks = writer.status().chunks, keyframes = writer.status().keyframes;
      if (!writer.status().error.empty() || writer.status().lost) {
        std::fprintf(stderr, "journal_bench: %s (%llu lost)\n", writer.status().error.c_str(),
                     (unsigned long long)writer.status().lost);
        return 1;
      }
    }
    const double write = seconds(t0);
    const uint64_t disk = folderBytes(dir);
    const auto t1 = Clock::now();
    live::Store store;
    const feed::JournalLoad load = feed::applyJournal(dir, store);
    const double replay = seconds(t1);
    std::printf("run %d: write %.0f events/s (%.2f s), %.1f bytes an event on disk (%llu bytes), "
                "replay (read, decompress, decode, apply) %.0f events/s (%.2f s; %zu cases, %zu sensors, %llu rejected)\n",
                run, double(events) / write, write, double(disk) / double(events), (unsigned long long)disk,
                double(load.events) / replay, replay, store.cases().size(), store.sensors().all().size(),
                (unsigned long long)load.decode.rejected.total());
    // The player at unlimited speed: the same, with the clock moved per record.
    {
      const auto t2 = Clock::now();
      live::Store played;
      feed::JournalPlayer player(dir);
      player.setSpeed(1000);
      player.seek(player.begin(), played);
      while (player.playing()) player.advance(1e6, played);  // far past the end: one pass
      const double seconds2 = seconds(t2);
      std::printf("run %d: player replay %.0f events/s (%.2f s, %llu events applied)\n", run,
                  double(played.applied()) / seconds2, seconds2, (unsigned long long)played.applied());
    }
    // One keyframe, the last (the fullest store): its size and what restoring
    // it costs — the whole snapshot it builds on and the deltas after that.
    {
      feed::JournalReader reader(dir);
      const auto keyframes = reader.keyframeIndex();
      if (std::getenv("JOURNAL_BENCH_VERBOSE"))
        for (const auto& k : keyframes)
          if (const auto b = reader.readKeyframe(k))
            std::printf("  keyframe at +%.2f h after chunk %lld: %.2f MB%s\n", double(k.time - input.front().received) / 3.6e6,
                        (long long)k.afterChunk, double(b->size()) / 1e6, k.base ? " (delta)" : "");
      if (!keyframes.empty()) {
        const auto t4 = Clock::now();
        const auto links = feed::keyframeChain(keyframes, keyframes.size() - 1);
        std::vector<std::string> bytes;
        size_t total = 0;
        for (size_t i : links)
          if (auto b = reader.readKeyframe(keyframes[i], i != links.back())) total += b->size(), bytes.push_back(std::move(*b));
        const double readMs = seconds(t4) * 1000;
        live::Store restored;
        std::string error;
        const auto t5 = Clock::now();
        const bool ok = !links.empty() && bytes.size() == links.size() &&
                        live::restoreSnapshotChain(std::vector<std::string_view>(bytes.begin(), bytes.end()), restored, error);
        std::printf("run %d: last keyframe: %zu snapshots (a whole one and deltas), %.1f MB, read and decompressed in %.1f ms, "
                    "restored in %.1f ms%s\n", run, links.size(), double(total) / 1e6, readMs, seconds(t5) * 1000, ok ? "" : error.c_str());
      }
    }
    // Seeks to random moments, each from wherever the one before left the store.
    {
      feed::JournalPlayer player(dir);
      live::Store seeking;
      player.seek(player.begin(), seeking);
      std::mt19937_64 random{uint64_t(run)};
      std::uniform_int_distribution<live::TimeMs> when(player.begin(), player.end());
      std::vector<double> ms;
      const scene::FeatureSet noLayers;
      size_t folded = 0;
      for (int i = 0; i < seeks; ++i) {
        const live::TimeMs t = when(random);
        const auto t3 = Clock::now();
        const uint64_t jumps = player.keyframeJumps(), rebuilds = player.rebuilds();
        player.seek(t, seeking);
        // What the operators had set by then, folded as the frame step does.
        if (const auto jump = player.takeJump()) {
          app::OperatorState state;
          for (const auto& a : *jump)
            if (const auto c = ui::commandFromJson(a)) app::fold(state, *c, noLayers);
          folded += jump->size();
        }
        ms.push_back(seconds(t3) * 1000);
        if (std::getenv("JOURNAL_BENCH_VERBOSE"))
          std::printf("  seek %+.1f h: %.1f ms%s%s\n", double(t - player.begin()) / 3.6e6, ms.back(),
                      player.rebuilds() > rebuilds ? " rebuilt" : "", player.keyframeJumps() > jumps ? " from a keyframe" : "");
      }
      std::sort(ms.begin(), ms.end());
      std::printf("run %d: %llu chunks, %llu keyframes\n", run, (unsigned long long)chunks, (unsigned long long)keyframes);
      std::printf("run %d: seek to a random moment: median %.1f ms, p99 %.1f ms, max %.1f ms (%d seeks, %zu keyframes, %llu "
                  "from a keyframe)\n", run, ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back(),
                  seeks, player.keyframes(), (unsigned long long)player.keyframeJumps());
      if (lasting) std::printf("run %d: each seek also folded %.0f lasting actions on average\n", run, double(folded) / double(seeks));
    }
  }
  fs::remove_all(dir);
  return 0;
}
