#pragma once
// CameraFlight: a smooth move of the map camera from one view to another —
// fly-to a case, a bookmark, the next stop of a tour. Progress follows an
// ease-in-out curve that starts and ends at rest and never goes backwards;
// far flights rise (zoom out) on the way so both ends are seen, as in van
// Wijk & Nuij's "smooth and efficient zooming and panning". At the end the
// camera is exactly the destination (no drift, no overshoot). A flight
// started from wherever the camera is now never cuts.

#include "scene/camera.h"

namespace citywall::scene {

class CameraFlight {
 public:
  /// `seconds` ≤ 0 picks a duration from the path (suggestedSeconds).
  CameraFlight(const MapCamera& from, const MapCamera& to, double seconds = 0);

  /// The camera `elapsed` seconds into the flight (clamped to the ends).
  MapCamera at(double elapsed) const;
  /// 0 at the start, 1 on arrival; monotone in `elapsed`.
  double progress(double elapsed) const;
  double seconds() const { return seconds_; }
  bool arrived(double elapsed) const { return elapsed >= seconds_; }
  const MapCamera& destination() const { return to_; }
  /// The highest the flight rises (its largest distance), metres.
  double peakDistance() const { return peak_; }

  /// 1.5 s for a hop, up to 6 s across a city: grows with the log of the
  /// ground distance measured in view sizes.
  static double suggestedSeconds(const MapCamera& from, const MapCamera& to);

 private:
  MapCamera from_, to_;
  double seconds_;
  double headingDelta_;  // shortest turn, degrees in (−180, 180]
  double rise_;          // extra log-distance at mid-flight (0: no rise)
  double peak_;
};

/// Ease in and out: 0 → 0, 1 → 1, zero slope at both ends, monotone.
double easeInOut(double t);

}  // namespace citywall::scene
