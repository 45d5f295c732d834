#pragma once
// The city cache: the buildings of a city as extruded from its GeoJSON —
// frame, vertices, indices, outlines, chunks, building records and their
// footprints, counts and credits — in one binary file, so a wall that
// restarts shows its first frame without parsing and extruding again.
// Keyed by a SHA-256 of what went in (the files' bytes, how they are read,
// the origin, the extrusion settings, this cache's format and citywall's
// version): a changed source or a new citywall never reads a stale cache.
// Read through mmap; a cache that is cut short, damaged or of another build
// is reported and rebuilt, never trusted; a cache that cannot be written (a
// full disk) is reported and the city goes on without it.

#include <optional>
#include <string>

#include "assets/city_loader.h"

namespace citywall::assets {

/// Where caches go by default: $XDG_CACHE_HOME/citywall, else ~/.cache/citywall.
std::string defaultCityCacheDir();

/// The cache file for `spec`'s buildings in `dir` (reads every building
/// file to hash it); "" when one cannot be read (the loader then says why).
std::string cityCachePath(const CitySpec& spec, const std::string& dir);

/// Fills `city`'s frame, buildings and their counts and credits from a
/// cache file. False (and `problem` says why, empty when the file is simply
/// not there) when it cannot be used.
bool readCityCache(const std::string& path, scene::CityModel& city, std::string& problem);

/// Writes the buildings part of `city` (atomically: a temporary file, then
/// a rename), then keeps only the most recently used caches of its folder.
/// False and `problem` when it cannot be written.
bool writeCityCache(const std::string& path, const scene::CityModel& city, std::string& problem);

/// writeCityCache in two halves, so the slow one can leave the load:
/// packCityCache copies what the cache holds into one block (a memory copy;
/// the city may change or go after it), storeCityCache hashes and writes
/// that block as above (on any thread).
std::string packCityCache(const scene::CityModel& city);
bool storeCityCache(const std::string& path, std::string packed, std::string& problem);

/// How many caches a folder keeps (the most recently used).
constexpr size_t kKeptCaches = 8;
/// Removes all but the `keep` most recently used caches in `dir`.
void pruneCityCaches(const std::string& dir, size_t keep);

}  // namespace citywall::assets
