#pragma once
// Drills: a scenario of timed steps, relative to its start, that a wall
// plays over its live feeds (a rehearsal) or alone — cases injected and
// moved through their loop, sensors whose readings ramp into alarm, upstream
// alarms, captions for the room, camera flights to bookmarks, areas marked
// on the map (a cordon: the buildings inside tinted), and pauses
// for the presenter. Every message a drill injects is protocol v1 marked
// "drill": true (docs/protocol.md), so the store keeps it apart from the
// real KPIs, and it is journaled on the drill channel, so the drill itself
// can be replayed. The scenario file is TOML (config/drill_file.h).

#include <cstdint>
#include <string>
#include <vector>

#include "live/time.h"

namespace citywall::feed {

struct DrillStep {
  enum class Kind : uint8_t {
    message,  ///< `text`: a protocol-v1 JSON object; the runner adds "time" and "drill"
    caption,  ///< `text` shown on the wall ("" clears it)
    bookmark, ///< `text`: a bookmark's name to fly to
    flyTo,    ///< `view` (lon, lat, distance, heading, pitch)
    pause,    ///< wait for the presenter (resume: Enter)
    mark,     ///< an area marked: `text` its id, view[0..2] lon, lat, radius (m), `rgba` its tint
    unmark,   ///< the area `text` taken off the wall ("": every one)
    hide,     ///< the building whose id is `text` taken off the wall: a city building by its source id (an OSM way id), else a 3D Tiles building by its id property
    show,     ///< that building put back ("": every hidden one)
  };
  live::TimeMs at = 0;  ///< after the drill's start (pauses excluded)
  Kind kind = Kind::message;
  std::string text;
  double view[5] = {0, 0, 1000, 0, 45};
  uint32_t rgba = 0;  ///< mark: sRGB 0xRRGGBBAA
};

struct DrillScript {
  std::string name;         ///< shown on the banner
  std::string description;
  std::vector<DrillStep> steps;  ///< in time order (a file's order within one time)
};

/// What came due since the last advance.
struct DrillOutput {
  std::vector<std::string> frames;  ///< protocol-v1 messages to inject, stamped
  std::vector<const DrillStep*> actions;  ///< captions, flights (the app turns them into commands)
};

class DrillRunner {
 public:
  explicit DrillRunner(DrillScript script);

  /// Moves the drill to the wall's clock `now` (the first call starts it)
  /// and collects what fell due; a pause step stops the drill's own clock
  /// until resume().
  void advance(live::TimeMs now, DrillOutput& out);
  /// Runs at once to `offset` after the start, pauses passed over (a
  /// headless screenshot of a moment in the drill).
  void runTo(live::TimeMs now, live::TimeMs offset, DrillOutput& out);
  void resume() { paused_ = false; }
  bool paused() const { return paused_; }
  bool finished() const { return next_ >= script_.steps.size(); }
  /// Drill time since the start (pauses excluded).
  live::TimeMs elapsed() const { return elapsed_; }
  const DrillScript& script() const { return script_; }

 private:
  void emit(const DrillStep& step, live::TimeMs now, DrillOutput& out);
  DrillScript script_;
  size_t next_ = 0;
  bool started_ = false, paused_ = false;
  live::TimeMs lastNow_ = 0, elapsed_ = 0;
};

}  // namespace citywall::feed
