#include "config/config_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/crs.h"
#include "feed/feed_url.h"

namespace citywall::config {

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string all = "the configuration has " + std::to_string(problems.size()) +
                          (problems.size() == 1 ? " problem:" : " problems:");
        for (const auto& p : problems) all += "\n  " + p;
        return all;
      }()),
      problems_(std::move(problems)) {}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading values with their key named in every problem
//-----------------------------------------------------------------------------

std::string describe(const toml::node& n) {
  std::ostringstream s;
  if (n.is_string()) s << '"' << n.as_string()->get() << '"';
  else if (n.is_array()) s << "an array";
  else if (n.is_table()) s << "a table";
  else if (n.is_boolean()) s << (n.as_boolean()->get() ? "true" : "false");
  else if (n.is_integer()) s << n.as_integer()->get();
  else if (n.is_floating_point()) s << n.as_floating_point()->get();
  else s << "a date or time";
  return s.str();
}

class Reader {
 public:
  Reader(std::string source, std::string baseDir) : source_(std::move(source)), baseDir_(std::move(baseDir)) {}

  std::vector<std::string> problems;

  void problem(const toml::node* n, const std::string& key, const std::string& what) {
    std::string where = source_;
    if (n && n->source().begin.line) where += ":" + std::to_string(n->source().begin.line);
    problems.push_back(where + ": " + key + ": " + what);
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  /// Names every key of `t` that is not in `known` (a typo must not pass silently).
  void onlyKeys(const toml::table& t, const std::string& path, std::initializer_list<std::string_view> known) {
    for (auto&& [k, v] : t) {
      bool ok = false;
      for (auto name : known) ok = ok || k.str() == name;
      if (!ok) {
        std::string list;
        for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
        problem(&v, join(path, k.str()), "unknown key (known here: " + list + ")");
      }
    }
  }

  const toml::table* table(const toml::table& parent, const std::string& path, std::string_view key) {
    const toml::node* n = parent.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) {
      problem(n, join(path, key), "must be a table ([" + join(path, key) + "]), got " + describe(*n));
      return nullptr;
    }
    return n->as_table();
  }

  std::optional<bool> boolean(const toml::table& t, const std::string& path, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
      problem(n, join(path, key), "must be true or false, got " + describe(*n));
      return std::nullopt;
    }
    return n->as_boolean()->get();
  }

  std::optional<double> number(const toml::table& t, const std::string& path, std::string_view key, double min,
                               double max) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    return numberNode(*n, join(path, key), min, max);
  }

  std::optional<double> numberNode(const toml::node& n, const std::string& key, double min, double max) {
    std::optional<double> v;
    if (n.is_integer()) v = double(n.as_integer()->get());
    else if (n.is_floating_point()) v = n.as_floating_point()->get();
    if (!v || !std::isfinite(*v)) {
      problem(&n, key, "must be a number, got " + describe(n));
      return std::nullopt;
    }
    if (*v < min || *v > max) {
      std::ostringstream s;
      s << "must be between " << min << " and " << max << ", got " << *v;
      problem(&n, key, s.str());
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::string> string(const toml::table& t, const std::string& path, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) {
      problem(n, join(path, key), "must be a string, got " + describe(*n));
      return std::nullopt;
    }
    return std::string(n->as_string()->get());
  }

  /// One of `choices`.
  std::optional<std::string> choice(const toml::table& t, const std::string& path, std::string_view key,
                                    std::initializer_list<std::string_view> choices) {
    auto v = string(t, path, key);
    if (!v) return std::nullopt;
    for (auto c : choices)
      if (*v == c) return v;
    std::string list;
    for (auto c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
    problem(t.get(key), join(path, key), "must be one of " + list + ", got \"" + *v + "\"");
    return std::nullopt;
  }

  /// A file path, resolved against the configuration's folder.
  std::optional<std::string> path(const toml::table& t, const std::string& keyPath, std::string_view key) {
    auto v = string(t, keyPath, key);
    if (!v) return std::nullopt;
    if (v->empty()) {
      problem(t.get(key), join(keyPath, key), "must not be empty");
      return std::nullopt;
    }
    return resolve(*v);
  }

  std::string resolve(const std::string& p) const {
    const std::filesystem::path fp(p);
    if (fp.is_absolute() || baseDir_.empty()) return p;
    return (std::filesystem::path(baseDir_) / fp).lexically_normal().string();
  }

  /// "#rrggbb" → 0xrrggbb.
  std::optional<uint32_t> colorNode(const toml::node& n, const std::string& key) {
    if (n.is_string()) {
      const std::string s(n.as_string()->get());
      if (s.size() == 7 && s[0] == '#' && s.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos)
        return uint32_t(std::stoul(s.substr(1), nullptr, 16));
    }
    problem(&n, key, "must be a colour \"#rrggbb\", got " + describe(n));
    return std::nullopt;
  }
  std::optional<uint32_t> color(const toml::table& t, const std::string& path, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    return colorNode(*n, join(path, key));
  }

  const toml::array* array(const toml::table& t, const std::string& path, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_array()) {
      problem(n, join(path, key), "must be an array, got " + describe(*n));
      return nullptr;
    }
    return n->as_array();
  }

  /// An array of exactly `count` numbers within [min, max] (count 0: any length ≥ 1).
  std::optional<std::vector<double>> numbers(const toml::table& t, const std::string& path, std::string_view key,
                                             size_t count, double min, double max) {
    const toml::array* a = array(t, path, key);
    if (!a) return std::nullopt;
    const std::string k = join(path, key);
    if ((count && a->size() != count) || a->empty()) {
      problem(t.get(key), k,
              count ? "must hold " + std::to_string(count) + " numbers, got " + std::to_string(a->size())
                    : "must not be empty");
      return std::nullopt;
    }
    std::vector<double> out;
    for (size_t i = 0; i < a->size(); ++i) {
      auto v = numberNode(*a->get(i), k + "[" + std::to_string(i) + "]", min, max);
      if (!v) return std::nullopt;
      out.push_back(*v);
    }
    return out;
  }

  std::optional<std::vector<std::string>> strings(const toml::table& t, const std::string& path,
                                                  std::string_view key) {
    const toml::array* a = array(t, path, key);
    if (!a) return std::nullopt;
    std::vector<std::string> out;
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& n = *a->get(i);
      if (!n.is_string()) {
        problem(&n, join(path, key) + "[" + std::to_string(i) + "]", "must be a string, got " + describe(n));
        return std::nullopt;
      }
      out.emplace_back(n.as_string()->get());
    }
    return out;
  }

  /// An array of tables ([[key]]), each checked by `each(table, "key[i]")`.
  template <typename F>
  void tables(const toml::table& t, const std::string& path, std::string_view key, F&& each) {
    const toml::array* a = array(t, path, key);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& n = *a->get(i);
      const std::string k = join(path, key) + "[" + std::to_string(i) + "]";
      if (!n.is_table()) problem(&n, k, "must be a table ([[" + join(path, key) + "]]), got " + describe(n));
      else each(*n.as_table(), k);
    }
  }

 private:
  std::string source_, baseDir_;
};

