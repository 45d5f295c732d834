#pragma once
// FrameView: the immutable description of one frame that the renderer draws
// (camera, theme, viewport). Built by the app from the scene each frame; the
// renderer never reads anything else about the world (ARCHITECTURE.md).

#include <cstdint>

#include "scene/camera.h"
#include "scene/theme.h"

namespace citywall::scene {

struct FrameView {
  CameraMatrices camera;
  double cameraDistance = 1000;  ///< metres, eye to target; scales fog and grid fading
  Theme theme;
};

}  // namespace citywall::scene
