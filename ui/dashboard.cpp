// dashboard.cpp — the layout of the wall and the KPI header. The case list
// and card are in case_panels.cpp, alarms, charts and layers in side_panels.cpp.

#include "ui/dashboard.h"
#include "ui/timeline.h"

#include <imgui.h>

#include <algorithm>
#include <span>
#include <cstdio>

#include "ui/dashboard_panels.h"
#include "ui/panel_draw.h"
#include "ui/strings.h"

namespace citywall::ui {

std::string formatMinutes(double minutes, Language language) {
  const PanelStrings& s = panelStrings(language);
  char buf[64];
  if (minutes < 120) std::snprintf(buf, sizeof buf, s.minutesShort, minutes);
  else if (minutes < 48 * 60) std::snprintf(buf, sizeof buf, s.hoursShort, minutes / 60);
  else std::snprintf(buf, sizeof buf, s.daysShort, minutes / 1440);
  return buf;
}

std::string formatLocalTime(live::TimeMs t, int utcOffsetMinutes, bool withDate) {
  const live::TimeMs local = t + live::TimeMs(utcOffsetMinutes) * live::kMinute;
  const int64_t day = live::localDay(t, utcOffsetMinutes);
  const int64_t ms = local - day * live::kDay;
  const int hh = int(ms / live::kHour), mm = int(ms / live::kMinute % 60);
  char buf[48];
  if (!withDate) {
    std::snprintf(buf, sizeof buf, "%02d:%02d", hh, mm);
    return buf;
  }
  // Civil date from the day number (Howard Hinnant's algorithm).
  const int64_t z = day + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = int(doy - (153 * mp + 2) / 5 + 1), m = int(mp < 10 ? mp + 3 : mp - 9);
  std::snprintf(buf, sizeof buf, "%02d-%02d %02d:%02d", m, d, hh, mm);
  return buf;
}

std::optional<double> closureRate(const live::CaseStore& cases) {
  const auto& by = cases.byStatus();
  const double counted = double(cases.countedCases()) - by[size_t(live::CaseStatus::cancelled)];
  if (counted <= 0) return std::nullopt;
  return by[size_t(live::CaseStatus::closed)] / counted;
}

namespace {

// One KPI tile: a small label over a big number in `rgb`.
void tile(const char* label, const std::string& value, uint32_t rgb) {
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  ImGui::PushFont(bigFont());
  ImGui::PushStyleColor(ImGuiCol_Text, textColor(rgb));
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

std::string whole(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

struct HeaderTile {
  const char* label;
  std::string value;
  uint32_t rgb;
  const char* help = nullptr;
};

// The header's KPI tiles this frame (their numbers ease toward the store's:
// called once a frame).
std::vector<HeaderTile> headerTiles(const DashboardInput& in, DashboardState& st) {
  const PanelStrings& s = panelStrings(in.language);
  const live::CaseStore& cases = in.store->cases();
  const live::SensorStore& sensors = in.store->sensors();
  auto animated = [&](const char* key, double target) {
    return st.numbers[key].update(target, in.seconds, !in.animate);
  };
  // Sensors online: a scan, so once a second.
  st.sinceSensorsCounted += in.seconds;
  if (st.sinceSensorsCounted >= 1 || !in.animate) {
    st.sinceSensorsCounted = 0;
    uint32_t online = 0;
    const live::TimeMs now = cases.now();
    for (const auto& sensor : sensors.all()) {
      if (!sensor.registered || sensor.drill) continue;  // the city's sensors only
      for (const auto& m : sensor.metrics)
        if (m.latestTime && now - m.latestTime <= kSensorOnlineWindow) {
          ++online;
          break;
        }
    }
    st.sensorsOnline = online;
  }

  std::vector<HeaderTile> tiles;
  char buf[64];
  tiles.push_back({s.kpiToday, whole(animated("today", cases.reportedToday())), kAccent});
  tiles.push_back({s.kpiOpen, whole(animated("open", cases.open())), kPlainText});
  tiles.push_back({s.kpiOverdue, whole(animated("overdue", cases.overdue())), cases.overdue() ? kAlarm : kGood});
  tiles.push_back({s.kpiClosedToday, whole(animated("closed", cases.closedToday())), kGood});
  if (auto rate = closureRate(cases)) std::snprintf(buf, sizeof buf, "%.1f%%", animated("rate", *rate * 100));
  else std::snprintf(buf, sizeof buf, "%s", s.noValue);
  tiles.push_back({s.kpiClosureRate, buf, kPlainText});
  auto median = [&](const char* key, std::optional<double> m) {
    return m ? formatMinutes(animated(key, *m), in.language) : std::string(s.noValue);
  };
  tiles.push_back({s.kpiMedianDispatch, median("dispatch", cases.medianMinutesToDispatch()), kPlainText});
  tiles.push_back({s.kpiMedianClose, median("close", cases.medianMinutesToClose()), kPlainText});
  std::snprintf(buf, sizeof buf, "%.0f/%zu", animated("online", st.sensorsOnline), sensors.realSensors());
  tiles.push_back({s.kpiSensors, buf, st.sensorsOnline < sensors.realSensors() ? kWarn : kGood});
  tiles.push_back({s.kpiAlarms, whole(animated("alarms", sensors.alarmsActive())), sensors.alarmsActive() ? kAlarm : kGood});
  const FeedSummary& f = in.feeds;
  if (f.configured) {
    std::snprintf(buf, sizeof buf, s.feedUp, f.connected, f.configured);
    tiles.push_back({s.kpiFeed, buf, f.connected == f.configured ? kGood : (f.connected ? kWarn : kAlarm)});
  } else {
    tiles.push_back({s.kpiFeed, f.recorded ? s.feedRecorded : s.feedNone, kMuted});
  }

  for (size_t i = 0; i < tiles.size() && i < 10; ++i) tiles[i].help = s.kpiHelp[i];
  return tiles;
}

// The widths the header needs: its title's column and one tile's.
struct HeaderWidths {
  float title = 0, tile = 0;
};
HeaderWidths headerWidths(const DashboardInput& in, std::span<const HeaderTile> tiles) {
  const PanelStrings& s = panelStrings(in.language);
  HeaderWidths w;
  ImGui::PushFont(bigFont());
  w.title = ImGui::CalcTextSize(s.title).x + ImGui::GetStyle().CellPadding.x * 2;
  w.tile = ImGui::CalcTextSize("0000 min").x;
  ImGui::PopFont();
  for (const auto& t : tiles) w.tile = std::max(w.tile, ImGui::CalcTextSize(t.label).x);
  w.tile += ImGui::GetStyle().CellPadding.x * 2 + ImGui::GetStyle().ItemSpacing.x;
  return w;
}

// The header (or one part of it, on a wall whose header spans panels): the
// title and its lines when `withTitle`, then the tiles, as many per row as
// fit: one row on a wide wall, two on a 16:9 screen or with longer
// (English) labels.
void drawHeader(const DashboardInput& in, std::span<const HeaderTile> tiles, bool withTitle) {
  const PanelStrings& s = panelStrings(in.language);
  if (tiles.empty() && !withTitle) return;
  const live::CaseStore& cases = in.store->cases();
  const HeaderWidths widths = headerWidths(in, tiles);
  const float titleW = withTitle ? widths.title : 0, tileW = widths.tile;
  const float avail = ImGui::GetContentRegionAvail().x - titleW;
  const int perRow = std::max(1, avail >= tileW * float(tiles.size()) ? int(tiles.size()) : int((tiles.size() + 1) / 2));
  if (!ImGui::BeginTable("kpi", perRow + (withTitle ? 1 : 0), ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV))
    return;
  if (withTitle) ImGui::TableSetupColumn("title", ImGuiTableColumnFlags_WidthFixed, titleW);
  for (int i = 0; i < perRow; ++i) ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, 1.0f);
  for (size_t i = 0; i < tiles.size() || (i == 0 && withTitle); ++i) {
    if (i % size_t(perRow) == 0) {
      ImGui::TableNextRow();
      if (withTitle) ImGui::TableNextColumn();
      if (i == 0 && withTitle) {
        ImGui::PushFont(bigFont());
        ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kAccent));
        ImGui::TextUnformatted(s.title);
        ImGui::PopStyleColor();
        ImGui::PopFont();
        std::string line = cases.now() ? formatLocalTime(cases.now(), cases.utcOffsetMinutes(), true) : "";
        const auto& p = in.presentation;
        if (in.replay) {  // the clock is the journal's: say so beside it
          char replay[64];
          const char* format = in.replay->review ? (in.replay->playing ? s.reviewPlaying : s.reviewPaused)
                                                 : (in.replay->playing ? s.replayPlaying : s.replayPaused);
          std::snprintf(replay, sizeof replay, format, in.replay->speed);
          line += "   " + std::string(replay);
        }
        if (p.focusedAlert) {
          char focus[160];
          std::snprintf(focus, sizeof focus, s.focusing, p.focusedAlert->c_str());
          line += "   " + std::string(focus);
          ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kAlarm));  // an alert on screen reads as one
        } else if (p.touring) {
          line += std::string("   ") + s.tourOn + (p.tourStop ? " · " + *p.tourStop : "");
        }
        ImGui::TextUnformatted(line.c_str());
        if (p.focusedAlert) ImGui::PopStyleColor();
        if (!in.loading.empty()) {
          ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
          ImGui::PushTextWrapPos(0);  // within the title's column
          ImGui::TextUnformatted(in.loading.c_str());
          ImGui::PopTextWrapPos();
          ImGui::PopStyleColor();
        }
        if (!in.journalError.empty()) {  // the recording of a drill or an incident is at stake: say so in red
          char failing[200];
          std::snprintf(failing, sizeof failing, s.journalFailing, in.journalError.substr(0, 80).c_str());
          ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kAlarm));
          ImGui::PushTextWrapPos(0);  // the whole reason, wrapped in the title's column
          ImGui::TextUnformatted(failing);
          ImGui::PopTextWrapPos();
          ImGui::PopStyleColor();
        }
      }
    }
    if (i >= tiles.size()) break;
    ImGui::TableNextColumn();
    ImGui::BeginGroup();
    tile(tiles[i].label, tiles[i].value, tiles[i].rgb);
    ImGui::EndGroup();
    if (tiles[i].help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tiles[i].help);
  }
  ImGui::EndTable();
}