//-----------------------------------------------------------------------------
// [SECTION] The sections
//-----------------------------------------------------------------------------

void readCity(Reader& r, const toml::table& t, AppOptions& o) {
  const std::string p = "city";
  r.onlyKeys(t, p, {"files", "origin", "models", "sources", "cache", "tilesets", "tiles_memory_mb", "tiles_error_px"});
  if (auto v = r.number(t, p, "tiles_memory_mb", 16, 1 << 20)) o.tilesMemoryMb = *v;
  if (auto v = r.number(t, p, "tiles_error_px", 1, 256)) o.tilesErrorPx = *v;
  // [[city.tilesets]]: 3D Tiles; lon/lat place one that has no place on the Earth (or move one).
  r.tables(t, p, "tilesets", [&](const toml::table& m, const std::string& k) {
    r.onlyKeys(m, k, {"file", "lon", "lat", "height", "heading", "scale", "id_property", "style"});
    auto file = r.path(m, k, "file");
    if (!file) return r.problem(&m, k + ".file", "is required");
    assets::tiles3d::TilesetSource source{*file, std::nullopt};
    if (auto v = r.string(m, k, "id_property")) source.idProperty = *v;
    if (auto v = r.choice(m, k, "style", {"theme", "material"})) source.themed = *v == "theme";
    auto lon = r.number(m, k, "lon", -180, 180), lat = r.number(m, k, "lat", -85, 85);
    if (lon.has_value() != lat.has_value()) return r.problem(&m, k, "needs both lon and lat (or neither)");
    if (lon)
      source.placement = assets::tiles3d::TilesetPlacement{*lon, *lat, r.number(m, k, "height", -500, 9000).value_or(0),
                                                           r.number(m, k, "heading", -360, 360).value_or(0),
                                                           r.number(m, k, "scale", 1e-6, 1e6).value_or(1)};
    else if (m.contains("height") || m.contains("heading") || m.contains("scale"))
      return r.problem(&m, k, "height, heading and scale need lon and lat");
    o.tilesets.push_back(std::move(source));
  });
  if (const toml::node* c = t.get("cache")) {
    // A folder for the extruded city, or false to parse every start.
    if (c->is_boolean()) {
      if (!c->as_boolean()->get()) o.cityCache = "";
    } else if (auto dir = r.path(t, p, "cache")) {
      o.cityCache = *dir;
    }
  }
  if (auto files = r.strings(t, p, "files")) {
    o.cityFiles.clear();
    for (const auto& f : *files) o.cityFiles.push_back(r.resolve(f));
  }
  // [[city.sources]]: building files that keep their heights in fields of their own, or in another CRS.
  r.tables(t, p, "sources", [&](const toml::table& m, const std::string& k) {
    r.onlyKeys(m, k, {"file", "height_field", "min_height_field", "levels_field", "crs", "default_height", "metres_per_level"});
    auto file = r.path(m, k, "file");
    if (!file) return r.problem(&m, k + ".file", "is required");
    assets::BuildingSource source(*file);
    if (auto v = r.string(m, k, "height_field")) source.options.heightField = *v;
    if (auto v = r.string(m, k, "min_height_field")) source.options.minHeightField = *v;
    if (auto v = r.string(m, k, "levels_field")) source.options.levelsField = *v;
    if (auto v = r.choice(m, k, "crs", {"WGS84", "GCJ02", "BD09", "CGCS2000"})) geo::parseCrs(*v, source.options.crs);
    if (auto v = r.number(m, k, "default_height", 0.1, 1000)) source.options.defaultHeight = *v;
    if (auto v = r.number(m, k, "metres_per_level", 0.5, 20)) source.options.metresPerLevel = *v;
    o.cityFiles.push_back(std::move(source));
  });
  if (const toml::array* a = r.array(t, p, "origin")) {
    if (a->size() != 2 && a->size() != 3) {
      r.problem(t.get("origin"), "city.origin", "must be [lon, lat] or [lon, lat, height]");
    } else {
      auto lon = r.numberNode(*a->get(0), "city.origin[0]", -180, 180);
      auto lat = r.numberNode(*a->get(1), "city.origin[1]", -85, 85);
      std::optional<double> h = 0.0;
      if (a->size() == 3) h = r.numberNode(*a->get(2), "city.origin[2]", -500, 9000);
      if (lon && lat && h) o.origin = geo::LonLatHeight{*lon, *lat, *h};
    }
  }
  r.tables(t, p, "models", [&](const toml::table& m, const std::string& k) {
    r.onlyKeys(m, k, {"file", "lon", "lat", "height", "heading", "scale"});
    auto file = r.path(m, k, "file");
    auto lon = r.number(m, k, "lon", -180, 180), lat = r.number(m, k, "lat", -85, 85);
    if (!file) r.problem(&m, k + ".file", "is required");
    if (!lon || !lat) r.problem(&m, k, "needs lon and lat");
    if (!file || !lon || !lat) return;
    assets::ModelSpec spec{*file, {*lon, *lat, r.number(m, k, "height", -500, 9000).value_or(0),
                                   r.number(m, k, "heading", -360, 360).value_or(0),
                                   r.number(m, k, "scale", 1e-6, 1e6).value_or(1)}};
    o.models.push_back(spec);
  });
}

// [[basemap]]: the layers under the city, drawn in the order given.
void readBaseMap(Reader& r, const toml::table& root, AppOptions& o) {
  bool any = false;
  r.tables(root, "", "basemap", [&](const toml::table& m, const std::string& k) {
    if (!any) o.basemap.clear(), any = true;
    r.onlyKeys(m, k, {"file", "kind", "layer", "schema", "crs", "zoom"});
    auto file = r.path(m, k, "file");
    if (!file) return r.problem(&m, k + ".file", "is required");
    assets::BaseMapSource source;
    source.file = *file;
    if (auto kind = r.choice(m, k, "kind", {"geojson", "mbtiles", "pmtiles"}))
      source.kind = *kind == "mbtiles" ? assets::BaseMapKind::mbtiles
                    : *kind == "pmtiles" ? assets::BaseMapKind::pmtiles
                                         : assets::BaseMapKind::geojson;
    else if (source.file.ends_with(".mbtiles"))
      source.kind = assets::BaseMapKind::mbtiles;
    else if (source.file.ends_with(".pmtiles"))
      source.kind = assets::BaseMapKind::pmtiles;
    if (auto v = r.choice(m, k, "schema", {"tilezen", "openmaptiles", "protomaps"})) {
      source.schema = *v == "openmaptiles" ? assets::BaseMapSchema::openmaptiles
                      : *v == "protomaps"  ? assets::BaseMapSchema::protomaps
                                           : assets::BaseMapSchema::tilezen;
      source.schemaGiven = true;
    }
    if (auto v = r.number(m, k, "zoom", 0, 22)) source.zoom = uint32_t(*v);
    if (auto v = r.choice(m, k, "crs", {"WGS84", "GCJ02", "BD09", "CGCS2000"})) geo::parseCrs(*v, source.crs);
    if (auto v = r.choice(m, k, "layer", {"water", "roads", "landuse", "places", "pois", "boundaries", "transit", "earth",
                                           "waterway", "transportation", "landcover", "park", "place", "poi", "boundary"}))
      source.layer = *v;
    else if (source.kind == assets::BaseMapKind::geojson && !assets::baseMapLayerFromFileName(source.file))
      return r.problem(&m, k + ".layer", "is required: the file's name does not say which layer it is");
    o.basemap.push_back(source);
  });
}

