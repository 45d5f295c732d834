// case_panels.cpp — the case list (filters, search, sort, carousel) and the
// case card (every field, the lifecycle with durations, fly-to).

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "ui/dashboard_panels.h"
#include "ui/panel_draw.h"
#include "ui/strings.h"

namespace citywall::ui {

void panelHeading(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kAccent));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

namespace {


bool matches(const live::CaseRecord& c, const DashboardState& st) {
  if (st.status == -2 && live::isTerminal(c.status)) return false;
  if (st.status >= 0 && int(c.status) != st.status) return false;
  if (st.priority && c.priority != st.priority) return false;
  if (!st.category.empty() && !isCategoryPrefix(st.category, c.category)) return false;
  if (!st.grid.empty() && c.grid != st.grid) return false;
  if (st.search[0] && c.id.find(st.search) == std::string::npos && c.title.find(st.search) == std::string::npos &&
      c.address.find(st.search) == std::string::npos)
    return false;
  return true;
}

// A filter combo ("" = all); returns true when it changed. `names()` lists
// (key, shown) pairs and is called only while the combo is open, so a closed
// combo costs no allocation per frame.
template <typename Names>
bool nameCombo(const char* label, const char* allText, const std::string& preview, std::string& value, Names&& names) {
  bool changed = false;
  if (ImGui::BeginCombo(label, value.empty() ? allText : preview.c_str())) {
    if (ImGui::Selectable(allText, value.empty())) value.clear(), changed = true;
    for (const auto& [key, shown] : names())
      if (ImGui::Selectable(shown.c_str(), key == value)) value = key, changed = true;
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace

namespace {

// The list's order as a key: the sort column, then the newest first, then the
// id — views into a record's strings (or a snapshot's), compared the same way.
struct SortKey {
  int64_t number = 0;
  std::string_view text;
  int64_t reportedAt = 0;
  std::string_view id;
};

SortKey keyOf(const live::CaseRecord& c, int column) {
  SortKey k{0, {}, c.reportedAt, c.id};
  switch (column) {
    case 1: k.number = c.priority; break;
    case 2: k.text = c.category; break;
    case 3: k.number = int64_t(c.status); break;
    case 4: k.text = c.grid; break;
    default: k.number = c.reportedAt; break;
  }
  return k;
}

SortKey keyOf(const DashboardState::ListScan::Entry& e) { return {e.number, e.text, e.reportedAt, e.id}; }

// True when `a` comes before `b` in the list.
bool before(const SortKey& a, const SortKey& b, bool ascending) {
  const int primary = a.number != b.number ? (a.number < b.number ? -1 : 1) : a.text.compare(b.text);
  if (primary) return ascending ? primary < 0 : primary > 0;
  if (a.reportedAt != b.reportedAt) return a.reportedAt > b.reportedAt;
  return a.id < b.id;
}

}  // namespace

std::vector<uint32_t> filterCases(const live::CaseStore& cases, const DashboardState& st, size_t& matching) {
  DashboardState::ListScan scan;
  startCaseScan(cases, st, scan);
  while (!advanceCaseScan(cases, st, scan, 1e9)) {
  }
  matching = scan.matching;
  return finishCaseScan(cases, scan);
}

void startCaseScan(const live::CaseStore& cases, const DashboardState& st, DashboardState::ListScan& scan) {
  scan = {};
  scan.active = true;
  scan.end = uint32_t(cases.all().size());
  scan.ascending = st.sortAscending;
  scan.column = st.sortColumn;
}

bool advanceCaseScan(const live::CaseStore& cases, const DashboardState& st, DashboardState::ListScan& scan,
                     double budgetMs) {
  const auto& all = cases.all();
  const auto started = std::chrono::steady_clock::now();
  const bool ascending = scan.ascending;
  // A max-heap of the best kCaseListLimit so far: its top is the worst kept.
  auto worse = [&](const DashboardState::ListScan::Entry& a, const DashboardState::ListScan::Entry& b) {
    return before(keyOf(a), keyOf(b), ascending);
  };
  while (scan.next < scan.end) {
    const uint32_t stop = std::min(scan.end, scan.next + 4096);
    for (; scan.next < stop; ++scan.next) {
      const live::CaseRecord& c = all[scan.next];
      if (c.evicted || !matches(c, st)) continue;
      ++scan.matching;
      const SortKey k = keyOf(c, scan.column);
      if (scan.heap.size() >= kCaseListLimit && !before(k, keyOf(scan.heap.front()), ascending)) continue;
      DashboardState::ListScan::Entry e{k.number, std::string(k.text), k.reportedAt, c.id, scan.next};
      scan.heap.push_back(std::move(e));
      std::push_heap(scan.heap.begin(), scan.heap.end(), worse);
      if (scan.heap.size() > kCaseListLimit) {
        std::pop_heap(scan.heap.begin(), scan.heap.end(), worse);
        scan.heap.pop_back();
      }
    }
    if (std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count() >= budgetMs)
      return scan.next >= scan.end;
  }
  return true;
}

std::vector<uint32_t> finishCaseScan(const live::CaseStore& cases, DashboardState::ListScan& scan) {
  std::sort_heap(scan.heap.begin(), scan.heap.end(), [&](const auto& a, const auto& b) {
    return before(keyOf(a), keyOf(b), scan.ascending);
  });
  std::vector<uint32_t> rows;
  for (const auto& e : scan.heap)  // a slot reused since it was scanned now holds another case
    if (e.slot < cases.all().size() && cases.all()[e.slot].id == e.id) rows.push_back(e.slot);
  scan.active = false;
  return rows;
}

void drawCaseList(const DashboardInput& in, DashboardState& st, Commands& out) {
  const PanelStrings& s = panelStrings(in.language);
  const Strings& base = strings(in.language);
  const live::CaseStore& cases = in.store->cases();
  panelHeading(s.caseList);

  // Filters: two rows of two combos, then the search box and the carousel.
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  bool changed = false;
  {
    ImGui::SetNextItemWidth(half);
    const std::string preview = st.category.empty() ? std::string() : in.categories->name(st.category, in.language);
    changed |= nameCombo("##category", s.filterCategory, preview, st.category, [&] {
      std::vector<std::pair<std::string, std::string>> names;
      for (const auto& [code, counts] : cases.byCategory()) names.emplace_back(code, in.categories->name(code, in.language));
      return names;
    });
  }
  ImGui::SameLine();
  {
    const char* statusPreview = st.status == -2 ? s.openOnly : st.status == -1 ? s.all : base.statuses[st.status];
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##status", statusPreview)) {
      if (ImGui::Selectable(s.openOnly, st.status == -2)) st.status = -2, changed = true;
      if (ImGui::Selectable(s.all, st.status == -1)) st.status = -1, changed = true;
      for (int i = 0; i < int(live::kCaseStatusCount); ++i)
        if (ImGui::Selectable(base.statuses[i], st.status == i)) st.status = i, changed = true;
      ImGui::EndCombo();
    }
  }
  {
    ImGui::SetNextItemWidth(half);
    changed |= nameCombo("##grid", s.filterGrid, st.grid, st.grid, [&] {
      std::vector<std::pair<std::string, std::string>> names;
      for (const auto& [grid, counts] : cases.byGrid())
        if (!grid.empty()) names.emplace_back(grid, grid);
      return names;
    });
  }
  ImGui::SameLine();
  {
    char preview[32];
    if (st.priority) std::snprintf(preview, sizeof preview, s.priorityN, st.priority);
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##priority", st.priority ? preview : s.filterPriority)) {
      if (ImGui::Selectable(s.all, st.priority == 0)) st.priority = 0, changed = true;
      for (int p = 1; p <= 4; ++p) {
        std::snprintf(preview, sizeof preview, s.priorityN, p);
        if (ImGui::Selectable(preview, st.priority == p)) st.priority = p, changed = true;
      }
      ImGui::EndCombo();
    }
  }
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(s.carousel).x -
                          ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.x * 3);
  changed |= ImGui::InputTextWithHint("##search", s.search, st.search, sizeof st.search);
  ImGui::SameLine();
  ImGui::Checkbox(s.carousel, &st.carousel);

