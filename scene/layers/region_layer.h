#pragma once
// RegionLayer: a choropleth of management grid cells or districts, filled
// by a metric from the store (open cases, or overdue ones) on a classed
// colour scale, with outlines and labels at each region's pole of
// inaccessibility. Cases are placed in regions once (point in polygon) and
// counts move with each changed case; only the regions whose class changed
// get a new colour.

#include <array>
#include <queue>
#include <string>
#include <vector>

#include "live/case_store.h"
#include "geo/geo_frame.h"
#include "scene/frame_view.h"
#include "scene/regions.h"

namespace citywall::scene {

enum class RegionMetric { open, overdue, newLastHour };

struct RegionStyle {
  RegionMetric metric = RegionMetric::open;
  std::vector<uint32_t> breaks = {1, 3, 6, 10, 20};  ///< class i holds values in [breaks[i-1], breaks[i])
  /// sRGB per class (one more than breaks): none, then a dark-to-hot sequence.
  std::vector<uint32_t> classRgb = {0x1b2a41, 0x1f5f8b, 0x1f9cb0, 0x5cc58a, 0xf2c14e, 0xf2542d};
  float fillOpacity = 0.25f;
  uint32_t outlineRgb = 0x7fd3ff;
  bool visible = true;
};

/// One row of the legend the UI shows.
struct LegendEntry {
  std::string label;  ///< "0", "1–2", "20+"
  uint32_t rgb;
};

class RegionLayer {
 public:
  /// `regions` must outlive the layer; `frame` places cases in it.
  RegionLayer(const RegionSet& regions, const geo::GeoFrame& frame, RegionStyle style = {});

  /// Counts the cases changed since the last update (the store's change
  /// log) into their regions (point in polygon on first sight or when a
  /// case moves).
  /// `now` ages cases out of "new in the last hour" (a heap of report
  /// times, so each case is touched once when it arrives and once when it ages).
  void update(const live::CaseStore& store, live::TimeMs now = 0);

  const RegionSet& regions() const { return regions_; }
  const RegionStyle& style() const { return style_; }
  const std::vector<uint32_t>& values() const { return values_; }
  /// RGBA (0xAABBGGRR) per region, alpha from the fill opacity.
  const std::vector<uint32_t>& colors() const { return colors_; }
  /// Bumps whenever a colour changed.
  uint64_t version() const { return version_; }
  uint32_t classOf(uint32_t value) const;
  std::vector<LegendEntry> legend() const;
  /// What the renderer needs of this layer for one frame.
  RegionFrame frame() const { return {&regions_, colors_, version_, style_.outlineRgb}; }

 private:
  void recolor(uint32_t region);

  const RegionSet& regions_;
  geo::GeoFrame frame_;
  RegionStyle style_;
  std::vector<uint32_t> values_, colors_;
  struct Member {
    int32_t region = -1;
    bool counted = false, located = false;
    double lon = 0, lat = 0;
    live::TimeMs reported = 0;  // of the case counted (a reused slot holds another case)
  };
  std::vector<Member> members_;
  struct Aging {
    live::TimeMs reported;
    uint32_t slot;
    bool operator>(const Aging& o) const { return reported > o.reported; }
  };
  std::priority_queue<Aging, std::vector<Aging>, std::greater<>> aging_;  // newLastHour: counted cases by report time
  uint64_t version_ = 1;
  uint64_t storeVersion_ = 0;      // the store's change log, read up to here
  std::vector<uint32_t> scratch_;  // slots changed since then
};

}  // namespace citywall::scene
