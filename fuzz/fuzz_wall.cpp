// libFuzzer: the video wall's messages as they arrive from the network
// (wall/packets.h): whatever bytes a node or a conductor receives are
// refused with a reason or decoded. Invariant: a message decoded, written
// again and read back is the same bytes (the layout is one for writing and
// reading, so they cannot drift apart), and a refusal always says why.
#include <cstdint>
#include <string>
#include <string_view>

#include "wall/packets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto message = citywall::wall::decode(bytes, error);
  if (!message) {
    if (error.empty()) __builtin_trap();  // refused without a reason
    return 0;
  }
  const std::string written = citywall::wall::encode(*message);
  const auto again = citywall::wall::decode(written, error);
  if (!again) __builtin_trap();  // citywall wrote a message it refuses
  if (citywall::wall::encode(*again) != written) __builtin_trap();  // the trip changed it
  return 0;
}
