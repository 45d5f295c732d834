#pragma once
// AlertWatch: finds what should take the wall's attention in the store —
// cases new since the last look with a priority at least as urgent as asked,
// and alarms raised since the last look — recent against the store's clock,
// so a replayed backlog or a reconnect's catch-up does not fly the camera
// around. Reads the store; costs only what is new.

#include <vector>

#include "live/store.h"
#include "ui/presenter.h"

namespace citywall::ui {

class AlertWatch {
 public:
  explicit AlertWatch(AlertFocusOptions options) : options_(options) {}
  /// The alerts that appeared since the last call, oldest first.
  std::vector<Alert> poll(const live::Store& store);

 private:
  AlertFocusOptions options_;
  uint64_t casesVersion_ = 0;  // the store's change log, read up to here
  uint64_t casesSeen_ = 0;     // the newest creation serial seen
  uint64_t alarmSerialSeen_ = 0;
};

}  // namespace citywall::ui
