// feed_client.cpp — Boost.Beast WebSocket feeds as C++20 coroutines.
//
// [SECTION] Connection state
// [SECTION] One session: connect, TLS, upgrade, hello/resume, read loop
// [SECTION] Reconnect loop
// [SECTION] FeedClient

#include <utility>  // Boost 1.74's awaitable.hpp needs std::exchange declared first

#include "feed/feed_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <stdexcept>

#include "feed/backoff.h"
#include "feed/feed_url.h"

namespace citywall::feed {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

const char* toString(FeedState s) {
  switch (s) {
    case FeedState::idle: return "idle";
    case FeedState::connecting: return "connecting";
    case FeedState::connected: return "connected";
    case FeedState::waiting: return "waiting";
    case FeedState::unauthorized: return "unauthorized";
  }
  return "?";
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Connection state
//-----------------------------------------------------------------------------

struct Unauthorized : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Connection {
  FeedOptions options;
  FeedUrl url;
  EventQueue& queue;
  Decoder decoder;
  Backoff backoff;
  mutable std::mutex mutex;  // guards status
  FeedStatus status;
  std::vector<live::FeedEvent> pending;
  std::optional<uint64_t> resumeAfter;  // the last seq of the previous connection

  Connection(const FeedOptions& o, FeedUrl u, EventQueue& q)
      : options(o), url(std::move(u)), queue(q), backoff(o.backoffInitial, o.backoffMax) {
    status.url = o.url;
  }

  void setState(FeedState s, const std::string& error = {}) {
    std::lock_guard lock(mutex);
    status.state = s;
    if (!error.empty()) status.lastError = error;
  }
  void publishStats() {
    std::lock_guard lock(mutex);
    status.decode = decoder.stats();
    status.lastSeq = decoder.lastSeq();
  }

  //---------------------------------------------------------------------------
  // [SECTION] One session
  //---------------------------------------------------------------------------

  template <typename Ws>
  asio::awaitable<void> talk(Ws& ws) {
    ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(10), options.idleTimeout, true});
    const std::string token = options.token;
    ws.set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "citywall/0.1");
      if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    }));
    ws.read_message_max(kMaxFrameBytes);
    websocket::response_type response;
    try {
      co_await ws.async_handshake(response, url.host + ":" + url.port, url.target, use_awaitable);
    } catch (const boost::system::system_error& e) {
      const unsigned code = response.result_int();
      if (code == 401 || code == 403) throw Unauthorized("HTTP " + std::to_string(code) + " (unauthorized: check the token)");
      if (code) throw std::runtime_error("HTTP " + std::to_string(code) + " instead of a WebSocket upgrade");
      throw;
    }
    backoff.reset();
    {
      std::lock_guard lock(mutex);
      ++status.connections;
      status.state = FeedState::connected;
      status.lastError.clear();
    }
    co_await ws.async_write(asio::buffer(std::string(R"({"type":"hello","protocol":"citywall.feed.v1","client":"citywall/0.1"})")),
                            use_awaitable);
    if (resumeAfter)
      co_await ws.async_write(asio::buffer(R"({"type":"resume","after_seq":)" + std::to_string(*resumeAfter) + "}"),
                              use_awaitable);

    beast::flat_buffer buffer;
    asio::steady_timer wait(co_await asio::this_coro::executor);
    for (;;) {
      buffer.clear();
      try {
        co_await ws.async_read(buffer, use_awaitable);
      } catch (const boost::system::system_error& e) {
        if (e.code() == websocket::error::message_too_big) {
          // Beast refused the frame and closes with 1009; count it like any bad message.
          decoder.countRejected(live::RejectReason::tooLarge);
          std::lock_guard lock(mutex);
          ++status.tooLarge;
        }
        throw;
      }
      const auto data = buffer.cdata();
      const std::string_view frame(static_cast<const char*>(data.data()), data.size());
      if (options.onFrame) options.onFrame(frame);
      decoder.decode(frame, pending);
      // Back-pressure: while the main thread has not caught up, stop reading.
      while (!queue.tryPush(pending)) {
        wait.expires_after(std::chrono::milliseconds(2));
        co_await wait.async_wait(use_awaitable);
      }
      publishStats();
    }
  }

  asio::awaitable<void> session() {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(url.host, url.port, use_awaitable);
    if (!url.tls) {
      websocket::stream<beast::tcp_stream> ws(executor);
      beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
      co_await beast::get_lowest_layer(ws).async_connect(endpoints, use_awaitable);
      beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));  // hello/pongs go out at once
      beast::get_lowest_layer(ws).expires_never();  // the websocket timeouts take over
      co_await talk(ws);
      co_return;
    }
    ssl::context tls(ssl::context::tls_client);
    tls.set_verify_mode(ssl::verify_peer);
    if (options.caFile.empty()) tls.set_default_verify_paths();
    else tls.load_verify_file(options.caFile);
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(executor, tls);
    if (!SSL_set_tlsext_host_name(ws.next_layer().native_handle(), url.host.c_str()))
      throw std::runtime_error("cannot set the TLS server name");
    ws.next_layer().set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    co_await beast::get_lowest_layer(ws).async_connect(endpoints, use_awaitable);
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    co_await ws.next_layer().async_handshake(ssl::stream_base::client, use_awaitable);
    beast::get_lowest_layer(ws).expires_never();
    co_await talk(ws);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Reconnect loop
  //---------------------------------------------------------------------------

  asio::awaitable<void> run(const std::atomic<bool>& stopping) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    bool first = true;
    while (!stopping) {
      if (!first) {
        std::lock_guard lock(mutex);
        ++status.reconnects;
      }
      first = false;
      setState(FeedState::connecting);
      std::chrono::milliseconds delay;
      FeedState next = FeedState::waiting;
      try {
        co_await session();
        delay = backoff.next();
        setState(FeedState::waiting, "the server closed the connection");
      } catch (const Unauthorized& e) {
        next = FeedState::unauthorized;
        delay = std::max(options.unauthorizedWait, backoff.next());
        setState(next, e.what());
      } catch (const boost::system::system_error& e) {
        delay = backoff.next();
        setState(next, e.code().message());
      } catch (const std::exception& e) {
        delay = backoff.next();
        setState(next, e.what());
      }
      publishStats();
      // Each connection is its own numbered stream: remember where this one
      // ended for `resume`, and judge the next one's seq afresh.
      if (decoder.lastSeq()) resumeAfter = decoder.lastSeq();
      decoder.resetSequence();
      if (stopping) break;
      timer.expires_after(delay);
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
  }
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] FeedClient
//-----------------------------------------------------------------------------

