// side_panels.cpp — the right column below the card: a sensor's card with
// its last 24 hours, the alarm list, cases per hour today vs. yesterday, and
// the layer switches with their legends and the presentation controls.

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/dashboard_panels.h"
#include "ui/panel_draw.h"
#include "ui/strings.h"

namespace citywall::ui {
namespace {

uint32_t levelRgb(live::AlarmLevel level) {
  return level == live::AlarmLevel::alarm ? kAlarm : level == live::AlarmLevel::warn ? kWarn : kGood;
}

// A line chart of (time, value) over [from, to] with optional threshold lines.
void timeChart(const live::ReadingSeries& samples, live::TimeMs from, live::TimeMs to,
               std::optional<double> warn, std::optional<double> alarm, float height, float scale) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height), srgbColor(0x0b1626, 0.8f), 3);
  double top = 1;
  for (const auto& [t, v] : samples)
    if (t >= from) top = std::max(top, v);
  if (alarm) top = std::max(top, *alarm * 1.1);
  auto px = [&](live::TimeMs t, double v) {
    return ImVec2(at.x + width * float(double(t - from) / double(to - from)), at.y + height * (1 - float(v / top)));
  };
  if (warn) draw->AddLine(px(from, *warn), px(to, *warn), srgbColor(kWarn, 0.7f), scale);
  if (alarm) draw->AddLine(px(from, *alarm), px(to, *alarm), srgbColor(kAlarm, 0.7f), scale);
  ImVec2 prev;
  bool have = false;
  for (const auto& [t, v] : samples) {
    if (t < from || t > to) continue;
    const ImVec2 p = px(t, v);
    if (have) draw->AddLine(prev, p, srgbColor(kAccent), 2 * scale);
    prev = p, have = true;
  }
  char label[32];
  std::snprintf(label, sizeof label, "%.0f", top);
  draw->AddText(ImVec2(at.x + 4, at.y + 2), srgbColor(kMuted), label);
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace

void drawSensorCard(const DashboardInput& in, Commands& out) {
  const PanelStrings& s = panelStrings(in.language);
  const live::SensorRecord* sensor = in.store->sensors().find(*in.selectedSensor);
  if (!sensor) return;
  panelHeading(s.sensorCard);
  ImGui::PushStyleColor(ImGuiCol_Text, textColor(kPlainText));
  ImGui::TextWrapped("%s", sensor->name.empty() ? sensor->id.c_str() : sensor->name.c_str());
  ImGui::PopStyleColor();
  ImGui::Text("%s  %s", sensor->id.c_str(), sensor->kind.c_str());
  if (ImGui::Button(s.flyTo)) out.push_back(SelectSensor{sensor->id, true});
  ImGui::SameLine();
  if (ImGui::Button(s.close)) out.push_back(ClearSelection{});
  const live::TimeMs now = in.store->cases().now();
  for (const auto& m : sensor->metrics) {
    colorChip(levelRgb(m.level));
    ImGui::TextUnformatted(metricText(m.metric, m.latest, in.language).c_str());
    if (m.warn || m.alarm) {
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
      ImGui::Text(s.threshold, m.warn.value_or(0), m.alarm.value_or(0));
      ImGui::PopStyleColor();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
    ImGui::TextUnformatted(s.last24h);
    ImGui::PopStyleColor();
    const live::TimeMs to = now ? now : m.latestTime;
    timeChart(m.history, to - live::kDay, to, m.warn, m.alarm, ImGui::GetTextLineHeight() * 4, in.scale);
  }
  ImGui::Separator();
}

void drawAlarmList(const DashboardInput& in, Commands& out) {
  const PanelStrings& s = panelStrings(in.language);
  const live::SensorStore& sensors = in.store->sensors();
  const int offset = in.store->cases().utcOffsetMinutes();
  panelHeading(s.alarmList);
  struct Row {
    live::AlarmLevel level;
    live::TimeMs since;
    std::string text, sensor;
    std::optional<live::LonLat> position;
  };
  std::vector<Row> rows;
  for (uint32_t slot : sensors.sensorsAtWarnOrAbove()) {
    const auto& sensor = sensors.all()[slot];
    for (const auto& m : sensor.metrics) {
      if (m.level == live::AlarmLevel::clear) continue;
      char buf[192];
      std::snprintf(buf, sizeof buf, "%s  %s", sensor.name.empty() ? sensor.id.c_str() : sensor.name.c_str(),
                    metricText(m.metric, m.latest, in.language).c_str());
      rows.push_back({m.level, m.levelSince, buf, sensor.id, sensor.position});
    }
  }
  for (const auto& [id, a] : sensors.explicitAlarms())
    rows.push_back({a.level, a.time, a.message.empty() ? id : a.message, a.sensor.value_or(""), a.position});
  // Alarms before warnings, the newest first.
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.level != b.level ? a.level > b.level : a.since > b.since;
  });
  if (rows.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kGood));
    ImGui::TextUnformatted(s.noAlarms);
    ImGui::PopStyleColor();
  }
  const size_t shown = std::min<size_t>(rows.size(), 8);
  for (size_t i = 0; i < shown; ++i) {
    const Row& r = rows[i];
    ImGui::PushID(int(i));
    colorChip(levelRgb(r.level));
    const std::string line = formatLocalTime(r.since, offset) + "  " +
                             (r.level == live::AlarmLevel::alarm ? s.levelAlarm : s.levelWarn) + "  " + r.text;
    const bool chosen = in.selectedSensor && !r.sensor.empty() && *in.selectedSensor == r.sensor;
    if (ImGui::Selectable(line.c_str(), chosen)) {
      if (!r.sensor.empty()) out.push_back(SelectSensor{r.sensor, true});
      else if (r.position) out.push_back(FlyTo{CameraView{r.position->lon, r.position->lat, 700, 0, 50}, 0, false});
    }
    ImGui::PopID();
  }
  if (rows.size() > shown) ImGui::TextDisabled("+%zu", rows.size() - shown);
  ImGui::Separator();
}

