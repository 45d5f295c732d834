#include "ui/alert_watch.h"

#include <algorithm>

namespace citywall::ui {

std::vector<Alert> AlertWatch::poll(const live::Store& store) {
  std::vector<Alert> out;
  const live::TimeMs now = store.cases().now();
  const live::TimeMs recent = live::TimeMs(options_.recentMinutes * live::kMinute);
  // New cases: slots changed since the last look whose creation serial is
  // newer than the newest seen (a reused slot holds a new case), oldest first.
  const auto& cases = store.cases().all();
  std::vector<uint32_t> changed;
  casesVersion_ = store.cases().changes().changesSince(casesVersion_, changed);
  std::vector<std::pair<uint64_t, uint32_t>> created;
  for (uint32_t slot : changed)
    if (cases[slot].createdSerial > casesSeen_ && !cases[slot].evicted) created.emplace_back(cases[slot].createdSerial, slot);
  std::sort(created.begin(), created.end());
  if (!created.empty()) casesSeen_ = created.back().first;
  for (const auto& [serial, slot] : created) {
    const auto& c = cases[slot];
    if (c.priority > options_.maxPriority || !live::isOpenWork(c.status)) continue;
    if (now && (c.reportedAt < now - recent || c.reportedAt > now + recent)) continue;
    out.push_back({Alert::Kind::urgentCase, c.id, c.position.lon, c.position.lat});
  }
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
