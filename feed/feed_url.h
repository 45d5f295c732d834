#pragma once
// ws:// and wss:// URLs.

#include <optional>
#include <string>

namespace citywall::feed {

struct FeedUrl {
  bool tls = false;
  std::string host;
  std::string port;  ///< default 80 / 443
  std::string target = "/";  ///< path and query
};

/// nullopt for anything that is not ws:// or wss:// with a host.
std::optional<FeedUrl> parseFeedUrl(const std::string& url);

}  // namespace citywall::feed
