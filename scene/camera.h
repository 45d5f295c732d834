#pragma once
// MapCamera: the orbit camera of a map. It looks at a target on the ground
// from a distance, turned by a heading and tilted by a pitch. All positions
// are in the city's ENU frame (metres, double precision). Angles in degrees.
// Used from the main thread only.

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <optional>

namespace citywall::scene {

/// A ray in the ENU frame.
struct Ray {
  glm::dvec3 origin;
  glm::dvec3 direction;  ///< unit length
};

/// Matrices for one frame, relative to the eye: positions reach the GPU as
/// (world − eye) in float, which keeps millimetres at any distance from the
/// city origin.
struct CameraMatrices {
  glm::dvec3 eye;            ///< ENU metres
  glm::mat4 viewRotation;    ///< world − eye → view space (no translation)
  glm::mat4 projection;      ///< reversed-Z, infinite far plane, Vulkan clip space (y down)
  glm::mat4 viewProjection;  ///< projection × viewRotation
};

class MapCamera {
 public:
  static constexpr double kFovYDegrees = 36.8699;  ///< same as deck.gl/Mapbox (altitude 1.5)
  static constexpr double kMinPitch = 0.0;          ///< straight down
  static constexpr double kMaxPitch = 85.0;         ///< near the horizon
  static constexpr double kMinDistance = 5.0;       ///< metres
  static constexpr double kMaxDistance = 2.0e6;

  glm::dvec3 target{0.0};  ///< the point looked at (ENU metres)
  double distance = 1000;  ///< eye to target, metres
  double heading = 0;      ///< degrees clockwise from north
  double pitch = 0;        ///< degrees from looking straight down

  /// Clamp distance and pitch to their ranges and wrap heading to [0, 360).
  void normalize();

  glm::dvec3 eye() const;
  glm::dvec3 forward() const;  ///< unit vector from eye to target
  glm::dvec3 up() const;       ///< unit screen-up vector

  /// Matrices for a viewport of width × height pixels.
  CameraMatrices matrices(double width, double height) const;

  /// The ray through a pixel (origin top-left, pixel centres at +0.5).
  Ray rayThroughPixel(glm::dvec2 pixel, double width, double height) const;

  /// Where a pixel's ray meets the horizontal plane z = planeZ; false when the
  /// ray points at or above the horizon.
  bool pixelOnPlane(glm::dvec2 pixel, double width, double height, double planeZ, glm::dvec3& out) const;

  /// Zoom by a factor (< 1 closer) keeping the ground point under `pixel`
  /// fixed on screen, as maps do.
  void zoomTowardPixel(double factor, glm::dvec2 pixel, double width, double height);

  /// Pan so the ground point under `from` ends up under `to`.
  void panPixels(glm::dvec2 from, glm::dvec2 to, double width, double height);

  /// Frame an axis-aligned box (ENU metres) in a width × height viewport,
  /// keeping heading and pitch.
  void fitBox(const glm::dvec3& boxMin, const glm::dvec3& boxMax, double width, double height);
};

/// The pixel (origin top-left) a point (ENU metres) projects to in a
/// width × height view; nullopt when it lies behind the eye.
std::optional<glm::dvec2> projectToPixel(const CameraMatrices& m, const glm::dvec3& point, double width, double height);

/// A rectangle of a larger canvas in the canvas's pixels (origin top-left):
/// one panel of a video wall.
struct CanvasRect {
  double x = 0, y = 0, width = 1, height = 1;
};

/// The matrices that draw only `tile` of a canvasWidth × canvasHeight view,
/// into a target of the tile's size: the canvas's frustum cut to the tile
/// (an off-axis, asymmetric frustum), so the tiles of a wall put side by
/// side show one picture, and a straight street stays straight across
/// panels. Sizes in pixels come out the same as on the canvas.
CameraMatrices cropToTile(const CameraMatrices& m, double canvasWidth, double canvasHeight, const CanvasRect& tile);

/// Converts a web-map zoom level (512-px tiles, deck.gl/MapLibre) at a
/// latitude to the MapCamera distance giving the same scale in a viewport of
/// `viewportHeight` pixels, so the peers' cameras can be reused.
double distanceForWebZoom(double zoom, double latitudeDeg, double viewportHeight);

/// Camera distance (m) up to which something with a web-map `min_zoom` is
/// shown on the wall: about five tiles of that zoom across at `latitudeDeg`
/// (what a wall's view holds), whatever the viewport.
float distanceForZoom(double zoom, double latitudeDeg);

}  // namespace citywall::scene
