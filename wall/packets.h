#pragma once
// The messages between a wall's conductor and its render nodes, as bytes
// and back. Every message is "CWW5", a kind byte, then its fields (varints,
// exact doubles, strings: live/byte_codec.h). A message that is cut,
// damaged, of another version, or larger than kMaxMessageBytes is refused
// with a reason, never half-applied.
//
//   node → conductor   Hello    (name, panels): I am here, send me the wall's state
//                      Ready    (frame, now and then a thumbnail): frame drawn, waiting to present
//   conductor → node   Snapshot (the store as bytes, where the frames go on)
//                      Frame    (number, clock, the store's changes, the view)
//                      Go       (frame): present it now (the swap barrier)

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "live/store.h"
#include "scene/camera.h"
#include "scene/area_marks.h"
#include "scene/picking.h"

namespace citywall::wall {

constexpr uint32_t kProtocolVersion = 1;

/// A wall cannot start (its port is taken, an address is wrong): the message says what to fix.
class WallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// A snapshot of a city's day of cases fits many times over; a larger message is refused.
constexpr size_t kMaxMessageBytes = size_t(256) << 20;

/// A feed of the conductor's, as the wall's header and overlay show it.
struct WallFeed {
  uint8_t state = 0;  ///< feed::FeedState
  uint64_t events = 0, rejected = 0;
  bool operator==(const WallFeed&) const = default;
};

/// What the wall shows besides the store: everything an operator (or the
/// tour, alert focus, a drill) can change on the conductor. Sent whole with
/// every frame, so a node that missed one is right again at the next.
struct WallView {
  glm::dvec3 target{0.0};
  double distance = 1000, heading = 0, pitch = 0;
  std::string theme = "night";
  bool chinese = true;
  bool markers = true, heat = true, regions = true, sensors = true, basemap = true, sensorField = false;
  std::vector<bool> featureLayers;
  /// The selection: at most one is set (slots in the store the node shares).
  std::optional<uint32_t> caseSlot, sensorSlot, building, feature;
  /// A point of a point cloud, whole: the nodes' tiles load in their own
  /// order, so it travels as itself, not as a number.
  std::optional<scene::TilePoint> tilePoint;
  /// A building of a 3D Tiles tileset, by its identity: its number differs
  /// between machines (`building` carries only the city's own).
  std::optional<scene::TileFeature> tileFeature;
  /// The areas marked (cordons, evacuation zones): each node tints its own buildings inside them.
  std::vector<scene::AreaMark> marks;
  /// The buildings taken off the wall, as themselves (a tile building by its identity).
  std::vector<scene::BuildingRef> hidden;
  bool ui = true, panels = true;
  // The dashboard's case list as the operator filtered and sorted it.
  std::string category, grid, search;
  int status = -2, priority = 0, sortColumn = 0;
  bool sortAscending = false, carousel = false;
  // A drill's banner.
  bool drillShown = false, drillPaused = false;
  std::string drillName, drillCaption;
  // The console: every panel shows its number; panels shown black (by panel − 1).
  bool identify = false;
  std::vector<bool> blanked;
  /// The conductor's feeds (a node reads none, and shows these).
  std::vector<WallFeed> feeds;
  bool operator==(const WallView&) const = default;
};

struct Hello {
  std::string name;
  std::vector<int> panels;
};
/// A small picture of a node's panels as shown (their output, scaled):
/// the console's preview. RGB, row by row from the top; empty when none.
struct Thumbnail {
  uint32_t width = 0, height = 0;
  std::string rgb;  ///< width × height × 3 bytes
  static constexpr uint32_t kMaxSide = 1024;
  bool operator==(const Thumbnail&) const = default;
};
struct Ready {
  uint64_t session = 0, frame = 0;
  double drawMs = 0;  ///< the node's CPU time for the frame
  Thumbnail picture;  ///< now and then (about once a second)
};
struct Snapshot {
  uint64_t session = 0;
  uint64_t frame = 0;    ///< the store as it stood after this frame; Frame frame + 1 comes next
  uint64_t opsNext = 0;  ///< the sequence number of the next store change
  std::string store;     ///< live::saveSnapshot
};
struct Frame {
  uint64_t session = 0;  ///< the conductor's run: a node that sees another asks for a snapshot
  uint64_t frame = 0;
  live::TimeMs clock = 0;  ///< the one clock (LiveSession::clockNow) this frame
  double seconds = 0;      ///< since the previous frame
  double time = 0;         ///< steady seconds since the conductor started (pulses, flights)
  uint64_t opsFirst = 0;   ///< the sequence number of ops[0]: the range the node applies is [opsFirst, opsFirst + ops.size())
  std::vector<live::StoreOp> ops;
  WallView view;
};
struct Go {
  uint64_t session = 0, frame = 0;
};

using Message = std::variant<Hello, Ready, Snapshot, Frame, Go>;

std::string encode(const Message& message);
/// The message, or nullopt with `error` saying why it was refused.
std::optional<Message> decode(std::string_view bytes, std::string& error);

}  // namespace citywall::wall
