// feed_bench — decode + validate + apply throughput on one core: protocol v1
// case messages shaped like the Node peer's (NYC 311, ~330 bytes, 9,143
// distinct ids updated over and over), as single frames and as batches.
// Prints events/s; BENCHMARKS.md records medians. Not a test.
//
//   feed_bench [--events 1000000] [--batch 1|100] [--runs 5]
//   feed_bench --memory     bytes per case and per sensor held by the store (RSS growth)

#include <algorithm>
#include <fstream>
#include <chrono>
#include <cstdio>
#include <string>

#include "bench/process_memory.h"
#include "feed/decoder.h"
#include "live/store.h"

using namespace citywall;

namespace {

const char* kStatuses[] = {"reported", "filed", "dispatched", "in_progress", "resolved", "closed"};
const char* kCategories[] = {"nyc.noise_residential", "nyc.illegal_parking", "nyc.noise_street_sidewalk",
                             "nyc.blocked_driveway", "nyc.heat_hot_water", "nyc.unsanitary_condition"};

std::string caseMessage(uint64_t seq, uint64_t i, int64_t time) {
  const uint64_t id = 62000000 + i % 9143;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"({"type":"case","seq":%llu,"id":"%llu","time":"2024-09-01T%02d:%02d:%02d-04:00","status":"%s",)"
                R"("category":"%s","lon":%.6f,"lat":%.6f,"title":"Banging/Pounding","address":"%llu WEST 47 STREET",)"
                R"("agency":"NYPD","source":"hotline","props":{"borough":"MANHATTAN","zip":"10036"}})",
                (unsigned long long)seq, (unsigned long long)id, int(time / 3600 % 24), int(time / 60 % 60),
                int(time % 60), kStatuses[(i / 9143) % 6], kCategories[id % 6], -73.98 + double(id % 1000) * 1e-4,
                40.70 + double(id % 997) * 1e-4, (unsigned long long)(id % 900 + 100));
  return buf;
}

// RSS growth per case (each with a title, address, grid, agency, props and
// a six-step history) and per sensor (one metric with a full day of minutes).
int memory() {
  constexpr int kCases = 200'000, kSensors = 5'000;
  std::vector<live::FeedEvent> events;
  {
    feed::Decoder d;
    for (int i = 0; i < kCases; ++i) {
      d.decode(caseMessage(i + 1, uint64_t(i), i), events);
      std::get<live::CaseUpdate>(events.back()).id = "SR-2024-" + std::to_string(1000000 + i);  // all distinct
    }
  }
  live::Store store;
  const long before = bench::residentKiB();
  for (const auto& e : events) store.apply(e);
  for (int i = 0; i < kCases; ++i)
    for (int s = 1; s <= 5; ++s) {
      live::CaseUpdate u;
      u.id = std::get<live::CaseUpdate>(events[size_t(i)]).id;
      u.time = 1725163200000 + s * live::kMinute;
      u.status = live::CaseStatus(s);
      store.apply(live::FeedEvent{u});
    }
  const long afterCases = bench::residentKiB();
  events.clear();
  for (int i = 0; i < kSensors; ++i) {
    store.apply(live::FeedEvent{live::SensorUpdate{"aq-" + std::to_string(i), "air_quality", {116.4, 39.9}, "东四",
                                                   {{"pm25", 75.0, 150.0}}}});
    for (int m = 0; m < 1440; ++m)
      store.apply(live::FeedEvent{live::Observation{"aq-" + std::to_string(i), m * live::kMinute, {{"pm25", 40.0 + m % 50}}}});
  }
  const long afterSensors = bench::residentKiB();
  std::printf("memory: %.0f bytes per case (%d cases, 6 status changes each), %.0f bytes per sensor (%d sensors, 1,440 "
              "samples each)\n",
              double(afterCases - before) * 1024 / kCases, kCases, double(afterSensors - afterCases) * 1024 / kSensors,
              kSensors);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--memory") return memory();
  size_t events = 1'000'000, batch = 1;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--events") events = std::stoul(argv[i + 1]);
    else if (a == "--batch") batch = std::stoul(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
  }
  // Frames prepared up front: the benchmark measures the client, not the generator.
  std::vector<std::string> frames;
  size_t bytes = 0;
  for (size_t i = 0; i < events; i += batch) {
    std::string f;
    if (batch == 1) {
      f = caseMessage(i + 1, i, int64_t(i));
    } else {
      f = R"({"type":"batch","events":[)";
      for (size_t j = i; j < std::min(events, i + batch); ++j) f += (j > i ? "," : "") + caseMessage(j + 1, j, int64_t(j));
      f += "]}";
    }
    bytes += f.size();
    frames.push_back(std::move(f));
  }
  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    feed::Decoder decoder;
    live::Store store;
    std::vector<live::FeedEvent> out;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& f : frames) {
      out.clear();
      decoder.decode(f, out);
      for (const auto& e : out) store.apply(e);
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(double(events) / s);
    std::printf("run %d: %zu events (%zu frames, %.1f MB, batch %zu) in %.3f s = %.0f events/s; rejected %llu, cases %zu\n",
                r + 1, events, frames.size(), bytes / 1e6, batch, s, rates.back(),
                (unsigned long long)(decoder.stats().rejected.total() + store.rejected().total()), store.cases().size());
  }
  std::sort(rates.begin(), rates.end());
  std::printf("median: %.0f events/s (batch %zu, %.0f bytes/event)\n", rates[rates.size() / 2], batch, double(bytes) / events);
}
