// libFuzzer: SensorThings Datastream pages and Observations
// (feed/sensorthings_entities.h). Invariant: the sensors and readings
// citywall writes from any page are accepted whole by its own decoder.
#include <cstdint>
#include <string_view>
#include <vector>

#include "feed/decoder.h"
#include "feed/sensorthings_entities.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto page = citywall::feed::parseStaDatastreams(body);
  citywall::feed::SensorThingsOptions options;
  options.thresholds["pm2_5"] = {75.0, 150.0};
  citywall::live::RejectCounts rejected;
  const std::string frame = citywall::feed::staSensorsFrame(options, page.datastreams, rejected);
  if (!frame.empty()) {
    citywall::feed::Decoder decoder;
    std::vector<citywall::live::FeedEvent> events;
    decoder.decode(frame, events);
    if (decoder.stats().rejected.total() != 0) __builtin_trap();
  }
  citywall::live::RejectReason why;
  (void)citywall::feed::parseStaObservation(body, why);
  return 0;
}
