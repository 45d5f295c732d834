// libFuzzer: Open311 GeoReport v2 bodies, JSON and XML (feed/open311_requests.h),
// and what the requests become (feed/open311_cases.h). Invariant: whatever a
// server sends, the protocol v1 citywall writes from it is accepted whole by
// its own decoder.
#include <cstdint>
#include <string_view>
#include <vector>

#include "feed/decoder.h"
#include "feed/open311_cases.h"
#include "feed/open311_requests.h"

namespace {
void check(const citywall::feed::Open311Page& page) {
  citywall::feed::Open311Cases cases({});
  std::string frame;
  cases.toFrame(page.requests, frame);
  if (frame.empty()) return;
  citywall::feed::Decoder decoder;
  std::vector<citywall::live::FeedEvent> events;
  decoder.decode(frame, events);
  if (decoder.stats().rejected.total() != 0) __builtin_trap();  // citywall wrote what it cannot read
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check(citywall::feed::parseOpen311Json(body));
  check(citywall::feed::parseOpen311Xml(body));
  return 0;
}
