// The HTTP side of delivery: one POST per attempt on a fresh connection (subscribers are
// few and deliveries rare enough that pooling would only add state).
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "events/delivery.h"

namespace nimbus::events {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

class BeastHttpPoster final : public HttpPoster {
 public:
  explicit BeastHttpPoster(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  asio::awaitable<HttpOutcome> Post(std::string url, std::map<std::string, std::string> headers,
                                    std::string body) override {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) co_return HttpOutcome{0, "not a URL"};
    if (parsed->scheme() != "http") {
      co_return HttpOutcome{0, "only http:// endpoints are reached locally"};
    }
    const std::string host = parsed->host();
    const std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
    std::string target(parsed->encoded_path());
    if (target.empty()) target = "/";
    if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());
    try {
      auto executor = co_await asio::this_coro::executor;
      asio::ip::tcp::resolver resolver(executor);
      auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
      beast::tcp_stream stream(executor);
      stream.expires_after(timeout_);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      http::request<http::string_body> request{http::verb::post, target, 11};
      request.set(http::field::host, parsed->has_port() ? host + ":" + port : host);
      for (const auto& [name, value] : headers) request.set(name, value);
      request.body() = std::move(body);
      request.prepare_payload();
      stream.expires_after(timeout_);
      co_await http::async_write(stream, request, asio::use_awaitable);
      beast::flat_buffer buffer;
      http::response<http::string_body> response;
      co_await http::async_read(stream, buffer, response, asio::use_awaitable);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      co_return HttpOutcome{static_cast<int>(response.result_int()), ""};
    } catch (const boost::system::system_error& e) {
      co_return HttpOutcome{0, e.code().message()};
    }
  }

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::shared_ptr<HttpPoster> MakeBeastHttpPoster(std::chrono::milliseconds timeout) {
  return std::make_shared<BeastHttpPoster>(timeout);
}

}  // namespace nimbus::events
