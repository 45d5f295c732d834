#include "assets/tiles3d/tileset_file.h"

#include <simdjson.h>

#include <filesystem>

#include "assets/asset_error.h"

namespace citywall::assets::tiles3d {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

double number(element e) {
  if (auto d = e.get_double(); !d.error()) return d.value();
  if (auto i = e.get_int64(); !i.error()) return double(i.value());
  if (auto u = e.get_uint64(); !u.error()) return double(u.value());
  throw std::invalid_argument("not a number");
}

BoundingVolume readVolume(object o, const std::string& path) {
  BoundingVolume out;
  auto take = [&](const char* key, BoundingVolume::Kind kind, size_t n) {
    simdjson::dom::array a;
    if (o[key].get_array().get(a)) return false;
    if (a.size() != n) throw AssetError(path, std::string("a bounding volume's \"") + key + "\" must have " + std::to_string(n) + " numbers");
    size_t i = 0;
    for (element e : a) out.v[i++] = number(e);
    out.kind = kind;
    return true;
  };
  if (take("box", BoundingVolume::Kind::box, 12) || take("region", BoundingVolume::Kind::region, 6) ||
      take("sphere", BoundingVolume::Kind::sphere, 4))
    return out;
  throw AssetError(path, "a tile's boundingVolume has no box, region or sphere");
}

TileSpec readTile(object o, const std::string& path, Refine inherited, int depth) {
  if (depth > 64) throw AssetError(path, "tiles nest deeper than 64");
  TileSpec t;
  object bv;
  if (o["boundingVolume"].get_object().get(bv)) throw AssetError(path, "a tile has no boundingVolume");
  t.volume = readVolume(bv, path);
  object request;
  if (!o["viewerRequestVolume"].get_object().get(request)) t.viewerRequestVolume = readVolume(request, path);
  element ge;
  if (o["geometricError"].get(ge)) throw AssetError(path, "a tile has no geometricError");
  t.geometricError = number(ge);
  t.refine = inherited;
  std::string_view refine;
  if (!o["refine"].get_string().get(refine)) {
    if (refine == "ADD" || refine == "add") t.refine = Refine::add;
    else if (refine == "REPLACE" || refine == "replace") t.refine = Refine::replace;
    else throw AssetError(path, "a tile's refine is \"" + std::string(refine) + "\" (ADD or REPLACE)");
  }
  simdjson::dom::array transform;
  if (!o["transform"].get_array().get(transform)) {
    if (transform.size() != 16) throw AssetError(path, "a tile's transform must have 16 numbers");
    size_t i = 0;
    for (element e : transform) t.transform[int(i / 4)][int(i % 4)] = number(e), ++i;
  }
  // One content (1.0 and 1.1) or several (1.1 "contents").
  auto addContent = [&](object c) {
    std::string_view uri;
    if (c["uri"].get_string().get(uri) && c["url"].get_string().get(uri)) throw AssetError(path, "a tile's content has no uri");
    t.contents.push_back(std::string(uri));
  };
  object content;
  if (!o["content"].get_object().get(content)) addContent(content);
  // 1.1's "contents", or 3DTILES_multiple_contents' "content" array (1.0 with the extension).
  simdjson::dom::array contents;
  if (!o["contents"].get_array().get(contents) || !o["extensions"]["3DTILES_multiple_contents"]["content"].get_array().get(contents))
    for (element c : contents) {
      object co;
      if (!c.get_object().get(co)) addContent(co);
    }
  // 1.1's implicitTiling, or the 3DTILES_implicit_tiling extension it grew
  // from (tilesets written in 2021–22), which gives the deepest level
  // (maximumLevel) instead of the number of levels.
  object implicit;
  simdjson::dom::parser implicitParser;  // holds the extension's members, renamed
  const bool fromExtension = o["implicitTiling"].get_object().get(implicit) == simdjson::SUCCESS
                                 ? false
                                 : !o["extensions"]["3DTILES_implicit_tiling"].get_object().get(implicit);
  if (fromExtension) {
    int64_t maximum = 0;
    if (implicit["maximumLevel"].get_int64().get(maximum) || maximum < 0 || maximum > 29)
      throw AssetError(path, "3DTILES_implicit_tiling.maximumLevel must be a whole number from 0 to 29");
    std::string rewritten = "{\"availableLevels\":" + std::to_string(maximum + 1);
    for (const char* key : {"subdivisionScheme", "subtreeLevels", "subtrees"})
      if (element v; !implicit[key].get(v)) rewritten += std::string(",\"") + key + "\":" + simdjson::minify(v);
    rewritten += "}";
    if (implicitParser.parse(rewritten).get_object().get(implicit)) throw AssetError(path, "3DTILES_implicit_tiling cannot be read");
  }
  if (fromExtension || !o["implicitTiling"].get_object().get(implicit)) {
    auto tiling = std::make_shared<ImplicitTiling>();
    std::string_view scheme;
    if (implicit["subdivisionScheme"].get_string().get(scheme) || (scheme != "QUADTREE" && scheme != "OCTREE"))
      throw AssetError(path, "implicitTiling.subdivisionScheme must be QUADTREE or OCTREE");
    tiling->octree = scheme == "OCTREE";
    int64_t levels = 0, available = 0;
    if (implicit["subtreeLevels"].get_int64().get(levels) || levels < 1 || levels > 30)
      throw AssetError(path, "implicitTiling.subtreeLevels must be a whole number from 1 to 30");
    if (implicit["availableLevels"].get_int64().get(available) || available < 1 || available > 30)
      throw AssetError(path, "implicitTiling.availableLevels must be a whole number from 1 to 30");
    tiling->subtreeLevels = uint32_t(levels), tiling->availableLevels = uint32_t(available);
    std::string_view subtrees;
    if (implicit["subtrees"]["uri"].get_string().get(subtrees)) throw AssetError(path, "implicitTiling.subtrees has no uri");
    tiling->subtreeTemplate = resolveUri(path, std::string(subtrees));
    t.implicit = std::move(tiling);
  }
  for (auto& c : t.contents) c = resolveUri(path, c);
  simdjson::dom::array children;
  if (!o["children"].get_array().get(children)) {
    if (t.implicit) throw AssetError(path, "a tile with implicitTiling cannot have children");
    for (element c : children) {
      object co;
      if (c.get_object().get(co)) throw AssetError(path, "a child tile is not an object");
      t.children.push_back(readTile(co, path, t.refine, depth + 1));
    }
  }
  return t;
}

}  // namespace

