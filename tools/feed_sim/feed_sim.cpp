// feed-sim — a real WebSocket server speaking citywall's feed protocol v1,
// for the demo, the tests and load benchmarks. It streams a synthetic city
// (SimCity) to every client that connects, at real time × --speed or at a
// fixed --rate, in batches, with seq numbers and optional faults.
//
//   feed-sim [--host 127.0.0.1] [--port 8765] [--rate 0] [--speed 1] [--batch 1] [--total 0]
//            [--seed 1] [--crs WGS84|GCJ02|BD09] [--time rfc3339|ms] [--sensors 40]
//            [--cases-per-hour 120] [--start EPOCH_MS] [--faults 0] [--oversize-at N]
//            [--drop-every SECONDS] [--stall-at N] [--token T] [--tls-cert PEM --tls-key PEM]
//            [--backlog HOURS] [--stamp] [--once] [--keep-open]
//            [--replay nyc311 --data FILE.csv[.gz]]
//            [--replay beijing-aq --data HOURLY.csv[.gz] --stations STATIONS.csv]
//            [--replay journal --data JOURNAL_DIR [--from EPOCH_MS] [--original-times]]
//
// --rate R       R messages per second regardless of the city's own pace (0: real time)
// --total N      good messages per connection, then close 1000 (0: forever)
// --replay       instead of the synthetic city, real public data (NYC 311 requests, the
//                Beijing air-quality series), shifted so it starts now (less --backlog)
//                and played at --speed or --rate; the stream ends with the data
// --replay journal  what a wall recorded (citywall-journal serve runs this): its
//                messages at their receive times (× --speed), numbered anew; a client's
//                `resume` is honoured (the stream is the same on every connection), so
//                a wall that reconnects misses nothing and gets nothing twice
// --original-times  with --replay journal, keep the recorded times instead of moving them to now
// --stamp        cases carry props.sent_us, the wall-clock µs when sent (latency benchmarks)
// --backlog H    real-time mode: each connection first gets the last H hours of the
//                city at once (what a platform sends a client that just connected)
// --faults F     besides the good messages, F × good of bad ones, spread evenly over
//                malformed_json, unknown_type, missing_field, bad_value, bad_coordinates,
//                gap (seq jumps), duplicate (a message sent twice) and out_of_order
//                (two messages swapped); counted and printed at the end
// --oversize-at N  after N good messages, one frame of 16 MiB + 1 byte
// --drop-every S   reset the TCP connection (RST, no close frame) every S seconds
// --stall-at N     after N good messages, send half a frame and go silent (no pongs either)
//
// stdout: {"listening":PORT} once ready, then one JSON line of totals per connection.

#include <utility>  // before Boost 1.74's awaitable.hpp (std::exchange)

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "tools/feed_sim/journal_source.h"
#include "tools/feed_sim/replay.h"
#include "tools/feed_sim/sim_city.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
using namespace citywall;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 8765;
  double rate = 0, speed = 1;
  size_t batch = 1;
  uint64_t total = 0;
  double faults = 0;
  int64_t oversizeAt = -1, stallAt = -1;
  double dropEvery = 0;
  double backlogHours = 0;
  std::string token, tlsCert, tlsKey;
  bool once = false, keepOpen = false, stamp = false;
  std::optional<live::TimeMs> start;
  tools::SimOptions sim;
  std::string replay, data, stations;
  std::optional<live::TimeMs> from;  // journal replays: from this receive time
  bool originalTimes = false;
};

// The synthetic city as a message source that never ends.
class CitySource : public tools::MessageSource {
 public:
  CitySource(const tools::SimOptions& o, live::TimeMs start) : city_(o, start) {}
  std::vector<tools::SimMessage> registrations() const override { return city_.registrations(); }
  std::optional<tools::SimMessage> next() override { return city_.next(); }

 private:
  tools::SimCity city_;
};

std::unique_ptr<tools::MessageSource> makeSource(const Options& o, live::TimeMs start) {
  if (o.replay.empty()) return std::make_unique<CitySource>(o.sim, start);
  tools::ReplayOptions r{start, o.sim.crs, o.sim.epochTimes};
  if (o.replay == "journal")
    return tools::loadJournal(o.data, r, o.from.value_or(std::numeric_limits<live::TimeMs>::min()), o.originalTimes);
  if (o.replay == "nyc311") return tools::loadNyc311(o.data, r);
  if (o.replay == "beijing-aq") return tools::loadBeijingAirQuality(o.data, o.stations, r);
  throw std::invalid_argument("--replay: nyc311, beijing-aq or journal");
}

