// HTTP/1.1 types and the server every Nimbus endpoint runs on (Boost.Beast, keep-alive,
// C++20 coroutines). The server owns its acceptor and connections; handlers are coroutines
// that may run on any thread that runs the io_context, so they must be thread-safe.
//
//   net::HttpServer server(io, {.address = "127.0.0.1", .port = 0}, handler);
//   server.Start();            // binds; server.port() is the bound port
//   io.run();
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace nimbus::net {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// What a handler knows about the peer of the connection a request came on.
struct Peer {
  boost::asio::ip::tcp::endpoint remote;
  boost::asio::ip::tcp::endpoint local;
};

using Handler = std::function<boost::asio::awaitable<Response>(Request, const Peer&)>;

// Defaults of ServerOptions: the limits that keep slow, malformed or too many clients from
// exhausting a server.
inline constexpr std::size_t kDefaultMaxBodyBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kDefaultMaxHeaderBytes = 64 * 1024;
inline constexpr std::chrono::milliseconds kDefaultIdleTimeout{120'000};
inline constexpr std::chrono::milliseconds kDefaultHeaderTimeout{10'000};
inline constexpr std::chrono::milliseconds kDefaultBodyTimeout{60'000};
inline constexpr std::size_t kDefaultMaxConnections = 4096;

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: the kernel picks a free port; see HttpServer::port().
  // Requests with a larger body are refused with 413 before the body is read.
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  // Requests whose header block is larger are refused with 431.
  std::size_t max_header_bytes = kDefaultMaxHeaderBytes;
  // A keep-alive connection idle this long between requests is closed. Zero: never (the
  // Runtime API, whose runtimes may stay inside an invocation for up to 15 minutes).
  std::chrono::milliseconds idle_timeout = kDefaultIdleTimeout;
  // From the first byte of a request to the end of its header block, and then to the end of
  // its body: a client slower than this gets 408 and the connection is closed.
  std::chrono::milliseconds header_timeout = kDefaultHeaderTimeout;
  std::chrono::milliseconds body_timeout = kDefaultBodyTimeout;
  // Connections beyond this many are closed as soon as they are accepted.
  std::size_t max_connections = kDefaultMaxConnections;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Throws boost::system::system_error if the bind fails.
  void Start();
  // Stops accepting and closes open connections. Safe to call more than once.
  void Stop();
  std::uint16_t port() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// A response with the given status, content type and body; keep-alive follows the request.
Response MakeResponse(const Request& request, http::status status, std::string content_type,
                      std::string body);

}  // namespace nimbus::net
