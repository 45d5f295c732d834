#include "ui/strings.h"

#include <cstdio>

namespace citywall::ui {

namespace {

#define CITYWALL_LIST(...) __VA_ARGS__
// Each language's values, designated by name from the table: a field filled
// out of order or twice does not compile. CITYWALL_LANG picks the language,
// CITYWALL_ONLY_<group> keeps the entries of the struct being filled.
#define CITYWALL_APPLY(macro, args) macro args
#define CITYWALL_STRING(group, name, zh, en) CITYWALL_ONLY_##group(.name = CITYWALL_LANG(zh, en), )
#define CITYWALL_STRINGS(group, name, count, zh, en) \
  CITYWALL_ONLY_##group(.name = {CITYWALL_APPLY(CITYWALL_LIST, CITYWALL_LANG(zh, en))}, )
#define CITYWALL_ONLY_overlay(...) __VA_ARGS__
#define CITYWALL_ONLY_panel(...)
#define CITYWALL_LANG(zh, en) zh
const Strings kOverlayZh{
#include "ui/string_table.inc"
};
#undef CITYWALL_LANG
#define CITYWALL_LANG(zh, en) en
const Strings kOverlayEn{
#include "ui/string_table.inc"
};
#undef CITYWALL_ONLY_overlay
#undef CITYWALL_ONLY_panel
#define CITYWALL_ONLY_overlay(...)
#define CITYWALL_ONLY_panel(...) __VA_ARGS__
const PanelStrings kPanelEn{
#include "ui/string_table.inc"
};
#undef CITYWALL_LANG
#define CITYWALL_LANG(zh, en) zh
const PanelStrings kPanelZh{
#include "ui/string_table.inc"
};
#undef CITYWALL_LANG
#undef CITYWALL_ONLY_overlay
#undef CITYWALL_ONLY_panel
#undef CITYWALL_STRING
#undef CITYWALL_STRINGS

std::vector<StringEntry> buildTable() {
  std::vector<StringEntry> out;
  auto array = [&](const char* group, const char* name, std::initializer_list<const char*> zh,
                   std::initializer_list<const char*> en) {
    for (size_t i = 0; i < zh.size() || i < en.size(); ++i)
      out.push_back({group, std::string(name) + "[" + std::to_string(i) + "]", i < zh.size() ? zh.begin()[i] : nullptr,
                     i < en.size() ? en.begin()[i] : nullptr});
  };
#define CITYWALL_STRING(group, name, zh, en) out.push_back({#group, #name, zh, en});
#define CITYWALL_STRINGS(group, name, count, zh, en) array(#group, #name, {CITYWALL_LIST zh}, {CITYWALL_LIST en});
#include "ui/string_table.inc"
#undef CITYWALL_STRING
#undef CITYWALL_STRINGS
  return out;
}

}  // namespace

const Strings& strings(Language language) { return language == Language::zh ? kOverlayZh : kOverlayEn; }
const PanelStrings& panelStrings(Language language) { return language == Language::zh ? kPanelZh : kPanelEn; }

const std::vector<StringEntry>& stringTable() {
  static const std::vector<StringEntry> table = buildTable();
  return table;
}

std::string allStrings() {
  std::string all;
  for (const auto& e : stringTable()) all += std::string(e.zh) + e.en;
  return all;
}

std::string allPanelStrings() {
  std::string all;
  for (const auto& e : stringTable())
    if (std::string_view(e.group) == "panel") all += std::string(e.zh) + e.en;
  return all;
}

std::string metricText(const std::string& metric, double value, Language language) {
  struct Known {
    const char *key, *zh, *en, *unit;
    int decimals;
  };
  static const Known known[] = {
      {"pm25", "PM2.5", "PM2.5", "µg/m³", 0}, {"pm10", "PM10", "PM10", "µg/m³", 0}, {"no2", "NO2", "NO2", "µg/m³", 0},
      {"aqi", "AQI", "AQI", "", 0},           {"db", "噪声", "noise", "dB", 0},     {"level_m", "水位", "level", "m", 2},
      {"tilt_deg", "倾角", "tilt", "°", 1},   {"obscuration", "烟雾", "smoke", "%/m", 1}};
  char buf[96];
  for (const auto& k : known)
    if (metric == k.key) {
      std::snprintf(buf, sizeof buf, "%s %.*f %s", language == Language::zh ? k.zh : k.en, k.decimals, value, k.unit);
      std::string s = buf;
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    }
  std::snprintf(buf, sizeof buf, "%s %.1f", metric.c_str(), value);
  return buf;
}

bool parseLanguage(const std::string& text, Language& out) {
  if (text == "zh" || text == "zh-CN" || text == "zh_CN") return out = Language::zh, true;
  if (text == "en" || text == "en-US" || text == "en_US") return out = Language::en, true;
  return false;
}

}  // namespace citywall::ui
