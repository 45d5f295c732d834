#include "ui/commands.h"

#include <simdjson.h>

#include "geo/json_text.h"

#include <cstdio>

namespace citywall::ui {
namespace {

const char* layerName(LayerId l) {
  switch (l) {
    case LayerId::markers: return "markers";
    case LayerId::heat: return "heat";
    case LayerId::sensorField: return "sensor_field";
    case LayerId::regions: return "regions";
    case LayerId::sensors: return "sensors";
    case LayerId::basemap: return "basemap";
  }
  return "?";
}

const char* settingName(Setting s) {
  switch (s) {
    case Setting::theme: return "theme";
    case Setting::ui: return "ui";
    case Setting::tour: return "tour";
    case Setting::alertsPaused: return "alerts_paused";
    case Setting::language: return "language";
    case Setting::carousel: return "carousel";
    case Setting::stats: return "stats";
  }
  return "?";
}

std::string view(const CameraView& v) {
  char buf[160];
  std::snprintf(buf, sizeof buf, R"({"lon":%.7f,"lat":%.7f,"distance":%.2f,"heading":%.2f,"pitch":%.2f})", v.lon, v.lat,
                v.distance, v.heading, v.pitch);
  return buf;
}

}  // namespace

bool journaled(const Command& command) {
  const auto* seek = std::get_if<SeekReplay>(&command);
  return !seek || !seek->preview;
}

bool replayable(const Command& command) {
  if (const auto* toggle = std::get_if<Toggle>(&command)) return toggle->setting != Setting::ui && toggle->setting != Setting::stats;
  return !std::holds_alternative<WallIdentify>(command) && !std::holds_alternative<WallBlank>(command);
}

bool lasting(const Command& command) {
  if (const auto* toggle = std::get_if<Toggle>(&command))
    return toggle->setting == Setting::theme || toggle->setting == Setting::alertsPaused;
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        return std::is_same_v<T, SetLayerVisible> || std::is_same_v<T, ToggleLayer> || std::is_same_v<T, SetFeatureLayerVisible> ||
               std::is_same_v<T, SetTheme> || std::is_same_v<T, SetAlertsPaused> || std::is_same_v<T, DrillBanner> ||
               std::is_same_v<T, MarkArea> || std::is_same_v<T, ClearMark> || std::is_same_v<T, HideBuilding> ||
               std::is_same_v<T, ShowAllBuildings>;
      },
      command);
}

