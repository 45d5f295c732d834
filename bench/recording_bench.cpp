// recording_bench — what recording costs the frame thread: feed-sim sends
// cases and sensors at a steady rate over loopback; a frame loop pumps the
// live session every 16.7 ms (60 Hz) with the journal on, then off, in
// turns. Reports the pump's time per frame (median, p99, max, frames over
// 2 ms), the frame thread's CPU per frame, and the whole process's CPU
// (network, journal writer and its keyframes included). Not a test.
//
//   recording_bench [--rate 10000] [--seconds 20] [--runs 2]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/process_memory.h"
#include "feed/live_session.h"
#include "tests/feed/sim_process.h"

using namespace citywall;
using Clock = std::chrono::steady_clock;

namespace {

double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

void run(bool journal, int rate, double seconds, int run) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "citywall-recording-bench";
  std::filesystem::remove_all(dir);
  test::ServerProcess server({CITYWALL_FEED_SIM, "--port", "0", "--rate", std::to_string(rate), "--batch", "10",
                              "--sensors", "200"});
  feed::FeedOptions fo;
  fo.url = server.url();
  std::optional<feed::JournalOptions> options;
  if (journal) options = feed::JournalOptions{dir};
  feed::LiveSession live({fo}, {}, options);
  // Connected and past the first burst before measuring.
  const auto warm = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < warm) live.pump(feed::wallClockNow()), std::this_thread::sleep_for(std::chrono::milliseconds(16));
  std::vector<double> pumpMs;
  size_t events = 0;
  const double thread0 = threadCpuMs(), process0 = bench::processCpuMs();
  const auto start = Clock::now(), end = start + std::chrono::milliseconds(int64_t(seconds * 1000));
  auto next = start;
  while (Clock::now() < end) {
    const auto t0 = Clock::now();
    events += live.pump(feed::wallClockNow());
    pumpMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    next += std::chrono::microseconds(16667);
    std::this_thread::sleep_until(next);
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double threadMs = threadCpuMs() - thread0, processMs = bench::processCpuMs() - process0;
  std::sort(pumpMs.begin(), pumpMs.end());
  const size_t over2 = size_t(pumpMs.end() - std::upper_bound(pumpMs.begin(), pumpMs.end(), 2.0));
  const auto status = live.journal();
  std::printf("run %d, journal %s: %.0f events/s applied, %zu frames; pump per frame: median %.3f ms, p99 %.3f ms, max %.3f ms, "
              "%zu over 2 ms; frame thread CPU %.3f ms/frame; process CPU %.1f %% of a core%s\n",
              run, journal ? "on " : "off", double(events) / wall, pumpMs.size(), pumpMs[pumpMs.size() / 2],
              pumpMs[pumpMs.size() * 99 / 100], pumpMs.back(), over2, threadMs / double(pumpMs.size()),
              processMs / (wall * 10), journal && status ? (", " + std::to_string(status->keyframes) + " keyframes").c_str() : "");
  std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  int rate = 10000, runs = 2;
  double seconds = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rate")) rate = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seconds")) seconds = std::stod(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::stoi(argv[i + 1]);
  }
  for (int r = 1; r <= runs; ++r) {
    run(true, rate, seconds, r);
    run(false, rate, seconds, r);
  }
}
