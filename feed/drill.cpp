#include "feed/drill.h"

#include <algorithm>

namespace citywall::feed {

DrillRunner::DrillRunner(DrillScript script) : script_(std::move(script)) {
  std::stable_sort(script_.steps.begin(), script_.steps.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
}

void DrillRunner::emit(const DrillStep& step, live::TimeMs now, DrillOutput& out) {
  if (step.kind == DrillStep::Kind::pause) {
    paused_ = true;
    return;
  }
  if (step.kind != DrillStep::Kind::message) return out.actions.push_back(&step);
  // The wall's clock is the event's time; "drill" marks it from end to end.
  const size_t brace = step.text.find('{');
  if (brace == std::string::npos) return;
  out.frames.push_back(step.text.substr(0, brace + 1) + "\"time\":" + std::to_string(now) + ",\"drill\":true," +
                       step.text.substr(brace + 1));
}

void DrillRunner::advance(live::TimeMs now, DrillOutput& out) {
  if (!started_) started_ = true, lastNow_ = now;
  if (!paused_) elapsed_ += std::max<live::TimeMs>(0, now - lastNow_);
  lastNow_ = now;
  while (!paused_ && next_ < script_.steps.size() && script_.steps[next_].at <= elapsed_) emit(script_.steps[next_++], now, out);
  // A pause holds the drill's clock where the pause step stands.
  if (paused_ && next_ > 0) elapsed_ = std::min(elapsed_, script_.steps[next_ - 1].at);
}

void DrillRunner::runTo(live::TimeMs now, live::TimeMs offset, DrillOutput& out) {
  started_ = true;
  lastNow_ = now;
  while (next_ < script_.steps.size() && script_.steps[next_].at <= offset) {
    const DrillStep& step = script_.steps[next_++];
    emit(step, now - (offset - step.at), out);  // each at its own moment, so series and histories read right
    paused_ = false;
  }
  elapsed_ = std::max(elapsed_, offset);
}

}  // namespace citywall::feed
