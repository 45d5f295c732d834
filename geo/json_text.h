#pragma once
// JSON text for what citywall writes itself (the state dump, journaled
// commands, a served journal's messages): a string quoted and escaped. The
// one copy of it, here beside RFC 3339 time, the other interchange text
// every folder may use.

#include <cstdio>
#include <string>
#include <string_view>

namespace citywall::geo {

/// Appends `s` to `out` as a JSON string: quotes, backslashes and control
/// characters escaped, UTF-8 kept as it is.
inline void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace citywall::geo
