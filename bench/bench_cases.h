#pragma once
// Synthetic cases for the layer benchmarks: n cases around four hot spots
// (three in four) and spread evenly (one in four) over ±`spread` metres of
// the frame's origin; seeded, so every run draws the same city.

#include <random>
#include <string>

#include "geo/geo_frame.h"
#include "live/case_store.h"

namespace citywall::bench {

inline constexpr live::TimeMs kNow = 1763770530000;

inline void fillCases(live::CaseStore& store, const geo::GeoFrame& frame, int n, double spread = 6000) {
  std::mt19937 rng(9);
  std::normal_distribution<double> cluster(0, spread / 10);
  std::uniform_real_distribution<double> uniform(-spread, spread);
  std::uniform_int_distribution<int> priority(1, 4), minutes(0, 240);
  const double s = spread / 6000;
  const glm::dvec2 centres[] = {{-2000 * s, 1200 * s}, {1500 * s, -900 * s}, {600 * s, 2500 * s}, {-800 * s, -2200 * s}};
  for (int i = 0; i < n; ++i) {
    const glm::dvec2 d = i % 4 == 3 ? glm::dvec2(uniform(rng), uniform(rng)) : centres[i % 4] + glm::dvec2(cluster(rng), cluster(rng));
    const auto g = frame.toGeodetic({d.x, d.y, 0});
    live::CaseUpdate u;
    u.id = "B" + std::to_string(i);
    u.time = kNow - minutes(rng) * live::kMinute;
    u.category = i % 2 ? "city.road.pothole" : "env.noise";
    u.position = live::LonLat{g.lon, g.lat};
    u.priority = uint8_t(priority(rng));
    store.apply(u);
  }
}

}  // namespace citywall::bench
