#pragma once
// Writing protocol v1 batches, for the sources that translate a city's own
// server into it (Open311, SensorThings): one `{"type":"batch","events":[…]}`
// built message by message. Strings go through geo::appendJsonString (valid
// JSON whatever the server sent); numbers as the shortest text that reads
// back exactly.

#include <charconv>
#include <string>
#include <string_view>

#include "geo/json_text.h"

namespace citywall::feed::v1 {

/// `,"key":` — every member after a message's "type".
inline void key(std::string& out, std::string_view k) {
  out += ',';
  geo::appendJsonString(out, k);
  out += ':';
}

inline void number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

/// A string member; nothing when `value` is empty (absent means unchanged).
inline void text(std::string& out, std::string_view k, std::string_view value) {
  if (value.empty()) return;
  key(out, k);
  geo::appendJsonString(out, value);
}

/// Opens the next message of `batch` (the batch itself when it is empty);
/// the caller adds its members and the closing '}'.
inline void openMessage(std::string& batch, std::string_view type) {
  batch += batch.empty() ? R"({"type":"batch","events":[)" : ",";
  batch += R"({"type":")";
  batch += type;
  batch += '"';
}

/// Closes a batch that holds any message (an empty one stays empty: nothing to send).
inline void closeBatch(std::string& batch) {
  if (!batch.empty()) batch += "]}";
}

}  // namespace citywall::feed::v1
