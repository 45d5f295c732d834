#pragma once
// What the UI asks the app to do. Panels and the presenter only read the
// store and scene; every change they want goes out as one of these commands
// and the app carries it out (ARCHITECTURE.md: the UI emits commands).

#include <string>
#include <variant>
#include <vector>

namespace citywall::ui {

/// A camera view in geographic terms (what bookmarks and fly-to speak).
struct CameraView {
  double lon = 0, lat = 0;
  double distance = 1000;  ///< metres from the point looked at
  double heading = 0;      ///< degrees clockwise from north
  double pitch = 45;       ///< degrees from straight down
};

enum class LayerId { markers, heat, sensorField, regions, sensors };

struct FlyTo {
  CameraView view;
  double seconds = 0;  ///< 0: a duration from the path
  bool keepDistance = false;  ///< fly over the point at the current height and angle
  bool keepHeading = false;   ///< keep the current heading (no needless turn toward north)
};
struct SelectCase {
  std::string id;
  bool fly = false;  ///< also fly to it
};
struct SelectSensor {
  std::string id;
  bool fly = false;
};
struct ClearSelection {};
struct SetLayerVisible {
  LayerId layer;
  bool visible;
};
struct SetLanguage {
  bool chinese;
};
struct GoToBookmark {
  std::string name;
};
struct SetTour {
  bool on;
};
struct SetAlertsPaused {
  bool paused;
};

using Command = std::variant<FlyTo, SelectCase, SelectSensor, ClearSelection, SetLayerVisible, SetLanguage, GoToBookmark,
                             SetTour, SetAlertsPaused>;
using Commands = std::vector<Command>;

}  // namespace citywall::ui