// 演练 DRILL across the top of the map, in amber, with the drill's name and
// caption: nobody in the room may take a drill's cases for the city's.
void drawDrillBanner(const DashboardInput& in, float left, float right, float top) {
  if (!in.drill || right - left < 100) return;
  const PanelStrings& s = panelStrings(in.language);
  constexpr uint32_t kInk = 0x1a1200;
  ImGui::SetNextWindowPos(ImVec2((left + right) / 2, top), ImGuiCond_Always, ImVec2(0.5f, 0));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(right - left, 1e6f));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, srgbVec(kDrillAmber, 0.94f));
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kInk));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 4 * in.scale);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoInputs;
  if (ImGui::Begin("##drill", nullptr, flags)) {
    // Wrapped within the map's width: a long name or caption takes a second line, never the side panels.
    ImGui::PushTextWrapPos(right - left - 2 * ImGui::GetStyle().WindowPadding.x);
    ImGui::PushFont(bigFont());
    std::string title = s.drillBanner;
    if (!in.drill->name.empty()) title += "  ·  " + in.drill->name;
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    if (!in.drill->caption.empty()) ImGui::TextUnformatted(in.drill->caption.c_str());
    ImGui::PopTextWrapPos();
    if (in.drill->paused) ImGui::TextUnformatted(s.drillPaused);
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
}