// [basemap_style.night], [basemap_style.day]: the base map in a deployment's
// own colours. Each style is a colour or { color, opacity, casing, min_px }.
void readBaseMapStyle(Reader& r, const toml::table& t, AppOptions& o) {
  r.onlyKeys(t, "basemap_style", {"night", "day"});
  for (const char* themeName : {"night", "day"}) {
    const toml::table* styles = r.table(t, "basemap_style", themeName);
    if (!styles) continue;
    const std::string p = std::string("basemap_style.") + themeName;
    std::array<scene::BaseMapPaintOverride, scene::kBaseMapStyles> overrides{};
    for (auto&& [name, node] : *styles) {
      const std::string k = p + "." + std::string(name.str());
      const auto style = scene::baseMapStyleNamed(name.str());
      if (!style) {
        r.problem(&node, k, "unknown style (landuse, pedestrian, green, pier, water, water_line, ferry, path, service, "
                            "minor_road, major_road, highway, rail)");
        continue;
      }
      scene::BaseMapPaintOverride& over = overrides[size_t(*style)];
      if (node.is_string()) {
        over.rgb = r.colorNode(node, k);
        continue;
      }
      if (!node.is_table()) {
        r.problem(&node, k, "must be a colour \"#rrggbb\" or a table { color, opacity, casing, min_px }");
        continue;
      }
      const toml::table& c = *node.as_table();
      r.onlyKeys(c, k, {"color", "opacity", "casing", "min_px"});
      over.rgb = r.color(c, k, "color");
      over.casingRgb = r.color(c, k, "casing");
      if (auto v = r.number(c, k, "opacity", 0, 1)) over.opacity = float(*v);
      if (auto v = r.number(c, k, "min_px", 0, 64)) over.minPixels = float(*v);
    }
    std::erase_if(o.basemapStyle, [&](const auto& e) { return e.first == themeName; });
    o.basemapStyle.emplace_back(themeName, overrides);
  }
}

void readDisplay(Reader& r, const toml::table& t, AppOptions& o) {
  const std::string p = "display";
  r.onlyKeys(t, p, {"language", "theme", "ui_scale", "width", "height", "vsync", "msaa", "culling", "coarse_pixels", "block_pixels", "panels"});
  if (auto v = r.choice(t, p, "language", {"zh", "en"})) ui::parseLanguage(*v, o.language);
  if (auto v = r.choice(t, p, "theme", {"night", "day"})) o.theme = *v;
  if (auto v = r.choice(t, p, "culling", {"gpu", "frustum", "cpu"})) o.culling = *v;
  if (auto v = r.number(t, p, "coarse_pixels", 0, 16)) o.coarsePixels = float(*v);
  if (auto v = r.number(t, p, "block_pixels", 0, 16)) o.blockPixels = float(*v);
  if (auto v = r.number(t, p, "ui_scale", 0, 16)) {
    if (*v != 0 && *v < 0.25) r.problem(t.get("ui_scale"), "display.ui_scale", "must be 0 (automatic) or 0.25 to 16");
    else o.uiScale = float(*v);
  }
  if (auto v = r.number(t, p, "width", 64, 16384)) o.width = uint32_t(*v), o.sizeGiven = true;
  if (auto v = r.number(t, p, "height", 64, 16384)) o.height = uint32_t(*v), o.sizeGiven = true;
  if (auto v = r.boolean(t, p, "vsync")) o.vsync = *v;
  if (const auto* s = t.get("msaa"); s && s->is_string()) {  // msaa = "auto"
    if (s->value_or(std::string()) == "auto") o.msaa = 0;
    else r.problem(s, "display.msaa", "must be 1, 2, 4, 8 or \"auto\"");
  } else if (auto v = r.number(t, p, "msaa", 1, 8)) {
    if (*v != 1 && *v != 2 && *v != 4 && *v != 8) r.problem(t.get("msaa"), "display.msaa", "must be 1, 2, 4, 8 or \"auto\"");
    else o.msaa = int(*v);
  }
  if (auto v = r.boolean(t, p, "panels")) o.panels = *v;
}

void readKiosk(Reader& r, const toml::table& t, AppOptions& o) {
  const std::string p = "kiosk";
  r.onlyKeys(t, p, {"fullscreen", "monitor", "hide_cursor_s", "max_fps"});
  if (auto v = r.boolean(t, p, "fullscreen")) o.kiosk.fullscreen = *v;
  if (const toml::node* m = t.get("monitor")) {
    if (m->is_string() && m->as_string()->get() == "all") o.kiosk.spanAll = true;
    else if (auto v = r.numberNode(*m, "kiosk.monitor", 0, 63); v && *v == std::floor(*v)) o.kiosk.monitor = int(*v);
    else if (v) r.problem(m, "kiosk.monitor", "must be a whole monitor number or \"all\"");
  }
  if (auto v = r.number(t, p, "hide_cursor_s", 0, 86400)) o.kiosk.hideCursorSeconds = *v;
  if (auto v = r.number(t, p, "max_fps", 0, 1000)) o.kiosk.maxFps = *v;
}

