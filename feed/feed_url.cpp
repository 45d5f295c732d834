#include "feed/feed_url.h"

namespace citywall::feed {

std::optional<FeedUrl> parseFeedUrl(const std::string& url) {
  FeedUrl u;
  std::string rest;
  if (url.rfind("ws://", 0) == 0) rest = url.substr(5);
  else if (url.rfind("wss://", 0) == 0) rest = url.substr(6), u.tls = true;
  else return std::nullopt;
  const auto slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.target = (rest[slash] == '?' ? "/" : "") + rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  if (authority.front() == '[') {  // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      u.port = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) u.port = authority.substr(colon + 1);
  }
  if (u.host.empty()) return std::nullopt;
  if (u.port.empty()) u.port = u.tls ? "443" : "80";
  for (char c : u.port)
    if (c < '0' || c > '9') return std::nullopt;
  return u;
}

}  // namespace citywall::feed
