#pragma once
// One HTTP GET on the network thread (Boost.Beast), for the sources that
// poll: http or https (verified, as every feed), a deadline for the whole
// exchange, a cap on the body, redirects not followed (a moved endpoint is
// a configuration to fix, said in the error). Private to feed/.

#include "feed/feed_source.h"

#include <string>

namespace citywall::feed {

struct HttpResponse {
  unsigned status = 0;
  std::string contentType;
  std::string body;
  std::string location;  ///< a redirect's target, for the message
};

struct HttpGetOptions {
  std::string caFile;
  std::string accept = "application/json";
  std::string authorization;  ///< the Authorization header's value when not empty (httpBasic)
  std::chrono::seconds timeout{30};
  size_t maxBody = 64 * 1024 * 1024;
};

/// "Basic " and the base64 of "user:password" (RFC 7617), for HttpGetOptions::authorization.
std::string httpBasic(const std::string& user, const std::string& password);

/// GETs `target` (path and query) from `url`'s host. Throws
/// boost::system::system_error or std::runtime_error when no answer came.
asio::awaitable<HttpResponse> httpGet(const FeedUrl& url, const std::string& target, const HttpGetOptions& options);

}  // namespace citywall::feed
