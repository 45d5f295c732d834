// citywall-tiles: turns building footprints (GeoJSON) into a 3D Tiles 1.1
// tileset that citywall streams for the camera (--tileset), as CesiumJS
// would: a city of a million buildings then loads the few a view needs.
//
//   citywall-tiles [--height-field NAME] [--per-tile N] [--compress draco|meshopt] --out DIR FILE.geojson[@CRS]...

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "assets/asset_error.h"
#include "assets/city_loader.h"
#include "assets/tiles3d/tileset_writer.h"
#include "geo/crs.h"

using namespace citywall;

namespace {

int usage(const char* problem) {
  if (problem) std::fprintf(stderr, "citywall-tiles: %s\n", problem);
  std::fprintf(problem ? stderr : stdout,
               "usage: citywall-tiles [options] --out DIR FILE.geojson[@CRS] [FILE2 ...]\n"
               "  --out DIR             the tileset's folder (tileset.json, subtrees/, content/)\n"
               "  --height-field NAME   the property holding the height, for the files after it\n"
               "  --per-tile N          about N buildings in a deepest tile (default 500)\n"
               "  --max-levels N        at most N levels below the root (default 8)\n"
               "  --compress KIND       the content's geometry compressed: draco (smallest) or meshopt\n"
               "                        (fastest to decode); default none\n"
               "Each building stands in one tile, at the level its size calls for (ADD refinement),\n"
               "with its id, name and height in the tile's property table.\n");
  return problem ? 2 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  assets::CitySpec spec;
  assets::tiles3d::TilesetWriteOptions options;
  assets::FootprintOptions footprint;
  std::string out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--help" || arg == "-h") return usage(nullptr);
      if (arg == "--out") out = value();
      else if (arg == "--height-field") footprint.heightField = value();
      else if (arg == "--per-tile") options.buildingsPerTile = uint32_t(std::stoul(value()));
      else if (arg == "--max-levels") options.maxLevels = uint32_t(std::stoul(value()));
      else if (arg == "--compress") {
        const std::string kind = value();
        if (kind == "draco") options.compression = assets::tiles3d::Compression::draco;
        else if (kind == "meshopt") options.compression = assets::tiles3d::Compression::meshopt;
        else if (kind == "none") options.compression = assets::tiles3d::Compression::none;
        else return usage(("--compress takes draco, meshopt or none, not " + kind).c_str());
      }
      else if (arg.starts_with("--")) return usage(("unknown option " + arg).c_str());
      else {
        assets::BuildingSource source(arg, footprint);
        if (const auto at = arg.rfind('@'); at != std::string::npos && at > 0) {
          if (!geo::parseCrs(arg.substr(at + 1), source.options.crs)) return usage(("unknown CRS in " + arg).c_str());
          source.file = arg.substr(0, at);
        }
        spec.buildings.push_back(source);
      }
    } catch (const std::exception& e) {
      return usage(e.what());
    }
  }
  if (out.empty() || spec.buildings.empty()) return usage("give --out DIR and at least one GeoJSON file");
  if (options.buildingsPerTile < 1 || options.maxLevels < 1 || options.maxLevels > 12)
    return usage("--per-tile must be at least 1 and --max-levels from 1 to 12");
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const scene::CityModel city = assets::loadCity(spec);
    const auto t1 = std::chrono::steady_clock::now();
    const auto r = assets::tiles3d::writeTileset(city, out, options);
    const auto t2 = std::chrono::steady_clock::now();
    std::printf("citywall-tiles: %zu buildings read in %.1f s (%zu skipped); %zu in %zu tiles of %u levels, %.1f MB, written in %.1f s to %s\n",
                city.buildings.size(), std::chrono::duration<double>(t1 - t0).count(), city.report.skipped, r.buildings, r.contents,
                r.levels, r.bytes / 1e6, std::chrono::duration<double>(t2 - t1).count(), out.c_str());
    return 0;
  } catch (const assets::AssetError& e) {
    std::fprintf(stderr, "citywall-tiles: %s\n", e.what());
    return 1;
  }
}
