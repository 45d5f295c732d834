#pragma once
// Every user-visible UI string, in Chinese (default) and English: the table
// is ui/string_table.inc, one entry per string keyed by name.

#include <string>
#include <vector>

namespace citywall::ui {

enum class Language { zh, en };

// Each group's fields, declared from the table (ui/string_table.inc).
#define CITYWALL_ONLY_overlay(...) __VA_ARGS__
#define CITYWALL_ONLY_panel(...)
#define CITYWALL_STRING(group, name, zh, en) CITYWALL_ONLY_##group(const char* name;)
#define CITYWALL_STRINGS(group, name, count, zh, en) CITYWALL_ONLY_##group(const char* name[count];)
/// The status overlay, legend and map labels.
struct Strings {
#include "ui/string_table.inc"
};
#undef CITYWALL_ONLY_overlay
#undef CITYWALL_ONLY_panel
#define CITYWALL_ONLY_overlay(...)
#define CITYWALL_ONLY_panel(...) __VA_ARGS__
/// The dashboard panels.
struct PanelStrings {
#include "ui/string_table.inc"
};
#undef CITYWALL_ONLY_overlay
#undef CITYWALL_ONLY_panel
#undef CITYWALL_STRING
#undef CITYWALL_STRINGS

const Strings& strings(Language language);
const PanelStrings& panelStrings(Language language);

/// One entry of the table (an array's elements are entries of their own).
struct StringEntry {
  const char* group;  ///< "overlay" or "panel"
  std::string name;   ///< "feedStates[2]" for an array's element
  const char* zh;
  const char* en;
};
/// Every entry of the table, in its order.
const std::vector<StringEntry>& stringTable();
/// A sensor metric as people read it ("pm25" → "PM2.5 µg/m³", "level_m" →
/// "水位 m"); unknown metrics keep their protocol name. Value formatted with
/// the metric's usual precision.
std::string metricText(const std::string& metric, double value, Language language);
/// Every string of both languages, concatenated (for building font glyphs).
std::string allStrings();
/// The panels' strings of both languages (the big font's glyphs).
std::string allPanelStrings();
/// "zh" or "en" (also "zh-CN", "en-US"); false for anything else.
bool parseLanguage(const std::string& text, Language& out);

}  // namespace citywall::ui
