#include "config/command_line.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "geo/crs.h"
#include "feed/feed_url.h"
#include "geo/time.h"

namespace citywall::config {
namespace {

std::vector<double> numbers(const std::string& option, const std::string& text, size_t count) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    double v;
    const char* b = part.data();
    auto [ptr, ec] = std::from_chars(b, b + part.size(), v);
    if (ec != std::errc() || ptr != b + part.size() || !std::isfinite(v))
      throw UsageError(option + ": '" + part + "' is not a number");
    out.push_back(v);
  }
  if (count && out.size() != count)
    throw UsageError(option + ": expected " + std::to_string(count) + " comma-separated numbers, got '" + text + "'");
  return out;
}

void checkLonLat(const std::string& option, double lon, double lat) {
  if (std::abs(lon) > 180 || std::abs(lat) > 85)
    throw UsageError(option + ": longitude must be within ±180 and latitude within ±85 degrees");
}

}  // namespace

std::string usageText() {
  return R"(citywall — a whole city on one screen

usage: citywall --city FILE.geojson [--city FILE2 ...] [options]

data
  --city FILE[@CRS]           building footprints (GeoJSON, optionally .gz; CRS WGS84, GCJ02, BD09
                              or CGCS2000); repeatable
  --height-field NAME         the property holding the height (metres) in the --city files that
                              follow (default: height, else levels × 3 m)
  --city-cache DIR            where the extruded city is kept for the next start (default
                              $XDG_CACHE_HOME/citywall); --no-city-cache: parse every time
  --basemap FILE[@CRS]        a base-map layer under the city: GeoJSON (Tilezen schema; the layer
                              from the name: …_water, _roads, _landuse, _places, _pois) or vector
                              tiles in an .mbtiles or .pmtiles file (read for the camera); repeatable
  --regions FILE[@CRS]        grid cells or districts (GeoJSON) for the choropleth of open
                              cases; CRS WGS84 (default), GCJ02, BD09 or CGCS2000
  --regions-metric M          what fills the areas: open (default), overdue, new (last hour)
  --model FILE@lon,lat,h,heading,scale
                              place a model (glTF/GLB, or any format Assimp reads)
  --tileset FILE.json[@lon,lat[,height[,heading[,scale]]]]
                              a 3D Tiles 1.0/1.1 tileset, streamed for the camera; the placement
                              puts one without a place on the Earth there (or moves one);
                              repeatable
  --tiles-memory MB           loaded 3D Tiles content stays under this (default 512)
  --origin lon,lat            the local frame's origin (default: centre of the buildings)
view
  --camera lon,lat,distance,heading,pitch
                              look at lon,lat from distance metres; heading clockwise
                              from north; pitch 0 = straight down, up to 85
  --web-camera lon,lat,zoom,pitch,bearing
                              the same in web-map terms (deck.gl, MapLibre)
  --theme night|day           colours (default night)
  --lang zh|en                UI language (default zh)
  --no-ui                     no overlay
  --ui-scale S                UI scale (default: from the screen height)
output
  --headless                  render offscreen even when a display exists
  --window                    open a window (fails without a display)
  --size WxH                  image or window size in pixels (default 1920x1080)
  --screenshot FILE.png       render one frame, write it, exit (window or headless)
  --out-dir DIR               headless without --screenshot: write a few views here
  --frames N                  window: exit after N frames
live feeds
  --feed URL                  repeatable: ws:// or wss:// (protocol v1), or
                              open311+https://HOST/PATH/requests.json (an Open311
                              GeoReport v2 server, polled), or
                              'sta+https://HOST/FROST/v1.1?mqtt=mqtt://HOST:1883' (an OGC
                              SensorThings service and its MQTT broker; mqtts:// for
                              MQTT over TLS); [[feeds]] with
                              kind = "open311" or "sensorthings" set their options
  --token T                   bearer token sent to the feeds
  --ca-file FILE              wss, https, mqtts: trust this CA certificate (verification stays on)
  --feed-timeout S            seconds of silence before reconnecting (default 30)
  --run-for S                 run S seconds, then finish (headless: before rendering)
  --dump-state FILE.json      write the live store as JSON when finishing
  --journal DIR               record every feed frame here (default: on, in
                              $XDG_STATE_HOME/citywall/journal)
  --no-journal                record nothing
  --replay DIR                apply a journal's feed frames before the first frame; the clock is
                              the journal's time (its end, or --at)
  --at TIME                   with --replay, headless: the city as it was at TIME (RFC 3339)
  --from TIME, --to TIME      with --replay: the range played (default: the whole journal)
  --speed X                   with --replay: 0.1 to 1000 times real time (default 1)
  --loop                      with --replay: play the range again and again
  --drill FILE.toml           play a drill scenario over the live wall, or alone (drills/ has examples);
                              its data is marked 演练 DRILL and kept out of the real KPIs; Enter resumes a pause
  --drill-at SECONDS          with --drill, headless: the drill as it stands SECONDS after its start
  --export-frames DIR         with --replay, headless: one PNG per frame of the range into DIR
  --fps N                     with --export-frames: frames per second of replay (default 10)
