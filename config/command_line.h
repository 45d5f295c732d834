#pragma once
// The command line: what to load, how to look at it, where to render.
// Parsing is separate from running so it is tested on its own.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scene/layer_styles.h"
#include "assets/city_loader.h"
#include "feed/feed_client.h"
#include "live/store.h"
#include "ui/categories.h"
#include "ui/presenter.h"
#include "ui/strings.h"
#include "wall/wall_layout.h"

namespace citywall::config {

/// A mistake on the command line; the message says which option and why.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// --camera lon,lat,distance,heading,pitch (degrees, metres)
struct CameraSpec {
  double lon = 0, lat = 0, distance = 1000, heading = 0, pitch = 0;
};
/// --web-camera lon,lat,zoom,pitch,bearing (the deck.gl/MapLibre convention)
struct WebCameraSpec {
  double lon = 0, lat = 0, zoom = 14, pitch = 0, bearing = 0;
};

/// The wall: which monitor, fullscreen, the cursor, the frame rate.
struct KioskOptions {
  bool fullscreen = false;       ///< borderless fullscreen (on `monitor`, or across all monitors)
  int monitor = 0;               ///< index in GLFW's monitor list (0 = primary)
  bool spanAll = false;          ///< one window across every monitor (a video wall driven as one desktop)
  /// The window's size from the monitor's top-left corner instead of the
  /// monitor's: a wall node's block of panels, across that output and the
  /// ones right of and below it on an extended desktop. 0: the monitor's.
  int spanWidth = 0, spanHeight = 0;
  double hideCursorSeconds = 3;  ///< the cursor hides after this long still (0: never)
  double maxFps = 0;             ///< 0: as fast as vsync allows
};

struct AppOptions {
  std::string configFile;      ///< the deployment's TOML file (--config), applied before the command line
  std::vector<assets::BuildingSource> cityFiles;  ///< [city] files, [[city.sources]], --city
  /// The city cache's folder: unset, the default ($XDG_CACHE_HOME/citywall);
  /// "" off ([city] cache = false, --no-city-cache).
  std::optional<std::string> cityCache;
  std::vector<assets::ModelSpec> models;
  std::vector<assets::tiles3d::TilesetSource> tilesets;  ///< [[city.tilesets]], --tileset: 3D Tiles streamed for the camera
  double tilesMemoryMb = 512;    ///< [city] tiles_memory_mb: loaded 3D Tiles content never exceeds it
  double tilesErrorPx = 16;      ///< [city] tiles_error_px: a tile refines when its error spans more pixels
  std::vector<assets::BaseMapSource> basemap;  ///< [[basemap]] / --basemap: water, streets, names
  std::vector<scene::FeatureLayerStyle> features;  ///< [[layers.features]]: cameras, hydrants, hospitals, pipelines…
  scene::BaseMapStyleOverrides basemapStyle;       ///< [basemap_style.night|day]: the deployment's own base-map colours
  std::optional<geo::LonLatHeight> origin;
  std::optional<CameraSpec> camera;
  std::optional<WebCameraSpec> webCamera;
  std::string theme = "night";
  ui::Language language = ui::Language::zh;
  bool headless = false;       ///< forced offscreen rendering
  bool window = false;         ///< forced window (fails without a display)
  uint32_t width = 1920, height = 1080;
  bool sizeGiven = false;
  std::string screenshot;      ///< render, write this PNG, exit
  std::string outDir = "citywall-shots";  ///< headless without --screenshot: a few views go here
  int frames = 0;              ///< window: exit after this many frames (0: run until closed)
  bool vsync = true;
  int msaa = 0;                ///< samples; 0: auto (RendererOptions::msaaSamples)
  /// How buildings are culled: "gpu" (per building, with occlusion),
  /// "frustum" (per building, no occlusion) or "cpu" (per chunk).
  std::string culling = "gpu";
  /// A chunk of buildings is drawn at its coarse level while that level's
  /// error spans fewer pixels than this (scene::FrameView::coarsePixels); 0: never.
  float coarsePixels = 1.0f;
  /// The same for the block level (scene::FrameView::blockPixels); 0: never.
  float blockPixels = 1.0f;
  bool validation = false;
  bool ui = true;
  float uiScale = 0;           ///< 0: from the target height
  std::string device;
  // Live feeds
  std::vector<std::string> feeds;  ///< ws:// or wss:// URLs
  std::string token;               ///< bearer token for every feed
  std::string caFile;              ///< wss: trust this CA file (verification stays on)
  double feedTimeout = 30;         ///< seconds of silence before a feed counts as dead
  double runFor = 0;               ///< run this many seconds, then finish (0: headless renders at once, a window runs until closed)
  std::string dumpState;           ///< write the store as JSON here when finishing
  std::string regionsFile;         ///< management grid or districts (GeoJSON) for the choropleth
  std::string regionsCrs = "WGS84";
  std::string regionsMetric = "open";  ///< open, overdue or new (reported in the last hour)
  std::string eventsFile;          ///< recorded feed messages applied before the first frame (JSON lines)
  std::string replayDir;           ///< --replay DIR: a journal applied before the first frame (up to replayAt)
  std::optional<live::TimeMs> replayAt;  ///< --at TIME: headless, the city at this time (default: the journal's end)
  std::optional<live::TimeMs> replayFrom, replayTo;  ///< --from/--to: the range played
  double replaySpeed = 1;          ///< --speed X (0.1–1000)
  bool replayLoop = false;         ///< --loop: the range again and again
  std::string drillFile;           ///< --drill FILE.toml: a scenario played over the live wall (or alone)
  std::optional<double> drillAt;   ///< --drill-at SECONDS: headless, the drill run at once to this moment
  std::string exportFrames;        ///< --export-frames DIR: headless, a PNG per frame of the range
  double exportFps = 10;           ///< --fps N
  std::optional<live::TimeMs> clock;  ///< a fixed clock (screenshots of the city at a time); none: live
  bool clockFromEvents = false;    ///< --clock events: the newest recorded event's time
  bool clockFollowsFeed = false;   ///< --clock feed: the newest event applied so far (replays, fast simulations)
  std::string selectCase;          ///< --select ID: the case selected (card open) at start
  bool showStats = false;          ///< frame and GPU times on the dashboard
  std::string bookmark;            ///< --bookmark NAME: start at (headless: render) this bookmark's view
  // From the configuration file only
  std::vector<feed::FeedOptions> configFeeds;  ///< [[feeds]] (replaced by any --feed)
  scene::LayerStyles layers;
  ui::CategoryTable categories = ui::CategoryTable::defaults();
  live::StoreConfig store;
  std::vector<ui::Bookmark> bookmarks;
  ui::TourOptions tour;
  ui::AlertFocusOptions alertFocus;
  KioskOptions kiosk;
  /// [wall]: the video wall's panels, bezels and render nodes.
  std::optional<wall::WallLayout> wall;
  /// --wall-panel N[,M…] (headless) or a node's panels: draw only these
  /// panels of the wall (their pixels side by side, the wall's camera).
  std::vector<int> wallPanels;
  bool wallCanvas = false;    ///< --wall-canvas: headless, draw the wall's whole canvas (bezel strips included)
  bool wallConductor = false; ///< --wall-conductor: drive the wall's render nodes (feeds, journal and input stay here)
  std::string wallNode;       ///< --wall-node NAME[@HOST:PORT]: be this render node of the wall
  std::string wallNodeAddress;  ///< the conductor's HOST:PORT (default: [wall] conductor)
  std::string wallReport;     ///< --wall-report FILE: a line per wall frame (frame, clock, store changes, the store's digest)
  std::string wallKeygen;     ///< --wall-keygen FILE: write a new wall key there, then exit
  bool panels = true;  ///< the dashboard panels (--no-panels: map and status line only)
  /// The journal of every feed frame ([journal], --journal DIR, --no-journal):
  /// on whenever feeds are configured; `journalDir` empty means the default
  /// folder ($XDG_STATE_HOME/citywall/journal, else ~/.local/state/citywall/journal).
  bool journal = true;
  std::string journalDir;
  double journalRetentionDays = 30;
  double journalMaxGb = 20;
  double journalKeyframeShare = 0.5;  ///< [journal] keyframe_share: at most this part of the folder is keyframes
  bool help = false;
  bool version = false;  ///< --version: print it and exit
};

/// Parses argv over `base` (the configuration's values; the command line
/// wins); throws UsageError with a message naming the option.
AppOptions parseCommandLine(int argc, const char* const* argv, AppOptions base = {});
/// The --config FILE in argv, if any (read before the rest is parsed).
std::optional<std::string> configFileIn(int argc, const char* const* argv);
/// The text --help prints.
std::string usageText();

}  // namespace citywall::config
