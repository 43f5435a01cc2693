#include "http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>

namespace nimbus::sdk {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// What a server that closed an idle keep-alive connection looks like from our side.
bool IsDroppedConnection(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == ssl::error::stream_truncated;
}

std::string Describe(std::string_view what, const beast::error_code& ec) {
  if (ec == beast::error::timeout) return std::string(what) + ": timed out";
  return std::string(what) + ": " + ec.message();
}

}  // namespace

struct HttpClient::Impl {
  Endpoint endpoint;
  HttpClientOptions options;
  asio::io_context io;
  std::optional<ssl::context> tls;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  Impl(Endpoint e, HttpClientOptions o) : endpoint(std::move(e)), options(o) {
    if (endpoint.https) {
      tls.emplace(ssl::context::tls_client);
      tls->set_default_verify_paths();
      tls->set_verify_mode(ssl::verify_peer);
    }
  }

  // The client's operations are asynchronous only so that they can time out; each call runs
  // the private io_context until the operation completes.
  void Run() {
    io.restart();
    io.run();
  }

  bool Connected() const { return plain.has_value() || secure.has_value(); }

  void Close() {
    beast::error_code ignored;
    if (plain) plain->socket().close(ignored);
    if (secure) beast::get_lowest_layer(*secure).socket().close(ignored);
    plain.reset();
    secure.reset();
    buffer.clear();
  }

  std::expected<void, std::string> Connect() {
    tcp::resolver resolver(io);
    beast::error_code ec;
    auto results = resolver.resolve(endpoint.host, endpoint.port, ec);
    if (ec) return std::unexpected(Describe("resolving " + endpoint.host, ec));

    beast::tcp_stream* lowest;
    if (endpoint.https) {
      secure.emplace(io, *tls);
      lowest = &beast::get_lowest_layer(*secure);
    } else {
      plain.emplace(io);
      lowest = &*plain;
    }
    lowest->expires_after(options.connect_timeout);
    lowest->async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    Run();
    if (ec) {
      Close();
      return std::unexpected(Describe("connecting to " + endpoint.HostHeader(), ec));
    }
    lowest->socket().set_option(tcp::no_delay(true), ec);

    if (secure) {
      if (!SSL_set_tlsext_host_name(secure->native_handle(), endpoint.host.c_str())) {
        Close();
        return std::unexpected("TLS: cannot set SNI host name " + endpoint.host);
      }
      secure->set_verify_callback(ssl::host_name_verification(endpoint.host));
      secure->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
      Run();
      if (ec) {
        Close();
        return std::unexpected(Describe("TLS handshake with " + endpoint.host, ec));
      }
    }
    lowest->expires_never();
    return {};
  }

  template <typename Stream>
  beast::error_code Exchange(Stream& stream, const HttpRequest& request, HttpResponse& response,
                             std::optional<std::chrono::milliseconds> timeout) {
    auto& lowest = beast::get_lowest_layer(stream);
    if (timeout) {
      lowest.expires_after(*timeout);
    } else {
      lowest.expires_never();
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_response_body_bytes);
    beast::error_code result;
    http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        result = ec;
        return;
      }
      http::async_read(stream, buffer, parser,
                       [&](beast::error_code read_ec, std::size_t) { result = read_ec; });
    });
    Run();
    lowest.expires_never();
    if (!result) response = parser.release();
    return result;
  }
};

HttpClient::HttpClient(Endpoint endpoint, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(endpoint), options)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

const Endpoint& HttpClient::endpoint() const { return impl_->endpoint; }

std::expected<HttpResponse, std::string> HttpClient::Send(
    HttpRequest request, std::optional<std::chrono::milliseconds> timeout) {
  if (request.find(http::field::host) == request.end()) {
    request.set(http::field::host, impl_->endpoint.HostHeader());
  }
  request.keep_alive(true);
  request.prepare_payload();

  // At most two tries: the second only when a reused connection turned out to be closed.
  for (int attempt = 0;; ++attempt) {
    const bool reused = impl_->Connected();
    if (!reused) {
      if (auto connected = impl_->Connect(); !connected) {
        return std::unexpected(connected.error());
      }
    }
    HttpResponse response;
    beast::error_code ec = impl_->secure
                               ? impl_->Exchange(*impl_->secure, request, response, timeout)
                               : impl_->Exchange(*impl_->plain, request, response, timeout);
    if (!ec) {
      if (!response.keep_alive()) impl_->Close();
      return response;
    }
    impl_->Close();
    if (!reused || attempt > 0 || !IsDroppedConnection(ec)) {
      return std::unexpected(Describe(std::string(request.method_string()) + " " +
                                          std::string(request.target()) + " to " +
                                          impl_->endpoint.HostHeader(),
                                      ec));
    }
  }
}

}  // namespace nimbus::sdk
