#include "ui/alert_watch.h"

namespace citywall::ui {

std::vector<Alert> AlertWatch::poll(const live::Store& store) {
  std::vector<Alert> out;
  const live::TimeMs now = store.cases().now();
  const live::TimeMs recent = live::TimeMs(options_.recentMinutes * live::kMinute);
  // Cases only ever append to all(), so the new ones are the tail.
  const auto& cases = store.cases().all();
  for (size_t i = casesSeen_; i < cases.size(); ++i) {
    const auto& c = cases[i];
    if (c.priority > options_.maxPriority || !live::isOpenWork(c.status)) continue;
    if (now && (c.reportedAt < now - recent || c.reportedAt > now + recent)) continue;
    out.push_back({Alert::Kind::urgentCase, c.id, c.position.lon, c.position.lat});
  }
  casesSeen_ = cases.size();
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
