#include "live/events.h"

namespace citywall::live {

namespace {
constexpr std::array<std::string_view, kCaseStatusCount> kStatusNames = {
    "reported", "filed", "dispatched", "in_progress", "resolved", "verified", "closed", "cancelled"};
constexpr std::array<std::string_view, kRejectReasonCount> kReasonNames = {
    "malformed_json", "unknown_type", "missing_field", "bad_value", "bad_coordinates", "too_large", "gap", "capacity"};
constexpr std::array<std::string_view, 3> kLevelNames = {"clear", "warn", "alarm"};
}  // namespace

std::string_view toString(CaseStatus s) { return kStatusNames[size_t(s)]; }

bool parseCaseStatus(std::string_view text, CaseStatus& out) {
  for (size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == text) return out = CaseStatus(i), true;
  return false;
}

std::string_view toString(AlarmLevel l) { return kLevelNames[size_t(l)]; }

bool parseAlarmLevel(std::string_view text, AlarmLevel& out) {
  for (size_t i = 0; i < kLevelNames.size(); ++i)
    if (kLevelNames[i] == text) return out = AlarmLevel(i), true;
  return false;
}

std::string_view toString(RejectReason r) { return kReasonNames[size_t(r)]; }

}  // namespace citywall::live
