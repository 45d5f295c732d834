#pragma once
// SimCity: a synthetic city that produces protocol v1 messages. Cases arrive
// at a time-of-day rate per category and grid cell and move through the
// closed loop with realistic delays; some go overdue, some are re-opened,
// a few are cancelled. Air-quality, noise, water-level, manhole and smoke
// sensors report on a daily cycle with noise and episodes that cross their
// thresholds. Deterministic for a seed.

#include <cstdint>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "geo/crs.h"
#include "live/events.h"

namespace citywall::tools {

struct SimOptions {
  live::LonLat centre{121.4905, 31.2397};  ///< the Bund, Shanghai
  double radiusMetres = 4000;
  int gridCells = 6;          ///< management grid: cells × cells, ids "G-rrcc"
  double casesPerHour = 120;  ///< at the daily peak (around 10:00 and 16:00)
  int sensors = 40;
  live::TimeMs observationInterval = live::kMinute;
  geo::Crs crs = geo::Crs::wgs84;  ///< coordinates are sent in this CRS
  bool epochTimes = false;    ///< "time" as epoch ms instead of RFC 3339
  uint32_t seed = 1;
};

/// One message ready to send (without seq; the server numbers them).
struct SimMessage {
  live::TimeMs time;
  std::string json;  ///< a JSON object, starting with '{'
};

class SimCity {
 public:
  SimCity(SimOptions options, live::TimeMs start);

  /// Messages for the sensors' registrations (sent first on each connection).
  std::vector<SimMessage> registrations() const;
  /// The next message in time order; advances the simulated clock.
  SimMessage next();
  live::TimeMs now() const { return now_; }

 private:
  struct Scheduled {
    live::TimeMs time;
    uint32_t caseIndex;
    live::CaseStatus status;
    bool operator>(const Scheduled& o) const { return time > o.time; }
  };
  struct SimCase {
    std::string id, category, grid, title;
    live::LonLat position;
    int priority;
    bool overdue, reopen, cancel, reopened = false;
  };
  struct SimSensor {
    std::string id, kind, metric, name;
    live::LonLat position;
    double base, amplitude, noise, warn, alarm;
    live::TimeMs episodeEnd = 0;
  };

  double arrivalsPerMs(live::TimeMs t) const;
  void scheduleArrival();
  void planLifecycle(uint32_t index, live::TimeMs reported);
  std::string caseJson(const SimCase& c, live::CaseStatus status, live::TimeMs t, bool first) const;
  std::string observationJson(SimSensor& s, live::TimeMs t);
  std::string timeText(live::TimeMs t) const;
  std::string position(live::LonLat p) const;
  live::LonLat randomPoint();

  SimOptions options_;
  std::mt19937_64 rng_;
  live::TimeMs now_;
  live::TimeMs nextArrival_;
  live::TimeMs nextObservation_;
  size_t nextSensor_ = 0;
  uint64_t caseCounter_ = 0;
  std::vector<SimCase> cases_;
  std::vector<SimSensor> sensors_;
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<>> schedule_;
};

/// JSON string literal with escapes.
std::string jsonString(std::string_view s);

}  // namespace citywall::tools