  // The rows: rebuilt when the store or the filters change, at most once a
  // second otherwise (a scan of every case).
  // A change of filter rebuilds at once (the user waits for it); a change in
  // the store starts a scan that runs a slice per frame (≤ 2 ms), so a big
  // store never stalls the wall.
  st.sinceListBuilt += in.seconds;
  const uint64_t version = cases.changes().version();  // the store's change log: any case that changed
  if (changed || st.listDirty || !in.animate) {
    if (changed || st.listDirty || version != st.listStoreVersion) {
      st.list = filterCases(cases, st, st.listMatching);
      st.listStoreVersion = version;
      st.sinceListBuilt = 0;
      st.listDirty = false;
      st.scan.active = false;
    }
  } else if (!st.scan.active && version != st.listStoreVersion && st.sinceListBuilt >= 1) {
    startCaseScan(cases, st, st.scan);
    st.listStoreVersion = version;
  }
  if (st.scan.active && !changed && advanceCaseScan(cases, st, st.scan, 2.0)) {
    st.listMatching = st.scan.matching;
    st.list = finishCaseScan(cases, st.scan);
    st.sinceListBuilt = 0;
  }
  char count[96];
  std::snprintf(count, sizeof count, s.listCount, st.list.size(), st.listMatching);
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
  ImGui::TextUnformatted(count);
  ImGui::PopStyleColor();