const char* kFaultKinds[] = {"malformed_json", "unknown_type", "missing_field", "bad_value",
                             "bad_coordinates", "gap", "duplicate", "out_of_order"};

struct Totals {
  uint64_t events = 0, frames = 0, bytes = 0, hello = 0, resumes = 0;
  std::optional<uint64_t> resumeAfter;
  std::map<std::string, uint64_t> faults;
  bool oversize = false, stalled = false, dropped = false;
};

std::string withSeq(const std::string& json, uint64_t seq) { return "{\"seq\":" + std::to_string(seq) + "," + json.substr(1); }

// The text of a bad message of `kind` (seq added by the caller where it fits).
std::string badMessage(const std::string& kind, uint64_t n) {
  const std::string id = "\"fault-" + std::to_string(n) + "\"";
  if (kind == "malformed_json") {
    const char* forms[] = {R"({"type":"case","id":"trunc","time":1,"status":"clo)", "this is not json",
                           R"({"type":"case","id":"x","time":1,"status":"closed"}}garbage)", "{'type':'case'}"};
    return forms[n % 4];
  }
  if (kind == "unknown_type") return R"({"type":"teleport","id":)" + id + "}";
  if (kind == "missing_field") return R"({"type":"case","time":1,"status":"closed","category":"x","lon":121.49,"lat":31.24})";
  if (kind == "bad_value") return R"({"type":"case","id":)" + id + R"(,"time":1,"status":"exploded"})";
  return R"({"type":"case","id":)" + id + R"(,"time":1,"status":"reported","category":"x","lon":121.49,"lat":95.5})";
}

//-----------------------------------------------------------------------------
// Streaming one connection
//-----------------------------------------------------------------------------

template <typename Ws>
asio::awaitable<void> readClient(Ws& ws, Totals& totals) {
  // Hello and resume are optional for a server to honour; we count them.
  beast::flat_buffer buffer;
  for (;;) {
    buffer.clear();
    co_await ws.async_read(buffer, use_awaitable);
    const std::string text = beast::buffers_to_string(buffer.data());
    if (text.find("\"hello\"") != std::string::npos) ++totals.hello;
    if (const auto p = text.find("\"after_seq\":"); p != std::string::npos) {
      ++totals.resumes;
      totals.resumeAfter = std::stoull(text.substr(p + 12));
    }
  }
}

// The reader of a session, till the connection closes; `done` tells the
// session it may let `ws` and `totals` go.
template <typename Ws>
asio::awaitable<void> readUntilClosed(Ws& ws, Totals& totals, bool& done) {
  try {
    co_await readClient(ws, totals);
  } catch (...) {
  }
  done = true;
}

