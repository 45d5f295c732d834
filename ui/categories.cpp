#include "ui/categories.h"

namespace citywall::ui {

bool isCategoryPrefix(const std::string& prefix, const std::string& code) {
  if (prefix.empty()) return true;
  return code.compare(0, prefix.size(), prefix) == 0 && (code.size() == prefix.size() || code[prefix.size()] == '.');
}

CategoryTable CategoryTable::defaults() {
  CategoryTable t;
  // Families of the 12345 hotline / 城市管理 classification, and the members
  // the simulator and the NYC replay send most.
  const CategoryInfo built[] = {
      {"city", "市容城管", "City management", 0x6fa8dc},
      {"city.road", "道路设施", "Roads", 0x8fa3bf},
      {"city.road.pothole", "路面坑洼", "Pothole", 0x8fa3bf},
      {"city.sanitation", "环境卫生", "Sanitation", 0x93c47d},
      {"city.sanitation.garbage", "垃圾堆放", "Garbage", 0x93c47d},
      {"city.streetlight", "路灯故障", "Streetlight out", 0xf6d55c},
      {"env", "生态环境", "Environment", 0x76d7c4},
      {"env.noise", "噪声扰民", "Noise", 0xc39bd3},
      {"env.air", "大气污染", "Air pollution", 0xa3c4bc},
      {"traffic", "交通秩序", "Traffic", 0xf0a35e},
      {"traffic.illegal_parking", "违章停车", "Illegal parking", 0xf0a35e},
      {"water", "供排水", "Water", 0x5dade2},
      {"water.pipe_leak", "管道漏水", "Pipe leak", 0x5dade2},
      {"safety", "公共安全", "Public safety", 0xe06666},
      {"safety.fire", "火情", "Fire", 0xff5b4f},
      {"safety.manhole_cover", "井盖缺失", "Manhole cover", 0xe69138},
      {"nyc", "纽约 311", "NYC 311", 0x9fb3c8},
  };
  for (const auto& c : built) t.set(c);
  return t;
}

void CategoryTable::set(CategoryInfo info) {
  for (auto& e : entries_)
    if (e.code == info.code) {
      e = std::move(info);
      return;
    }
  entries_.push_back(std::move(info));
}

const CategoryInfo* CategoryTable::find(const std::string& code) const {
  const CategoryInfo* best = nullptr;
  for (const auto& e : entries_)
    if (isCategoryPrefix(e.code, code) && (!best || e.code.size() > best->code.size())) best = &e;
  return best;
}

std::string CategoryTable::name(const std::string& code, Language language) const {
  const CategoryInfo* c = find(code);
  if (!c) return code;
  // A family name for an unnamed member would hide what the case is: say both.
  const std::string& n = language == Language::zh ? c->nameZh : c->nameEn;
  if (n.empty()) return code;
  if (c->code.size() < code.size()) return n + " · " + code.substr(c->code.size() + 1);
  return n;
}

uint32_t CategoryTable::rgb(const std::string& code) const {
  const CategoryInfo* c = find(code);
  return c ? c->rgb : 0x9fb3c8;
}

}  // namespace citywall::ui