struct FeedClient::Impl {
  EventQueue& queue;
  asio::io_context io;
  std::vector<std::unique_ptr<Connection>> connections;
  std::atomic<bool> stopping{false};
  std::thread thread;
  explicit Impl(EventQueue& q) : queue(q) {}
};

FeedClient::FeedClient(EventQueue& queue) : impl_(std::make_unique<Impl>(queue)) {}
FeedClient::~FeedClient() { stop(); }

void FeedClient::add(const FeedOptions& options) {
  auto url = parseFeedUrl(options.url);
  if (!url) throw std::invalid_argument(options.url + ": not a ws:// or wss:// URL");
  impl_->connections.push_back(std::make_unique<Connection>(options, *url, impl_->queue));
}

void FeedClient::start() {
  if (impl_->thread.joinable()) return;
  for (auto& c : impl_->connections)
    asio::co_spawn(impl_->io, c->run(impl_->stopping), asio::detached);
  impl_->thread = std::thread([this] {
    // The network thread: reading, decoding and validating off the render thread.
    impl_->io.run();
  });
}

void FeedClient::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping = true;
  impl_->io.stop();
  impl_->thread.join();
}

std::vector<FeedStatus> FeedClient::status() const {
  std::vector<FeedStatus> out;
  for (const auto& c : impl_->connections) {
    std::lock_guard lock(c->mutex);
    out.push_back(c->status);
  }
  return out;
}

}  // namespace citywall::feed
