// Writes fuzz_journal's seeds (fuzz/seeds/journal/): a chunk's packed
// records, and a small store's whole and delta snapshots — cases through
// their loop with a deadline, sensors with thresholds and readings, an
// upstream alarm. Run by hand when the formats change:
//   build-fuzz/fuzz/make_journal_seeds fuzz/seeds/journal
#include <fstream>
#include <iostream>
#include <string>

#include "feed/journal.h"
#include "live/store_snapshot.h"

namespace {
using namespace citywall;

void write(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_journal_seeds DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  const live::TimeMs t0 = 1764547200000;  // 2025-12-01 00:00 UTC
  live::Store store;
  live::SnapshotBase base;
  for (int i = 0; i < 3; ++i) {
    live::CaseUpdate c;
    c.id = "case-" + std::to_string(i);
    c.time = t0 + i * 60'000;
    c.category = i == 0 ? "road" : "noise";
    c.position = live::LonLat{121.49 + i * 0.001, 31.24};
    c.priority = uint8_t(1 + i);
    if (i == 1) c.due = t0 + 3'600'000;
    c.address = "Zhongshan East 1st Rd";
    store.apply(c);
  }
  live::SensorUpdate s;
  s.id = "aq-1";
  s.kind = "air_quality";
  s.position = {121.5, 31.23};
  s.thresholds = {{"pm25", 75.0, 150.0}};
  store.apply(s);
  for (int i = 0; i < 6; ++i) store.apply(live::Observation{"aq-1", t0 + i * 10'000, {{"pm25", 40.0 + i * 30}}});
  write(dir, "snapshot_whole", live::saveSnapshot(store, &base));

  live::CaseUpdate step;
  step.id = "case-0";
  step.time = t0 + 600'000;
  step.status = live::CaseStatus::dispatched;
  store.apply(step);
  live::AlarmUpdate alarm;
  alarm.id = "smoke-7";
  alarm.time = t0 + 700'000;
  alarm.position = live::LonLat{121.48, 31.22};
  alarm.message = "smoke in the stairwell";
  store.apply(alarm);
  store.apply(live::Observation{"aq-1", t0 + 800'000, {{"pm25", 20.0}}});
  store.tick(t0 + 7'200'000);
  write(dir, "snapshot_delta", live::saveDeltaSnapshot(store, base));
  write(dir, "snapshot_after", live::saveSnapshot(store));

  std::vector<feed::JournalRecord> records;
  records.push_back({feed::JournalChannel::feedFrame, 0, t0,
                     R"({"v":1,"type":"case","id":"c-1","time":"2025-12-01T00:00:00Z","status":"reported"})"});
  records.push_back({feed::JournalChannel::operatorAction, 0, t0 + 5, R"({"command":"fly_to","case":"c-1"})"});
  records.push_back({feed::JournalChannel::drill, 1, t0 + 9, R"({"v":1,"type":"alarm","id":"a","level":"alarm"})"});
  write(dir, "records", feed::packRecords(records));
  return 0;
}