void drawCasesPerHour(const DashboardInput& in) {
  const PanelStrings& s = panelStrings(in.language);
  const live::CaseStore& cases = in.store->cases();
  panelHeading(s.casesPerHour);
  const auto today = cases.reportedPerHour(0), yesterday = cases.reportedPerHour(1);
  const int nowHour = int((cases.now() + live::TimeMs(cases.utcOffsetMinutes()) * live::kMinute) % live::kDay / live::kHour);
  uint32_t top = 1;
  for (int h = 0; h < 24; ++h) top = std::max({top, today[h], yesterday[h]});
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetTextLineHeight() * 4.5f;
  const float axis = ImGui::GetTextLineHeight();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height), srgbColor(0x0b1626, 0.8f), 3);
  const float slot = width / 24;
  auto y = [&](uint32_t v) { return at.y + height - (height - axis * 0.3f) * float(v) / float(top); };
  for (int h = 0; h < 24; ++h) {
    if (h > nowHour) break;  // the rest of today has not happened
    const float x0 = at.x + slot * h + slot * 0.15f, x1 = at.x + slot * (h + 1) - slot * 0.15f;
    draw->AddRectFilled(ImVec2(x0, y(today[h])), ImVec2(x1, at.y + height), srgbColor(kAccent, 0.85f));
  }
  for (int h = 1; h < 24; ++h)
    draw->AddLine(ImVec2(at.x + slot * (h - 0.5f), y(yesterday[h - 1])), ImVec2(at.x + slot * (h + 0.5f), y(yesterday[h])),
                  srgbColor(kWarn, 0.9f), 2 * in.scale);
  char label[32];
  std::snprintf(label, sizeof label, "%u", top);
  draw->AddText(ImVec2(at.x + 4, at.y + 2), srgbColor(kMuted), label);
  ImGui::Dummy(ImVec2(width, height));
  // Hours under the chart, then the key.
  const ImVec2 under = ImGui::GetCursorScreenPos();
  for (int h = 0; h <= 24; h += 6) {
    std::snprintf(label, sizeof label, "%d", h);
    const float tw = ImGui::CalcTextSize(label).x;
    draw->AddText(ImVec2(std::clamp(under.x + slot * h - tw / 2, under.x, under.x + width - tw), under.y), srgbColor(kMuted), label);
  }
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
  colorChip(kAccent);
  ImGui::TextUnformatted(s.today);
  ImGui::SameLine();
  colorChip(kWarn);
  ImGui::TextUnformatted(s.yesterday);
  ImGui::Separator();
}

