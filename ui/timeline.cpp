#include "ui/timeline.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <ctime>

#include "ui/panel_draw.h"

namespace citywall::ui {

namespace {
// "MM-DD HH:MM:SS" (or without the date) in the deployment's zone: a drill is
// scrubbed to the second.
std::string clockText(live::TimeMs t, int utcOffsetMinutes, bool withDate) {
  const std::time_t s = std::time_t((t + live::TimeMs(utcOffsetMinutes) * live::kMinute) / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, withDate ? "%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
  return buf;
}
}  // namespace

live::TimeMs timelineTimeAt(const DashboardInput::ReplayStatus& r, double fraction) {
  return r.begin + live::TimeMs(std::llround(std::clamp(fraction, 0.0, 1.0) * double(r.end - r.begin)));
}

void drawTimeline(const DashboardInput& in, DashboardState& st, float left, float right, float bottom, Commands& out) {
  if (!in.replay || right - left < 100) return;
  const auto& r = *in.replay;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float pad = 8 * in.scale;
  const float height = line * 3.2f + pad * 2 + ImGui::GetStyle().FramePadding.y * 2;  // the speed box is a frame
  ImGui::SetNextWindowPos(ImVec2(left, bottom - height));
  ImGui::SetNextWindowSize(ImVec2(right - left, height));
  ImGui::SetNextWindowBgAlpha(0.82f);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoScrollWithMouse;
  if (!ImGui::Begin("##timeline", nullptr, fixed)) return ImGui::End();
  const int offset = in.store ? in.store->cases().utcOffsetMinutes() : 480;
  // Start, playhead and end times above the bar.
  const std::string from = clockText(r.begin, offset, true), to = clockText(r.end, offset, true);
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
  ImGui::TextUnformatted(from.c_str());
  ImGui::PopStyleColor();
  // The speed, typed (0.1–1000×): Enter applies it.
  const float box = ImGui::CalcTextSize("×1000.0").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine((ImGui::GetContentRegionAvail().x - box) / 2);
  ImGui::SetNextItemWidth(box);
  double speed = st.editingSpeed ? st.typedSpeed : r.speed;
  if (ImGui::InputDouble("##speed", &speed, 0, 0, "×%g", ImGuiInputTextFlags_EnterReturnsTrue)) {
    if (speed > 0) out.push_back(SetReplaySpeed{std::clamp(speed, 0.1, 1000.0)});
    st.editingSpeed = false;
  } else {
    st.editingSpeed = ImGui::IsItemActive();  // while typing, the box keeps what was typed
    st.typedSpeed = speed;
  }
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(to.c_str()).x + ImGui::GetStyle().WindowPadding.x);
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
  ImGui::TextUnformatted(to.c_str());
  ImGui::PopStyleColor();

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x, h = line * 1.8f;
  ImGui::InvisibleButton("##scrub", ImVec2(w, h));
  const bool active = ImGui::IsItemActive();
  const double pointer = std::clamp(double(ImGui::GetIO().MousePos.x - origin.x) / std::max(1.0f, w), 0.0, 1.0);
  // A drag moves the city with the pointer (a preview seek whenever the
  // pointer's moment changes) and settles where it is let go; a Shift-drag
  // marks a range to play again and again (a Shift-click without a drag
  // ends the loop).
  if (ImGui::IsItemActivated() && ImGui::GetIO().KeyShift) st.rangeFrom = timelineTimeAt(r, pointer);
  if (active) {
    st.scrubbing = timelineTimeAt(r, pointer);
    if (!st.rangeFrom && st.scrubbing != st.previewed) out.push_back(SeekReplay{*st.scrubbing, true});
    st.previewed = st.scrubbing;
  }
  if (ImGui::IsItemDeactivated() && st.scrubbing) {
    if (st.rangeFrom) out.push_back(LoopReplay{*st.rangeFrom, *st.scrubbing});
    else out.push_back(SeekReplay{*st.scrubbing});
    st.scrubbing.reset();
    st.rangeFrom.reset();
    st.previewed.reset();
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + w, origin.y + h), srgbColor(0x0b1a33, 0.9f), 3 * in.scale);
  // How busy each slice was: bars on a square-root scale of the busiest, so a
  // reconnect's burst does not flatten the rest of the day.
  if (r.density && !r.density->empty()) {
    const auto& d = *r.density;
    const uint32_t top = std::max<uint32_t>(1, *std::max_element(d.begin(), d.end()));
    const float bw = w / float(d.size());
    for (size_t i = 0; i < d.size(); ++i) {
      if (!d[i]) continue;
      const float bh = std::max(1.0f, (h - 4) * std::sqrt(float(d[i]) / float(top)));
      draw->AddRectFilled(ImVec2(origin.x + bw * float(i), origin.y + h - 2 - bh),
                          ImVec2(origin.x + bw * float(i + 1) - 1, origin.y + h - 2), srgbColor(kAccent, 0.55f));
    }
  }
  const double span = double(std::max<live::TimeMs>(1, r.end - r.begin));
  auto xOf = [&](live::TimeMs t) { return origin.x + float(double(t - r.begin) / span) * w; };
  // The range that loops (or the one being drawn), shaded behind the playhead.
  if (st.rangeFrom && st.scrubbing)
    draw->AddRectFilled(ImVec2(xOf(std::min(*st.rangeFrom, *st.scrubbing)), origin.y),
                        ImVec2(xOf(std::max(*st.rangeFrom, *st.scrubbing)), origin.y + h), srgbColor(kWarn, 0.25f));
  else if (r.loop)
    draw->AddRectFilled(ImVec2(xOf(r.loop->first), origin.y), ImVec2(xOf(r.loop->second), origin.y + h), srgbColor(kWarn, 0.2f));
  // Priority-1 cases and alarms: red ticks along the top.
  if (r.urgent)
    for (live::TimeMs t : *r.urgent)
      draw->AddLine(ImVec2(xOf(t), origin.y), ImVec2(xOf(t), origin.y + h * 0.35f), srgbColor(kAlarm), 2 * in.scale);
  // The playhead, and a ghost where a drag would take it.
  const float x = xOf(std::clamp(r.time, r.begin, r.end));
  draw->AddRectFilled(ImVec2(origin.x, origin.y + h - 3 * in.scale), ImVec2(x, origin.y + h), srgbColor(kAccent));
  draw->AddLine(ImVec2(x, origin.y - 2), ImVec2(x, origin.y + h + 2), srgbColor(0xffffff), 3 * in.scale);
  if (st.scrubbing) {
    const float g = xOf(*st.scrubbing);
    draw->AddLine(ImVec2(g, origin.y - 2), ImVec2(g, origin.y + h + 2), srgbColor(kWarn, 0.9f), 2 * in.scale);
  }
  const std::string now = clockText(st.scrubbing.value_or(r.time), offset, false);
  ImGui::SetCursorScreenPos(ImVec2(std::clamp(x - ImGui::CalcTextSize(now.c_str()).x / 2, origin.x, origin.x + w - 60 * in.scale),
                                   origin.y + h + 2));
  ImGui::TextUnformatted(now.c_str());
  // A live wall looking back: one press returns it to now.
  if (r.review) {
    const char* label = panelStrings(in.language).backToLive;
    const float bw = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorScreenPos(ImVec2(origin.x + w - bw, origin.y + h + 2));
    if (ImGui::SmallButton(label)) out.push_back(Replay{ReplayAction::live});
  }
  ImGui::End();
}

}  // namespace citywall::ui
