#pragma once
// The TLS client context every https/wss source uses: the server's
// certificate verified against the system's CAs, or a lab CA file given
// for the feed; verification is never switched off. Private to feed/.

#include <boost/asio/ssl.hpp>
#include <string>

namespace citywall::feed {

inline boost::asio::ssl::context tlsClientContext(const std::string& caFile) {
  namespace ssl = boost::asio::ssl;
  ssl::context tls(ssl::context::tls_client);
  tls.set_verify_mode(ssl::verify_peer);
  if (caFile.empty()) tls.set_default_verify_paths();
  else tls.load_verify_file(caFile);
  return tls;
}

/// Sets the server name (SNI) and the host name the certificate must carry.
template <typename SslStream>
void expectServer(SslStream& stream, const std::string& host) {
  if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()))
    throw std::runtime_error("cannot set the TLS server name");
  stream.set_verify_callback(boost::asio::ssl::host_name_verification(host));
}

}  // namespace citywall::feed
