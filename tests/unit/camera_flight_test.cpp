// Fly-to: arrives exactly, never overshoots, progresses monotonically, and
// moves in small steps (no cuts).

#include <gtest/gtest.h>

#include <cmath>

#include "scene/camera_flight.h"

using citywall::scene::CameraFlight;
using citywall::scene::MapCamera;

namespace {

MapCamera cam(double x, double y, double distance, double heading, double pitch) {
  MapCamera c;
  c.target = {x, y, 0};
  c.distance = distance, c.heading = heading, c.pitch = pitch;
  return c;
}

// Signed heading change from a to b in (−180, 180].
double turn(double a, double b) {
  double d = std::fmod(b - a, 360.0);
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}

void checkFlight(const MapCamera& from, const MapCamera& to) {
  const CameraFlight f(from, to);
  ASSERT_GT(f.seconds(), 0);
  // Exactly there at the end, and after it.
  for (double t : {f.seconds(), f.seconds() + 5}) {
    const MapCamera end = f.at(t);
    EXPECT_EQ(end.target, to.target);
    EXPECT_EQ(end.distance, to.distance);
    EXPECT_DOUBLE_EQ(end.heading, std::fmod(to.heading + 360, 360));
    EXPECT_EQ(end.pitch, to.pitch);
  }
  EXPECT_EQ(f.at(0).target, from.target);
  const glm::dvec2 path = glm::dvec2(to.target - from.target);
  const double length = glm::length(path);
  const double totalTurn = turn(from.heading, to.heading);
  double lastAlong = -1, lastProgress = -1, lastTurn = 0;
  MapCamera prev = f.at(0);
  const int steps = 600;
  for (int i = 0; i <= steps; ++i) {
    const double t = f.seconds() * i / steps;
    const MapCamera c = f.at(t);
    const double p = f.progress(t);
    // Monotone progress, within [0, 1].
    EXPECT_GE(p, lastProgress);
    EXPECT_GE(p, 0);
    EXPECT_LE(p, 1);
    lastProgress = p;
    // The target moves along the straight path, forward only, never past the end.
    if (length > 0) {
      const double along = glm::dot(glm::dvec2(c.target - from.target), path) / (length * length);
      EXPECT_GE(along, lastAlong - 1e-12);
      EXPECT_LE(along, 1 + 1e-12);
      const double off = std::abs(glm::dvec2(c.target - from.target).x * path.y - glm::dvec2(c.target - from.target).y * path.x) / length;
      EXPECT_LT(off, 1e-6);
      lastAlong = along;
    }
    // Heading turns the short way, monotonically, and not past the destination.
    const double turned = turn(from.heading, c.heading);
    if (totalTurn >= 0) {
      EXPECT_GE(turned, lastTurn - 1e-9);
      EXPECT_LE(turned, totalTurn + 1e-9);
    } else {
      EXPECT_LE(turned, lastTurn + 1e-9);
      EXPECT_GE(turned, totalTurn - 1e-9);
    }
    lastTurn = turned;
    // Pitch between its ends; distance never below the nearer end nor above the peak.
    EXPECT_GE(c.pitch, std::min(from.pitch, to.pitch) - 1e-9);
    EXPECT_LE(c.pitch, std::max(from.pitch, to.pitch) + 1e-9);
    EXPECT_GE(c.distance, std::min(from.distance, to.distance) * (1 - 1e-12));
    EXPECT_LE(c.distance, f.peakDistance() * (1 + 1e-12));
    // No cuts: between samples 1/600 of the flight apart, the target moves
    // less than 1% of the path plus 1% of the view.
    if (i > 0) {
      EXPECT_LT(glm::length(c.target - prev.target), 0.01 * length + 0.01 * c.distance + 1e-9);
    }
    prev = c;
  }
}

}  // namespace

TEST(CameraFlight, ShortHop) { checkFlight(cam(0, 0, 800, 10, 45), cam(300, -200, 600, 40, 60)); }
TEST(CameraFlight, AcrossTheCityRisesOnTheWay) {
  const MapCamera from = cam(-8000, 0, 500, 0, 60), to = cam(9000, 4000, 700, 90, 55);
  checkFlight(from, to);
  const CameraFlight f(from, to);
  EXPECT_GT(f.at(f.seconds() / 2).distance, 10000);  // sees both ends mid-way
  EXPECT_GT(f.seconds(), 3);
  EXPECT_LE(f.seconds(), 6);
}
TEST(CameraFlight, TurnsTheShortWayAcrossNorth) {
  checkFlight(cam(0, 0, 1000, 350, 30), cam(10, 10, 1000, 20, 30));
  const CameraFlight f(cam(0, 0, 1000, 350, 30), cam(10, 10, 1000, 20, 30));
  const double mid = f.at(f.seconds() / 2).heading;
  EXPECT_TRUE(mid > 350 || mid < 20) << mid;
}
TEST(CameraFlight, ZoomOnly) { checkFlight(cam(5, 5, 5000, 0, 0), cam(5, 5, 200, 0, 70)); }
TEST(CameraFlight, StandingStillArrivesAtOnce) {
  const CameraFlight f(cam(1, 2, 1000, 0, 40), cam(1, 2, 1000, 0, 40), 2);
  EXPECT_EQ(f.at(1).target, glm::dvec3(1, 2, 0));
  EXPECT_TRUE(f.arrived(2));
}
TEST(CameraFlight, EasingStartsAndEndsAtRest) {
  using citywall::scene::easeInOut;
  EXPECT_EQ(easeInOut(0), 0);
  EXPECT_EQ(easeInOut(1), 1);
  EXPECT_LT(easeInOut(0.01), 0.0001);
  EXPECT_GT(easeInOut(0.99), 0.9999);
  EXPECT_DOUBLE_EQ(easeInOut(0.5), 0.5);
}
