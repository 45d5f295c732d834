#include "assets/mbtiles.h"

#include <sqlite3.h>

#include "assets/asset_error.h"

namespace citywall::assets {

MbTiles::MbTiles(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw AssetError(path, "cannot open as MBTiles (" + why + ")");
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT name, value FROM metadata", -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw AssetError(path, "not an MBTiles file (no metadata table)");
  }
  while (sqlite3_step(s) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
    if (!name || !value) continue;
    const std::string n = name;
    if (n == "format") info_.format = value;
    else if (n == "attribution") info_.attribution = value;
    else if (n == "json") info_.json = value;
  }
  sqlite3_finalize(s);
  if (sqlite3_prepare_v2(db_, "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles", -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw AssetError(path, "not an MBTiles file (no tiles table)");
  }
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
    info_.minZoom = uint32_t(sqlite3_column_int(s, 0)), info_.maxZoom = uint32_t(sqlite3_column_int(s, 1));
  sqlite3_finalize(s);
}

MbTiles::~MbTiles() { sqlite3_close(db_); }

std::vector<MbTile> MbTiles::tiles(uint32_t z, double west, double south, double east, double north) const {
  const TileId a = tileAt(west, north, z), b = tileAt(east, south, z);
  // MBTiles counts rows from the south (TMS): row = 2^z − 1 − y.
  const uint32_t last = (1u << z) - 1;
  sqlite3_stmt* s = nullptr;
  std::vector<MbTile> out;
  if (sqlite3_prepare_v2(db_,
                         "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ? AND tile_column BETWEEN ? AND ? "
                         "AND tile_row BETWEEN ? AND ?",
                         -1, &s, nullptr) != SQLITE_OK)
    throw AssetError(path_, std::string("cannot read tiles (") + sqlite3_errmsg(db_) + ")");
  sqlite3_bind_int(s, 1, int(z));
  sqlite3_bind_int64(s, 2, a.x), sqlite3_bind_int64(s, 3, b.x);
  sqlite3_bind_int64(s, 4, last - b.y), sqlite3_bind_int64(s, 5, last - a.y);
  while (sqlite3_step(s) == SQLITE_ROW) {
    MbTile t;
    t.id = {z, uint32_t(sqlite3_column_int64(s, 0)), last - uint32_t(sqlite3_column_int64(s, 1))};
    const void* data = sqlite3_column_blob(s, 2);
    t.data.assign(static_cast<const char*>(data), size_t(sqlite3_column_bytes(s, 2)));
    out.push_back(std::move(t));
  }
  sqlite3_finalize(s);
  return out;
}

}  // namespace citywall::assets
