// journal_bench — the journal's write rate, bytes on disk per event and
// replay rate, on frames shaped like a real feed: feed-sim's city (cases
// moving through their lifecycle, 40 sensors reporting every minute), in
// batches as a platform sends them. Not a test; BENCHMARKS.md records the
// medians.
//
//   journal_bench [--events 1000000] [--batch 20] [--runs 3] [--dir DIR]

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "feed/journal.h"
#include "feed/journal_replay.h"
#include "tools/feed_sim/sim_city.h"

using namespace citywall;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// The frames a platform would send: `batch` messages each, with seq, one
// receive time per frame spread over the simulated day.
std::vector<feed::JournalRecord> frames(size_t events, size_t batch) {
  constexpr live::TimeMs kStart = 1764547200000;  // 2025-12-01 00:00 UTC
  tools::SimCity city({}, kStart);
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
  size_t events = 1'000'000, batch = 20;
  int runs = 3;
  fs::path dir = fs::temp_directory_path() / "citywall-journal-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--events")) events = std::stoull(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch")) batch = std::stoull(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  const auto input = frames(events, batch);
  uint64_t rawBytes = 0;
  for (const auto& f : input) rawBytes += f.bytes.size();
  std::printf("journal_bench: %zu events in %zu frames of %zu (%.0f bytes an event as sent)\n", events, input.size(), batch,
              double(rawBytes) / double(events));
  for (int run = 1; run <= runs; ++run) {
    fs::remove_all(dir);
    auto copy = input;
    const auto t0 = Clock::now();
    {
      feed::JournalOptions o{dir};
      o.rotateSeconds = 1e9;
      o.maxQueuedBytes = size_t(8) << 30;  // the whole input at once: measure the writer, not the queue limit
      feed::JournalWriter writer(o);
      writer.addFeed("ws://bench");
      for (auto& f : copy) writer.record(std::move(f));
      writer.flush();
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
  }
  fs::remove_all(dir);
  return 0;
}
