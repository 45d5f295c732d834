#include "ui/strings.h"

#include <cstdio>

namespace citywall::ui {

namespace {
const Strings kChinese{
    "城市运行 · 一屏观全城",
    "帧时间  %.1f 毫秒",
    "GPU 时间  %.2f 毫秒",
    "GPU 时间  不可用",
    "建筑  %zu 栋",
    "三角形  %.2f 百万",
    "绘制调用  %u",
    "相机  经度 %.5f°  纬度 %.5f°  高度 %.0f 米",
    "米",
    "设备  %s",
    "案件  %zu  未结 %u  超期 %u  今日办结 %u",
    "传感器  %zu  告警 %u  预警 %u",
    "数据源  %s  事件 %llu  拒收 %llu",
    {"空闲", "连接中", "已连接", "重连等待", "未授权"},
    {"上报", "立案", "派遣", "处置中", "已处置", "核查", "结案", "作废"},
    "选中案件  %s  %s  %s  优先级 %d  网格 %s",
    "选中建筑  %lld  %s  高 %.0f 米",
    "选中传感器  %s  %s  %s",
    "    %s  %s",
    "案件状态",
    "区域未结案件",
    "%s  未结 %u",
    "案件热力",
    "PM2.5 分布 (µg/m³)",
    "传感器 (PM2.5 µg/m³)",
    "低",
    "高",
    {"优 0–35", "良 35–75", "轻度 75–115", "中度 115–150", "重度 150–250", "严重 >250"},
    {"正常", "预警", "告警"},
};
const Strings kEnglish{
    "City operations · whole city on one screen",
    "Frame  %.1f ms",
    "GPU  %.2f ms",
    "GPU  n/a",
    "Buildings  %zu",
    "Triangles  %.2f M",
    "Draw calls  %u",
    "Camera  lon %.5f°  lat %.5f°  height %.0f m",
    "m",
    "Device  %s",
    "Cases  %zu  open %u  overdue %u  closed today %u",
    "Sensors  %zu  alarms %u  warnings %u",
    "Feed  %s  events %llu  rejected %llu",
    {"idle", "connecting", "connected", "reconnecting", "unauthorized"},
    {"reported", "filed", "dispatched", "in progress", "resolved", "verified", "closed", "cancelled"},
    "Case  %s  %s  %s  priority %d  grid %s",
    "Building  %lld  %s  height %.0f m",
    "Sensor  %s  %s  %s",
    "    %s  %s",
    "Case status",
    "Open cases per area",
    "%s  open %u",
    "Case heat",
    "PM2.5 field (µg/m³)",
    "Sensors (PM2.5 µg/m³)",
    "low",
    "high",
    {"good 0–35", "moderate 35–75", "light 75–115", "medium 115–150", "heavy 150–250", "severe >250"},
    {"normal", "warning", "alarm"},
};
}  // namespace

const Strings& strings(Language language) { return language == Language::zh ? kChinese : kEnglish; }

std::string allStrings() {
  std::string all;
  for (const Strings* s : {&kChinese, &kEnglish})
    for (const char* t : {s->title, s->frameTime, s->gpuTime, s->gpuTimeNone, s->buildings, s->triangles, s->drawCalls,
                          s->camera, s->heightUnit, s->device, s->cases, s->sensors, s->feed})
      all += t;
  for (const Strings* s : {&kChinese, &kEnglish}) {
    for (const char* t : s->feedStates) all += t;
    for (const char* t : s->statuses) all += t;
    for (const char* t : {s->selectedCase, s->selectedBuilding, s->selectedSensor, s->historyLine, s->legendStatus,
                          s->legendRegions, s->hoverRegion, s->legendHeat, s->legendField, s->legendSensors, s->low,
                          s->high})
      all += t;
    for (const char* t : s->pm25Bands) all += t;
    for (const char* t : s->sensorLevels) all += t;
  }
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
