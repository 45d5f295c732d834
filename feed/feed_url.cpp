#include "feed/feed_url.h"

#include <string_view>

namespace citywall::feed {

const char* toString(FeedKind k) {
  switch (k) {
    case FeedKind::websocket: return "websocket";
    case FeedKind::open311: return "open311";
    case FeedKind::sensorThings: return "sensorthings";
  }
  return "?";
}

namespace {

// A TCP port: digits, 1 to 65535.
bool digits(const std::string& s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  const long port = std::stol(s);
  return port >= 1 && port <= 65535;
}

// host[:port] or [IPv6][:port]; false when malformed.
bool splitAuthority(const std::string& authority, std::string& host, std::string& port) {
  if (authority.empty() || authority.find('@') != std::string::npos) return false;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return false;
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return false;
      port = authority.substr(close + 2);
      if (!digits(port)) return false;
    }
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string::npos && !digits(port = authority.substr(colon + 1))) return false;
  }
  return !host.empty();
}

// Everything after the scheme's "://".
bool parseRest(const std::string& rest, FeedUrl& u) {
  const auto slash = rest.find_first_of("/?");
  if (!splitAuthority(rest.substr(0, slash), u.host, u.port)) return false;
  if (slash != std::string::npos) u.target = (rest[slash] == '?' ? "/" : "") + rest.substr(slash);
  if (u.port.empty()) u.port = u.tls ? "443" : "80";
  return true;
}

// Takes `mqtt=mqtt://HOST[:PORT]` (or `mqtts://`, TLS, port 8883 by
// default) out of the target's query (it is for citywall, not for the server).
bool takeMqtt(FeedUrl& u) {
  const auto query = u.target.find('?');
  u.mqttHost = u.host, u.mqttPort = "1883";
  if (query == std::string::npos) return true;
  std::string kept;
  std::string_view q = std::string_view(u.target).substr(query + 1);
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (part.rfind("mqtt=", 0) == 0) {
      const std::string_view broker = part.substr(5);
      const bool tls = broker.rfind("mqtts://", 0) == 0;
      if (!tls && broker.rfind("mqtt://", 0) != 0) return false;
      std::string host, port;
      std::string authority(broker.substr(tls ? 8 : 7));
      if (!authority.empty() && authority.back() == '/') authority.pop_back();
      if (!splitAuthority(authority, host, port)) return false;
      u.mqttHost = host, u.mqttPort = port.empty() ? (tls ? "8883" : "1883") : port, u.mqttTls = tls;
      continue;
    }
    if (!part.empty()) kept += (kept.empty() ? "" : "&") + std::string(part);
  }
  u.target = u.target.substr(0, query) + (kept.empty() ? "" : "?" + kept);
  return true;
}

}  // namespace

std::optional<FeedUrl> parseFeedUrl(const std::string& url) {
  struct Scheme {
    std::string_view prefix;
    FeedKind kind;
    bool tls;
  };
  static constexpr Scheme kSchemes[] = {
      {"ws://", FeedKind::websocket, false},          {"wss://", FeedKind::websocket, true},
      {"open311+http://", FeedKind::open311, false},  {"open311+https://", FeedKind::open311, true},
      {"sta+http://", FeedKind::sensorThings, false}, {"sta+https://", FeedKind::sensorThings, true},
  };
  for (const Scheme& s : kSchemes) {
    if (url.rfind(s.prefix, 0) != 0) continue;
    FeedUrl u;
    u.kind = s.kind, u.tls = s.tls;
    if (!parseRest(url.substr(s.prefix.size()), u)) return std::nullopt;
    if (u.kind == FeedKind::sensorThings && !takeMqtt(u)) return std::nullopt;
    return u;
  }
  return std::nullopt;
}

std::optional<FeedUrl> parseHttpUrl(const std::string& url) {
  FeedUrl u;
  std::string rest;
  if (url.rfind("http://", 0) == 0) rest = url.substr(7);
  else if (url.rfind("https://", 0) == 0) rest = url.substr(8), u.tls = true;
  else return std::nullopt;
  if (!parseRest(rest, u)) return std::nullopt;
  return u;
}

}  // namespace citywall::feed
