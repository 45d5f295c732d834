#include "wall/conductor_link.h"

#include "wall/poll.h"

#include <atomic>
#include <cstring>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

namespace citywall::wall {

using Clock = std::chrono::steady_clock;

struct ConductorLink::Peer {
  NodeHealth health;
  bool wantsSnapshot = false;
  bool readyForFrame = false;  // said it drew the frame being held at the barrier
  Clock::time_point heard{};
};

namespace {

// ZeroMQ asks this, on a thread of its own (the ZAP protocol, ZeroMQ RFC
// 27), whether a node that completed the CURVE handshake may in: only one
// that presents the wall's key (a stranger may know the conductor's public
// key, never the secret). Bound before the conductor's socket is. Refusals
// are counted from the socket's monitor, with every other failed handshake.
class KeyCheck {
 public:
  KeyCheck(zmq::context_t& context, std::string allowed)
      : socket_(context, zmq::socket_type::rep), allowed_(std::move(allowed)) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind("inproc://zeromq.zap.01");
    thread_ = std::thread([this] { run(); });
  }
  ~KeyCheck() {
    stop_ = true;
    thread_.join();
  }

 private:
  void run() {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    while (!stop_) {
      if (!pollIn(item, std::chrono::milliseconds(100))) continue;
      std::vector<zmq::message_t> parts;
      for (bool more = true; more;) {
        zmq::message_t part;
        if (!socket_.recv(part, zmq::recv_flags::dontwait)) break;
        more = part.more();
        parts.push_back(std::move(part));
      }
      // version, request id, domain, address, routing id, mechanism, credentials
      if (parts.size() < 2) continue;
      const bool ok = parts.size() >= 7 && parts[5].to_string_view() == "CURVE" && parts[6].to_string_view() == allowed_;
      const std::string reply[] = {"1.0", parts[1].to_string(), ok ? "200" : "400", ok ? "OK" : "not the wall's key", "", ""};
      for (size_t i = 0; i < 6; ++i)
        socket_.send(zmq::buffer(reply[i]), i < 5 ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }
  zmq::socket_t socket_;
  std::string allowed_;  // the wall's public key, 32 bytes
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

}  // namespace

// Destroyed in reverse: the socket, the key check, then the context (which waits for both).
struct ConductorLink::Impl {
  zmq::context_t context{1};
  std::unique_ptr<KeyCheck> keyCheck;
  zmq::socket_t socket{context, zmq::socket_type::router};
  std::optional<zmq::socket_t> monitor;  // with a key: the handshakes that failed
};

namespace {
// "HOST:PORT" as ZeroMQ binds it: "*" (or empty) is every interface.
std::string bindEndpoint(const std::string& address) {
  const auto colon = address.rfind(':');
  std::string host = colon == std::string::npos ? "*" : address.substr(0, colon);
  if (host.empty() || host == "0.0.0.0") host = "*";
  return "tcp://" + host + ":" + (colon == std::string::npos ? address : address.substr(colon + 1));
}
}  // namespace

ConductorLink::ConductorLink(const WallLayout& layout, const std::string& address)
    : impl_(std::make_unique<Impl>()), layout_(layout) {
  session_ = std::random_device{}() | (uint64_t(std::random_device{}()) << 32);
  auto& s = impl_->socket;
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::router_handover, 1);  // a node restarted under its name takes its place at once
  s.set(zmq::sockopt::maxmsgsize, int64_t(1) << 20);  // nodes send only small messages; a huge one drops its sender
  s.set(zmq::sockopt::sndhwm, 256);
  if (layout.key) {
    // Encrypted, and only the wall key's holders let in.
    impl_->keyCheck = std::make_unique<KeyCheck>(impl_->context, keyBytes(layout.key->publicKey));
    s.set(zmq::sockopt::curve_server, 1);
    s.set(zmq::sockopt::curve_secretkey, layout.key->secretKey);
    const char* endpoint = "inproc://conductor-monitor";
    zmq_socket_monitor(s.handle(), endpoint,
                       ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    impl_->monitor.emplace(impl_->context, zmq::socket_type::pair);
    impl_->monitor->set(zmq::sockopt::linger, 0);
    impl_->monitor->connect(endpoint);
  }
  try {
    s.bind(bindEndpoint(address));
  } catch (const zmq::error_t& e) {
    throw WallError("wall conductor: cannot listen on " + address + " (" + e.what() + ")");
  }
  for (const auto& n : layout.nodes) {
    Peer p;
    p.health.name = n.name, p.health.panels = n.panels;
    peers_.push_back(std::move(p));
  }
}

ConductorLink::~ConductorLink() = default;

ConductorLink::Peer* ConductorLink::peer(const std::string& name) {
  for (auto& p : peers_)
    if (p.health.name == name) return &p;
  return nullptr;
}

void ConductorLink::send(const std::string& identity, const std::string& bytes) {
  auto& s = impl_->socket;
  try {
    s.send(zmq::buffer(identity), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
    s.send(zmq::buffer(bytes), zmq::send_flags::dontwait);
    stats_.bytesSent += bytes.size();
  } catch (const zmq::error_t&) {
    // A node that cannot take more (its queue full, or gone): it misses this one and catches up.
  }
}

void ConductorLink::handle(const std::string& identity, std::string_view bytes) {
  std::string error;
  const auto message = decode(bytes, error);
  Peer* p = peer(identity);
  if (!message || std::holds_alternative<Frame>(*message) || std::holds_alternative<Snapshot>(*message) ||
      std::holds_alternative<Go>(*message)) {
    ++stats_.rejected;
    stats_.lastRejection = "from \"" + identity + "\": " + (message ? std::string("a conductor's message") : error);
    return;
  }
  if (const auto* hello = std::get_if<Hello>(&*message)) {
    if (!p) {
      // A node the layout does not name cannot drive a panel of it.
      ++stats_.rejected;
      stats_.lastRejection = "hello from \"" + hello->name + "\", a node the layout does not name";
      return;
    }
    if (hello->panels != p->health.panels) {
      // The machines' configurations differ: the wall would show a panel twice or not at all.
      ++stats_.rejected;
      stats_.lastRejection = "hello from \"" + hello->name + "\": it drives panels " + panelList(hello->panels) +
                             ", the conductor's [wall] gives it " + panelList(p->health.panels);
      return;
    }
    p->wantsSnapshot = true;
    p->health.inStep = false;
  } else if (const auto* ready = std::get_if<Ready>(&*message)) {
    if (!p) return void(++stats_.rejected);
    if (ready->session == session_) {
      p->health.lastFrame = std::max(p->health.lastFrame, ready->frame);
      p->health.drawMs = ready->drawMs;
      if (ready->picture.width) {
        p->health.picture = std::make_shared<const Thumbnail>(ready->picture);
        p->health.pictureFrame = ready->frame;
      }
      if (ready->frame == frame_) p->readyForFrame = true;
    }
  }
  if (p) {
    p->heard = Clock::now();
    p->health.connected = true;
  }
}

void ConductorLink::receive(std::chrono::milliseconds wait) {
  auto& s = impl_->socket;
  zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
  for (bool first = true;; first = false) {
    if (!pollIn(item, first ? wait : std::chrono::milliseconds(0))) return;
    zmq::message_t identity, body;
    if (!s.recv(identity, zmq::recv_flags::dontwait)) return;
    if (!identity.more()) continue;
    if (!s.recv(body, zmq::recv_flags::dontwait)) return;
    if (body.more()) {  // more parts than a wall message has: refused, the rest drained
      for (zmq::message_t extra; s.recv(extra, zmq::recv_flags::dontwait) && extra.more();) {
      }
      ++stats_.rejected;
      stats_.lastRejection = "a message of several parts";
      continue;
    }
    handle(identity.to_string(), body.to_string_view());
  }
}

void ConductorLink::dropSilent() {
  // Handshakes that failed: a peer with another key, none, or the wall's public key without its secret.
  for (zmq::message_t event; impl_->monitor && impl_->monitor->recv(event, zmq::recv_flags::dontwait);) {
    uint16_t kind = 0;
    if (event.size() >= 2) std::memcpy(&kind, event.data(), 2);
    zmq::message_t address;
    if (event.more()) (void)impl_->monitor->recv(address, zmq::recv_flags::dontwait);
    ++stats_.rejected;
    stats_.lastRejection = std::string("a peer without the wall's key (") +
                           (kind == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH ? "its key refused" : "the encrypted handshake failed") + ")";
  }
  const auto now = Clock::now();
  const auto timeout = std::chrono::duration<double>(layout_.nodeTimeoutS);
  for (auto& p : peers_) {
    p.health.silentSeconds = p.heard == Clock::time_point{} ? 0 : std::chrono::duration<double>(now - p.heard).count();
    if (p.health.connected && now - p.heard > timeout) {
      p.health.connected = false;
      p.health.inStep = false;  // it says hello again when it is back, and gets the state
    }
    p.health.frameLag = p.health.inStep && frame_ > p.health.lastFrame ? frame_ - p.health.lastFrame : 0;
  }
}

void ConductorLink::publish(Frame frame, const std::function<std::string()>& storeBytes) {
  receive(std::chrono::milliseconds(0));
  dropSilent();
  frame.session = session_;
  frame_ = frame.frame;
  ++stats_.frames;
  const std::string bytes = encode(frame);
  stats_.frameBytes = bytes.size();
  if (stats_.frameSizes.size() < 100'000) stats_.frameSizes.push_back(float(bytes.size()));
  std::string snapshot;
  for (auto& p : peers_) {
    p.readyForFrame = false;
    if (p.wantsSnapshot) {
      if (snapshot.empty())
        snapshot = encode(Snapshot{session_, frame.frame, frame.opsFirst + frame.ops.size(), storeBytes()});
      send(p.health.name, snapshot);
      p.wantsSnapshot = false;
      p.health.inStep = true;
      p.health.lastFrame = frame.frame;
      ++p.health.joins;
      p.readyForFrame = true;  // it draws from the next frame on
    } else if (p.health.inStep) {
      send(p.health.name, bytes);
    }
  }
}

void ConductorLink::barrier() {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::microseconds(int64_t(layout_.barrierMs * 1000));
  auto waiting = [&] {
    for (const auto& p : peers_)
      if (p.health.inStep && !p.readyForFrame) return true;
    return false;
  };
  while (waiting()) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    receive(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + std::chrono::milliseconds(1));
  }
  const std::string go = encode(Go{session_, frame_});
  for (auto& p : peers_) {
    if (!p.health.inStep) continue;
    if (!p.readyForFrame) ++p.health.missedBarriers;
    send(p.health.name, go);
  }
  stats_.lastBarrierMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (stats_.barrierMs.size() < 100'000) stats_.barrierMs.push_back(float(stats_.lastBarrierMs));
}

void ConductorLink::rejoinAll() {
  for (auto& p : peers_)
    if (p.health.inStep) p.wantsSnapshot = true;
}

std::vector<NodeHealth> ConductorLink::nodes() const {
  std::vector<NodeHealth> out;
  for (const auto& p : peers_) out.push_back(p.health);
  return out;
}

}  // namespace citywall::wall
