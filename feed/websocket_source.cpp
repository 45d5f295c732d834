// websocket_source.cpp — protocol v1 over WebSocket (Boost.Beast, C++20
// coroutines): connect, TLS, upgrade with the bearer token, hello/resume,
// read frames; reconnect with back-off.

#include "feed/feed_source.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <stdexcept>

#include "feed/tls_client.h"

namespace citywall::feed {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

class WebSocketSource final : public FeedSource {
 public:
  WebSocketSource(const FeedOptions& o, FeedUrl url, EventQueue& q) : FeedSource(o, q), url_(std::move(url)) {}

  asio::awaitable<void> run(const std::atomic<bool>& stopping) override {
    bool first = true;
    while (!stopping) {
      if (!first) updateStatus([](FeedStatus& s) { ++s.reconnects; });
      first = false;
      setState(FeedState::connecting);
      std::chrono::milliseconds delay;
      try {
        co_await session();
        delay = backoff_.next();
        setState(FeedState::waiting, "the server closed the connection");
      } catch (...) {
        delay = attemptFailed(std::current_exception());
      }
      publishStats();
      // Each connection is its own numbered stream: remember where this one
      // ended for `resume`, and judge the next one's seq afresh.
      if (decoder_.lastSeq()) resumeAfter_ = decoder_.lastSeq();
      decoder_.resetSequence();
      if (!co_await pause(delay, stopping)) break;
    }
  }

 private:
  template <typename Ws>
  asio::awaitable<void> talk(Ws& ws) {
    ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(10), options_.idleTimeout, true});
    const std::string token = options_.token;
    ws.set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "citywall/0.1");
      if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    }));
    ws.read_message_max(kMaxFrameBytes);
    websocket::response_type response;
    try {
      co_await ws.async_handshake(response, url_.host + ":" + url_.port, url_.target, use_awaitable);
    } catch (const boost::system::system_error& e) {
      const unsigned code = response.result_int();
      if (code == 401 || code == 403) throw Unauthorized("HTTP " + std::to_string(code) + " (unauthorized: check the token)");
      if (code) throw std::runtime_error("HTTP " + std::to_string(code) + " instead of a WebSocket upgrade");
      throw;
    }
    backoff_.reset();
    updateStatus([](FeedStatus& s) {
      ++s.connections;
      s.state = FeedState::connected;
      s.lastError.clear();
    });
    co_await ws.async_write(asio::buffer(std::string(R"({"type":"hello","protocol":"citywall.feed.v1","client":"citywall/0.1"})")),
                            use_awaitable);
    if (resumeAfter_)
      co_await ws.async_write(asio::buffer(R"({"type":"resume","after_seq":)" + std::to_string(*resumeAfter_) + "}"),
                              use_awaitable);

    beast::flat_buffer buffer;
    for (;;) {
      buffer.clear();
      try {
        co_await ws.async_read(buffer, use_awaitable);
      } catch (const boost::system::system_error& e) {
        if (e.code() == websocket::error::message_too_big) {
          // Beast refused the frame and closes with 1009; count it like any bad message.
          decoder_.countRejected(live::RejectReason::tooLarge);
          updateStatus([](FeedStatus& s) { ++s.tooLarge; });
        }
        throw;
      }
      const auto data = buffer.cdata();
      co_await deliver(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
  }

  asio::awaitable<void> session() {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(url_.host, url_.port, use_awaitable);
    if (!url_.tls) {
      websocket::stream<beast::tcp_stream> ws(executor);
      beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
      co_await beast::get_lowest_layer(ws).async_connect(endpoints, use_awaitable);
      beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));  // hello/pongs go out at once
      beast::get_lowest_layer(ws).expires_never();  // the websocket timeouts take over
      co_await talk(ws);
      co_return;
    }
    ssl::context tls = tlsClientContext(options_.caFile);
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(executor, tls);
    expectServer(ws.next_layer(), url_.host);
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    co_await beast::get_lowest_layer(ws).async_connect(endpoints, use_awaitable);
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    co_await ws.next_layer().async_handshake(ssl::stream_base::client, use_awaitable);
    beast::get_lowest_layer(ws).expires_never();
    co_await talk(ws);
  }

  FeedUrl url_;
  std::optional<uint64_t> resumeAfter_;  // the last seq of the previous connection
};

}  // namespace

std::unique_ptr<FeedSource> makeWebSocketSource(const FeedOptions& options, const FeedUrl& url, EventQueue& queue) {
  return std::make_unique<WebSocketSource>(options, url, queue);
}

}  // namespace citywall::feed
