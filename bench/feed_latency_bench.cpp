// feed_latency_bench — end-to-end latency over loopback: feed-sim stamps each
// case with the wall-clock time it was sent; the client (network thread →
// queue → store, pumped every millisecond like a fast frame loop) measures
// when the store applied it. Reports p50/p99 at the given rate. Not a test.
//
//   feed_latency_bench [--rate 1000] [--batch 1] [--seconds 10]
//   feed_latency_bench --throughput N [--batch 100]   N messages as fast as feed-sim sends them
// In the app, the frame loop pumps once per frame: add up to one frame
// interval (16.7 ms at 60 Hz) to these figures.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "feed/live_session.h"
#include "tests/feed/sim_process.h"

using namespace citywall;

// End-to-end over loopback: feed-sim as fast as it can, client decoding,
// queueing and applying; both processes share the machine's cores.
int throughput(long total, int batch) {
  test::ServerProcess server({CITYWALL_FEED_SIM, "--port", "0", "--rate", "100000000", "--batch", std::to_string(batch),
                              "--sensors", "0", "--total", std::to_string(total), "--once"});
  feed::FeedOptions fo;
  fo.url = server.url();
  feed::LiveSession live({fo});
  std::chrono::steady_clock::time_point first{};
  size_t applied = 0;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (applied < size_t(total) && std::chrono::steady_clock::now() < limit) {
    const size_t n = live.pump(0);
    if (n && !applied) first = std::chrono::steady_clock::now();
    applied += n;
    if (!n) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - first).count();
  std::printf("throughput: %zu messages (batch %d) in %.3f s = %.0f events/s end to end over loopback\n", applied, batch, s,
              double(applied) / s);
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "--throughput")
    return throughput(std::stol(argv[2]), argc > 4 ? std::stoi(argv[4]) : 100);
  double rate = 1000, seconds = 10;
  int batch = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--rate") rate = std::stod(argv[i + 1]);
    else if (a == "--batch") batch = std::stoi(argv[i + 1]);
    else if (a == "--seconds") seconds = std::stod(argv[i + 1]);
  }
  test::ServerProcess server({CITYWALL_FEED_SIM, "--port", "0", "--rate", std::to_string(rate), "--batch",
                              std::to_string(batch), "--sensors", "0", "--stamp"});
  feed::FeedOptions fo;
  fo.url = server.url();
  feed::EventQueue queue;
  feed::FeedClient client(queue);
  client.add(fo);
  client.start();
  live::Store store;
  std::vector<live::FeedEvent> events;
  std::vector<double> latencies;
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(seconds * 1000));
  const auto warm = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < end) {
    events.clear();
    queue.drain(events);
    const bool measuring = std::chrono::steady_clock::now() > warm;
    for (const auto& e : events) {
      store.apply(e);
      if (!measuring) continue;
      const auto* c = std::get_if<live::CaseUpdate>(&e);
      if (!c) continue;
      for (const auto& [k, v] : c->props)
        if (k == "sent_us") {
          const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
          latencies.push_back(double(now - std::stoll(v)) / 1000.0);
        }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  client.stop();
  if (latencies.empty()) {
    std::printf("feed_latency_bench: no events measured\n");
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[std::min(latencies.size() - 1, size_t(p * double(latencies.size())))]; };
  std::printf("rate %.0f events/s, batch %d: %zu events measured over %.0f s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              rate, batch, latencies.size(), seconds - 1, pct(0.5), pct(0.99), latencies.back());
}
