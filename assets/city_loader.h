#pragma once
// Loads a whole city: building footprint files, placed models, the ground.
// The one entry point the app and the tests use to turn files into a
// scene::CityModel.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "assets/basemap_loader.h"
#include "assets/building_extruder.h"
#include "assets/feature_loader.h"
#include "assets/model_loader.h"
#include "assets/tiles3d/tileset_streamer.h"

namespace citywall::assets {

struct ModelSpec {
  std::string path;
  ModelPlacement placement;
};

/// A file of building footprints and how to read it.
struct BuildingSource {
  std::string file;          ///< GeoJSON (.geojson, .json, optionally .gz)
  FootprintOptions options;  ///< which fields hold the heights, the CRS
  BuildingSource(std::string f = {}, FootprintOptions o = {}) : file(std::move(f)), options(std::move(o)) {}
  bool operator==(const BuildingSource& o) const { return file == o.file; }
};

struct CitySpec {
  std::vector<BuildingSource> buildings;
  std::vector<ModelSpec> models;
  /// 3D Tiles: streamed for the camera by the app (tiles3d::TilesetStreamer);
  /// here only their roots count, for the city's origin and bounds.
  std::vector<tiles3d::TilesetSource> tilesets;
  std::optional<geo::LonLatHeight> origin;      ///< default: the centre of the buildings' lon/lat box
  ExtrudeOptions extrude;
  std::vector<BaseMapSource> basemap;  ///< water, streets, names under everything
  std::vector<scene::FeatureLayerStyle> features;  ///< governance layers over the base map
  /// The city cache's folder ("" : none): the buildings are read from it
  /// when their sources have not changed, else built and written there.
  std::string cacheDir;
  /// Where a new cache is written: given the job (it returns its problem,
  /// "" when written), to run on a thread of the caller's, so the first
  /// frame does not wait for hashing and writing a file of some hundred
  /// megabytes. Empty: written at once (problems in CityModel::cacheNote).
  std::function<void(std::function<std::string()> job)> writeCacheLater;
  /// Told how far a city being built is: stage ("parsing", "extruding") and share done (0–1).
  std::function<void(const char* stage, double fraction)> progress;
};

/// Loads everything in `spec`; throws AssetError for the first file that
/// cannot be used at all (missing, not JSON, not a model). Bad features inside
/// a good file are skipped and counted in the report instead.
scene::CityModel loadCity(const CitySpec& spec);

}  // namespace citywall::assets