void drawLayerPanel(const DashboardInput& in, Commands& out) {
  const PanelStrings& s = panelStrings(in.language);
  panelHeading(s.layers);
  const LayerSwitches& l = in.layers;
  auto toggle = [&](const char* label, bool on, LayerId id) {
    bool value = on;
    if (ImGui::Checkbox(label, &value)) out.push_back(SetLayerVisible{id, value});
  };
  if (ImGui::BeginTable("layers", 2)) {
    ImGui::TableNextColumn();
    toggle(s.layerMarkers, l.markers, LayerId::markers);
    ImGui::TableNextColumn();
    toggle(s.layerHeat, l.heat, LayerId::heat);
    ImGui::TableNextColumn();
    toggle(s.layerSensors, l.sensors, LayerId::sensors);
    ImGui::TableNextColumn();
    toggle(s.layerField, l.sensorField, LayerId::sensorField);
    if (l.hasRegions) {
      ImGui::TableNextColumn();
      toggle(s.layerRegions, l.regions, LayerId::regions);
    }
    if (l.hasBasemap) {
      ImGui::TableNextColumn();
      toggle(s.layerBasemap, l.basemap, LayerId::basemap);
    }
    ImGui::EndTable();
  }
  if (!l.features.empty()) {
    // The governance layers: a switch each, its tick in the layer's colour
    // (the legend of what they draw).
    ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
    ImGui::TextUnformatted(strings(in.language).legendFeatures);
    ImGui::PopStyleColor();
    if (ImGui::BeginTable("features", 2)) {
      for (size_t i = 0; i < l.features.size(); ++i) {
        const auto& f = l.features[i];
        ImGui::TableNextColumn();
        ImGui::PushID(int(i));
        ImGui::PushStyleColor(ImGuiCol_CheckMark, srgbVec(f.rgb));
        ImGui::PushStyleColor(ImGuiCol_Border, srgbVec(f.rgb, 0.8f));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
        bool value = f.on;
        if (ImGui::Checkbox(f.name.c_str(), &value)) out.push_back(SetFeatureLayerVisible{f.id, value});
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }
  if (l.hiddenBuildings) {
    char label[96];
    std::snprintf(label, sizeof label, s.showHidden, l.hiddenBuildings);
    if (ImGui::Button(label)) out.push_back(ShowAllBuildings{});
  }
  for (const auto& section : in.overlay.legend) {
    if (section.switches) continue;
    ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
    ImGui::TextUnformatted(section.title.c_str());
    ImGui::PopStyleColor();
    if (section.gradient) {
      gradientBar(section.rows, std::min(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * 14));
      continue;
    }
    // Rows flow across the column, as many as fit.
    float used = 0;
    const float avail = ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < section.rows.size(); ++i) {
      const auto& row = section.rows[i];
      const float w = ImGui::GetTextLineHeight() * 1.3f + ImGui::CalcTextSize(row.label.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2;
      if (i > 0 && used + w <= avail) ImGui::SameLine();
      else used = 0;
      used += w;
      colorChip(row.rgb);
      ImGui::TextUnformatted(row.label.c_str());
    }
  }
  // Presentation: tour, alert focus, bookmarks, language.
  ImGui::Separator();
  const PresentationStatus& p = in.presentation;
  if (ImGui::Button(p.touring ? s.tourOn : s.tourOff)) out.push_back(SetTour{!p.touring});
  ImGui::SameLine();
  if (ImGui::Button(p.alertsPaused ? s.alertsPaused : s.alertsOn)) out.push_back(SetAlertsPaused{!p.alertsPaused});
  ImGui::SameLine();
  if (ImGui::Button(s.languageButton)) out.push_back(SetLanguage{in.language != Language::zh});
  if (!p.bookmarks.empty()) {
    float used = 0;
    const float avail = ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < p.bookmarks.size(); ++i) {
      char label[128];
      std::snprintf(label, sizeof label, "%zu %s", i + 1, p.bookmarks[i].c_str());
      const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x;
      if (i > 0 && used + w <= avail) ImGui::SameLine();
      else used = 0;
      used += w;
      if (ImGui::Button(label)) out.push_back(GoToBookmark{p.bookmarks[i]});
    }
  }
}

}  // namespace citywall::ui
