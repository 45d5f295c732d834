#include <gtest/gtest.h>

#include "scene/camera_controller.h"
#include "scene/camera.h"

using namespace citywall;

namespace {
scene::MapCamera tilted() {
  scene::MapCamera c;
  c.target = {100, 200, 0};
  c.distance = 2000;
  c.heading = 30;
  c.pitch = 50;
  return c;
}

glm::dvec2 project(const scene::MapCamera& cam, const glm::dvec3& p, double w, double h) {
  return *scene::projectToPixel(cam.matrices(w, h), p, w, h);
}
}  // namespace

TEST(MapCamera, TargetProjectsToTheViewCentre) {
  const auto c = tilted();
  const glm::dvec2 p = project(c, c.target, 1920, 1080);
  EXPECT_NEAR(p.x, 960, 0.01);
  EXPECT_NEAR(p.y, 540, 0.01);
}

TEST(MapCamera, HeadingTurnsTheViewClockwiseFromNorth) {
  scene::MapCamera c;
  c.pitch = 60;
  c.heading = 90;  // looking east
  EXPECT_NEAR(c.forward().x, std::sin(60 * M_PI / 180), 1e-12);
  EXPECT_NEAR(c.forward().y, 0, 1e-12);
  EXPECT_LT(c.eye().x, c.target.x);
}

TEST(MapCamera, PixelRayRoundTripsThroughProjection) {
  const auto c = tilted();
  glm::dvec3 ground;
  ASSERT_TRUE(c.pixelOnPlane({300, 700}, 1920, 1080, 0, ground));
  const glm::dvec2 back = project(c, ground, 1920, 1080);
  EXPECT_NEAR(back.x, 300, 0.05);
  EXPECT_NEAR(back.y, 700, 0.05);
}

TEST(MapCamera, ZoomTowardCursorKeepsTheGroundPointUnderIt) {
  auto c = tilted();
  const glm::dvec2 cursor(1500, 800);
  glm::dvec3 before;
  ASSERT_TRUE(c.pixelOnPlane(cursor, 1920, 1080, 0, before));
  c.zoomTowardPixel(0.5, cursor, 1920, 1080);
  EXPECT_NEAR(c.distance, 1000, 1e-9);
  const glm::dvec2 after = project(c, before, 1920, 1080);
  EXPECT_NEAR(after.x, cursor.x, 0.05);
  EXPECT_NEAR(after.y, cursor.y, 0.05);
}

TEST(MapCamera, PanMovesTheGrabbedPointWithTheCursor) {
  auto c = tilted();
  glm::dvec3 grabbed;
  ASSERT_TRUE(c.pixelOnPlane({900, 600}, 1920, 1080, 0, grabbed));
  c.panPixels({900, 600}, {1100, 450}, 1920, 1080);
  const glm::dvec2 now = project(c, grabbed, 1920, 1080);
  EXPECT_NEAR(now.x, 1100, 0.05);
  EXPECT_NEAR(now.y, 450, 0.05);
}

TEST(MapCamera, FitBoxShowsEveryCornerTopDown) {
  scene::MapCamera c;
  c.fitBox({-3000, -1000, 0}, {1000, 2000, 0}, 1920, 1080);
  for (glm::dvec3 corner : {glm::dvec3(-3000, -1000, 0), glm::dvec3(1000, 2000, 0), glm::dvec3(-3000, 2000, 0)}) {
    const glm::dvec2 p = project(c, corner, 1920, 1080);
    EXPECT_GE(p.x, 0);
    EXPECT_LE(p.x, 1920);
    EXPECT_GE(p.y, 0);
    EXPECT_LE(p.y, 1080);
  }
}

TEST(MapCamera, NormalizeClampsPitchAndWrapsHeading) {
  scene::MapCamera c;
  c.pitch = 120;
  c.heading = -30;
  c.distance = 0.1;
  c.normalize();
  EXPECT_EQ(c.pitch, scene::MapCamera::kMaxPitch);
  EXPECT_EQ(c.heading, 330);
  EXPECT_EQ(c.distance, scene::MapCamera::kMinDistance);
}

TEST(MapCamera, WebZoomMatchesTheMetresPerPixelOfAWebMap) {
  // Zoom 0 at the equator: 78271.5 m per pixel with 512-px tiles; the eye
  // sits 1.5 viewport heights up.
  EXPECT_NEAR(scene::distanceForWebZoom(0, 0, 1000), 1.5 * 1000 * 78271.517, 1.0);
  EXPECT_NEAR(scene::distanceForWebZoom(1, 60, 1000), 1.5 * 1000 * 78271.517 / 2 * 0.5, 1.0);
}

TEST(CameraController, WheelStepsZoomInAndOut) {
  auto c = tilted();
  scene::CameraController ctl(c);
  ctl.scroll(1, {960, 540}, 1920, 1080);
  EXPECT_NEAR(c.distance, 2000 * 0.85, 1e-6);
  ctl.scroll(-1, {960, 540}, 1920, 1080);
  EXPECT_NEAR(c.distance, 2000, 1e-6);
}

TEST(CameraController, RightDragRotatesAndTilts) {
  auto c = tilted();
  scene::CameraController ctl(c);
  ctl.beginDrag(scene::DragMode::rotate, {960, 540});
  ctl.moveCursor({960 - 192, 540 - 108}, 1920, 1080);
  EXPECT_NEAR(c.heading, 30 + 18, 1e-9);
  EXPECT_NEAR(c.pitch, 50 + 9, 1e-9);
  ctl.endDrag();
  ctl.moveCursor({0, 0}, 1920, 1080);
  EXPECT_NEAR(c.heading, 48, 1e-9);
}
