// Writes fuzz_wall's seeds (fuzz/seeds/wall/): one message of each kind,
// every field set — a frame with a store change of each kind and a view
// with a selected tile point and tile building, a marked area and hidden
// buildings, a snapshot of a small
// store, a ready with a thumbnail. Run by hand when the messages change:
//   build-fuzz/fuzz/make_wall_seeds fuzz/seeds/wall
#include <fstream>
#include <iostream>
#include <string>

#include "live/store_snapshot.h"
#include "wall/packets.h"

namespace {
using namespace citywall;

void write(const std::string& dir, const std::string& name, const wall::Message& message) {
  std::ofstream(dir + "/" + name, std::ios::binary) << wall::encode(message);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_wall_seeds DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  const live::TimeMs t0 = 1764547200000;  // 2025-12-01 00:00 UTC
  live::CaseUpdate c;
  c.id = "SR-1", c.time = t0, c.status = live::CaseStatus::dispatched, c.category = "safety.fire";
  c.position = live::LonLat{121.5, 31.24}, c.priority = 1, c.title = "火情", c.grid = "HP-0003", c.drill = true, c.due = t0 + 3600000;
  c.props = {{"floor", "12"}};
  live::SensorUpdate s;
  s.id = "aq-1", s.kind = "air_quality", s.position = live::LonLat{121.49, 31.23}, s.name = "外滩站";
  s.thresholds = {{"pm25", 75.0, 150.0}};
  live::Observation o;
  o.sensor = "aq-1", o.time = t0 + 1000, o.values = {{"pm25", 81.5}};
  live::AlarmUpdate a;
  a.id = "AL-9", a.time = t0 + 2000, a.level = live::AlarmLevel::warn, a.sensor = "aq-1", a.message = "PM2.5";

  wall::Frame f;
  f.session = 77, f.frame = 12, f.clock = t0 + 3000, f.seconds = 1.0 / 60, f.time = 4.5, f.opsFirst = 1000;
  f.ops = {live::FeedEvent(c), live::TimeMs(t0 + 2500), live::FeedEvent(s), live::FeedEvent(o), live::FeedEvent(a)};
  f.view.target = {12.5, -300.25, 4}, f.view.distance = 2600, f.view.heading = 30, f.view.pitch = 55;
  f.view.featureLayers = {true, false}, f.view.caseSlot = 0, f.view.search = "漏水", f.view.drillShown = true;
  f.view.drillName = "演练", f.view.drillCaption = "第一阶段", f.view.blanked = {false, true};
  f.view.tilePoint = scene::TilePoint{"survey.pnts", 6000, {45, 10, 78}, {{"Classification", "6"}}};
  f.view.tileFeature = scene::TileFeature{0, "BLDG_0042", "BLDG_0042", {{"height", "632"}}, glm::dvec3(120.5, -40, 316)};
  f.view.marks = {{"evacuation", 121.4935, 31.247, 300, 0xff3b30a0u}};
  f.view.hidden = {{-1, 12, {}}, {0, 0, "BLDG_0042"}};
  f.view.feeds = {{2, 1500, 3}};
  write(dir, "frame", f);

  live::Store store;
  store.apply(c), store.apply(s), store.apply(o), store.apply(a);
  write(dir, "snapshot", wall::Snapshot{77, 12, 1005, live::saveSnapshot(store)});
  write(dir, "hello", wall::Hello{"top-left", {1, 2}});
  write(dir, "ready", wall::Ready{77, 12, 3.5, {2, 1, std::string(6, '\x40')}});
  write(dir, "go", wall::Go{77, 12});
  return 0;
}