template <typename Ws>
asio::awaitable<void> stream(Ws& ws, const Options& o, Totals& totals) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  // A journal's stream is the same on every connection: a client that
  // resumes (hello, then resume, right after it connects) gets what follows.
  // Wait a moment for them (at most 100 ms; 10 ms after a hello alone).
  const bool honourResume = o.replay == "journal";
  for (int i = 0, afterHello = 0; honourResume && i < 50 && !totals.resumeAfter && afterHello < 5; ++i) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(use_awaitable);
    afterHello += totals.hello > 0;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const live::TimeMs start = o.start.value_or(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  std::chrono::system_clock::now().time_since_epoch())
                                                  .count());
  const live::TimeMs backlog = o.rate > 0 ? 0 : live::TimeMs(o.backlogHours * live::kHour);
  auto source = makeSource(o, start - backlog);
  std::vector<std::string> queue;  // good messages ready, without seq
  for (auto& r : source->registrations()) queue.push_back(std::move(r.json));
  bool ended = false;  // a replay ran out of data
  auto pull = [&]() -> std::optional<std::string> {
    auto m = source->next();
    if (!m) {
      ended = true;
      return std::nullopt;
    }
    return std::move(m->json);
  };
  std::optional<tools::SimMessage> lookahead;
  uint64_t seq = 0, faultN = 0, sentGood = 0;
  live::TimeMs paceFrom = start;  // the stream's time at t0
  uint64_t skipped = 0;          // resumed past, not sent
  if (honourResume && totals.resumeAfter) {
    // What the client has, skipped at once: the stream goes on where it left off, at its pace.
    for (; seq < *totals.resumeAfter && (!queue.empty() || !ended); ++seq) {
      if (!queue.empty()) queue.erase(queue.begin());
      else if (!source->next()) ended = true;
    }
    sentGood = skipped = seq;
    lookahead = source->next();
    if (lookahead) paceFrom = lookahead->time;
    else ended = true;
  }
  double faultBudget = 0;
  std::string lastGood;
  auto nextDrop = o.dropEvery > 0 ? t0 + std::chrono::milliseconds(int64_t(o.dropEvery * 1000))
                                  : std::chrono::steady_clock::time_point::max();
  auto send = [&](const std::string& text) -> asio::awaitable<void> {
    ++totals.frames;
    totals.bytes += text.size();
    co_await ws.async_write(asio::buffer(text), use_awaitable);
  };

  while ((o.total == 0 || sentGood < o.total) && !(ended && queue.empty())) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= nextDrop) {
      totals.dropped = true;
      // Abrupt: no close frame, and a TCP reset rather than an orderly FIN.
      auto& socket = beast::get_lowest_layer(ws).socket();
      socket.set_option(asio::socket_base::linger(true, 0));
      socket.close();
      co_return;
    }
    const double elapsed = std::chrono::duration<double>(now - t0).count();
    // How many good messages may go now.
    int64_t allowance;
    if (o.rate > 0) {
      allowance = int64_t(elapsed * o.rate) - int64_t(sentGood - skipped) + 1;
    } else {
      const live::TimeMs simNow = paceFrom + live::TimeMs(elapsed * 1000 * o.speed);
      allowance = int64_t(queue.size());
      while (!ended) {
        if (!lookahead) lookahead = source->next();
        if (!lookahead) {
          ended = true;
          break;
        }
        if (lookahead->time > simNow) break;
        queue.push_back(std::move(lookahead->json));
        lookahead.reset();
        ++allowance;
      }
    }
    if (o.total) allowance = std::min<int64_t>(allowance, int64_t(o.total - sentGood));
    if (ended) allowance = std::min<int64_t>(allowance, int64_t(queue.size()));
    if (allowance <= 0 && ended) break;
    if (allowance <= 0) {
      timer.expires_after(std::chrono::milliseconds(o.rate > 0 ? 1 : 20));
      co_await timer.async_wait(use_awaitable);
      continue;
    }
    while (allowance > 0) {
      std::vector<std::string> parts;
      const size_t k = std::min<size_t>(o.batch, size_t(allowance));
      for (size_t j = 0; j < k; ++j) {
        if (queue.empty()) {
          auto m = pull();
          if (!m) break;
          queue.push_back(std::move(*m));
        }
        std::string good = std::move(queue.front());
        queue.erase(queue.begin());
        if (o.faults > 0) {
          faultBudget += o.faults;
          while (faultBudget >= 1) {
            faultBudget -= 1;
            const std::string kind = kFaultKinds[faultN++ % std::size(kFaultKinds)];
            ++totals.faults[kind];
            if (kind == "gap") {
              seq += 2;  // skip one number
            } else if (kind == "duplicate") {
              if (!lastGood.empty()) parts.push_back(lastGood);  // same seq again
              else --totals.faults[kind];
            } else if (kind == "out_of_order" && ((o.total && sentGood + 2 > o.total) || (queue.empty() && ended))) {
              --totals.faults[kind];  // no room left for a pair: skip this fault
            } else if (kind == "out_of_order") {
              // The next good message overtakes this one: seq goes n+2, n+1.
              std::optional<std::string> later;
              if (!queue.empty()) later = std::move(queue.front()), queue.erase(queue.begin());
              else later = pull();
              if (!later) {
                parts.push_back(withSeq(good, ++seq));
                ++totals.events, ++sentGood;
                lastGood = parts.back();
                good.clear();
                break;
              }
              parts.push_back(withSeq(*later, seq + 2));
              parts.push_back(withSeq(good, seq + 1));
              seq += 2;
              totals.events += 2, sentGood += 2, allowance -= 1;
              lastGood = parts.back();
              good.clear();
              break;
            } else {
              std::string bad = badMessage(kind, faultN);
              if (kind != "malformed_json") bad = withSeq(bad, ++seq);
              if (o.batch > 1 && kind != "malformed_json") parts.push_back(bad);
              else co_await send(bad);
            }
          }
        }
        if (good.empty()) continue;
        if (o.stamp && good.rfind(R"({"type":"case")", 0) == 0) {
          const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
          good.insert(good.size() - 1, R"(,"props":{"sent_us":")" + std::to_string(us) + "\"}");
        }
        lastGood = withSeq(good, ++seq);
        parts.push_back(lastGood);
        ++totals.events, ++sentGood;
      }
      allowance -= int64_t(k);
      if (parts.size() == 1 && o.batch == 1) {
        co_await send(parts[0]);
      } else if (!parts.empty()) {
        std::string frame = R"({"type":"batch","events":[)";
        for (size_t i = 0; i < parts.size(); ++i) frame += (i ? "," : "") + parts[i];
        co_await send(frame + "]}");
      }
      if (o.oversizeAt >= 0 && !totals.oversize && int64_t(sentGood) >= o.oversizeAt) {
        totals.oversize = true;
        const std::string head = R"({"type":"case","id":"oversize","time":1,"status":"reported","description":")";
        co_await send(head + std::string(16 * 1024 * 1024 + 1 - head.size() - 2, 'x') + "\"}");
      }
      if (o.stallAt >= 0 && !totals.stalled && int64_t(sentGood) >= o.stallAt) {
        // Half a text frame (header says 1000 bytes, 10 follow), then silence:
        // no more data and no pongs, as a hung server would.
        totals.stalled = true;
        // Cancelling the socket's operations ends our read loop too, so pings
        // go unanswered, as with a hung process.
        beast::get_lowest_layer(ws).socket().cancel();
        const unsigned char header[] = {0x81, 126, 0x03, 0xE8};
        std::string raw(reinterpret_cast<const char*>(header), 4);
        raw += "{\"type\":\"c";
        co_await asio::async_write(beast::get_lowest_layer(ws).socket(), asio::buffer(raw), use_awaitable);
        timer.expires_after(std::chrono::hours(24));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        co_return;
      }
      if (allowance > 0 && o.rate == 0 && queue.empty()) break;
    }
  }
  if (!o.keepOpen) co_await ws.async_close(websocket::close_code::normal, use_awaitable);
  else {
    timer.expires_after(std::chrono::hours(24 * 365));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
}