std::string toJson(const Command& command) {
  return std::visit(
      [](const auto& c) -> std::string {
        using T = std::decay_t<decltype(c)>;
        const auto b = [](bool v) { return v ? "true" : "false"; };
        if constexpr (std::is_same_v<T, FlyTo>)
          return R"({"cmd":"fly_to","view":)" + view(c.view) + R"(,"seconds":)" + std::to_string(c.seconds) + "}";
        else if constexpr (std::is_same_v<T, SelectCase>)
          return R"({"cmd":"select_case","id":)" + geo::jsonString(c.id) + R"(,"fly":)" + b(c.fly) + "}";
        else if constexpr (std::is_same_v<T, SelectSensor>)
          return R"({"cmd":"select_sensor","id":)" + geo::jsonString(c.id) + R"(,"fly":)" + b(c.fly) + "}";
        else if constexpr (std::is_same_v<T, ClearSelection>) return R"({"cmd":"clear_selection"})";
        else if constexpr (std::is_same_v<T, SetLayerVisible>)
          return std::string(R"({"cmd":"layer","layer":")") + layerName(c.layer) + R"(","visible":)" + b(c.visible) + "}";
        else if constexpr (std::is_same_v<T, SetFeatureLayerVisible>)
          return R"({"cmd":"feature_layer","name":)" + geo::jsonString(c.name) + R"(,"visible":)" + b(c.visible) + "}";
        else if constexpr (std::is_same_v<T, ToggleLayer>)
          return std::string(R"({"cmd":"toggle_layer","layer":")") + layerName(c.layer) + "\"}";
        else if constexpr (std::is_same_v<T, SetLanguage>)
          return std::string(R"({"cmd":"language","language":")") + (c.chinese ? "zh" : "en") + "\"}";
        else if constexpr (std::is_same_v<T, GoToBookmark>) return R"({"cmd":"bookmark","name":)" + geo::jsonString(c.name) + "}";
        else if constexpr (std::is_same_v<T, GoToBookmarkNumber>)
          return R"({"cmd":"bookmark_number","index":)" + std::to_string(c.index) + "}";
        else if constexpr (std::is_same_v<T, SetTour>) return std::string(R"({"cmd":"tour","on":)") + b(c.on) + "}";
        else if constexpr (std::is_same_v<T, SetAlertsPaused>)
          return std::string(R"({"cmd":"alerts_paused","paused":)") + b(c.paused) + "}";
        else if constexpr (std::is_same_v<T, SaveBookmark>) return R"({"cmd":"save_bookmark"})";
        else if constexpr (std::is_same_v<T, FitCity>) return R"({"cmd":"fit_city"})";
        else if constexpr (std::is_same_v<T, SetCamera>) {
          char buf[200];
          std::snprintf(buf, sizeof buf,
                        R"({"cmd":"camera","target":[%.3f,%.3f,%.3f],"distance":%.3f,"heading":%.3f,"pitch":%.3f})",
                        c.camera.target.x, c.camera.target.y, c.camera.target.z, c.camera.distance, c.camera.heading,
                        c.camera.pitch);
          return buf;
        } else if constexpr (std::is_same_v<T, PickAt>) {
          char buf[80];
          std::snprintf(buf, sizeof buf, R"({"cmd":"pick","x":%.1f,"y":%.1f})", c.x, c.y);
          return buf;
        } else if constexpr (std::is_same_v<T, Toggle>)
          return std::string(R"({"cmd":"toggle","setting":")") + settingName(c.setting) + "\"}";
        else if constexpr (std::is_same_v<T, SetTheme>) return R"({"cmd":"theme","name":)" + geo::jsonString(c.name) + "}";
        else if constexpr (std::is_same_v<T, DrillBanner>)
          return R"({"cmd":"drill","name":)" + geo::jsonString(c.name) + R"(,"caption":)" + geo::jsonString(c.caption) + R"(,"paused":)" +
                 b(c.paused) + "}";
        else if constexpr (std::is_same_v<T, ResumeDrill>) return R"({"cmd":"resume_drill"})";
        else if constexpr (std::is_same_v<T, WallIdentify>) return std::string(R"({"cmd":"wall_identify","on":)") + b(c.on) + "}";
        else if constexpr (std::is_same_v<T, WallBlank>)
          return R"({"cmd":"wall_blank","panel":)" + std::to_string(c.panel) + R"(,"on":)" + b(c.on) + "}";
        else if constexpr (std::is_same_v<T, MarkArea>) {
          char buf[160];
          std::snprintf(buf, sizeof buf, R"(,"lon":%.7f,"lat":%.7f,"radius":%.2f,"rgba":%u})", c.mark.lon, c.mark.lat, c.mark.radius,
                        unsigned(c.mark.rgba));
          return R"({"cmd":"mark_area","id":)" + geo::jsonString(c.mark.id) + buf;
        } else if constexpr (std::is_same_v<T, ClearMark>)
          return R"({"cmd":"clear_mark","id":)" + geo::jsonString(c.id) + "}";
        else if constexpr (std::is_same_v<T, HideBuilding>)
          return R"({"cmd":"hide_building","tileset":)" + std::to_string(c.building.tileset) + R"(,"number":)" +
                 std::to_string(c.building.number) + R"(,"identity":)" + geo::jsonString(c.building.identity) + R"(,"hidden":)" +
                 b(c.hidden) + "}";
        else if constexpr (std::is_same_v<T, HideSelected>) return R"({"cmd":"hide_selected"})";
        else if constexpr (std::is_same_v<T, CordonSelected>)
          return R"({"cmd":"cordon_selected","radius":)" + std::to_string(c.radius) + "}";
        else if constexpr (std::is_same_v<T, ShowAllBuildings>) return R"({"cmd":"show_all_buildings"})";
        else if constexpr (std::is_same_v<T, SetReplaySpeed>)
          return R"({"cmd":"replay_speed","speed":)" + std::to_string(c.speed) + "}";
        else if constexpr (std::is_same_v<T, LoopReplay>)
          return R"({"cmd":"loop","from":)" + std::to_string(c.from) + R"(,"to":)" + std::to_string(c.to) + "}";
        else if constexpr (std::is_same_v<T, SeekReplay>)
          return R"({"cmd":"seek","time":)" + std::to_string(c.time) + "}";
        else if constexpr (std::is_same_v<T, Replay>) {
          static const char* names[] = {"play_pause", "faster", "slower", "forward", "back", "live"};
          return std::string(R"({"cmd":"replay","action":")") + names[size_t(c.action)] + "\"}";
        }
      },
      command);
}

std::optional<Command> commandFromJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(text.data(), text.size()).get(o)) return std::nullopt;
  std::string_view cmd;
  if (o["cmd"].get_string().get(cmd)) return std::nullopt;
  auto str = [&](const char* k) {
    std::string_view v;
    return o[k].get_string().get(v) ? std::string() : std::string(v);
  };
  auto num = [&](const char* k, double fallback = 0) {
    double v;
    return o[k].get_double().get(v) ? fallback : v;
  };
  auto flag = [&](const char* k) {
    bool v = false;
    return o[k].get_bool().get(v) ? false : v;
  };
  auto layer = [&]() -> std::optional<LayerId> {
    const std::string l = str("layer");
    for (LayerId id : {LayerId::markers, LayerId::heat, LayerId::sensorField, LayerId::regions, LayerId::sensors, LayerId::basemap})
      if (l == layerName(id)) return id;
    return std::nullopt;
  };
  if (cmd == "select_case") return SelectCase{str("id"), flag("fly")};
  if (cmd == "select_sensor") return SelectSensor{str("id"), flag("fly")};
  if (cmd == "clear_selection") return ClearSelection{};
  if (cmd == "layer" && layer()) return SetLayerVisible{*layer(), flag("visible")};
  if (cmd == "toggle_layer" && layer()) return ToggleLayer{*layer()};
  if (cmd == "feature_layer") return SetFeatureLayerVisible{str("name"), flag("visible")};
  if (cmd == "language") return SetLanguage{str("language") == "zh"};
  if (cmd == "bookmark") return GoToBookmark{str("name")};
  if (cmd == "bookmark_number") return GoToBookmarkNumber{size_t(num("index"))};
  if (cmd == "tour") return SetTour{flag("on")};
  if (cmd == "alerts_paused") return SetAlertsPaused{flag("paused")};
  if (cmd == "fit_city") return FitCity{};
  if (cmd == "theme") return SetTheme{str("name")};
  if (cmd == "pick") return PickAt{num("x"), num("y")};
  if (cmd == "drill") return DrillBanner{str("name"), str("caption"), flag("paused")};
  if (cmd == "wall_identify") return WallIdentify{flag("on")};
  if (cmd == "wall_blank") return WallBlank{int(num("panel", 1)), flag("on")};
  if (cmd == "mark_area") {
    uint64_t rgba = 0;
    if (o["rgba"].get_uint64().get(rgba) || rgba > UINT32_MAX) return std::nullopt;
    return MarkArea{{str("id"), num("lon"), num("lat"), num("radius"), uint32_t(rgba)}};
  }
  if (cmd == "clear_mark") return ClearMark{str("id")};
  if (cmd == "hide_building") {
    int64_t tileset = -1;
    uint64_t number = 0;
    if (o["tileset"].get_int64().get(tileset) || tileset < -1 || tileset > INT32_MAX) return std::nullopt;
    if (o["number"].get_uint64().get(number) || number > UINT32_MAX) return std::nullopt;
    const std::string identity = str("identity");
    if (tileset >= 0 && identity.empty()) return std::nullopt;  // a tile building is named by its identity
    return HideBuilding{{int32_t(tileset), uint32_t(number), identity}, flag("hidden")};
  }
  if (cmd == "show_all_buildings") return ShowAllBuildings{};
  if (cmd == "fly_to") {
    simdjson::dom::object v;
    if (o["view"].get(v)) return std::nullopt;
    auto n = [&](const char* k) {
      double d = 0;
      return v[k].get_double().get(d) ? 0.0 : d;
    };
    FlyTo f;
    f.view = {n("lon"), n("lat"), n("distance"), n("heading"), n("pitch")};
    f.seconds = num("seconds");
    return f;
  }
  if (cmd == "camera") {
    simdjson::dom::array target;
    if (o["target"].get(target) || target.size() != 3) return std::nullopt;
    SetCamera c;
    double xyz[3] = {0, 0, 0};
    size_t i = 0;
    for (auto e : target) {
      double d = 0;
      if (!e.get_double().get(d)) xyz[i] = d;
      ++i;
    }
    c.camera.target = {xyz[0], xyz[1], xyz[2]};
    c.camera.distance = num("distance", 1000), c.camera.heading = num("heading"), c.camera.pitch = num("pitch");
    return c;
  }
  if (cmd == "toggle") {
    const std::string s = str("setting");
    for (Setting v : {Setting::theme, Setting::ui, Setting::tour, Setting::alertsPaused, Setting::language,
                      Setting::carousel, Setting::stats})
      if (s == settingName(v)) return Toggle{v};
  }
  // Not replayed: hide_selected (the journal keeps the building it named),
  // saving a bookmark (it would write the configuration again),
  // the replay's own controls (a replay does not steer itself) and resuming
  // a drill (a replay plays what the drill did, not the drill).
  return std::nullopt;
}

}  // namespace citywall::ui
