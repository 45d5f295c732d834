#pragma once
// Commands: every change to what the wall shows, whoever asks for it — a
// panel, the presenter (tour, alert focus), a key, a mouse drag or click, the
// command line (--select) — is one of these, and the frame step carries them
// out in one place (app/frame_commands.cpp). So a replay or a wall node can
// apply the same list and show the same frame (docs/architecture.md).

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scene/area_marks.h"
#include "scene/camera.h"
#include "scene/picking.h"

namespace citywall::ui {

/// A camera view in geographic terms (what bookmarks and fly-to speak).
struct CameraView {
  double lon = 0, lat = 0;
  double distance = 1000;  ///< metres from the point looked at
  double heading = 0;      ///< degrees clockwise from north
  double pitch = 45;       ///< degrees from straight down
};

enum class LayerId { markers, heat, sensorField, regions, sensors, basemap };

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
/// A governance layer (治理要素) on or off, by its name in the configuration.
struct SetFeatureLayerVisible {
  std::string name;
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

/// Keys 1–9: the n-th bookmark (0-based), if there is one.
struct GoToBookmarkNumber {
  size_t index;
};
/// Key B: the current view becomes a new bookmark (kept in the --config file).
struct SaveBookmark {};
/// Home or 0: the whole city in view.
struct FitCity {};
/// A camera moved by hand (drag, wheel, held keys): flights, the tour and
/// alert focus yield to the person at the controls.
struct SetCamera {
  scene::MapCamera camera;
};
/// A click on the map at framebuffer pixels: picks a marker, sensor or
/// building (a cluster zooms in).
struct PickAt {
  double x, y;
};
/// "night" or "day".
struct SetTheme {
  std::string name;
};
/// Replay controls (keys Space, [, ], comma and period; the header).
/// On a live wall with a journal they start a look back (a review) at the
/// current moment; `live` ends it.
enum class ReplayAction { playPause, faster, slower, forward, back, live };
struct Replay {
  ReplayAction action;
};
/// The timeline: the replay moves to this receive time.
struct SeekReplay {
  int64_t time;  ///< epoch ms
  /// A drag on the timeline still in progress: the city follows the
  /// pointer (as often as the seeks allow), and only where the drag ends
  /// goes into the journal.
  bool preview = false;
};
/// A typed speed (0.1–1000×).
struct SetReplaySpeed {
  double speed;
};
/// Shift-drag on the timeline: the replay plays this range again and again
/// (receive times); from == to ends the loop.
struct LoopReplay {
  int64_t from, to;
};
/// A drill's banner: its name, the caption on the wall ("" none) and
/// whether it waits for the presenter. The frame loop issues it as the drill
/// moves, so the journal keeps it and a replay shows the same banner.
struct DrillBanner {
  std::string name, caption;
  bool paused = false;
};
/// A drill paused for the presenter goes on (key N).
struct ResumeDrill {};
/// The wall's console: every panel shows its number (to tell which is
/// which while cabling or calling a technician), or stops.
struct WallIdentify {
  bool on = true;
};
/// The wall's console: panel `panel` (1-based) shows black, or the city again.
struct WallBlank {
  int panel = 1;
  bool on = true;
};
/// An area marked on the wall (a cordon, an evacuation zone): the buildings
/// inside it tinted in its colour (scene::AreaMark). A mark with the id of
/// one shown moves it.
struct MarkArea {
  scene::AreaMark mark;
};
/// Takes a marked area off the wall ("": every one).
struct ClearMark {
  std::string id;
};
/// A building taken off the wall (to see the street, the case or the
/// crowd behind it) or put back; picking passes through it while hidden.
struct HideBuilding {
  scene::BuildingRef building;
  bool hidden = true;
};
/// Key X: the building selected now taken off the wall. The frame step
/// names it (a HideBuilding) before the journal keeps it.
struct HideSelected {};
/// Shift+X: every building taken off the wall put back.
struct ShowAllBuildings {};
/// Key Z or the case card's buttons: a cordon round the selected case — an
/// area marked at its place and named by its id (AreaMark), as a drill's
/// evacuation zone is. `radius` in metres; 0: the next of 300 m, 500 m and
/// 1 km after the one it has, then none (Z again and again); below 0:
/// lifted. The frame step names it (a MarkArea or a ClearMark) before the
/// journal keeps it, so a replay and the wall's nodes need no selection.
struct CordonSelected {
  double radius = 0;
};
/// The radii key Z steps through (metres).
inline constexpr double kCordonRadii[] = {300, 500, 1000};
/// On/off switches that flip what they are now.
enum class Setting { theme, ui, tour, alertsPaused, language, carousel, stats };
struct Toggle {
  Setting setting;
};
struct ToggleLayer {
  LayerId layer;
};

using Command = std::variant<FlyTo, SelectCase, SelectSensor, ClearSelection, SetLayerVisible, SetFeatureLayerVisible, SetLanguage, GoToBookmark,
                             SetTour, SetAlertsPaused, GoToBookmarkNumber, SaveBookmark, FitCity, SetCamera, PickAt, Toggle,
                             ToggleLayer, SetTheme, Replay, SeekReplay, SetReplaySpeed, LoopReplay, DrillBanner,
                             ResumeDrill, WallIdentify, WallBlank, MarkArea, ClearMark, HideBuilding, HideSelected,
                             ShowAllBuildings, CordonSelected>;
using Commands = std::vector<Command>;

/// A command as one line of JSON ({"cmd":"select_case","id":"…",…}): what the
/// journal keeps of an operator's actions.
std::string toJson(const Command& command);
/// Whether a command goes into the journal: all but a drag's preview seeks
/// (where the drag ends is journaled; the path the pointer took is not).
bool journaled(const Command& command);
/// Whether a replay does a journaled command again (of those commandFromJson
/// reads back): not the wall's console (the viewer's panels are not the
/// recorder's), nor showing the recorder's overlay or statistics.
bool replayable(const Command& command);
/// Whether a command sets what the wall shows until it is changed again: a
/// layer, the theme, alerts paused, a marked area, a hidden building, the
/// drill's banner. A
/// replay that jumps does these again up to the moment it lands on
/// (feed::kLastingAction); the camera and the selection stay the viewer's.
bool lasting(const Command& command);
/// The command a toJson line stands for; nullopt for anything else (a
/// journal from a newer citywall may hold commands this one does not know).
std::optional<Command> commandFromJson(std::string_view json);

}  // namespace citywall::ui