void printTotals(int id, const Totals& t) {
  std::string faults;
  for (const auto& [k, v] : t.faults) faults += (faults.empty() ? "\"" : ",\"") + k + "\":" + std::to_string(v);
  std::printf(R"({"connection":%d,"events":%llu,"frames":%llu,"bytes":%llu,"hello":%llu,"resumes":%llu,"resume_after":%s,"faults":{%s},"oversize":%s,"stalled":%s,"dropped":%s})"
              "\n",
              id, (unsigned long long)t.events, (unsigned long long)t.frames, (unsigned long long)t.bytes,
              (unsigned long long)t.hello, (unsigned long long)t.resumes,
              t.resumeAfter ? std::to_string(*t.resumeAfter).c_str() : "null", faults.c_str(),
              t.oversize ? "true" : "false", t.stalled ? "true" : "false", t.dropped ? "true" : "false");
  std::fflush(stdout);
}

// Upgrade (with the bearer check), then stream and read side by side.
template <typename Ws>
asio::awaitable<void> session(Ws& ws, const Options& o, int id) {
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  co_await http::async_read(ws.next_layer(), buffer, req, use_awaitable);
  if (!o.token.empty() && req[http::field::authorization] != "Bearer " + o.token) {
    http::response<http::string_body> res{http::status::unauthorized, req.version()};
    res.set(http::field::www_authenticate, "Bearer");
    res.body() = "unauthorized\n";
    res.prepare_payload();
    co_await http::async_write(ws.next_layer(), res, use_awaitable);
    co_return;
  }
  if (!websocket::is_upgrade(req)) co_return;
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  co_await ws.async_accept(req, use_awaitable);
  Totals totals;
  bool readerDone = false;
  const auto executor = co_await asio::this_coro::executor;
  asio::co_spawn(executor, readUntilClosed(ws, totals, readerDone), asio::detached);
  try {
    co_await stream(ws, o, totals);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[feed-sim] connection %d: %s\n", id, e.what());
  }
  // The reader reads `ws` and counts in `totals`, which end with this
  // session: close the connection and wait for the reader to see it.
  beast::error_code ignored;
  beast::get_lowest_layer(ws).socket().close(ignored);
  asio::steady_timer timer(executor);
  while (!readerDone) {
    timer.expires_after(std::chrono::milliseconds(1));
    co_await timer.async_wait(use_awaitable);
  }
  printTotals(id, totals);
}

