#include "feed/http_get.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "feed/tls_client.h"

namespace citywall::feed {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

template <typename Stream>
asio::awaitable<HttpResponse> exchange(Stream& stream, const FeedUrl& url, const std::string& target,
                                       const HttpGetOptions& options) {
  http::request<http::empty_body> request(http::verb::get, target, 11);
  const bool defaultPort = url.port == (url.tls ? "443" : "80");
  request.set(http::field::host, defaultPort ? url.host : url.host + ":" + url.port);
  request.set(http::field::user_agent, "citywall/0.1");
  request.set(http::field::accept, options.accept);
  request.set(http::field::connection, "close");
  if (!options.authorization.empty()) request.set(http::field::authorization, options.authorization);
  co_await http::async_write(stream, request, use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options.maxBody);
  co_await http::async_read(stream, buffer, parser, use_awaitable);
  auto& message = parser.get();
  HttpResponse response;
  response.status = message.result_int();
  response.contentType = std::string(message[http::field::content_type]);
  response.location = std::string(message[http::field::location]);
  response.body = std::move(message.body());
  co_return response;
}

}  // namespace

std::string httpBasic(const std::string& user, const std::string& password) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = user + ":" + password;
  std::string out = "Basic ";
  for (size_t i = 0; i < in.size(); i += 3) {
    const size_t n = std::min<size_t>(3, in.size() - i);
    uint32_t v = 0;
    for (size_t k = 0; k < 3; ++k) v = v << 8 | (k < n ? uint8_t(in[i + k]) : 0u);
    for (size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

asio::awaitable<HttpResponse> httpGet(const FeedUrl& url, const std::string& target, const HttpGetOptions& options) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(url.host, url.port, use_awaitable);
  if (!url.tls) {
    beast::tcp_stream stream(executor);
    stream.expires_after(options.timeout);
    co_await stream.async_connect(endpoints, use_awaitable);
    co_return co_await exchange(stream, url, target, options);
  }
  asio::ssl::context tls = tlsClientContext(options.caFile);
  beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
  expectServer(stream, url.host);
  beast::get_lowest_layer(stream).expires_after(options.timeout);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, use_awaitable);
  co_await stream.async_handshake(asio::ssl::stream_base::client, use_awaitable);
  co_return co_await exchange(stream, url, target, options);
}

}  // namespace citywall::feed