void readWall(Reader& r, const toml::table& t, AppOptions& o) {
  const std::string p = "wall";
  r.onlyKeys(t, p, {"rows", "columns", "panel_pixels", "panel_mm", "bezel_mm", "conductor", "barrier_ms", "node_timeout_s",
                    "key_file", "nodes", "dashboard"});
  wall::WallLayout w;
  const size_t before = r.problems.size();
  if (auto v = r.number(t, p, "rows", 1, 64); v && *v == std::floor(*v)) w.rows = int(*v);
  else if (v) r.problem(t.get("rows"), "wall.rows", "must be a whole number");
  if (auto v = r.number(t, p, "columns", 1, 64); v && *v == std::floor(*v)) w.columns = int(*v);
  else if (v) r.problem(t.get("columns"), "wall.columns", "must be a whole number");
  if (auto v = r.numbers(t, p, "panel_pixels", 2, 64, 16384)) w.panelWidth = uint32_t(v->at(0)), w.panelHeight = uint32_t(v->at(1));
  if (auto v = r.numbers(t, p, "panel_mm", 2, 1, 100000)) w.panelWidthMm = v->at(0), w.panelHeightMm = v->at(1);
  if (auto v = r.numbers(t, p, "bezel_mm", 2, 0, 1000)) w.bezelXMm = v->at(0), w.bezelYMm = v->at(1);
  if (t.get("bezel_mm") && !t.get("panel_mm"))
    r.problem(t.get("bezel_mm"), "wall.bezel_mm", "needs panel_mm (the picture's size turns millimetres into pixels)");
  if (auto v = r.string(t, p, "conductor")) {
    if (v->rfind(':') == std::string::npos || v->rfind(':') + 1 == v->size())
      r.problem(t.get("conductor"), "wall.conductor", "must be HOST:PORT, got \"" + *v + "\"");
    else w.conductor = *v;
  }
  if (auto file = r.path(t, p, "key_file")) {
    // The wall's key: its messages encrypted, only its holders let in.
    std::string error;
    if (!wall::curveAvailable()) r.problem(t.get("key_file"), "wall.key_file", "this libzmq cannot encrypt (built without CURVE)");
    else if (auto key = wall::loadWallKey(*file, error)) w.key = std::move(*key);
    else r.problem(t.get("key_file"), "wall.key_file", error);
  }
  if (auto v = r.number(t, p, "barrier_ms", 1, 10000)) w.barrierMs = *v;
  if (auto v = r.number(t, p, "node_timeout_s", 0.1, 3600)) w.nodeTimeoutS = *v;
  r.tables(t, p, "nodes", [&](const toml::table& n, const std::string& k) {
    r.onlyKeys(n, k, {"name", "panel", "panels", "monitor"});
    wall::WallNode node;
    if (auto v = r.number(n, k, "monitor", 0, 63); v && *v == std::floor(*v)) node.monitor = int(*v);
    else if (v) r.problem(n.get("monitor"), k + ".monitor", "must be a whole monitor number");
    if (auto v = r.string(n, k, "name")) node.name = *v;
    else r.problem(&n, k, "needs a name");
    // One panel, or a block of them shown through one window across the node's outputs.
    if (n.get("panel") && n.get("panels")) r.problem(&n, k, "give panel or panels, not both");
    if (auto v = r.number(n, k, "panel", 1, 4096); v && *v == std::floor(*v)) node.panels = {int(*v)};
    else if (v) r.problem(n.get("panel"), k + ".panel", "must be a whole panel number");
    else if (auto list = r.numbers(n, k, "panels", 0, 1, 4096)) {
      node.panels.clear();
      for (double p : *list) {
        if (p != std::floor(p)) r.problem(n.get("panels"), k + ".panels", "must be whole panel numbers");
        node.panels.push_back(int(p));
      }
    } else if (!n.get("panel") && !n.get("panels"))
      r.problem(&n, k, "needs a panel (1 is the top-left, counted row by row) or panels = [a block of them]");
    w.nodes.push_back(std::move(node));
  });
  if (const toml::table* d = r.table(t, p, "dashboard")) {
    r.onlyKeys(*d, "wall.dashboard", {"header", "left", "right"});
    const auto panels = [&](std::string_view key, std::vector<int>& out) {
      if (auto v = r.numbers(*d, "wall.dashboard", key, 0, 1, 4096))
        for (double n : *v) out.push_back(int(n));
    };
    panels("header", w.headerPanels), panels("left", w.leftPanels), panels("right", w.rightPanels);
  }
  if (r.problems.size() != before) return;
  for (const auto& problem : w.problems()) r.problem(&t, "wall", problem);
  o.wall = std::move(w);
}

// An Open311 feed's own keys ([[feeds]] kind = "open311"): feed/open311.h.
void readOpen311(Reader& r, const toml::table& f, const std::string& k, feed::Open311Options& o) {
  o.jurisdictionId = r.string(f, k, "jurisdiction_id").value_or("");
  o.apiKey = r.string(f, k, "api_key").value_or("");
  o.poll = std::chrono::seconds(int64_t(r.number(f, k, "poll_s", 1, 86400).value_or(30)));
  o.backfillDays = int(r.number(f, k, "backfill_days", 0, 366).value_or(30));
  o.pageSize = int(r.number(f, k, "page_size", 1, 10000).value_or(100));
  o.overlap = std::chrono::seconds(int64_t(r.number(f, k, "overlap_s", 0, 86400).value_or(300)));
  o.windowSpan = std::chrono::hours(int64_t(r.number(f, k, "window_hours", 1, 24 * 90).value_or(24)));
  o.refreshBatch = int(r.number(f, k, "refresh_batch", 0, 1000).value_or(50));
  if (auto w = r.choice(f, k, "window", {"requested", "updated"}))
    o.window = *w == "updated" ? feed::Open311Window::updated : feed::Open311Window::requested;
  if (auto crs = r.string(f, k, "crs")) {
    geo::Crs parsed;
    if (geo::parseCrs(*crs, parsed)) o.mapping.crs = *crs;
    else r.problem(f.get("crs"), k + ".crs", "must be WGS84, GCJ02, BD09 or CGCS2000, got \"" + *crs + "\"");
  }
  if (auto prefix = r.string(f, k, "category_prefix")) o.mapping.categoryPrefix = *prefix;
  if (auto source = r.string(f, k, "source")) o.mapping.source = *source;
  if (const toml::table* statuses = r.table(f, k, "statuses")) {
    for (auto&& [name, node] : *statuses) {
      const std::string key = k + ".statuses." + std::string(name.str());
      live::CaseStatus status;
      const auto* text = node.as_string();
      if (!text || !live::parseCaseStatus(text->get(), status)) {
        r.problem(&node, key, "must be a case status (reported, filed, dispatched, in_progress, resolved, verified, closed, cancelled)");
        continue;
      }
      std::string lower(name.str());
      for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
      o.mapping.statuses[lower] = text->get();
    }
  }
  if (const toml::table* categories = r.table(f, k, "categories")) {
    for (auto&& [code, node] : *categories) {
      if (const auto* text = node.as_string()) o.mapping.categories[std::string(code.str())] = text->get();
      else r.problem(&node, k + ".categories." + std::string(code.str()), "must be a category code (a string)");
    }
  }
}

