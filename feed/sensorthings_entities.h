#pragma once
// SensorThings entities as the source needs them: a page of Datastreams
// (each with its Thing, the Thing's Location, its ObservedProperty and its
// latest Observation, all $expand-ed) and one Observation as MQTT delivers
// it. Ids are kept as the JSON wrote them (numbers or strings), since
// topics and links name them so. What cannot be used is counted by reason.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feed/sensorthings.h"
#include "live/events.h"

namespace citywall::feed {

struct StaReading {
  live::TimeMs time = 0;
  double value = 0;
};

struct StaDatastream {
  std::string id;          ///< @iot.id as JSON text: 5 or 'ab-1' (quoted as in a resource path)
  std::string thingId;     ///< the Thing's @iot.id, as text
  std::string thingName;
  std::string thingKind;   ///< the Thing's properties.kind, when it has one
  std::optional<live::LonLat> position;  ///< the Thing's first Location (a GeoJSON Point), as given
  std::string observedProperty;
  std::optional<StaReading> latest;
};

struct StaPage {
  std::vector<StaDatastream> datastreams;
  std::string nextLink;  ///< @iot.nextLink: the next page's URL, or empty
  live::RejectCounts rejected;
  std::string error;     ///< the whole body refused
};

StaPage parseStaDatastreams(std::string_view body);

/// One Observation (an MQTT message or a list element): phenomenonTime (the
/// end of an interval) or resultTime, and a numeric result.
std::optional<StaReading> parseStaObservation(std::string_view body, live::RejectReason& why);

/// The resource path of a Datastream's Observations under `version`
/// ("v1.1/Datastreams(5)/Observations"): the MQTT topic.
std::string staObservationsTopic(std::string_view version, const std::string& datastreamId);

/// The metric an ObservedProperty's readings go under (SensorThingsOptions::metrics).
std::string staMetric(const SensorThingsOptions& options, const std::string& observedProperty);

/// Protocol v1 for the Datastreams read: one `sensor` per Thing with a
/// position (kind, name, thresholds of its metrics) and an `obs` for each
/// latest reading, as one batch; empty when there is nothing. Things without
/// a position are counted in `rejected` (bad_coordinates).
std::string staSensorsFrame(const SensorThingsOptions& options, const std::vector<StaDatastream>& datastreams,
                            live::RejectCounts& rejected);
/// Protocol v1 `obs` messages, as one batch.
struct StaObservation {
  std::string sensorId, metric;
  StaReading reading;
};
std::string staObservationsFrame(const std::vector<StaObservation>& observations);

}  // namespace citywall::feed
