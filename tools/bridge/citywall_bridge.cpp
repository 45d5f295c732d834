// citywall-bridge — runs citywall's feed sources (an Open311 server, a
// SensorThings service, other protocol v1 feeds) once and serves what they
// produce as protocol v1 over WebSocket, so one bridge feeds many walls and
// desks and the city's servers are polled once, not once per wall.
//
//   citywall-bridge [--config FILE.toml] [--feed URL ...] [--listen HOST:PORT]
//                   [--token T] [--keep-mb 256] [--stats-every S] [--version]
//                   [--drop-after-frames N]
//
// Frames are numbered with `seq` (1, 2, 3… for the bridge's life) and kept
// in a log of --keep-mb; a client that connects gets the log from its oldest
// frame (the back-fill included), then what comes; one that says `resume`
// with its last seq gets what followed. With --token, clients must send it as
// a bearer token (HTTP 401 otherwise).
//
// stdout: {"listening":PORT} once ready, then a JSON line of totals every
// --stats-every seconds (default 60) and at the end.
// Exit codes: 0 stopped by SIGINT/SIGTERM, 1 cannot run (a bad feed, the
// port taken), 2 a bad command line or configuration.

#include <utility>  // before Boost 1.74's awaitable.hpp (std::exchange)

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "config/config_file.h"
#include "feed/event_queue.h"
#include "feed/feed_client.h"
#include "tools/bridge/frame_log.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
using namespace citywall;

namespace {

constexpr const char* kVersion = "citywall-bridge " CITYWALL_VERSION;

struct Options {
  std::string configFile;
  std::vector<std::string> feeds;
  std::string host = "127.0.0.1";
  unsigned short port = 8765;
  std::string token;
  size_t keepBytes = 256u << 20;
  int statsEvery = 60;
  uint64_t dropAfterFrames = 0;  ///< 0: never
};

struct Totals {
  std::atomic<uint64_t> clients{0}, connected{0}, refused{0}, resumes{0}, framesSent{0}, notObjects{0}, drops{0};
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Options parseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(a + ": needs a value");
      return argv[++i];
    };
    if (a == "--config") o.configFile = value();
    else if (a == "--feed") o.feeds.push_back(value());
    else if (a == "--token") o.token = value();
    else if (a == "--listen") {
      const std::string v = value();
      const auto colon = v.rfind(':');
      if (colon == std::string::npos) throw UsageError("--listen: expected HOST:PORT, got '" + v + "'");
      o.host = v.substr(0, colon);
      const int port = std::atoi(v.c_str() + colon + 1);
      if (port < 0 || port > 65535 || v.substr(colon + 1).empty()) throw UsageError("--listen: a port from 0 to 65535");
      o.port = static_cast<unsigned short>(port);
    } else if (a == "--keep-mb") {
      const long mb = std::atol(value().c_str());
      if (mb < 1) throw UsageError("--keep-mb: at least 1");
      o.keepBytes = size_t(mb) << 20;
    } else if (a == "--stats-every") {
      o.statsEvery = std::atoi(value().c_str());
      if (o.statsEvery < 1) throw UsageError("--stats-every: at least 1 second");
    } else if (a == "--drop-after-frames") {
      const long n = std::atol(value().c_str());
      if (n < 1) throw UsageError("--drop-after-frames: at least 1");
      o.dropAfterFrames = uint64_t(n);
    } else if (a == "--version") {
      std::puts(kVersion);
      std::exit(0);
    } else {
      throw UsageError("unknown option '" + a + "'");
    }
  }
  return o;
}

using WebSocket = websocket::stream<beast::tcp_stream>;

// What a client has said: its hello, where it resumes, that it went away.
struct ClientSays {
  bool hello = false, closed = false;
  std::optional<uint64_t> resumeAfter;
};

// A client's reader: hello and resume, and the pongs Beast answers while
// reading. A function, not a capturing lambda (C++ Core Guidelines CP.51):
// its parameters live in its own frame. Spawned as a lambda, ASan caught it
// writing `says` after it was freed.
asio::awaitable<void> readClient(std::shared_ptr<WebSocket> ws, std::shared_ptr<ClientSays> says) {
  beast::flat_buffer in;
  try {
    for (;;) {
      in.clear();
      co_await ws->async_read(in, use_awaitable);
      const std::string text = beast::buffers_to_string(in.data());
      if (text.find("\"hello\"") != std::string::npos) says->hello = true;
      if (const auto p = text.find("\"after_seq\":"); p != std::string::npos)
        says->resumeAfter = std::strtoull(text.c_str() + p + 12, nullptr, 10);
    }
  } catch (const std::exception&) {
    says->closed = true;
  }
}