// A SensorThings feed's own keys ([[feeds]] kind = "sensorthings"): feed/sensorthings.h.
void readSensorThings(Reader& r, const toml::table& f, const std::string& k, feed::SensorThingsOptions& o) {
  if (auto kind = r.string(f, k, "default_kind")) o.defaultKind = *kind;
  if (auto crs = r.string(f, k, "crs")) {
    geo::Crs parsed;
    if (geo::parseCrs(*crs, parsed)) o.crs = *crs;
    else r.problem(f.get("crs"), k + ".crs", "must be WGS84, GCJ02, BD09 or CGCS2000, got \"" + *crs + "\"");
  }
  o.rebootstrap = std::chrono::seconds(int64_t(r.number(f, k, "rebootstrap_s", 10, 86400).value_or(600)));
  o.pageSize = int(r.number(f, k, "page_size", 1, 10000).value_or(100));
  o.idPrefix = r.string(f, k, "id_prefix").value_or("");
  o.username = r.string(f, k, "username").value_or("");
  o.password = r.string(f, k, "password").value_or("");
  // A password kept out of the configuration (a file only the service's
  // user reads, systemd's LoadCredential): its first line.
  if (auto file = r.path(f, k, "password_file")) {
    std::ifstream in(*file);
    if (f.get("password"))
      r.problem(f.get("password_file"), k + ".password_file", "and password cannot both be given");
    else if (!in)
      r.problem(f.get("password_file"), k + ".password_file", "cannot read \"" + *file + "\": " + std::strerror(errno));
    else if (!std::getline(in, o.password) || o.password.empty() || o.password == "\r")
      r.problem(f.get("password_file"), k + ".password_file", "\"" + *file + "\" holds no password on its first line");
    if (!o.password.empty() && o.password.back() == '\r') o.password.pop_back();
  }
  if (o.username.empty() != (!f.get("password") && !f.get("password_file")))
    r.problem(&f, k, "needs both username and password (or password_file), or neither");
  const auto names = [&](const char* key, std::map<std::string, std::string>& out) {
    if (const toml::table* t = r.table(f, k, key))
      for (auto&& [name, node] : *t) {
        if (const auto* text = node.as_string()) out[std::string(name.str())] = text->get();
        else r.problem(&node, k + "." + key + "." + std::string(name.str()), "must be a string");
      }
  };
  names("metrics", o.metrics);
  names("kinds", o.kinds);
  if (const toml::table* t = r.table(f, k, "thresholds"))
    for (auto&& [metric, node] : *t) {
      const std::string key = k + ".thresholds." + std::string(metric.str());
      const toml::table* levels = node.as_table();
      if (!levels) {
        r.problem(&node, key, "must be a table such as { warn = 75, alarm = 150 }");
        continue;
      }
      r.onlyKeys(*levels, key, {"warn", "alarm"});
      feed::SensorThingsOptions::Levels l;
      l.warn = r.number(*levels, key, "warn", -1e12, 1e12);
      l.alarm = r.number(*levels, key, "alarm", -1e12, 1e12);
      o.thresholds[std::string(metric.str())] = l;
    }
}

void readFeeds(Reader& r, const toml::table& root, AppOptions& o) {
  r.tables(root, "", "feeds", [&](const toml::table& f, const std::string& k) {
    const std::string kind = r.choice(f, k, "kind", {"websocket", "open311", "sensorthings"}).value_or("");
    if (kind == "sensorthings")
      r.onlyKeys(f, k, {"kind", "url", "ca_file", "default_kind", "crs", "rebootstrap_s", "page_size", "id_prefix",
                        "username", "password", "password_file", "metrics", "kinds", "thresholds"});
    else if (kind == "open311")
      r.onlyKeys(f, k, {"kind", "url", "ca_file", "jurisdiction_id", "api_key", "poll_s", "backfill_days", "page_size",
                        "overlap_s", "window_hours", "refresh_batch", "window", "crs", "category_prefix", "source",
                        "statuses", "categories"});
    else r.onlyKeys(f, k, {"kind", "url", "token", "ca_file", "timeout_s"});
    auto url = r.string(f, k, "url");
    if (!url) {
      if (!f.get("url")) r.problem(&f, k + ".url", "is required");
      return;
    }
    // kind = "open311" names the plain https:// address; the URL may also carry the prefix itself.
    if (kind == "open311" && url->rfind("open311+", 0) != 0) *url = "open311+" + *url;
    if (kind == "sensorthings" && url->rfind("sta+", 0) != 0) *url = "sta+" + *url;
    const auto parsed = feed::parseFeedUrl(*url);
    if (!parsed) {
      r.problem(f.get("url"), k + ".url", std::string("must be ") + feed::kFeedUrlForms + ", got \"" + *url + "\"");
      return;
    }
    feed::FeedOptions fo;
    fo.url = *url;
    fo.token = r.string(f, k, "token").value_or("");
    if (auto ca = r.path(f, k, "ca_file")) fo.caFile = *ca;
    fo.idleTimeout = std::chrono::milliseconds(int64_t(r.number(f, k, "timeout_s", 1, 3600).value_or(30) * 1000));
    if (parsed->kind == feed::FeedKind::open311) readOpen311(r, f, k, fo.open311);
    if (parsed->kind == feed::FeedKind::sensorThings) readSensorThings(r, f, k, fo.sensorThings);
    o.configFeeds.push_back(fo);
  });
}

void readOverdue(Reader& r, const toml::table& root, AppOptions& o) {
  r.tables(root, "", "overdue", [&](const toml::table& t, const std::string& k) {
    r.onlyKeys(t, k, {"category", "priority", "hours"});
    live::OverdueRule rule;
    rule.categoryPrefix = r.string(t, k, "category").value_or("");
    auto priority = r.number(t, k, "priority", 0, 4);
    if (priority && *priority != std::floor(*priority)) r.problem(t.get("priority"), k + ".priority", "must be 0 (any) or 1 to 4");
    rule.priority = int(priority.value_or(0));
    auto hours = r.number(t, k, "hours", 0.01, 24 * 365);
    if (!hours) {
      if (!t.get("hours")) r.problem(&t, k + ".hours", "is required");
      return;
    }
    rule.limit = live::TimeMs(*hours * live::kHour);
    auto& rules = o.store.cases.overdue;
    auto same = std::find_if(rules.begin(), rules.end(), [&](const live::OverdueRule& x) {
      return x.categoryPrefix == rule.categoryPrefix && x.priority == rule.priority;
    });
    if (same != rules.end()) *same = rule;
    else rules.push_back(rule);
  });
}

std::optional<scene::MarkerShape> shapeNamed(std::string_view name) {
  const std::pair<std::string_view, scene::MarkerShape> shapes[] = {
      {"circle", scene::MarkerShape::circle},   {"square", scene::MarkerShape::square}, {"triangle", scene::MarkerShape::triangle},
      {"diamond", scene::MarkerShape::diamond}, {"star", scene::MarkerShape::star},     {"drop", scene::MarkerShape::drop},
      {"hexagon", scene::MarkerShape::hexagon}, {"cross", scene::MarkerShape::cross}};
  for (const auto& [n, s] : shapes)
    if (n == name) return s;
  return std::nullopt;
}

