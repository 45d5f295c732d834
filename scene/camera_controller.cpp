#include "scene/camera_controller.h"

#include <cmath>

namespace citywall::scene {

void CameraController::moveCursor(glm::dvec2 cursor, double width, double height) {
  const glm::dvec2 delta = cursor - last_;
  if (mode_ == DragMode::pan) {
    camera_.panPixels(last_, cursor, width, height);
  } else if (mode_ == DragMode::rotate) {
    // A full drag across the view turns 180° and tilts 90°.
    camera_.heading -= delta.x / width * 180.0;
    camera_.pitch -= delta.y / height * 90.0;
  }
  camera_.normalize();
  last_ = cursor;
}

void CameraController::scroll(double steps, glm::dvec2 cursor, double width, double height) {
  camera_.zoomTowardPixel(std::pow(0.85, steps), cursor, width, height);
  camera_.normalize();
}

void CameraController::key(CameraKey key, double seconds, double width, double height) {
  const glm::dvec2 centre(width / 2, height / 2);
  const double panPixels = 0.6 * height * seconds;  // 60 % of the view height per second
  switch (key) {
    case CameraKey::panLeft: camera_.panPixels(centre, centre + glm::dvec2(panPixels, 0), width, height); break;
    case CameraKey::panRight: camera_.panPixels(centre, centre - glm::dvec2(panPixels, 0), width, height); break;
    case CameraKey::panUp: camera_.panPixels(centre, centre + glm::dvec2(0, panPixels), width, height); break;
    case CameraKey::panDown: camera_.panPixels(centre, centre - glm::dvec2(0, panPixels), width, height); break;
    case CameraKey::rotateLeft: camera_.heading += 60 * seconds; break;
    case CameraKey::rotateRight: camera_.heading -= 60 * seconds; break;
    case CameraKey::tiltUp: camera_.pitch += 40 * seconds; break;
    case CameraKey::tiltDown: camera_.pitch -= 40 * seconds; break;
    case CameraKey::zoomIn: camera_.zoomTowardPixel(std::pow(0.3, seconds), centre, width, height); break;
    case CameraKey::zoomOut: camera_.zoomTowardPixel(std::pow(1 / 0.3, seconds), centre, width, height); break;
  }
  camera_.normalize();
}

}  // namespace citywall::scene
