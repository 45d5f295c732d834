#pragma once
// NodeLink: a render node's side of a wall — one ZeroMQ DEALER socket to
// the conductor, named after the node (a restarted node takes its old
// place). It says hello until a snapshot comes, hands over the frames the
// conductor publishes, reports each frame drawn and waits for the word to
// present it. ZeroMQ reconnects by itself when the conductor comes back.
// Main thread only.

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "wall/packets.h"
#include "wall/wall_key.h"

namespace citywall::wall {

class NodeLink {
 public:
  /// Connects (in the background) to the conductor at HOST:PORT.
  /// With `key`, the link is encrypted and the conductor must hold the same key.
  NodeLink(const std::string& conductor, std::string name, std::vector<int> panels, const std::optional<WallKey>& key = {});
  ~NodeLink();
  NodeLink(const NodeLink&) = delete;
  NodeLink& operator=(const NodeLink&) = delete;

  /// Asks the conductor for the wall's state (a snapshot, then frames).
  void hello();
  /// The next message from the conductor, waiting up to `wait`; refused
  /// messages are counted and skipped.
  std::optional<Message> receive(std::chrono::milliseconds wait);
  /// Frame `frame` is drawn; waits up to `wait` for the conductor's word to
  /// present it. False when it did not come in time (the node presents
  /// anyway: a slow conductor must not freeze a panel). Frames that arrive
  /// meanwhile are kept for receive().
  bool readyThenWait(uint64_t session, uint64_t frame, double drawMs, std::chrono::milliseconds wait);
  /// A picture of the node's panels to send with the next Ready (the console's preview).
  void attachPicture(Thumbnail picture) { picture_ = std::move(picture); }
  /// A message taken by receive() goes back to the front of the queue.
  void putBack(Message message) { kept_.push_front(std::move(message)); }
  uint64_t rejected() const { return rejected_; }
  /// Why the last encrypted handshake with the conductor failed (a key that
  /// is not the conductor's), or empty. Read without waiting.
  std::string handshakeProblem();
  const std::string& lastRejection() const { return lastRejection_; }

 private:
  std::optional<Message> take(std::chrono::milliseconds wait);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
  std::vector<int> panels_;
  std::deque<Message> kept_;
  Thumbnail picture_;
  uint64_t rejected_ = 0;
  std::string lastRejection_;
  std::string handshakeProblem_;
};

}  // namespace citywall::wall
