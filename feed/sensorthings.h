#pragma once
// OGC SensorThings: how citywall reads a sensor platform
// (`--feed 'sta+https://HOST/FROST/v1.1?mqtt=mqtt://HOST:1883'`,
// `[[feeds]] kind = "sensorthings"`). The source reads the Datastreams over
// HTTP (with their Thing, its Location, the ObservedProperty and the latest
// Observation; @iot.nextLink paging), registers each Thing as a sensor and
// then subscribes over MQTT to each Datastream's Observations topic by name
// (many servers refuse wildcards), writing protocol v1 `sensor` and `obs`
// messages from what arrives. The MQTT client reconnects and subscribes
// again by itself; the Datastreams are read again now and then, so new ones
// are found.
//
//   sensorthings_entities.h  Datastream pages and Observations → sensors and readings
//   mqtt_client.h            the broker connection (libmosquitto)
//   sensorthings_source.cpp  bootstrap, subscriptions, the hand-over

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace citywall::feed {

struct SensorThingsOptions {
  /// ObservedProperty name → the metric readings go under; others become the
  /// name in lower case (letters, digits, '_'): "PM2.5" → "pm2_5".
  std::map<std::string, std::string> metrics;
  /// Metric → a sensor kind (air_quality, noise, water_level…); a Thing takes
  /// the kind of its first Datastream that has one, else the Thing's own
  /// properties.kind, else `defaultKind`.
  std::map<std::string, std::string> kinds;
  std::string defaultKind = "air_quality";
  struct Levels {
    std::optional<double> warn, alarm;
  };
  std::map<std::string, Levels> thresholds;  ///< metric → levels, sent with each sensor
  std::string crs = "WGS84";                 ///< of the Locations' coordinates
  std::chrono::seconds rebootstrap{600};     ///< the Datastreams are read again this often
  int pageSize = 100;                        ///< $top of each Datastreams page
  std::string idPrefix;                      ///< before each Thing's @iot.id, to keep platforms apart
  /// Credentials for a secured service (FROST's BasicAuth, a broker with a
  /// password file): sent as HTTP Basic authentication to the service and as
  /// the MQTT username and password to the broker; empty: none. Send them
  /// only over https:// and mqtts:// (the URL's `mqtt=mqtts://…`).
  std::string username, password;
};

}  // namespace citywall::feed