// One client: the upgrade (with the token checked), then the log from where
// it should start, then everything that comes.
asio::awaitable<void> serve(tcp::socket socket, const bridge::FrameLog& log, const Options& o, Totals& totals) {
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(std::chrono::seconds(30));
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  co_await http::async_read(stream, buffer, request, use_awaitable);
  if (!websocket::is_upgrade(request)) co_return;
  if (!o.token.empty() && request[http::field::authorization] != "Bearer " + o.token) {
    ++totals.refused;
    http::response<http::string_body> no(http::status::unauthorized, request.version());
    no.set(http::field::content_type, "text/plain");
    no.body() = "a bearer token is required\n";
    no.prepare_payload();
    co_await http::async_write(stream, no, use_awaitable);
    co_return;
  }
  stream.expires_never();
  auto ws = std::make_shared<WebSocket>(std::move(stream));
  ws->set_option(websocket::stream_base::timeout{std::chrono::seconds(30), std::chrono::seconds(60), true});
  co_await ws->async_accept(request, use_awaitable);
  ++totals.clients, ++totals.connected;
  auto says = std::make_shared<ClientSays>();
  asio::co_spawn(co_await asio::this_coro::executor, readClient(ws, says), asio::detached);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  // A client resumes right after its hello: wait for it a moment (100 ms at
  // most, 20 ms after a hello alone).
  for (int i = 0, afterHello = 0; i < 50 && !says->resumeAfter && afterHello < 10 && !says->closed; ++i) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(use_awaitable);
    afterHello += says->hello;
  }
  uint64_t sent = says->resumeAfter.value_or(0), sentHere = 0;
  if (says->resumeAfter) ++totals.resumes;
  try {
    bool cut = false;
    while (!says->closed && !cut) {
      uint64_t first = 0;
      const auto frames = log.after(sent, 256, first);
      if (frames.empty()) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(use_awaitable);
        continue;
      }
      for (const auto& f : frames) {
        ws->text(true);
        co_await ws->async_write(asio::buffer(f), use_awaitable);
        ++totals.framesSent;
        if (o.dropAfterFrames && ++sentHere >= o.dropAfterFrames) {  // a connection cut, as networks do
          auto& socket = beast::get_lowest_layer(*ws).socket();
          socket.set_option(asio::socket_base::linger(true, 0));
          beast::error_code ignored;
          socket.close(ignored);
          ++totals.drops;
          cut = true;
          break;
        }
      }
      sent = first + frames.size() - 1;
    }
  } catch (const std::exception&) {
    // the client went away
  }
  --totals.connected;
}

asio::awaitable<void> serveOrDrop(tcp::socket socket, const bridge::FrameLog& log, const Options& o, Totals& totals) {
  try {
    co_await serve(std::move(socket), log, o, totals);
  } catch (const std::exception&) {
    // a client that failed its upgrade: nothing to keep
  }
}

asio::awaitable<void> accept(tcp::acceptor& acceptor, const bridge::FrameLog& log, const Options& o, Totals& totals) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    asio::co_spawn(acceptor.get_executor(), serveOrDrop(std::move(socket), log, o, totals), asio::detached);
  }
}

void printTotals(const feed::FeedClient& client, const bridge::FrameLog& log, const Totals& t) {
  uint64_t events = 0, rejected = 0;
  for (const auto& f : client.status()) events += f.decode.events, rejected += f.decode.rejected.total();
  std::printf(R"({"frames":%llu,"kept_from_seq":%llu,"dropped_for_budget":%llu,"events":%llu,"rejected":%llu,)"
              R"("clients":%llu,"connected":%llu,"refused":%llu,"resumes":%llu,"frames_sent":%llu,"drops":%llu})"
              "\n",
              (unsigned long long)log.lastSeq(), (unsigned long long)log.oldestSeq(), (unsigned long long)log.dropped(),
              (unsigned long long)events, (unsigned long long)rejected, (unsigned long long)t.clients.load(),
              (unsigned long long)t.connected.load(), (unsigned long long)t.refused.load(),
              (unsigned long long)t.resumes.load(), (unsigned long long)t.framesSent.load(),
              (unsigned long long)t.drops.load());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::vector<feed::FeedOptions> feeds;
  try {
    o = parseArgs(argc, argv);
    if (!o.configFile.empty() && o.feeds.empty()) feeds = config::loadConfig(o.configFile).configFeeds;
    for (const auto& url : o.feeds) {
      feed::FeedOptions f;
      f.url = url;
      feeds.push_back(f);
    }
    if (feeds.empty()) throw UsageError("give --feed URL (repeatable) or --config FILE.toml with [[feeds]]");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "citywall-bridge: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {  // the configuration's problems, each named
    std::fprintf(stderr, "citywall-bridge: %s\n", e.what());
    return 2;
  }

  bridge::FrameLog log(o.keepBytes);
  Totals totals;
  feed::EventQueue queue;  // decoded too, so bad input is counted here as on a wall; then dropped
  feed::FeedClient client(queue);
  try {
    for (auto f : feeds) {
      f.onFrame = [&log, &totals](std::string_view frame) {
        if (!log.append(frame)) ++totals.notObjects;
      };
      client.add(f);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "citywall-bridge: %s\n", e.what());
    return 2;
  }

  asio::io_context io;
  tcp::acceptor acceptor(io);
  try {
    const tcp::endpoint at(asio::ip::make_address(o.host), o.port);
    acceptor.open(at.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(at);
    acceptor.listen();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "citywall-bridge: cannot listen on %s:%u: %s\n", o.host.c_str(), unsigned(o.port), e.what());
    return 1;
  }
  std::printf("{\"listening\":%u}\n", unsigned(acceptor.local_endpoint().port()));
  std::fflush(stdout);
  client.start();
  asio::co_spawn(io, accept(acceptor, log, o, totals), asio::detached);

  // The decoded events are not needed here: drain them so the feeds never
  // wait on a full queue; report now and then.
  asio::steady_timer drain(io);
  std::vector<live::FeedEvent> scratch;
  auto lastStats = std::chrono::steady_clock::now();
  std::function<void()> tick = [&] {
    scratch.clear();
    queue.drain(scratch);
    if (std::chrono::steady_clock::now() - lastStats >= std::chrono::seconds(o.statsEvery)) {
      printTotals(client, log, totals);
      lastStats = std::chrono::steady_clock::now();
    }
    drain.expires_after(std::chrono::milliseconds(50));
    drain.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) tick();
    });
  };
  tick();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  io.run();
  client.stop();
  printTotals(client, log, totals);
  return 0;
}