std::string resolveUri(const std::string& base, const std::string& uri) {
  if (uri.starts_with("http://") || uri.starts_with("https://"))
    throw AssetError(base, "content on a server (" + uri + ") cannot be read: citywall reads tilesets from files");
  std::string decoded;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '?' || uri[i] == '#') break;
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(uint8_t(uri[i + 1])) && std::isxdigit(uint8_t(uri[i + 2]))) {
      decoded.push_back(char(std::stoi(uri.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      decoded.push_back(uri[i]);
    }
  }
  if (decoded.starts_with("file://")) decoded.erase(0, 7);
  const std::filesystem::path p(decoded);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (std::filesystem::path(base).parent_path() / p).lexically_normal().string();
}

std::string expandTemplate(const std::string& templ, uint32_t level, uint32_t x, uint32_t y, uint32_t z) {
  std::string out;
  for (size_t i = 0; i < templ.size();) {
    auto put = [&](const char* key, uint32_t value) {
      const size_t n = std::strlen(key);
      if (templ.compare(i, n, key) != 0) return false;
      out += std::to_string(value);
      i += n;
      return true;
    };
    if (put("{level}", level) || put("{x}", x) || put("{y}", y) || put("{z}", z)) continue;
    out.push_back(templ[i++]);
  }
  return out;
}

TilesetFile readTilesetFile(const std::string& path) { return parseTilesetJson(readFileBytes(path), path); }

TilesetFile parseTilesetJson(const std::string& bytes, const std::string& path) {
  simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(bytes).get(doc)) throw AssetError(path, std::string("not valid JSON (") + simdjson::error_message(err) + ")");
  TilesetFile file;
  file.path = path;
  object root;
  if (doc["root"].get_object().get(root)) throw AssetError(path, "not a 3D Tiles tileset (no \"root\" tile)");
  std::string_view version;
  if (!doc["asset"]["version"].get_string().get(version)) file.version = std::string(version);
  std::string_view copyright;
  if (!doc["asset"]["extras"]["copyright"].get_string().get(copyright) ||
      !doc["asset"]["extras"]["attribution"].get_string().get(copyright))
    file.copyright = std::string(copyright);
  // Every number read under one try (fuzz_tiles3d found the tileset's own
  // geometricError, read outside it, escaping as std::invalid_argument).
  try {
    element ge;
    if (!doc["geometricError"].get(ge)) file.geometricError = number(ge);
    file.root = readTile(root, path, Refine::replace, 0);
  } catch (const std::invalid_argument&) {
    throw AssetError(path, "the tileset holds text where a number belongs");
  }
  return file;
}

}  // namespace citywall::assets::tiles3d
