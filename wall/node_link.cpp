#include "wall/node_link.h"

#include <cstring>
#include <utility>

#include "wall/poll.h"

namespace citywall::wall {

struct NodeLink::Impl {
  zmq::context_t context{1};
  zmq::socket_t socket{context, zmq::socket_type::dealer};
  // The socket's handshake failures (ZeroMQ's monitor), to say why a node
  // with the wrong key never joins.
  std::optional<zmq::socket_t> monitor;
};

NodeLink::NodeLink(const std::string& conductor, std::string name, std::vector<int> panels, const std::optional<WallKey>& key)
    : impl_(std::make_unique<Impl>()), name_(std::move(name)), panels_(std::move(panels)) {
  auto& s = impl_->socket;
  s.set(zmq::sockopt::routing_id, name_);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::maxmsgsize, int64_t(kMaxMessageBytes));  // larger: ZeroMQ drops the connection
  s.set(zmq::sockopt::reconnect_ivl, 100);
  s.set(zmq::sockopt::reconnect_ivl_max, 1000);
  if (key) {
    s.set(zmq::sockopt::curve_serverkey, key->publicKey);  // the conductor must hold the wall's key
    s.set(zmq::sockopt::curve_publickey, key->publicKey);
    s.set(zmq::sockopt::curve_secretkey, key->secretKey);
    const std::string endpoint = "inproc://node-monitor";
    zmq_socket_monitor(s.handle(), endpoint.c_str(),
                       ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    impl_->monitor.emplace(impl_->context, zmq::socket_type::pair);
    impl_->monitor->set(zmq::sockopt::linger, 0);
    impl_->monitor->connect(endpoint);
  }
  s.connect("tcp://" + conductor);
}

NodeLink::~NodeLink() = default;

std::string NodeLink::handshakeProblem() {
  if (!impl_->monitor) return {};
  for (zmq::message_t event; impl_->monitor->recv(event, zmq::recv_flags::dontwait);) {
    uint16_t kind = 0;
    if (event.size() >= 2) std::memcpy(&kind, event.data(), 2);
    zmq::message_t address;
    if (event.more()) (void)impl_->monitor->recv(address, zmq::recv_flags::dontwait);
    handshakeProblem_ = kind == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                            ? "the conductor refused this node's key (it is not the wall's key there)"
                            : "the encrypted handshake with the conductor failed (is the conductor using the wall's key?)";
  }
  return handshakeProblem_;
}

void NodeLink::hello() {
  const std::string bytes = encode(Hello{name_, panels_});
  impl_->socket.send(zmq::buffer(bytes), zmq::send_flags::dontwait);
}

std::optional<Message> NodeLink::take(std::chrono::milliseconds wait) {
  auto& s = impl_->socket;
  zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!pollIn(item, std::max(left, std::chrono::milliseconds(0)))) return std::nullopt;
    zmq::message_t body;
    if (!s.recv(body, zmq::recv_flags::dontwait)) continue;
    bool extra = false;
    for (zmq::message_t more; body.more() && s.recv(more, zmq::recv_flags::dontwait);) {
      extra = true;
      if (!more.more()) break;
    }
    std::string error = "a message of several parts";
    std::optional<Message> m = extra ? std::nullopt : decode(body.to_string_view(), error);
    if (m && (std::holds_alternative<Hello>(*m) || std::holds_alternative<Ready>(*m))) m.reset(), error = "a node's message";
    if (m) return m;
    ++rejected_;
    lastRejection_ = error;
  }
}

std::optional<Message> NodeLink::receive(std::chrono::milliseconds wait) {
  if (!kept_.empty()) {
    Message m = std::move(kept_.front());
    kept_.pop_front();
    return m;
  }
  return take(wait);
}

bool NodeLink::readyThenWait(uint64_t session, uint64_t frame, double drawMs, std::chrono::milliseconds wait) {
  const std::string bytes = encode(Ready{session, frame, drawMs, std::exchange(picture_, {})});
  impl_->socket.send(zmq::buffer(bytes), zmq::send_flags::dontwait);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return false;
    auto m = take(left);
    if (!m) return false;
    if (const auto* go = std::get_if<Go>(&*m); go && go->session == session && go->frame >= frame) return true;
    if (std::holds_alternative<Go>(*m)) continue;  // an older frame's word
    kept_.push_back(std::move(*m));
  }
}

}  // namespace citywall::wall
