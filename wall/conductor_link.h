#pragma once
// ConductorLink: the conductor's side of a wall — one ZeroMQ ROUTER socket
// the render nodes connect to (each with its name as its identity). Each
// frame the conductor publishes what the nodes apply (wall/packets.h),
// sends a snapshot to each node that (re)joined instead, then holds the
// swap barrier: it waits until every node in step has drawn the frame, or
// until the barrier's deadline, and tells them all to present. A node that
// misses the deadline is counted and the wall goes on; one silent for the
// layout's node timeout is dropped until it says hello again.
//
// Why ZeroMQ (Debian's libzmq with cppzmq): it reconnects by itself, keeps
// a dead peer from blocking the others, and gives each node an identity
// that a restarted node takes over. MPI was considered and left: by default
// one failed rank aborts the whole job, which is wrong for a wall that
// runs for weeks. Main thread only.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wall/packets.h"
#include "wall/wall_layout.h"

namespace citywall::wall {

/// What the console shows of one node.
struct NodeHealth {
  std::string name;
  std::vector<int> panels;  ///< the panels it drives
  bool connected = false;    ///< heard from within the node timeout
  bool inStep = false;       ///< has the state and is sent every frame
  uint64_t lastFrame = 0;    ///< the last frame it said it drew
  uint64_t frameLag = 0;     ///< frames between the conductor's and its last one
  double drawMs = 0;         ///< its CPU time for its last frame
  double silentSeconds = 0;  ///< since its last message
  uint64_t missedBarriers = 0;  ///< frames presented without it (late or gone)
  uint64_t joins = 0;        ///< snapshots sent to it
  /// Its panels as it last showed them (the console's preview; shared, as
  /// the console copies the health every frame); null until one came.
  std::shared_ptr<const Thumbnail> picture;
  uint64_t pictureFrame = 0;  ///< the frame the picture came with
};

struct ConductorStats {
  uint64_t frames = 0;
  uint64_t rejected = 0;        ///< messages refused (malformed, oversized, another version, an unknown node), and nodes without the wall's key
  uint64_t bytesSent = 0;       ///< every message to every node
  uint64_t frameBytes = 0;      ///< the last frame packet's size
  double lastBarrierMs = 0;     ///< how long the last barrier waited
  std::string lastRejection;
  /// The last frames' barrier waits (ms) and frame packet sizes (bytes), for a summary.
  std::vector<float> barrierMs, frameSizes;
};

class ConductorLink {
 public:
  /// Binds `address` (HOST:PORT; the port on every interface when HOST is
  /// "*", else on that address). Throws WallError when the port
  /// cannot be bound.
  ConductorLink(const WallLayout& layout, const std::string& address);
  ~ConductorLink();
  ConductorLink(const ConductorLink&) = delete;
  ConductorLink& operator=(const ConductorLink&) = delete;

  /// This run's session number (nodes that see another one rejoin).
  uint64_t session() const { return session_; }
  /// Sends `frame` (its session is set here) to every node in step, and to
  /// each node that asked to join a snapshot of the store as it stands
  /// after this frame (`storeBytes` is called only then). Reads what the
  /// nodes sent meanwhile.
  void publish(Frame frame, const std::function<std::string()>& storeBytes);
  /// The swap barrier for the frame last published: returns once every
  /// node in step drew it, or at the barrier's deadline; then tells every
  /// node in step to present it.
  void barrier();
  /// Every node in step gets a snapshot with the next frame (the store was
  /// rebuilt: a replay moved back, a look back began or ended).
  void rejoinAll();
  /// Every node the layout names.
  std::vector<NodeHealth> nodes() const;
  const ConductorStats& stats() const { return stats_; }

 private:
  struct Peer;
  void receive(std::chrono::milliseconds wait);
  void handle(const std::string& identity, std::string_view bytes);
  void send(const std::string& identity, const std::string& bytes);
  void dropSilent();
  Peer* peer(const std::string& name);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  WallLayout layout_;
  uint64_t session_ = 0;
  uint64_t frame_ = 0;
  std::vector<Peer> peers_;
  ConductorStats stats_;
};

}  // namespace citywall::wall
