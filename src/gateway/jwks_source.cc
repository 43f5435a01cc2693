#include "gateway/jwks_source.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <fstream>
#include <sstream>

namespace nimbus::gateway {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

std::expected<std::string, std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxJwksBytes) return std::unexpected(path + " is too large");
  return text.str();
}

asio::awaitable<std::expected<std::string, std::string>> Get(const std::string& uri) {
  auto url = boost::urls::parse_uri(uri);
  if (!url || url->scheme() != "http") co_return std::unexpected("not an http URL: " + uri);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(std::string(url->host()), ec);
  if (ec || !address.is_loopback()) {
    co_return std::unexpected("a JWKS URL must name a loopback address: " + uri);
  }
  const unsigned short port = url->has_port() ? url->port_number() : 80;
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(kJwksFetchTimeout);
  try {
    co_await stream.async_connect(asio::ip::tcp::endpoint(address, port), asio::use_awaitable);
    beast::http::request<beast::http::empty_body> request{
        beast::http::verb::get, url->encoded_target().empty() ? "/" : url->encoded_target(), 11};
    request.set(beast::http::field::host, url->encoded_host_and_port());
    request.set(beast::http::field::accept, "application/json");
    co_await beast::http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(kMaxJwksBytes);
    co_await beast::http::async_read(stream, buffer, parser, asio::use_awaitable);
    auto response = parser.release();
    if (response.result() != beast::http::status::ok) {
      co_return std::unexpected(uri + " answered " + std::to_string(response.result_int()));
    }
    co_return std::move(response.body());
  } catch (const boost::system::system_error& e) {
    co_return std::unexpected("cannot fetch " + uri + ": " + e.code().message());
  }
}

}  // namespace

asio::awaitable<std::expected<std::string, std::string>> FetchJwks(std::string uri) {
  if (uri.starts_with("http://") || uri.starts_with("https://")) co_return co_await Get(uri);
  co_return ReadFile(uri);
}

}  // namespace nimbus::gateway
