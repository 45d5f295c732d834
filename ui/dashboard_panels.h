#pragma once
// The dashboard's panels, one function each (internal to ui/; the door is
// ui/dashboard.h). Each draws into the current ImGui window.

#include "ui/dashboard.h"

namespace citywall::ui {

void drawCaseList(const DashboardInput& in, DashboardState& state, Commands& out);   // case_panels.cpp
void drawCaseCard(const DashboardInput& in, DashboardState& state, Commands& out);   // case_panels.cpp
void drawSensorCard(const DashboardInput& in, Commands& out);                         // side_panels.cpp
void drawAlarmList(const DashboardInput& in, Commands& out);                          // side_panels.cpp
void drawCasesPerHour(const DashboardInput& in);                                      // side_panels.cpp
void drawLayerPanel(const DashboardInput& in, Commands& out);                         // side_panels.cpp

/// The case list's rows for the filters and sort in `state` (at most
/// kCaseListLimit, the first by the sort); `matching` gets how many matched.
std::vector<uint32_t> filterCases(const live::CaseStore& cases, const DashboardState& state, size_t& matching);

/// The same in slices: start, advance for at most `budgetMs` (true when the
/// scan reached the end), finish (the rows, best first). The store may change
/// between slices; a case that changed meanwhile is right at the next scan.
void startCaseScan(const live::CaseStore& cases, const DashboardState& state, DashboardState::ListScan& scan);
bool advanceCaseScan(const live::CaseStore& cases, const DashboardState& state, DashboardState::ListScan& scan,
                     double budgetMs);
std::vector<uint32_t> finishCaseScan(const live::CaseStore& cases, DashboardState::ListScan& scan);

/// A panel heading in the accent colour.
void panelHeading(const char* text);

}  // namespace citywall::ui
