#pragma once
// JSON text for what citywall writes itself (the state dump, journaled
// commands, a served journal's messages): a string quoted and escaped. The
// one copy of it, here beside RFC 3339 time, the other interchange text
// every folder may use.

#include <cstdio>
#include <string>
#include <string_view>

namespace citywall::geo {

/// The length of the well-formed UTF-8 sequence at the start of `s` (1–4),
/// or 0 when it is not one (a stray continuation byte, a cut sequence, an
/// overlong form, a surrogate, beyond U+10FFFF).
inline size_t utf8SequenceLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i)
    if ((b(i) & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
  if (c == 0xED && b(1) > 0x9F) return 0;  // a surrogate
  if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
  if (c == 0xF4 && b(1) > 0x8F) return 0;  // beyond U+10FFFF
  return n;
}

/// Whether all of `s` is well-formed UTF-8.
inline bool isUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8SequenceLength(s.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// Appends `s` to `out` as a JSON string: quotes, backslashes and control
/// characters escaped, UTF-8 kept as it is, and any byte that is not part
/// of well-formed UTF-8 replaced by U+FFFD — what citywall writes must parse
/// whatever it was given (an XML server's Latin-1 text once made a whole
/// Open311 page unreadable; found by fuzz/fuzz_open311).
inline void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
      out += buf;
      ++i;
    } else if (const size_t n = utf8SequenceLength(s.substr(i))) {
      out.append(s, i, n);
      i += n;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

/// `s` as a JSON string, quotes included (appendJsonString).
inline std::string jsonString(std::string_view s) {
  std::string out;
  appendJsonString(out, s);
  return out;
}

}  // namespace citywall::geo