void drawStats(const OverlayInfo& info, Language language) {
  const Strings& s = strings(language);
  ImGui::Text(s.frameTime, info.frameMs);
  ImGui::SameLine();
  if (info.gpuMs >= 0) ImGui::Text(s.gpuTime, info.gpuMs);
  else ImGui::TextUnformatted(s.gpuTimeNone);
  ImGui::SameLine();
  ImGui::Text(s.triangles, double(info.triangles) / 1e6);
  ImGui::SameLine();
  ImGui::Text(s.drawCalls, info.drawCalls);
  ImGui::Text(s.camera, info.lon, info.lat, info.height);
  if (!info.device.empty()) ImGui::Text(s.device, info.device.c_str());
}

}  // namespace

void drawDashboard(const DashboardInput& in, DashboardState& st, Commands& out) {
  drawMapLabels(in.overlay, in.scale);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float W = vp->WorkSize.x, H = vp->WorkSize.y;
  const float pad = 10.0f * in.scale;
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  // Header across the top (on a wall with [wall.dashboard]: across its panels).
  // Its height follows its rows (one or two); the columns start below it.
  const LabelBox headerBox = in.placement ? in.placement->header : LabelBox{vp->WorkPos.x, vp->WorkPos.y, vp->WorkPos.x + W, vp->WorkPos.y + H};
  float headerH = 0;
  st.panels.clear();
  const auto keep = [&] {
    const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    st.panels.push_back({at.x, at.y, at.x + size.x, at.y + size.y});
  };
  // On a wall the header is a part per column of panels it spans, so no
  // number straddles a bezel: the title and the first tiles on the first,
  // the rest shared out by the room each part has.
  const std::vector<HeaderTile> tiles = headerTiles(in, st);
  const std::span<const LabelBox> parts =
      in.placement && !in.placement->headerParts.empty() ? std::span<const LabelBox>(in.placement->headerParts)
                                                         : std::span<const LabelBox>(&headerBox, 1);
  std::vector<size_t> firstTile(parts.size(), 0);  // each part's first tile, then the end
  firstTile.push_back(tiles.size());
  if (parts.size() > 1) {
    const HeaderWidths widths = headerWidths(in, tiles);
    std::vector<float> room;
    float total = 0;
    for (size_t k = 0; k < parts.size(); ++k)
      total += room.emplace_back(std::max(0.0f, parts[k].x1 - parts[k].x0 - 2 * pad - (k == 0 ? widths.title : 0)));
    float before = 0;
    for (size_t k = 1; k < parts.size(); ++k) {
      before += room[k - 1];
      firstTile[k] = std::min(tiles.size(), size_t(std::lround(double(tiles.size()) * before / std::max(1.0f, total))));
    }
  }
  float wanted = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::span<const HeaderTile> mine(tiles.data() + firstTile[k], firstTile[k + 1] - firstTile[k]);
    if (k > 0 && mine.empty()) continue;
    // Several parts stand as tall as the tallest wanted to be last frame.
    const float height = parts.size() > 1 ? st.headerPartsHeight : 0;
    ImGui::SetNextWindowPos(ImVec2(parts[k].x0 + pad, parts[k].y0 + pad));
    ImGui::SetNextWindowSize(ImVec2(parts[k].x1 - parts[k].x0 - 2 * pad, height));
    ImGui::SetNextWindowBgAlpha(0.82f);
    const std::string name = k == 0 ? std::string("##header") : "##header" + std::to_string(k);
    if (ImGui::Begin(name.c_str(), nullptr, fixed)) drawHeader(in, mine, k == 0);
    wanted = std::max(wanted, ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y);
    headerH = std::max(headerH, ImGui::GetWindowHeight());
    keep();
    ImGui::End();
  }
  st.headerPartsHeight = parts.size() > 1 ? wanted : 0;

  // Side columns: a quarter of the width each on a 16:9 screen, narrower
  // (relatively) on a wide wall, so the city keeps the middle. On a wall
  // with [wall.dashboard], each fills its panels (below the header where
  // they share its rows).
  const float footer = ImGui::GetTextLineHeightWithSpacing() + pad * 2;
  const float headerBottom = headerBox.y0 + pad * 2 + headerH;
  LabelBox leftBox, rightBox;
  if (in.placement) {
    const auto fill = [&](LabelBox b) {
      const bool sharesHeaderRows = b.y0 < headerBottom && headerBox.y0 < b.y1;
      return LabelBox{b.x0 + pad, sharesHeaderRows ? headerBottom : b.y0 + pad, b.x1 - pad, b.y1 - pad - footer};
    };
    leftBox = fill(in.placement->left), rightBox = fill(in.placement->right);
  } else {
    const float columnW = std::clamp(W * 0.24f, 330.0f * in.scale, std::min(W * 0.3f, 620.0f * in.scale));
    const float top = vp->WorkPos.y + pad * 2 + headerH;
    const float bottom = top + std::max(100.0f, H - (top - vp->WorkPos.y) - pad - footer);
    leftBox = {vp->WorkPos.x + pad, top, vp->WorkPos.x + pad + columnW, bottom};
    rightBox = {vp->WorkPos.x + W - pad - columnW, top, vp->WorkPos.x + W - pad, bottom};
  }
  const auto size = [](const LabelBox& b) { return ImVec2(b.x1 - b.x0, std::max(100.0f, b.y1 - b.y0)); };
  // The map between the columns: the drill banner, the timeline and the wall's console go there.
  const float mapLeft = leftBox.x1 + pad, mapRight = rightBox.x0 - pad;

  ImGui::SetNextWindowPos(ImVec2(leftBox.x0, leftBox.y0));
  ImGui::SetNextWindowSize(size(leftBox));
  ImGui::SetNextWindowBgAlpha(0.82f);
  if (ImGui::Begin("##left", nullptr, fixed)) drawCaseList(in, st, out);
  keep();
  ImGui::End();

  drawDrillBanner(in, mapLeft, mapRight, headerBottom);

  // While a journal plays: its timeline along the bottom, between the columns.
  drawTimeline(in, st, mapLeft, mapRight, vp->WorkPos.y + H - pad, out);

  ImGui::SetNextWindowPos(ImVec2(rightBox.x0, rightBox.y0));
  ImGui::SetNextWindowSize(size(rightBox));
  ImGui::SetNextWindowBgAlpha(0.82f);
  if (ImGui::Begin("##right", nullptr, fixed & ~ImGuiWindowFlags_NoScrollbar)) {
    if (in.selectedCase) drawCaseCard(in, st, out);
    else if (in.selectedSensor) drawSensorCard(in, out);
    else if (!in.otherSelection.empty()) {
      for (const auto& line : in.otherSelection) ImGui::TextWrapped("%s", line.c_str());
      const PanelStrings& s = panelStrings(in.language);
      if (in.buildingSelected) {
        if (ImGui::Button(s.hideBuilding)) out.push_back(HideSelected{});
        ImGui::SameLine();
      }
      if (ImGui::Button(s.close)) out.push_back(ClearSelection{});
      ImGui::Separator();
    }
    drawAlarmList(in, out);
    drawCasesPerHour(in);
    drawLayerPanel(in, out);
  }
  keep();
  ImGui::End();

  if (in.wall) drawWallConsole(*in.wall, in.language, in.scale, mapLeft, mapRight, vp->WorkPos.y + H - pad - footer, out, &st.panels);

  // Footer: stats on demand, then the attributions the licences require.
  if (in.showStats) {
    ImGui::SetNextWindowPos(ImVec2(mapLeft, headerBottom), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.7f);
    if (ImGui::Begin("##stats", nullptr, fixed | ImGuiWindowFlags_AlwaysAutoResize)) drawStats(in.overlay, in.language);
    ImGui::End();
  }
  drawAttribution(in.overlay, in.scale, &st.panels);
}

}  // namespace citywall::ui
