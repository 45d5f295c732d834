#pragma once
// Every user-visible UI string, in Chinese (default) and English, in one
// place so translators and reviewers find them together.

#include <string>

namespace citywall::ui {

enum class Language { zh, en };

struct Strings {
  const char* title;          ///< the overlay's heading
  const char* frameTime;      ///< "%.1f" ms
  const char* gpuTime;        ///< "%.2f" ms
  const char* gpuTimeNone;
  const char* buildings;      ///< "%zu"
  const char* triangles;      ///< "%.2f" million
  const char* drawCalls;      ///< "%u"
  const char* camera;         ///< lon, lat, height
  const char* heightUnit;
  const char* device;
  const char* cases;    ///< total, open, overdue, closed today
  const char* sensors;  ///< sensors, alarms, warnings
  const char* feed;     ///< state, events, rejected
  const char* feedStates[5];  ///< idle, connecting, connected, waiting, unauthorized
  const char* statuses[8];    ///< the case statuses, in live::CaseStatus order
  const char* selectedCase;   ///< id, status, category, priority, grid
  const char* selectedBuilding;  ///< id, name, height
  const char* selectedSensor;    ///< id, kind, level
  const char* historyLine;       ///< time (HH:MM), status
  const char* legendStatus;      ///< heading of the status colours
  const char* legendRegions;     ///< heading of the choropleth classes
  const char* hoverRegion;       ///< region name, value
  const char* legendHeat;        ///< heading of the case heat ramp
  const char* legendField;       ///< heading of the PM2.5 field
  const char* legendSensors;     ///< heading of the sensor rings
  const char* low, *high;        ///< the ends of a ramp
  const char* pm25Bands[6];      ///< 优 良 轻度 中度 重度 严重 with their ranges
  const char* sensorLevels[3];   ///< other sensors: normal, warning, alarm
};

const Strings& strings(Language language);
/// A sensor metric as people read it ("pm25" → "PM2.5 µg/m³", "level_m" →
/// "水位 m"); unknown metrics keep their protocol name. Value formatted with
/// the metric's usual precision.
std::string metricText(const std::string& metric, double value, Language language);
/// Every string of both languages, concatenated (for building font glyphs).
std::string allStrings();
/// "zh" or "en" (also "zh-CN", "en-US"); false for anything else.
bool parseLanguage(const std::string& text, Language& out);

}  // namespace citywall::ui
