#include "scene/layers/region_layer.h"
#include "scene/color.h"

#include <algorithm>

namespace citywall::scene {

RegionLayer::RegionLayer(const RegionSet& regions, const geo::GeoFrame& frame, RegionStyle style)
    : regions_(regions), frame_(frame), style_(std::move(style)), values_(regions.regions.size(), 0), colors_(regions.regions.size(), 0) {
  for (uint32_t r = 0; r < colors_.size(); ++r) recolor(r);
}

uint32_t RegionLayer::classOf(uint32_t value) const {
  return uint32_t(std::upper_bound(style_.breaks.begin(), style_.breaks.end(), value) - style_.breaks.begin());
}

void RegionLayer::recolor(uint32_t region) {
  const uint32_t cls = std::min<uint32_t>(classOf(values_[region]), uint32_t(style_.classRgb.size() - 1));
  // Regions with nothing to show are still faintly filled, so the grid reads.
  const uint32_t c = packRgba(style_.classRgb[cls], cls == 0 ? style_.fillOpacity * 0.35f : style_.fillOpacity);
  if (c != colors_[region]) colors_[region] = c, ++version_;
}

void RegionLayer::update(const live::CaseStore& store, live::TimeMs now) {
  std::vector<uint32_t>& changed = scratch_;
  changed.clear();
  storeVersion_ = store.changes().changesSince(storeVersion_, changed);
  const auto& cases = store.all();
  if (members_.size() < cases.size()) members_.resize(cases.size());
  const bool fresh = style_.metric == RegionMetric::newLastHour;
  auto uncount = [&](uint32_t slot) {
    Member& m = members_[slot];
    if (m.counted && m.region >= 0) --values_[size_t(m.region)], recolor(uint32_t(m.region));
    m.counted = false;
  };
  if (fresh)  // cases older than an hour leave the count
    while (!aging_.empty() && aging_.top().reported <= now - live::kHour) {
      if (members_[aging_.top().slot].reported == aging_.top().reported) uncount(aging_.top().slot);
      aging_.pop();
    }
  for (uint32_t slot : changed) {
    const auto& c = cases[slot];
    Member& m = members_[slot];
    const bool counts = c.evicted                                 ? false
                        : style_.metric == RegionMetric::open      ? !live::isTerminal(c.status)
                        : style_.metric == RegionMetric::overdue ? c.overdue
                                                                 : (c.reportedAt > now - live::kHour && c.reportedAt <= now);
    // Where is it? Looked up only on first sight and when the case moved.
    if (!m.located || m.lon != c.position.lon || m.lat != c.position.lat) {
      if (m.counted && m.region >= 0) --values_[size_t(m.region)], recolor(uint32_t(m.region)), m.counted = false;
      m.lon = c.position.lon, m.lat = c.position.lat, m.located = true;
      const auto r = regions_.find(glm::dvec2(frame_.toLocal({c.position.lon, c.position.lat, 0.0})));
      m.region = r ? int32_t(*r) : -1;
    }
    if (m.region < 0) continue;
    if (counts != m.counted) {
      values_[size_t(m.region)] += counts ? 1 : uint32_t(-1);
      m.counted = counts;
      recolor(uint32_t(m.region));
      if (fresh && counts) aging_.push({c.reportedAt, slot}), m.reported = c.reportedAt;
    }
  }
}

std::vector<LegendEntry> RegionLayer::legend() const {
  std::vector<LegendEntry> out;
  for (size_t i = 0; i < style_.classRgb.size(); ++i) {
    std::string label;
    if (i == 0) label = "0";
    else if (i == style_.breaks.size()) label = std::to_string(style_.breaks.back()) + "+";
    else if (style_.breaks[i] - style_.breaks[i - 1] == 1) label = std::to_string(style_.breaks[i - 1]);
    else label = std::to_string(style_.breaks[i - 1]) + "–" + std::to_string(style_.breaks[i] - 1);
    out.push_back({label, style_.classRgb[i]});
  }
  return out;
}

}  // namespace citywall::scene