void readCategories(Reader& r, const toml::table& t, AppOptions& o) {
  for (auto&& [code, node] : t) {
    const std::string k = "categories." + std::string(code.str());
    if (!node.is_table()) {
      r.problem(&node, k, "must be a table ([categories.\"" + std::string(code.str()) + "\"]), got " + describe(node));
      continue;
    }
    const toml::table& c = *node.as_table();
    r.onlyKeys(c, k, {"name_zh", "name_en", "icon", "color"});
    ui::CategoryInfo info;
    if (const ui::CategoryInfo* known = o.categories.find(std::string(code.str())); known && known->code == code.str())
      info = *known;
    info.code = std::string(code.str());
    if (auto v = r.string(c, k, "name_zh")) info.nameZh = *v;
    if (auto v = r.string(c, k, "name_en")) info.nameEn = *v;
    if (auto v = r.color(c, k, "color")) {
      info.rgb = *v;
      auto& table = o.layers.markers.categoryRgb;
      std::erase_if(table, [&](const auto& e) { return e.first == info.code; });
      table.emplace_back(info.code, *v);
    }
    if (auto v = r.choice(c, k, "icon", {"circle", "square", "triangle", "diamond", "star", "drop", "hexagon", "cross"})) {
      auto& shapes = o.layers.markers.shapes;
      std::erase_if(shapes, [&](const auto& e) { return e.first == info.code; });
      shapes.emplace_back(info.code, *shapeNamed(*v));
    }
    o.categories.set(info);
  }
}

std::optional<scene::HeatRamp> rampNamed(const std::string& name) {
  if (name == "viridis") return scene::HeatRamp::viridis;
  if (name == "magma") return scene::HeatRamp::magma;
  if (name == "command") return scene::HeatRamp::command;
  if (name == "aqi") return scene::HeatRamp::aqi;
  return std::nullopt;
}

// Keys both heat sources share.
void readHeatCommon(Reader& r, const toml::table& t, const std::string& p, scene::HeatStyle& s) {
  if (auto v = r.boolean(t, p, "visible")) s.visible = *v;
  if (auto v = r.choice(t, p, "ramp", {"viridis", "magma", "command", "aqi"})) s.ramp = *rampNamed(*v);
  if (auto v = r.number(t, p, "opacity", 0, 1)) s.opacity = float(*v);
  if (auto v = r.number(t, p, "cell_m", 1, 1000)) s.cellMetres = *v;
  if (const toml::node* m = t.get("max")) {
    if (m->is_string() && m->as_string()->get() == "auto") s.fixedMax.reset();
    else if (auto v = r.numberNode(*m, p + ".max", 1e-9, 1e12)) s.fixedMax = float(*v);
  }
}

// [[layers.features]]: the governance layers (治理要素), drawn in the order given.
void readFeatureLayers(Reader& r, const toml::table& t, AppOptions& o) {
  r.tables(t, "layers", "features", [&](const toml::table& m, const std::string& k) {
    r.onlyKeys(m, k, {"file", "name", "name_en", "icon", "color", "label", "min_zoom", "crs", "visible", "icon_px",
                      "line_width_m", "line_px", "fill_opacity", "filter"});
    auto file = r.path(m, k, "file");
    auto name = r.string(m, k, "name");
    if (!file) r.problem(&m, k + ".file", "is required");
    if (!name) r.problem(&m, k + ".name", "is required (the legend and the layer panel show it)");
    if (!file || !name) return;
    scene::FeatureLayerStyle s;
    s.file = *file, s.name = *name;
    if (auto v = r.string(m, k, "name_en")) s.nameEn = *v;
    if (auto v = r.choice(m, k, "icon", {"circle", "square", "triangle", "diamond", "star", "drop", "hexagon", "cross"}))
      s.icon = *shapeNamed(*v);
    if (auto v = r.color(m, k, "color")) s.rgb = *v;
    if (auto v = r.string(m, k, "label")) s.labelField = *v;
    if (auto v = r.number(m, k, "min_zoom", 0, 22)) s.minZoom = *v;
    if (auto v = r.choice(m, k, "crs", {"WGS84", "GCJ02", "BD09", "CGCS2000"})) geo::parseCrs(*v, s.crs);
    if (auto v = r.boolean(m, k, "visible")) s.visible = *v;
    if (auto v = r.number(m, k, "icon_px", 4, 128)) s.iconPixels = float(*v);
    if (auto v = r.number(m, k, "line_width_m", 0, 1000)) s.lineMetres = float(*v);
    if (auto v = r.number(m, k, "line_px", 0, 64)) s.linePixels = float(*v);
    if (auto v = r.number(m, k, "fill_opacity", 0, 1)) s.fillOpacity = float(*v);
    if (const toml::table* f = r.table(m, k, "filter")) {
      // One property and the values it may take: filter = { kind = ["hospital", "clinic"] }.
      if (f->size() != 1) return r.problem(f, k + ".filter", "must name one property, e.g. { kind = [\"hospital\"] }");
      for (auto&& [field, values] : *f) {
        s.filterField = std::string(field.str());
        if (values.is_string()) s.filterValues = {std::string(values.as_string()->get())};
        else if (auto v = r.strings(*f, k + ".filter", field.str())) s.filterValues = *v;
        else return;
      }
    }
    if (o.features.size() >= scene::kMaxFeatureLayers)
      return r.problem(&m, k, "one layer too many (at most " + std::to_string(scene::kMaxFeatureLayers) + ")");
    o.features.push_back(std::move(s));
  });
}

