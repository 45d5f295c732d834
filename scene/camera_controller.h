#pragma once
// CameraController: mouse and keyboard → MapCamera moves, as map users
// expect: left-drag pans, right-drag (or Ctrl+left) rotates and tilts, the
// wheel zooms toward the cursor; arrows/WASD pan, Q/E rotate, R/F tilt,
// +/− zoom, Home fits the city. Pure logic (no GLFW), so it is tested alone.

#include "scene/camera.h"

namespace citywall::scene {

enum class DragMode { none, pan, rotate };
enum class CameraKey { panLeft, panRight, panUp, panDown, rotateLeft, rotateRight, tiltUp, tiltDown, zoomIn, zoomOut };

class CameraController {
 public:
  explicit CameraController(MapCamera& camera) : camera_(camera) {}

  void beginDrag(DragMode mode, glm::dvec2 cursor) { mode_ = mode, last_ = cursor; }
  void endDrag() { mode_ = DragMode::none; }
  /// Cursor moved to `cursor` (pixels) in a width × height view.
  void moveCursor(glm::dvec2 cursor, double width, double height);
  /// Wheel steps (positive: toward the screen = zoom in) at the cursor.
  void scroll(double steps, glm::dvec2 cursor, double width, double height);
  /// A held key for `seconds` (smooth, frame-rate independent).
  void key(CameraKey key, double seconds, double width, double height);

 private:
  MapCamera& camera_;
  DragMode mode_ = DragMode::none;
  glm::dvec2 last_{0.0};
};

}  // namespace citywall::scene
