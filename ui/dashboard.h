#pragma once
// The command-centre dashboard: a KPI header across the top, the case list
// on the left, the selected case's card, alarms, charts and the layer panel
// on the right, the map in between — laid out for a wide wall and readable
// from across a room. Reads the store and what the app hands it; everything
// it wants changed goes out as commands. Main thread, between
// ImGui::NewFrame and ImGui::Render.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "live/store.h"
#include "ui/map_labels.h"
#include "ui/animated_number.h"
#include "ui/categories.h"
#include "ui/commands.h"
#include "ui/overlay.h"
#include "ui/wall_panels.h"

namespace citywall::ui {

/// The feeds as the header shows them (the app summarises feed/ for us).
struct FeedSummary {
  int configured = 0, connected = 0;
  bool recorded = false;  ///< events came from a file (--events)
  uint64_t events = 0, rejected = 0;
};

/// Which layers are on, and which exist.
struct LayerSwitches {
  bool markers = true, heat = true, sensorField = false, regions = true, sensors = true, basemap = true;
  bool hasRegions = false, hasBasemap = false;
  /// The governance layers, in the configuration's order.
  struct Feature {
    std::string name;  ///< in the UI's language
    std::string id;    ///< the configuration's name (what SetFeatureLayerVisible names)
    uint32_t rgb = 0;
    bool on = true;
  };
  std::vector<Feature> features;
  size_t hiddenBuildings = 0;  ///< taken off the wall (a button puts them back)
};

/// What the presenter is doing (for the header's presentation line).
struct PresentationStatus {
  bool touring = false;
  std::optional<std::string> tourStop;
  bool alertsPaused = false;
  std::optional<std::string> focusedAlert;
  std::vector<std::string> bookmarks;
};

struct DashboardInput {
  const live::Store* store = nullptr;
  const CategoryTable* categories = nullptr;
  /// Status colours (sRGB, in live::CaseStatus order), the markers' own.
  std::array<uint32_t, live::kCaseStatusCount> statusRgb{};
  Language language = Language::zh;
  float scale = 1;
  bool animate = true;  ///< false: numbers show their value at once (screenshots)
  double seconds = 0;   ///< since the last frame
  FeedSummary feeds;
  LayerSwitches layers;
  PresentationStatus presentation;
  std::optional<std::string> selectedCase, selectedSensor;
  std::vector<std::string> otherSelection;  ///< a building or a governance feature, already formatted
  bool buildingSelected = false;            ///< otherSelection is a building (its card can hide it)
  std::optional<double> cordon;             ///< the selected case's cordon, metres (its card can change or lift it)
  OverlayInfo overlay;   ///< labels, legend, attributions, and the stats when `showStats`
  bool showStats = false;
  std::string journalError;
  std::string loading;  ///< what is still loading (3D Tiles), already formatted; "" when nothing is
  /// A journal plays instead of live feeds: its speed, and whether it runs.
  struct ReplayStatus {
    double speed = 1;
    bool playing = true;
    live::TimeMs begin = 0, end = 0, time = 0;  ///< the range and the playhead (receive times)
    const std::vector<uint32_t>* density = nullptr;   ///< frames per slice of the range
    const std::vector<live::TimeMs>* urgent = nullptr;  ///< priority-1 cases and alarms
    bool review = false;  ///< a live wall looking back (End, or playing to the end, returns to live)
    std::optional<std::pair<live::TimeMs, live::TimeMs>> loop;  ///< a range played again and again
  };
  std::optional<ReplayStatus> replay;
  /// A drill runs, or drill data is on the wall: the 演练 DRILL banner.
  struct DrillStatus {
    std::string name, caption;  ///< name "" when only the data tells (a replay joined mid-drill)
    bool paused = false;
  };
  std::optional<DrillStatus> drill;
  /// The conductor of a video wall: its console (the panels, the nodes' health).
  std::optional<WallConsoleInfo> wall;
  /// A video wall's canvas with [wall.dashboard]: the rectangles (canvas
  /// pixels) the header spans and the two columns fill, each on its panels.
  struct Placement {
    LabelBox header, left, right;
    /// The header cut at the bezels: one box per column of panels it spans
    /// (empty: one part, `header`).
    std::vector<LabelBox> headerParts;
  };
  std::optional<Placement> placement;  ///< the journal cannot write (empty while it records or when there is none)
};

/// The dashboard's own state from frame to frame: filters, sort, search,
/// carousel, the numbers' animation, and the list it last built.
struct DashboardState {
  /// Where the panels stood last frame (pixels): the map's names keep out
  /// from under them.
  std::vector<LabelBox> panels;
  // Case list filters ("" or -1: all)
  std::string category, grid;
  int status = -2;  ///< -2: open work, -1: all, else a live::CaseStatus
  int priority = 0;  ///< 0: all, else 1–4
  char search[96] = {};
  int sortColumn = 0;  ///< 0 time, 1 priority, 2 category, 3 status, 4 grid
  bool sortAscending = false;
  bool carousel = false;
  double carouselSeconds = 8;
  // Internal
  double carouselTimer = 0;
  size_t carouselIndex = 0;
  double sinceListBuilt = 1e9;
  uint64_t listStoreVersion = ~0ull;  // CaseStore::changes().version() when the list was built
  std::vector<uint32_t> list;  ///< case slots shown, in order
  /// A rebuild of the list in slices across frames (see advanceCaseScan).
  struct ListScan {
    struct Entry {
      int64_t number;
      std::string text;
      int64_t reportedAt;
      std::string id;
      uint32_t slot;
    };
    bool active = false;
    uint32_t next = 0, end = 0;
    size_t matching = 0;
    bool ascending = false;
    int column = 0;
    std::vector<Entry> heap;  ///< the best kCaseListLimit so far
  };
  ListScan scan;
  size_t listMatching = 0;
  bool listDirty = true;
  bool scrollToSelection = false;
  std::map<std::string, AnimatedNumber> numbers;
  /// Where the visible case rows were drawn last frame (pixels): for input
  /// tests and tracing (CITYWALL_TRACE), which click a row by its id.
  struct RowRect {
    std::string id;
    float x, y, w, h;
  };
  std::vector<RowRect> visibleRows;
  /// The timeline: where a drag of the playhead is (receive time), if one is under way.
  std::optional<live::TimeMs> scrubbing;
  std::optional<live::TimeMs> previewed;  ///< the last moment a drag asked the city for
  std::optional<live::TimeMs> rangeFrom;  ///< where a Shift-drag on the timeline began
  double typedSpeed = 1;                  ///< the timeline's speed box while it is edited
  bool editingSpeed = false;
  double sinceSensorsCounted = 1e9;
  uint32_t sensorsOnline = 0;
  float headerPartsHeight = 0;  ///< a header cut at the bezels: how tall its parts wanted to be last frame
};

/// A sensor counts as online when any metric reported within this long of the clock.
constexpr live::TimeMs kSensorOnlineWindow = 15 * live::kMinute;

/// The most cases the list holds at once (the newest or highest by the sort);
/// its header says how many matched.
constexpr size_t kCaseListLimit = 500;

void drawDashboard(const DashboardInput& in, DashboardState& state, Commands& out);

/// "12 分", "3.5 时", "2.0 天" for a duration in minutes.
std::string formatMinutes(double minutes, Language language);
/// "HH:MM" (or "MM-DD HH:MM" when not `sameDay`) of `t` in the store's zone.
std::string formatLocalTime(live::TimeMs t, int utcOffsetMinutes, bool withDate = false);
/// The closure rate the header shows: closed ÷ (all − cancelled), or nullopt with no cases.
std::optional<double> closureRate(const live::CaseStore& cases);

}  // namespace citywall::ui
