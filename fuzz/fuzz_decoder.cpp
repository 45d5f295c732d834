// libFuzzer: protocol v1 frames (feed/decoder.h). Any bytes: decoded or
// counted as rejected, never a crash, and the counts add up.
#include <cstdint>
#include <string_view>
#include <vector>

#include "feed/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  citywall::feed::Decoder decoder;
  std::vector<citywall::live::FeedEvent> events;
  decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size), events);
  if (decoder.stats().events != events.size()) __builtin_trap();
  return 0;
}
