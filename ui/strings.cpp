#include "ui/strings.h"

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
                          s->legendRegions, s->hoverRegion})
      all += t;
  }
  return all;
}

bool parseLanguage(const std::string& text, Language& out) {
  if (text == "zh" || text == "zh-CN" || text == "zh_CN") return out = Language::zh, true;
  if (text == "en" || text == "en-US" || text == "en_US") return out = Language::en, true;
  return false;
}

}  // namespace citywall::ui
