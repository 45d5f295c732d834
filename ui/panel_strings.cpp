#include "ui/panel_strings.h"

namespace citywall::ui {
namespace {

const PanelStrings kZh{
    "城市运行 · 一网统管",
    "今日案件", "未结案件", "超期", "今日结案", "结案率", "派遣用时中位", "结案用时中位",
    "传感器在线", "告警", "数据源",
    "未配置", "回放", "%d/%d 在线",
    "%.0f 分", "%.1f 时", "%.1f 天", "—",
    {"今日（本地时间）首次上报的案件数", "尚未结案或作废的案件数", "超过处置时限仍未处置完毕的案件数",
     "今日结案或作废的案件数", "已结案 ÷（全部 − 作废），统计范围为当前保留的案件", "从上报到派遣用时的中位数（精确到分钟）",
     "从上报到结案用时的中位数（精确到分钟）", "15 分钟内有读数的传感器 / 全部传感器", "阈值告警与上游告警中处于告警级别的数量",
     "已连接的数据源 / 配置的数据源"},
    "案件列表", "显示 %zu / 符合 %zu", "搜索编号或标题", "全部", "未结",
    "时间", "级", "类别", "状态", "网格", "标题",
    "类别", "状态", "网格", "优先级",
    "P%d", "轮播",
    "案件详情",
    "编号", "标题", "类别", "状态", "优先级", "地址", "网格", "处置部门", "来源", "上报时间", "描述", "重新打开", "位置",
    "超期", "处置流程", "（至今 %s）", "飞至", "关闭",
    "告警列表", "暂无告警", "预警", "告警", "传感器", "近 24 小时", "预警 %g  告警 %g",
    "每小时新增案件", "今日", "昨日",
    "图层", "案件标记", "案件热力", "PM2.5 分布", "网格区域", "传感器", "图例",
    "巡航", "巡航中", "巡航停止", "告警聚焦开", "告警聚焦暂停", "视角书签", "聚焦：%s", "English",
    "%s",
};

const PanelStrings kEn{
    "City Operations",
    "Cases today", "Open", "Overdue", "Closed today", "Closure rate", "Median dispatch", "Median close",
    "Sensors up", "Alarms", "Feeds",
    "none", "replay", "%d/%d up",
    "%.0f min", "%.1f h", "%.1f d", "—",
    {"Cases first reported today (local time)", "Cases not closed or cancelled", "Open cases past their time limit",
     "Cases closed or cancelled today", "Closed ÷ (all − cancelled), over the cases the store holds",
     "Median time from report to dispatch (exact to the minute)", "Median time from report to close (exact to the minute)",
     "Sensors with a reading in the last 15 minutes / all sensors", "Threshold and upstream alarms at alarm level",
     "Connected feeds / configured feeds"},
    "Cases", "%zu shown of %zu", "Search id or title", "All", "Open",
    "Time", "P", "Category", "Status", "Grid", "Title",
    "Category", "Status", "Grid", "Priority",
    "P%d", "Carousel",
    "Case",
    "Id", "Title", "Category", "Status", "Priority", "Address", "Grid", "Agency", "Source", "Reported", "Description",
    "Re-opened", "Position",
    "overdue", "Lifecycle", "(%s so far)", "Fly to", "Close",
    "Alarms", "No alarms", "warn", "alarm", "Sensor", "Last 24 hours", "warn %g  alarm %g",
    "New cases per hour", "today", "yesterday",
    "Layers", "Case markers", "Case heat", "PM2.5 field", "Grid areas", "Sensors", "Legend",
    "Tour", "touring", "tour stopped", "alert focus on", "alert focus paused", "Bookmarks", "Alert: %s", "中文",
    "%s",
};

void addAll(const PanelStrings& s, std::string& out) {
  // The struct is all const char*: walk it as an array.
  static_assert(sizeof(PanelStrings) % sizeof(const char*) == 0, "PanelStrings holds only strings");
  const char* const* p = reinterpret_cast<const char* const*>(&s);
  for (size_t i = 0; i < sizeof(PanelStrings) / sizeof(const char*); ++i) out += p[i];
}

}  // namespace

const PanelStrings& panelStrings(Language language) { return language == Language::zh ? kZh : kEn; }

std::string allPanelStrings() {
  std::string all;
  addAll(kZh, all);
  addAll(kEn, all);
  return all;
}

}  // namespace citywall::ui