rendering
  --no-vsync                  present as fast as possible
  --msaa N|auto               multisampling (1, 2, 4, 8; default auto: 4, but 1 in a
                              window drawn by a software rasteriser such as lavapipe)
  --culling gpu|frustum|cpu   buildings culled on the GPU per building, with occlusion (default),
                              without it, or per chunk on the CPU (for a driver that misbehaves)
  --coarse-pixels P           far buildings drawn at their coarse level (party walls left out,
                              footprints simplified) while its error spans under P pixels
                              (default 1; 0: every building in full detail)
  --block-pixels P            farther still, buildings that touch and are about as tall merged
                              into blocks while that level's error spans under P pixels
                              (default 1; 0: never)
  --validation                Vulkan validation layers (messages are counted and printed)
  --device NAME               use the GPU whose name contains NAME
presentation and kiosk
  --config FILE.toml          the deployment's configuration (city, feeds, layers, categories,
                              bookmarks, tour, alerts, kiosk); the command line overrides it
  --bookmark NAME             start at a bookmark's view (headless: render it, for a slide)
  --tour                      start the bookmark tour
  --no-panels                 map and status line only (no dashboard panels)
  --stats                     frame and GPU times on the dashboard
  --max-fps N                 cap the window's frame rate (0: no cap)
  --events FILE.jsonl         apply recorded feed messages (one per line) before the first frame
  --clock TIME|events|feed    a fixed clock (RFC 3339), the newest recorded event's time, or
                              the newest event so far (replays); default: live (now)
  --select ID                 select a case (or sensor) at start: its card opens and the
                              camera looks at it; or a city building by its source id (OSM way id)
  --wall-panel N[,M…]         headless: panel N of the configuration's [wall] alone, as the wall
                              shows it (its pixels; the camera of the whole wall, bezels hidden);
                              a block of panels: side by side, as one node's window shows them
  --wall-canvas               headless: the whole wall as one picture (bezel strips included);
                              with --wall-conductor: the conductor shows the wall so, not its console
  --wall-conductor            drive the wall's render nodes: this process reads the feeds, keeps
                              the journal and takes the operator's input; nodes draw what it says
  --wall-node NAME[@HOST:PORT]  be render node NAME of [wall] (its panel), following the conductor
                              at HOST:PORT (default: [wall] conductor); reads no feeds itself
  --wall-report FILE          a line per wall frame: frame, clock, store changes, the store's digest
  --wall-keygen FILE          write a new wall key (for [wall] key_file: the wall's messages
                              encrypted, only the key's holders let in), then exit
  --fullscreen                borderless fullscreen
  --monitor N|all             fullscreen on monitor N, or one window across all monitors
  --version                   print the version and exit
  --help

exit codes: 0 done (or stopped), 1 a failure at run time (a file that cannot be read,
no Vulkan device, a screenshot that cannot be written), 2 a wrong option or configuration,
3 with --validation: the Vulkan validation layers reported a problem
)";
}