// One connection, with TLS or without. Functions, not capturing lambdas: a
// coroutine keeps its parameters in its own frame, a lambda's captures stay
// in the lambda (CP.51).
asio::awaitable<void> serveTls(tcp::socket s, ssl::context& tls, const Options& o, int connection) {
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(std::move(s), tls);
  try {
    co_await ws.next_layer().async_handshake(ssl::stream_base::server, use_awaitable);
    co_await session(ws, o, connection);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[feed-sim] connection %d: %s\n", connection, e.what());
  }
}

asio::awaitable<void> servePlain(tcp::socket s, const Options& o, int connection) {
  websocket::stream<beast::tcp_stream> ws(std::move(s));
  try {
    co_await session(ws, o, connection);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[feed-sim] connection %d: %s\n", connection, e.what());
  }
}

asio::awaitable<void> acceptLoop(tcp::acceptor& acceptor, const Options& o, ssl::context* tls) {
  int id = 0;
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    socket.set_option(tcp::no_delay(true));  // small frames go out now, not after Nagle's wait
    const int connection = ++id;
    auto executor = socket.get_executor();
    if (tls)
      asio::co_spawn(executor, serveTls(std::move(socket), *tls, o, connection), asio::detached);
    else
      asio::co_spawn(executor, servePlain(std::move(socket), o, connection), asio::detached);
    if (o.once) co_return;
  }
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto v = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--host") o.host = v();
    else if (a == "--port") o.port = (unsigned short)std::stoi(v());
    else if (a == "--rate") o.rate = std::stod(v());
    else if (a == "--speed") o.speed = std::stod(v());
    else if (a == "--batch") o.batch = std::max<size_t>(1, std::stoul(v()));
    else if (a == "--total") o.total = std::stoull(v());
    else if (a == "--seed") o.sim.seed = uint32_t(std::stoul(v()));
    else if (a == "--crs") {
      if (!geo::parseCrs(v(), o.sim.crs)) throw std::invalid_argument("--crs: WGS84, GCJ02 or BD09");
    } else if (a == "--time") o.sim.epochTimes = v() == "ms";
    else if (a == "--sensors") o.sim.sensors = std::stoi(v());
    else if (a == "--cases-per-hour") o.sim.casesPerHour = std::stod(v());
    else if (a == "--start") o.start = std::stoll(v());
    else if (a == "--faults") o.faults = std::stod(v());
    else if (a == "--oversize-at") o.oversizeAt = std::stoll(v());
    else if (a == "--drop-every") o.dropEvery = std::stod(v());
    else if (a == "--backlog") o.backlogHours = std::stod(v());
    else if (a == "--stall-at") o.stallAt = std::stoll(v());
    else if (a == "--token") o.token = v();
    else if (a == "--tls-cert") o.tlsCert = v();
    else if (a == "--tls-key") o.tlsKey = v();
    else if (a == "--once") o.once = true;
    else if (a == "--keep-open") o.keepOpen = true;
    else if (a == "--stamp") o.stamp = true;
    else if (a == "--replay") o.replay = v();
    else if (a == "--data") o.data = v();
    else if (a == "--stations") o.stations = v();
    else if (a == "--from") o.from = std::stoll(v());
    else if (a == "--original-times") o.originalTimes = true;
    else throw std::invalid_argument("unknown option " + a);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    o = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "feed-sim: %s\n", e.what());
    return 2;
  }
  try {
    asio::io_context io;
    std::optional<ssl::context> tls;
    if (!o.tlsCert.empty()) {
      tls.emplace(ssl::context::tls_server);
      tls->use_certificate_chain_file(o.tlsCert);
      tls->use_private_key_file(o.tlsKey, ssl::context::pem);
    }
    tcp::acceptor acceptor(io, {asio::ip::make_address(o.host), o.port});
    std::printf("{\"listening\":%u}\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    asio::co_spawn(io, acceptLoop(acceptor, o, tls ? &*tls : nullptr), asio::detached);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, auto) { io.stop(); });
    io.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "feed-sim: %s\n", e.what());
    return 1;
  }
}