  // Carousel: every few seconds the next of the newest cases opens and the camera flies there.
  if (st.carousel && !st.list.empty()) {
    st.carouselTimer += in.seconds;
    if (st.carouselTimer >= st.carouselSeconds) {
      st.carouselTimer = 0;
      const size_t span = std::min<size_t>(st.list.size(), 10);
      st.carouselIndex = (st.carouselIndex + 1) % span;
      out.push_back(SelectCase{cases.all()[st.list[st.carouselIndex]].id, true});
      st.scrollToSelection = true;
    }
  } else {
    st.carouselTimer = 0;
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  // The grid is a filter and on the card; the list keeps to what a glance needs.
  if (!ImGui::BeginTable("cases", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(s.colTime, ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending, 0, 0);
  ImGui::TableSetupColumn(s.colPriority, 0, 0, 1);
  ImGui::TableSetupColumn(s.colCategory, 0, 0, 2);
  ImGui::TableSetupColumn(s.colStatus, 0, 0, 3);
  ImGui::TableSetupColumn(s.colTitle, ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort, 0, 5);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsDirty) {
    if (sort->SpecsCount > 0) {
      st.sortColumn = int(sort->Specs[0].ColumnUserID);
      st.sortAscending = sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
    }
    sort->SpecsDirty = false;
    st.list = filterCases(cases, st, st.listMatching);
    st.scan.active = false;
  }
  const int offset = cases.utcOffsetMinutes();
  ImGuiListClipper clipper;
  clipper.Begin(int(st.list.size()));
  // Keep the selected row in view when something else (carousel, alert) chose it.
  int selectedRow = -1;
  if (in.selectedCase)
    for (size_t i = 0; i < st.list.size(); ++i)
      if (cases.all()[st.list[i]].id == *in.selectedCase) selectedRow = int(i);
  if (st.scrollToSelection && selectedRow >= 0) {
    ImGui::SetScrollY(std::max(0.0f, selectedRow * ImGui::GetTextLineHeightWithSpacing() - ImGui::GetTextLineHeightWithSpacing() * 3));
    st.scrollToSelection = false;
  }
  st.visibleRows.clear();
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const live::CaseRecord& c = cases.all()[st.list[size_t(row)]];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(row);
      const bool selected = in.selectedCase && *in.selectedCase == c.id;
      const std::string time = formatLocalTime(c.reportedAt, offset);
      if (ImGui::Selectable(time.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
        out.push_back(SelectCase{c.id, true});
      const ImVec2 rmin = ImGui::GetItemRectMin(), rmax = ImGui::GetItemRectMax();
      st.visibleRows.push_back({c.id, rmin.x, rmin.y, rmax.x - rmin.x, rmax.y - rmin.y});
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, textColor(c.priority == 1 ? kAlarm : c.priority == 2 ? kWarn : kPlainText));
      ImGui::Text(s.priorityN, int(c.priority));
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      colorChip(in.categories->rgb(c.category));
      if (c.drill) {  // a drill's case says so wherever it is listed
        ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kDrillAmber));
        ImGui::TextUnformatted(s.drillTag);
        ImGui::PopStyleColor();
        ImGui::SameLine();
      }
      ImGui::TextUnformatted(in.categories->name(c.category, in.language).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(c.overdue ? kAlarm : in.statusRgb[size_t(c.status)]));
      ImGui::TextUnformatted(base.statuses[size_t(c.status)]);
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.title.empty() ? c.id.c_str() : c.title.c_str());
    }
  }
  ImGui::EndTable();
}