std::optional<std::string> configFileIn(int argc, const char* const* argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--config") return std::string(argv[i + 1]);
  return std::nullopt;
}

AppOptions parseCommandLine(int argc, const char* const* argv, AppOptions base) {
  AppOptions o = std::move(base);
  bool feedsGiven = false, citiesGiven = false, basemapGiven = false;
  assets::FootprintOptions cityOptions;  // what --height-field set so far
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(arg + ": needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--version") {
      o.version = true;
    } else if (arg == "--config") {
      o.configFile = value();  // already applied by the caller (configFileIn)
    } else if (arg == "--events") {
      o.eventsFile = value();
    } else if (arg == "--clock") {
      const std::string v = value();
      live::TimeMs t = 0;
      if (v == "events") o.clockFromEvents = true;
      else if (v == "feed") o.clockFollowsFeed = true;
      else if (geo::parseRfc3339(v, t)) o.clock = t;
      else throw UsageError("--clock: expected an RFC 3339 time such as 2026-11-22T10:30:00+08:00, 'events' or 'feed', got '" + v + "'");
    } else if (arg == "--select") {
      o.selectCase = value();
    } else if (arg == "--max-fps") {
      o.kiosk.maxFps = numbers(arg, value(), 1)[0];
      if (!(o.kiosk.maxFps >= 0)) throw UsageError("--max-fps: expected 0 (no cap) or a positive number");
    } else if (arg == "--stats") {
      o.showStats = true;
    } else if (arg == "--bookmark") {
      o.bookmark = value();
    } else if (arg == "--no-panels") {
      o.panels = false;
    } else if (arg == "--fullscreen") {
      o.kiosk.fullscreen = true;
    } else if (arg == "--monitor") {
      const std::string v = value();
      if (v == "all") {
        o.kiosk.spanAll = true;
      } else {
        const double n = numbers(arg, v, 1)[0];
        if (n < 0 || n != std::floor(n)) throw UsageError("--monitor: expected a monitor number (0, 1, …) or 'all'");
        o.kiosk.monitor = int(n), o.kiosk.spanAll = false;
      }
    } else if (arg == "--wall-panel") {
      o.wallPanels.clear();
      for (double n : numbers(arg, value(), 0)) {
        if (n < 1 || n != std::floor(n))
          throw UsageError("--wall-panel: expected panel numbers (1 is the top-left, counted row by row)");
        o.wallPanels.push_back(int(n));
      }
      if (o.wallPanels.empty()) throw UsageError("--wall-panel: expected panel numbers (1 is the top-left, counted row by row)");
    } else if (arg == "--wall-canvas") {
      o.wallCanvas = true;
    } else if (arg == "--wall-conductor") {
      o.wallConductor = true;
    } else if (arg == "--wall-node") {
      const std::string v = value();
      const auto at = v.find('@');
      o.wallNode = v.substr(0, at);
      if (at != std::string::npos) o.wallNodeAddress = v.substr(at + 1);
      if (o.wallNode.empty() || (at != std::string::npos && o.wallNodeAddress.rfind(':') == std::string::npos))
        throw UsageError("--wall-node: expected NAME or NAME@HOST:PORT, got '" + v + "'");
    } else if (arg == "--wall-report") {
      o.wallReport = value();
    } else if (arg == "--wall-keygen") {
      o.wallKeygen = value();
    } else if (arg == "--tour") {
      o.tour.autoStart = true;
    } else if (arg == "--city") {
      if (!citiesGiven) o.cityFiles.clear();  // cities on the command line replace the configuration's
      citiesGiven = true;
      // FILE[@CRS]; the --height-field given before it applies.
      const std::string v = value();
      assets::BuildingSource source(v, cityOptions);
      if (const auto at = v.rfind('@'); at != std::string::npos && at > 0) {
        geo::Crs crs;
        if (!geo::parseCrs(v.substr(at + 1), crs))
          throw UsageError("--city: unknown CRS '" + v.substr(at + 1) + "' (WGS84, GCJ02, BD09, CGCS2000)");
        source.file = v.substr(0, at), source.options.crs = crs;
      }
      o.cityFiles.push_back(std::move(source));
    } else if (arg == "--height-field") {
      cityOptions.heightField = value();  // for the --city files that follow
    } else if (arg == "--model") {
      const std::string v = value();
      const auto at = v.rfind('@');
      if (at == std::string::npos || at == 0)
        throw UsageError("--model: expected FILE@lon,lat,height,heading,scale, got '" + v + "'");
      const auto n = numbers("--model", v.substr(at + 1), 5);
      checkLonLat("--model", n[0], n[1]);
      if (!(n[4] > 0)) throw UsageError("--model: scale must be positive");
      o.models.push_back({v.substr(0, at), {n[0], n[1], n[2], n[3], n[4]}});
    } else if (arg == "--tileset") {
      const std::string v = value();
      assets::tiles3d::TilesetSource source{v, std::nullopt};
      if (const auto at = v.rfind('@'); at != std::string::npos && at > 0) {
        const std::string place = v.substr(at + 1);
        const size_t count = size_t(std::count(place.begin(), place.end(), ',')) + 1;
        if (count < 2 || count > 5)
          throw UsageError("--tileset: expected FILE.json@lon,lat[,height[,heading[,scale]]], got '" + v + "'");
        const auto n = numbers(arg, place, count);
        checkLonLat(arg, n[0], n[1]);
        assets::tiles3d::TilesetPlacement p{n[0], n[1]};
        if (count > 2) p.height = n[2];
        if (count > 3) p.heading = n[3];
        if (count > 4) p.scale = n[4];
        if (!(p.scale > 0)) throw UsageError("--tileset: scale must be positive");
        source = {v.substr(0, at), p};
      }
      o.tilesets.push_back(std::move(source));
    } else if (arg == "--tiles-memory") {
      o.tilesMemoryMb = numbers(arg, value(), 1)[0];
      if (!(o.tilesMemoryMb >= 16 && o.tilesMemoryMb <= 1 << 20)) throw UsageError("--tiles-memory: from 16 to 1048576 (MB)");
    } else if (arg == "--origin") {
      const auto n = numbers(arg, value(), 2);
      checkLonLat(arg, n[0], n[1]);
      o.origin = geo::LonLatHeight{n[0], n[1], 0.0};
    } else if (arg == "--camera") {
      const auto n = numbers(arg, value(), 5);
      checkLonLat(arg, n[0], n[1]);
      if (!(n[2] > 0)) throw UsageError("--camera: distance must be positive");
      if (n[4] < 0 || n[4] > 85) throw UsageError("--camera: pitch must be within 0..85 degrees");
      o.camera = CameraSpec{n[0], n[1], n[2], n[3], n[4]};
    } else if (arg == "--web-camera") {
      const auto n = numbers(arg, value(), 5);
      checkLonLat(arg, n[0], n[1]);
      if (n[3] < 0 || n[3] > 85) throw UsageError("--web-camera: pitch must be within 0..85 degrees");
      o.webCamera = WebCameraSpec{n[0], n[1], n[2], n[3], n[4]};
    } else if (arg == "--theme") {
      o.theme = value();
      if (o.theme != "night" && o.theme != "day") throw UsageError("--theme: expected night or day, got '" + o.theme + "'");
    } else if (arg == "--lang") {
      const std::string v = value();
      if (!ui::parseLanguage(v, o.language)) throw UsageError("--lang: expected zh or en, got '" + v + "'");
    } else if (arg == "--no-ui") {
      o.ui = false;
    } else if (arg == "--ui-scale") {
      o.uiScale = float(numbers(arg, value(), 1)[0]);
      if (!(o.uiScale >= 0.25f && o.uiScale <= 16.f)) throw UsageError("--ui-scale: expected 0.25 to 16");
    } else if (arg == "--headless") {
      o.headless = true;
    } else if (arg == "--window") {
      o.window = true;
    } else if (arg == "--size") {
      const std::string v = value();
      unsigned w = 0, h = 0;
      char x = 0, extra = 0;
      if (std::sscanf(v.c_str(), "%u%c%u%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') || !w || !h)
        throw UsageError("--size: expected WIDTHxHEIGHT such as 1920x1080, got '" + v + "'");
      o.width = w, o.height = h, o.sizeGiven = true;
    } else if (arg == "--screenshot") {
      o.screenshot = value();
    } else if (arg == "--out-dir") {
      o.outDir = value();
    } else if (arg == "--frames") {
      const double n = numbers(arg, value(), 1)[0];
      if (n < 1 || n != std::floor(n)) throw UsageError("--frames: expected a positive whole number");
      o.frames = int(n);
    } else if (arg == "--no-vsync") {
      o.vsync = false;
    } else if (arg == "--msaa") {
      const std::string v = value();
      if (v == "auto") {
        o.msaa = 0;
      } else {
        const double n = numbers(arg, v, 1)[0];
        if (n != 1 && n != 2 && n != 4 && n != 8) throw UsageError("--msaa: expected 1, 2, 4, 8 or auto");
        o.msaa = int(n);
      }
    } else if (arg == "--coarse-pixels" || arg == "--block-pixels") {
      const std::string v = value();
      char* end = nullptr;
      const float p = std::strtof(v.c_str(), &end);
      if (v.empty() || *end || !(p >= 0 && p <= 16)) throw UsageError(arg + ": expected a number from 0 to 16, got '" + v + "'");
      (arg == "--coarse-pixels" ? o.coarsePixels : o.blockPixels) = p;
    } else if (arg == "--culling") {
      o.culling = value();
      if (o.culling != "gpu" && o.culling != "frustum" && o.culling != "cpu")
        throw UsageError("--culling: expected gpu, frustum or cpu, got '" + o.culling + "'");
    } else if (arg == "--validation") {
      o.validation = true;
    } else if (arg == "--device") {
      o.device = value();
    } else if (arg == "--feed") {
      const std::string url = value();
      const auto parsed = feed::parseFeedUrl(url);
      if (!parsed) throw UsageError(std::string("--feed: expected ") + feed::kFeedUrlForms + ", got '" + url + "'");
      if (!feedsGiven) o.configFeeds.clear();  // feeds on the command line replace the configuration's
      feedsGiven = true;
      o.feeds.push_back(url);
    } else if (arg == "--token") {
      o.token = value();
    } else if (arg == "--ca-file") {
      o.caFile = value();
    } else if (arg == "--feed-timeout") {
      o.feedTimeout = numbers(arg, value(), 1)[0];
      if (!(o.feedTimeout >= 1)) throw UsageError("--feed-timeout: expected at least 1 second");
    } else if (arg == "--run-for") {
      o.runFor = numbers(arg, value(), 1)[0];
      if (!(o.runFor > 0)) throw UsageError("--run-for: expected a positive number of seconds");
    } else if (arg == "--dump-state") {
      o.dumpState = value();
    } else if (arg == "--journal") {
      o.journalDir = value();
      o.journal = true;
    } else if (arg == "--no-city-cache") {
      o.cityCache = "";
    } else if (arg == "--city-cache") {
      o.cityCache = value();
    } else if (arg == "--no-journal") {
      o.journal = false;
    } else if (arg == "--replay") {
      o.replayDir = value();
    } else if (arg == "--at" || arg == "--from" || arg == "--to") {
      live::TimeMs t;
      const std::string v = value();
      if (!geo::parseRfc3339(v, t)) throw UsageError(arg + ": expected an RFC 3339 time, got '" + v + "'");
      (arg == "--at" ? o.replayAt : arg == "--from" ? o.replayFrom : o.replayTo) = t;
    } else if (arg == "--speed") {
      o.replaySpeed = numbers(arg, value(), 1)[0];
      if (!(o.replaySpeed >= 0.1 && o.replaySpeed <= 1000)) throw UsageError("--speed: expected 0.1 to 1000");
    } else if (arg == "--loop") {
      o.replayLoop = true;
    } else if (arg == "--drill") {
      o.drillFile = value();
    } else if (arg == "--drill-at") {
      o.drillAt = numbers(arg, value(), 1)[0];
      if (!(*o.drillAt >= 0)) throw UsageError("--drill-at: expected seconds after the drill's start");
    } else if (arg == "--export-frames") {
      o.exportFrames = value();
    } else if (arg == "--fps") {
      o.exportFps = numbers(arg, value(), 1)[0];
      if (!(o.exportFps >= 0.1 && o.exportFps <= 120)) throw UsageError("--fps: expected 0.1 to 120");
    } else if (arg == "--regions-metric") {
      o.regionsMetric = value();
      if (o.regionsMetric != "open" && o.regionsMetric != "overdue" && o.regionsMetric != "new")
        throw UsageError("--regions-metric: expected open, overdue or new, got '" + o.regionsMetric + "'");
    } else if (arg == "--basemap") {
      if (!basemapGiven) o.basemap.clear();  // layers on the command line replace the configuration's
      basemapGiven = true;
      const std::string v = value();
      const auto at = v.rfind('@');
      assets::BaseMapSource source;
      source.file = at == std::string::npos ? v : v.substr(0, at);
      if (at != std::string::npos && !geo::parseCrs(v.substr(at + 1), source.crs))
        throw UsageError("--basemap: unknown CRS '" + v.substr(at + 1) + "' (WGS84, GCJ02, BD09, CGCS2000)");
      if (source.file.ends_with(".mbtiles"))
        source.kind = assets::BaseMapKind::mbtiles;  // vector tiles: the layers are inside
      else if (source.file.ends_with(".pmtiles"))
        source.kind = assets::BaseMapKind::pmtiles;
      else if (!assets::baseMapLayerFromFileName(source.file))
        throw UsageError("--basemap: cannot tell the layer of '" + source.file +
                         "' from its name (…_water, _roads, _landuse, _places, _pois.geojson); name it so, or use [[basemap]] "
                         "with layer = in the configuration");
      o.basemap.push_back(source);
    } else if (arg == "--regions") {
      const std::string v = value();
      const auto at = v.rfind('@');
      o.regionsFile = at == std::string::npos ? v : v.substr(0, at);
      if (at != std::string::npos) o.regionsCrs = v.substr(at + 1);
      geo::Crs crs;
      if (!geo::parseCrs(o.regionsCrs, crs)) throw UsageError("--regions: unknown CRS '" + o.regionsCrs + "' (WGS84, GCJ02, BD09, CGCS2000)");
    } else {
      throw UsageError("unknown option '" + arg + "' (see --help)");
    }
  }
  if (o.headless && o.window) throw UsageError("--headless and --window exclude each other");
  if (o.drillAt && o.drillFile.empty()) throw UsageError("--drill-at needs --drill FILE");
  if (!o.drillFile.empty() && !o.replayDir.empty()) throw UsageError("--drill and --replay exclude each other (a replay holds its drill)");
  if (!o.help && !o.version && o.wallKeygen.empty() && o.cityFiles.empty() && o.models.empty() && o.tilesets.empty() && !o.camera && !o.webCamera && o.feeds.empty() &&
      o.configFeeds.empty() && o.eventsFile.empty() && o.replayDir.empty() && o.drillFile.empty())
    throw UsageError("nothing to show: give --city FILE (or --config FILE, --model, --tileset, or a --camera over an empty city)");
  const bool panelsGiven = !o.wallPanels.empty();
  if (panelsGiven || (o.wallCanvas && !o.wallConductor)) {
    const char* which = panelsGiven ? "--wall-panel" : "--wall-canvas";
    if (!o.wall) throw UsageError(std::string(which) + ": the configuration has no [wall] (give --config FILE with one)");
    if (panelsGiven && o.wallCanvas) throw UsageError("--wall-panel and --wall-canvas exclude each other");
    for (int p : o.wallPanels)
      if (p > o.wall->panelCount())
        throw UsageError("--wall-panel: the wall has panels 1 to " + std::to_string(o.wall->panelCount()) + ", not " +
                         std::to_string(p));
    if (panelsGiven && !o.wall->isBlock(o.wallPanels))
      throw UsageError("--wall-panel: the panels must form a rectangle of the wall, each named once");
    if (o.window) throw UsageError(std::string(which) + " draws headless (a screenshot); it excludes --window");
    o.headless = true;
    // The wall decides the picture's size: its panels' pixels side by side, or the whole canvas.
    const auto out = o.wall->outputOf(o.wallPanels);
    o.width = panelsGiven ? out.width : o.wall->canvasWidth();
    o.height = panelsGiven ? out.height : o.wall->canvasHeight();
    o.sizeGiven = true;
  }
  if (o.wallConductor || !o.wallNode.empty()) {
    const char* which = o.wallConductor ? "--wall-conductor" : "--wall-node";
    if (!o.wall) throw UsageError(std::string(which) + ": the configuration has no [wall] (give --config FILE with one)");
    if (o.wallConductor && !o.wallNode.empty()) throw UsageError("--wall-conductor and --wall-node exclude each other");
    if (panelsGiven || (o.wallCanvas && !o.wallConductor))
      throw UsageError(std::string(which) + " excludes --wall-panel" + (o.wallConductor ? "" : " and --wall-canvas"));
    if (o.wallCanvas) {  // the conductor shows the whole wall, as its panels do together
      o.width = o.wall->canvasWidth(), o.height = o.wall->canvasHeight(), o.sizeGiven = true;
    }
    if (o.wall->conductor.empty() && (o.wallConductor || o.wallNodeAddress.empty()))
      throw UsageError(std::string(which) + ": [wall] conductor = \"HOST:PORT\" is not set");
    if (!o.wallNode.empty()) {
      const wall::WallNode* node = o.wall->node(o.wallNode);
      if (!node) {
        std::string names;
        for (const auto& n : o.wall->nodes) names += (names.empty() ? "" : ", ") + n.name;
        throw UsageError("--wall-node: [wall] names no node '" + o.wallNode + "'" +
                         (names.empty() ? std::string(" (it names none)") : " (it names: " + names + ")"));
      }
      if (o.wallNodeAddress.empty()) o.wallNodeAddress = o.wall->conductor;
      o.wallPanels = node->panels;  // a node draws its panels of the canvas
      if (node->monitor >= 0) o.kiosk.fullscreen = true, o.kiosk.monitor = node->monitor, o.kiosk.spanAll = false;
      const auto out = o.wall->outputOf(node->panels);
      if (node->panels.size() > 1) o.kiosk.spanWidth = int(out.width), o.kiosk.spanHeight = int(out.height);
      o.width = out.width, o.height = out.height, o.sizeGiven = true;
    }
  }
  if (!o.bookmark.empty()) {
    bool found = false;
    for (const auto& b : o.bookmarks) found = found || b.name == o.bookmark;
    if (!found) {
      std::string names;
      for (const auto& b : o.bookmarks) names += (names.empty() ? "" : ", ") + b.name;
      throw UsageError("--bookmark: no bookmark named '" + o.bookmark + "'" +
                       (names.empty() ? " (the configuration defines none)" : " (the configuration has: " + names + ")"));
    }
  }
  return o;
}

}  // namespace citywall::config