void readLayers(Reader& r, const toml::table& t, AppOptions& o) {
  r.onlyKeys(t, "layers", {"markers", "heat", "sensor_field", "sensors", "regions", "features"});
  readFeatureLayers(r, t, o);
  auto& L = o.layers;
  if (const toml::table* m = r.table(t, "layers", "markers")) {
    const std::string p = "layers.markers";
    r.onlyKeys(*m, p, {"visible", "clusters", "show_closed", "color_by", "sizes", "new_minutes", "status_colors"});
    if (auto v = r.boolean(*m, p, "visible")) L.markersVisible = *v;
    if (auto v = r.boolean(*m, p, "clusters")) L.clusters = *v;
    if (auto v = r.boolean(*m, p, "show_closed")) L.markers.showClosed = *v;
    if (auto v = r.choice(*m, p, "color_by", {"status", "category"})) L.markers.colorByCategory = *v == "category";
    if (auto v = r.numbers(*m, p, "sizes", 4, 4, 256))
      for (size_t i = 0; i < 4; ++i) L.markers.sizeByPriority[i] = float((*v)[i]);
    if (auto v = r.number(*m, p, "new_minutes", 0, 1440)) L.markers.newFor = live::TimeMs(*v * live::kMinute);
    if (const toml::table* c = r.table(*m, p, "status_colors")) {
      for (auto&& [name, node] : *c) {
        live::CaseStatus status;
        const std::string k = p + ".status_colors." + std::string(name.str());
        if (!live::parseCaseStatus(name.str(), status)) {
          r.problem(&node, k, "unknown status (reported, filed, dispatched, in_progress, resolved, verified, closed, cancelled)");
          continue;
        }
        if (auto rgb = r.colorNode(node, k)) L.markers.statusRgb[size_t(status)] = *rgb;
      }
    }
  }
  if (const toml::table* h = r.table(t, "layers", "heat")) {
    const std::string p = "layers.heat";
    r.onlyKeys(*h, p, {"visible", "radius_m", "cell_m", "ramp", "opacity", "max", "smoothing_s", "decay_minutes",
                       "window_hours", "categories", "statuses", "priority_weights"});
    readHeatCommon(r, *h, p, L.heat);
    if (auto v = r.number(*h, p, "radius_m", 5, 20000)) L.heat.radiusMetres = *v;
    if (auto v = r.number(*h, p, "smoothing_s", 0, 3600)) L.heat.autoSmoothingSeconds = float(*v);
    if (auto v = r.number(*h, p, "decay_minutes", 0, 525600)) {
      if (*v > 0) L.heat.decayMinutes = *v;
      else L.heat.decayMinutes.reset();
    }
    if (auto v = r.number(*h, p, "window_hours", 0, 8760)) {
      if (*v > 0) L.heat.windowMs = live::TimeMs(*v * live::kHour);
      else L.heat.windowMs.reset();
    }
    if (auto v = r.strings(*h, p, "categories")) L.heat.categories = {v->begin(), v->end()};
    if (auto v = r.strings(*h, p, "statuses")) {
      L.heat.statuses.clear();
      for (size_t i = 0; i < v->size(); ++i) {
        live::CaseStatus s;
        if (live::parseCaseStatus((*v)[i], s)) L.heat.statuses.insert(s);
        else r.problem(h->get("statuses"), p + ".statuses[" + std::to_string(i) + "]", "unknown status \"" + (*v)[i] + "\"");
      }
    }
    if (auto v = r.numbers(*h, p, "priority_weights", 4, 0, 1000))
      for (size_t i = 0; i < 4; ++i) L.heat.priorityWeight[i] = float((*v)[i]);
  }
  if (const toml::table* f = r.table(t, "layers", "sensor_field")) {
    const std::string p = "layers.sensor_field";
    r.onlyKeys(*f, p, {"visible", "metric", "reach_m", "ramp", "opacity", "max", "cell_m"});
    readHeatCommon(r, *f, p, L.field);
    if (auto v = r.string(*f, p, "metric")) L.field.fieldMetric = *v;
    if (auto v = r.number(*f, p, "reach_m", 10, 100000)) L.field.fieldReachMetres = *v;
  }
  if (const toml::table* s = r.table(t, "layers", "sensors")) {
    const std::string p = "layers.sensors";
    r.onlyKeys(*s, p, {"visible", "label_distance_m"});
    if (auto v = r.boolean(*s, p, "visible")) L.sensorsVisible = *v;
    if (auto v = r.number(*s, p, "label_distance_m", 0, 1e6)) L.sensorLabelDistance = *v;
  }
  if (const toml::table* g = r.table(t, "layers", "regions")) {
    const std::string p = "layers.regions";
    r.onlyKeys(*g, p, {"file", "crs", "metric", "visible", "breaks", "colors", "fill_opacity", "outline_color"});
    if (auto v = r.path(*g, p, "file")) o.regionsFile = *v;
    if (auto v = r.choice(*g, p, "crs", {"WGS84", "GCJ02", "BD09", "CGCS2000"})) o.regionsCrs = *v;
    if (auto v = r.choice(*g, p, "metric", {"open", "overdue", "new"})) o.regionsMetric = *v;
    if (auto v = r.boolean(*g, p, "visible")) L.regions.visible = *v;
    if (auto v = r.number(*g, p, "fill_opacity", 0, 1)) L.regions.fillOpacity = float(*v);
    if (auto v = r.color(*g, p, "outline_color")) L.regions.outlineRgb = *v;
    auto breaks = r.numbers(*g, p, "breaks", 0, 1, 1e9);
    if (breaks) {
      bool ascending = true;
      for (size_t i = 0; i < breaks->size(); ++i)
        ascending = ascending && (*breaks)[i] == std::floor((*breaks)[i]) && (i == 0 || (*breaks)[i] > (*breaks)[i - 1]);
      if (!ascending) r.problem(g->get("breaks"), p + ".breaks", "must be whole numbers in ascending order");
      else L.regions.breaks.assign(breaks->begin(), breaks->end());
    }
    if (const toml::array* a = r.array(*g, p, "colors")) {
      std::vector<uint32_t> colors;
      for (size_t i = 0; i < a->size(); ++i)
        if (auto c = r.colorNode(*a->get(i), p + ".colors[" + std::to_string(i) + "]")) colors.push_back(*c);
      if (colors.size() == a->size()) {
        if (colors.size() != L.regions.breaks.size() + 1)
          r.problem(g->get("colors"), p + ".colors",
                    "must hold one colour more than breaks (" + std::to_string(L.regions.breaks.size() + 1) + "), got " +
                        std::to_string(colors.size()));
        else L.regions.classRgb = colors;
      }
    } else if (breaks && L.regions.classRgb.size() != L.regions.breaks.size() + 1) {
      r.problem(g->get("breaks"), p + ".colors", "is required when breaks change the number of classes");
    }
  }
}

ui::CameraView readView(Reader& r, const toml::table& t, const std::string& k, bool& ok) {
  ui::CameraView v;
  auto lon = r.number(t, k, "lon", -180, 180), lat = r.number(t, k, "lat", -85, 85);
  if (!lon && !t.get("lon")) r.problem(&t, k + ".lon", "is required");
  if (!lat && !t.get("lat")) r.problem(&t, k + ".lat", "is required");
  ok = lon && lat;
  v.lon = lon.value_or(0), v.lat = lat.value_or(0);
  v.distance = r.number(t, k, "distance", 5, 2e6).value_or(1500);
  v.heading = r.number(t, k, "heading", -360, 360).value_or(0);
  v.pitch = r.number(t, k, "pitch", 0, 85).value_or(45);
  return v;
}