void drawCaseCard(const DashboardInput& in, DashboardState&, Commands& out) {
  const PanelStrings& s = panelStrings(in.language);
  const Strings& base = strings(in.language);
  const live::CaseRecord* c = in.store->cases().find(*in.selectedCase);
  if (!c) return;
  const int offset = in.store->cases().utcOffsetMinutes();
  panelHeading(s.caseCard);
  // The title in the accent colour (the big font has only our own strings' glyphs).
  ImGui::PushStyleColor(ImGuiCol_Text, textColor(kPlainText));
  ImGui::TextWrapped("%s", c->title.empty() ? c->id.c_str() : c->title.c_str());
  ImGui::PopStyleColor();
  if (c->drill) {
    ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kDrillAmber));
    ImGui::TextUnformatted(panelStrings(Language::zh).drillBanner);
    ImGui::PopStyleColor();
  }
  colorChip(in.statusRgb[size_t(c->status)]);
  ImGui::TextUnformatted(base.statuses[size_t(c->status)]);
  if (c->overdue) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kAlarm));
    ImGui::TextUnformatted(s.overdueTag);
    ImGui::PopStyleColor();
  }
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(s.flyTo).x - ImGui::CalcTextSize(s.close).x -
                  ImGui::GetStyle().FramePadding.x * 4 - ImGui::GetStyle().ItemSpacing.x + ImGui::GetCursorPosX());
  if (ImGui::Button(s.flyTo)) out.emplace_back(std::in_place_type<SelectCase>, c->id, true);
  ImGui::SameLine();
  if (ImGui::Button(s.close)) out.emplace_back(std::in_place_type<ClearSelection>);

  if (ImGui::BeginTable("fields", 2)) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    auto row = [&](const char* label, const std::string& value) {
      if (value.empty()) return;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
      ImGui::TextUnformatted(label);
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", value.c_str());
    };
    char buf[96];
    row(s.fieldId, c->id);
    row(s.fieldCategory, in.categories->name(c->category, in.language) + "  (" + c->category + ")");
    std::snprintf(buf, sizeof buf, s.priorityN, int(c->priority));
    row(s.fieldPriority, buf);
    row(s.fieldReported, formatLocalTime(c->reportedAt, offset, true));
    row(s.fieldAddress, c->address);
    row(s.fieldGrid, c->grid);
    row(s.fieldAgency, c->agency);
    row(s.fieldSource, c->source);
    std::snprintf(buf, sizeof buf, "%.5f, %.5f", c->position.lon, c->position.lat);
    row(s.fieldPosition, buf);
    if (c->reopenCount) row(s.fieldReopened, std::to_string(c->reopenCount));
    row(s.fieldDescription, c->description);
    for (const auto& [k, v] : c->props) row(k.c_str(), v);
    ImGui::EndTable();
  }

  // A cordon round it (key Z steps through the same sizes): the size it has is shown pressed.
  ImGui::PushStyleColor(ImGuiCol_Text, srgbVec(kMuted));
  ImGui::TextUnformatted(s.cordon);
  ImGui::PopStyleColor();
  for (double radius : kCordonRadii) {
    char label[48];
    if (radius >= 1000) std::snprintf(label, sizeof label, s.cordonKm, radius / 1000);
    else std::snprintf(label, sizeof label, s.cordonMetres, radius);
    const bool now = in.cordon && std::abs(*in.cordon - radius) < 0.5;
    ImGui::SameLine();
    if (now) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(label)) out.push_back(CordonSelected{radius});
    if (now) ImGui::PopStyleColor();
  }
  if (in.cordon) {
    ImGui::SameLine();
    if (ImGui::Button(s.cordonLift)) out.push_back(CordonSelected{-1});
  }

  // The lifecycle as a timeline: each step, when, and how long it lasted.
  panelHeading(s.lifecycle);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float dot = ImGui::GetTextLineHeight() * 0.32f;
  const live::TimeMs now = in.store->cases().now();
  for (size_t i = 0; i < c->history.size(); ++i) {
    const auto& step = c->history[i];
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 centre(at.x + dot * 1.5f, at.y + ImGui::GetTextLineHeight() * 0.5f);
    if (i + 1 < c->history.size())
      draw->AddLine(centre, ImVec2(centre.x, centre.y + ImGui::GetTextLineHeightWithSpacing()), srgbColor(kMuted), 2 * in.scale);
    draw->AddCircleFilled(centre, dot, srgbColor(in.statusRgb[size_t(step.status)]));
    ImGui::Dummy(ImVec2(dot * 3, dot));
    ImGui::SameLine();
    std::string line = formatLocalTime(step.time, offset, true) + "  " + base.statuses[size_t(step.status)];
    if (i + 1 < c->history.size()) {
      line += "  " + formatMinutes(double(c->history[i + 1].time - step.time) / live::kMinute, in.language);
    } else if (!live::isTerminal(step.status) && now > step.time) {
      char buf[64];
      std::snprintf(buf, sizeof buf, s.stepSince, formatMinutes(double(now - step.time) / live::kMinute, in.language).c_str());
      line += std::string("  ") + buf;
    }
    ImGui::TextUnformatted(line.c_str());
  }
  ImGui::Separator();
}

}  // namespace citywall::ui
