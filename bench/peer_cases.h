#pragma once
// The deck.gl peer's case load, for citywall's side of the comparison: one
// day of NYC 311 requests replayed through the feed decoder into a store
// (as the wall would receive them), and, for a city other than New York,
// their positions rescaled linearly from their own box into the city's box
// (what the peer's remapCases does for Shanghai), so both programs draw the
// same points.

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "feed/decoder.h"
#include "live/store.h"
#include "tools/feed_sim/replay.h"

namespace citywall::bench {

struct LonLatBox {
  double lon0 = std::numeric_limits<double>::max(), lat0 = std::numeric_limits<double>::max();
  double lon1 = -std::numeric_limits<double>::max(), lat1 = -std::numeric_limits<double>::max();
  void add(double lon, double lat) { lon0 = std::min(lon0, lon), lat0 = std::min(lat0, lat), lon1 = std::max(lon1, lon), lat1 = std::max(lat1, lat); }
};

struct PeerCases {
  live::Store store;
  live::TimeMs lastMessage = 0;  ///< the replay's clock at its end
  size_t located = 0;            ///< cases in the store (the replay keeps only those with a position)
};

/// Throws std::runtime_error (from the replay) naming the file and the problem.
inline PeerCases loadPeerCases(const std::string& csv, const std::optional<LonLatBox>& into) {
  const auto source = tools::loadNyc311(csv, {});
  feed::Decoder decoder;
  std::vector<live::FeedEvent> events;
  PeerCases out;
  for (const auto& r : source->registrations()) decoder.decode(r.json, events);
  while (auto m = source->next()) decoder.decode(m->json, events), out.lastMessage = m->time;
  auto located = [](live::FeedEvent& e) -> live::LonLat* {
    auto* c = std::get_if<live::CaseUpdate>(&e);
    return c && c->position ? &*c->position : nullptr;
  };
  if (into) {
    LonLatBox from;
    for (auto& e : events)
      if (const live::LonLat* p = located(e)) from.add(p->lon, p->lat);
    for (auto& e : events)
      if (live::LonLat* p = located(e)) {
        p->lon = into->lon0 + (p->lon - from.lon0) / (from.lon1 - from.lon0) * (into->lon1 - into->lon0);
        p->lat = into->lat0 + (p->lat - from.lat0) / (from.lat1 - from.lat0) * (into->lat1 - into->lat0);
      }
  }
  for (const auto& e : events) out.store.apply(e);
  out.located = out.store.cases().size();
  return out;
}

}  // namespace citywall::bench
