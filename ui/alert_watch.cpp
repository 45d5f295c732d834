#include "ui/alert_watch.h"

namespace citywall::ui {

std::vector<Alert> AlertWatch::poll(const live::Store& store) {
  std::vector<Alert> out;
  const live::TimeMs now = store.cases().now();
  const live::TimeMs recent = live::TimeMs(options_.recentMinutes * live::kMinute);
  // New cases: the store's creation log since the last look.
  const auto& cases = store.cases().all();
  store.cases().forEachCreatedAfter(casesSeen_, [&](uint64_t serial, uint32_t slot) {
    casesSeen_ = serial;
    const auto& c = cases[slot];
    if (c.evicted || c.priority > options_.maxPriority || !live::isOpenWork(c.status)) return;
    if (now && (c.reportedAt < now - recent || c.reportedAt > now + recent)) return;
    out.push_back({Alert::Kind::urgentCase, c.id, c.position.lon, c.position.lat});
  });
  if (options_.alarms) {
    for (const auto& a : store.sensors().raisedLog()) {
      if (a.serial <= alarmSerialSeen_) continue;
      alarmSerialSeen_ = a.serial;
      if (!a.position) continue;  // nowhere to fly
      if (now && (a.time < now - recent || a.time > now + recent)) continue;
      out.push_back({Alert::Kind::alarm, a.sensor.empty() ? a.alarmId : a.sensor, a.position->lon, a.position->lat});
    }
  }
  return out;
}

}  // namespace citywall::ui
