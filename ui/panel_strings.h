#pragma once
// The dashboard panels' strings, Chinese and English, beside ui/strings.h
// (the status overlay's). printf formats where a value goes in.

#include <string>

#include "ui/strings.h"

namespace citywall::ui {

struct PanelStrings {
  // KPI header
  const char* title;
  const char* kpiToday;
  const char* kpiOpen;
  const char* kpiOverdue;
  const char* kpiClosedToday;
  const char* kpiClosureRate;
  const char* kpiMedianDispatch;
  const char* kpiMedianClose;
  const char* kpiSensors;      ///< "%u / %u" online / all
  const char* kpiAlarms;
  const char* kpiFeed;
  const char* feedNone;        ///< no feed configured
  const char* feedRecorded;    ///< events from a file only
  const char* feedUp;          ///< "%d/%d"
  const char* minutesShort;    ///< "%.0f 分" value unit for durations < 2 h
  const char* hoursShort;      ///< "%.1f 时"
  const char* daysShort;       ///< "%.1f 天"
  const char* noValue;
  /// What each KPI counts, shown when the pointer rests on it (in tile order).
  const char* kpiHelp[10];
  // Case list
  const char* caseList;
  const char* listCount;       ///< "%zu of %zu" shown, matching
  const char* search;
  const char* all;
  const char* openOnly;
  const char* colTime, *colPriority, *colCategory, *colStatus, *colGrid, *colTitle;
  const char* filterCategory, *filterStatus, *filterGrid, *filterPriority;
  const char* priorityN;       ///< "P%d"
  const char* carousel;
  // Case card
  const char* caseCard;
  const char* fieldId, *fieldTitle, *fieldCategory, *fieldStatus, *fieldPriority, *fieldAddress, *fieldGrid,
      *fieldAgency, *fieldSource, *fieldReported, *fieldDescription, *fieldReopened, *fieldPosition;
  const char* overdueTag;
  const char* lifecycle;
  const char* stepSince;       ///< "(%s so far)"
  const char* flyTo;
  const char* close;
  // Sensors and alarms
  const char* alarmList;
  const char* noAlarms;
  const char* levelWarn, *levelAlarm;
  const char* sensorCard;
  const char* last24h;
  const char* threshold;       ///< "warn %g  alarm %g"
  // Charts
  const char* casesPerHour;
  const char* today, *yesterday;
  // Layers and presentation
  const char* layers;
  const char* layerMarkers, *layerHeat, *layerField, *layerRegions, *layerSensors;
  const char* legend;
  const char* tour, *tourOn, *tourOff, *alertsOn, *alertsPaused;
  const char* bookmarks;
  const char* focusing;        ///< "alert: %s"
  const char* languageButton;  ///< the other language's name
  const char* clock;           ///< strftime-like formatted by the caller
};

const PanelStrings& panelStrings(Language language);
/// Every panel string of both languages (font glyphs).
std::string allPanelStrings();

}  // namespace citywall::ui