void readPresentation(Reader& r, const toml::table& root, AppOptions& o) {
  r.tables(root, "", "bookmarks", [&](const toml::table& t, const std::string& k) {
    r.onlyKeys(t, k, {"name", "lon", "lat", "distance", "heading", "pitch", "dwell_s"});
    ui::Bookmark b;
    auto name = r.string(t, k, "name");
    if (!name || name->empty()) {
      if (!name) r.problem(&t, k + ".name", "is required");
      else r.problem(t.get("name"), k + ".name", "must not be empty");
    }
    for (const auto& other : o.bookmarks)
      if (name && other.name == *name) r.problem(t.get("name"), k + ".name", "\"" + *name + "\" is used by another bookmark");
    bool ok = false;
    b.view = readView(r, t, k, ok);
    b.dwellSeconds = r.number(t, k, "dwell_s", 0, 86400).value_or(0);
    if (name && ok) b.name = *name, o.bookmarks.push_back(b);
  });
  if (const toml::table* t = r.table(root, "", "tour")) {
    r.onlyKeys(*t, "tour", {"auto_start", "dwell_s", "fly_s"});
    if (auto v = r.boolean(*t, "tour", "auto_start")) o.tour.autoStart = *v;
    if (auto v = r.number(*t, "tour", "dwell_s", 1, 86400)) o.tour.dwellSeconds = *v;
    if (auto v = r.number(*t, "tour", "fly_s", 0, 120)) o.tour.flySeconds = *v;
  }
  if (const toml::table* t = r.table(root, "", "alert_focus")) {
    const std::string p = "alert_focus";
    r.onlyKeys(*t, p, {"enabled", "max_priority", "alarms", "hold_s", "distance_m", "pitch", "recent_minutes"});
    auto& a = o.alertFocus;
    if (auto v = r.boolean(*t, p, "enabled")) a.enabled = *v;
    if (auto v = r.number(*t, p, "max_priority", 1, 4)) a.maxPriority = int(*v);
    if (auto v = r.boolean(*t, p, "alarms")) a.alarms = *v;
    if (auto v = r.number(*t, p, "hold_s", 1, 3600)) a.holdSeconds = *v;
    if (auto v = r.number(*t, p, "distance_m", 20, 100000)) a.distance = *v;
    if (auto v = r.number(*t, p, "pitch", 0, 85)) a.pitch = *v;
    if (auto v = r.number(*t, p, "recent_minutes", 0.1, 10080)) a.recentMinutes = *v;
  }
}

}  // namespace

AppOptions parseConfig(std::string_view text, const std::string& sourceName, const std::string& baseDir, AppOptions o) {
  toml::table root;
  try {
    root = toml::parse(text, sourceName);
  } catch (const toml::parse_error& e) {
    throw ConfigError({sourceName + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())});
  }
  Reader r(sourceName, baseDir);
  r.onlyKeys(root, "", {"city", "display", "kiosk", "feeds", "store", "overdue", "categories", "layers", "bookmarks",
                        "tour", "alert_focus", "journal", "drill", "basemap", "basemap_style", "wall"});
  readBaseMap(r, root, o);
  if (const toml::table* t = r.table(root, "", "drill")) {
    r.onlyKeys(*t, "drill", {"count_in_kpis"});
    if (auto v = r.boolean(*t, "drill", "count_in_kpis")) o.store.cases.countDrill = *v;
  }
  if (const toml::table* t = r.table(root, "", "journal")) {
    r.onlyKeys(*t, "journal", {"enabled", "dir", "retention_days", "max_gb", "keyframe_share"});
    if (auto v = r.boolean(*t, "journal", "enabled")) o.journal = *v;
    if (auto v = r.path(*t, "journal", "dir")) o.journalDir = *v;
    if (auto v = r.number(*t, "journal", "retention_days", 0.01, 3660)) o.journalRetentionDays = *v;
    if (auto v = r.number(*t, "journal", "max_gb", 0.001, 100000)) o.journalMaxGb = *v;
    if (auto v = r.number(*t, "journal", "keyframe_share", 0.05, 0.95)) o.journalKeyframeShare = *v;
  }
  if (const toml::table* t = r.table(root, "", "store")) {
    r.onlyKeys(*t, "store", {"max_cases", "closed_retention_hours", "utc_offset_minutes", "sensor_history"});
    if (auto v = r.number(*t, "store", "max_cases", 1000, 50'000'000)) o.store.cases.maxCases = size_t(*v);
    if (auto v = r.number(*t, "store", "closed_retention_hours", 0, 24 * 366))
      o.store.cases.closedRetention = live::TimeMs(*v * live::kHour);
    if (auto v = r.number(*t, "store", "utc_offset_minutes", -720, 840)) o.store.cases.utcOffsetMinutes = int(*v);
    if (auto v = r.number(*t, "store", "sensor_history", 10, 100000)) o.store.sensors.historyPerMetric = size_t(*v);
  }
  if (const toml::table* t = r.table(root, "", "city")) readCity(r, *t, o);
  if (const toml::table* t = r.table(root, "", "display")) readDisplay(r, *t, o);
  if (const toml::table* t = r.table(root, "", "kiosk")) readKiosk(r, *t, o);
  if (const toml::table* t = r.table(root, "", "wall")) readWall(r, *t, o);
  readFeeds(r, root, o);
  readOverdue(r, root, o);
  if (const toml::table* t = r.table(root, "", "categories")) readCategories(r, *t, o);
  if (const toml::table* t = r.table(root, "", "layers")) readLayers(r, *t, o);
  if (const toml::table* t = r.table(root, "", "basemap_style")) readBaseMapStyle(r, *t, o);
  readPresentation(r, root, o);
  if (!r.problems.empty()) throw ConfigError(r.problems);
  return o;
}

bool appendBookmark(const std::string& path, const ui::Bookmark& b, std::string& error) {
  std::ostringstream name;
  name << toml::value<std::string>(b.name);  // quoted and escaped as TOML wants
  char text[512];
  std::snprintf(text, sizeof text,
                "\n[[bookmarks]]  # saved from the wall\nname = %s\nlon = %.6f\nlat = %.6f\ndistance = %.0f\n"
                "heading = %.1f\npitch = %.1f\n",
                name.str().c_str(), b.view.lon, b.view.lat, b.view.distance, b.view.heading, b.view.pitch);
  std::ofstream out(path, std::ios::app | std::ios::binary);
  if (out) out << text;
  if (out) out.flush();
  if (!out) {
    error = path + ": cannot save the bookmark (" + std::string(std::strerror(errno)) + ")";
    return false;
  }
  return true;
}

AppOptions loadConfig(const std::string& path, AppOptions base) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError({path + ": is a folder, not a configuration file"});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({path + ": cannot be read (" + std::string(std::strerror(errno)) + ")"});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError({path + ": cannot be read (" + std::string(std::strerror(errno)) + ")"});
  const std::string dir = std::filesystem::path(path).parent_path().string();
  AppOptions o = parseConfig(text.str(), path, dir, std::move(base));
  o.configFile = path;
  return o;
}

}  // namespace citywall::config
