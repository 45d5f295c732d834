#pragma once
// Feed URLs: what kind of source a URL names, and where it is.
//   ws://, wss://                     protocol v1 over WebSocket
//   open311+http://, open311+https:// an Open311 GeoReport v2 requests.json (or .xml)
//   sta+http://, sta+https://         an OGC SensorThings service root; `?mqtt=mqtt://HOST:PORT`
//                                     names its broker (else the HTTP host, port 1883),
//                                     `?mqtt=mqtts://HOST[:8883]` one over TLS

#include <optional>
#include <string>

namespace citywall::feed {

enum class FeedKind : uint8_t { websocket, open311, sensorThings };
const char* toString(FeedKind k);

struct FeedUrl {
  FeedKind kind = FeedKind::websocket;
  bool tls = false;
  std::string host;
  std::string port;  ///< default 80 / 443
  std::string target = "/";  ///< path and query
  /// sensorThings: the MQTT broker (host and port), from `mqtt=` or the HTTP host.
  std::string mqttHost, mqttPort;
  bool mqttTls = false;  ///< `mqtts://`: the broker's certificate verified like an https server's
};

/// nullopt for anything that is not one of the forms above with a host.
std::optional<FeedUrl> parseFeedUrl(const std::string& url);
/// A plain http:// or https:// URL (a SensorThings @iot.nextLink).
std::optional<FeedUrl> parseHttpUrl(const std::string& url);

/// What --feed and [[feeds]] accept, for messages.
constexpr const char* kFeedUrlForms = "a ws://, wss://, open311+http(s):// or sta+http(s):// URL";

}  // namespace citywall::feed
