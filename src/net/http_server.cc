#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>

#include "net/http.h"
#include "net/wire.h"

namespace nimbus::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// After a failed accept (e.g. EMFILE) the pending connection stays queued; waiting a little
// keeps the acceptor from spinning on it.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

// Beast reads at most the buffer's free capacity (512 bytes when empty), so a typical signed
// AWS request would take two reads; with this much room one read takes the whole request.
constexpr std::size_t kReadBufferBytes = 16 * 1024;

Response ErrorResponse(http::status status, std::string_view message, unsigned version) {
  Response response{status, version};
  response.set(http::field::content_type, "application/json");
  response.body() = std::string(R"({"message":")") + std::string(message) + "\"}";
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

// How long a refusal (400, 408, 413, 431) may take to write before the connection is dropped.
constexpr auto kRefusalWriteTimeout = std::chrono::seconds(5);

// The response to a request that could not be read; nullopt: close without one (the client
// went away, or stayed silent between requests).
std::optional<Response> RefusalFor(const boost::system::error_code& ec) {
  if (ec == http::error::body_limit) {
    return ErrorResponse(http::status::payload_too_large, "Request Entity Too Large", 11);
  }
  if (ec == http::error::header_limit) {
    return ErrorResponse(http::status::request_header_fields_too_large,
                         "Request Header Fields Too Large", 11);
  }
  if (ec == beast::error::timeout) {
    return ErrorResponse(http::status::request_timeout, "Request Timeout", 11);
  }
  if (ec == http::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
      ec == http::error::partial_message) {
    return std::nullopt;
  }
  return ErrorResponse(http::status::bad_request, "Bad Request", 11);
}

}  // namespace

struct HttpServer::State : std::enable_shared_from_this<HttpServer::State> {
  State(asio::io_context& io, ServerOptions opts, Handler h)
      : io(io), options(std::move(opts)), handler(std::move(h)), acceptor(asio::make_strand(io)) {}

  asio::io_context& io;
  ServerOptions options;
  Handler handler;
  tcp::acceptor acceptor;
  std::uint16_t bound_port = 0;

  std::mutex mutex;
  bool stopped = false;
  std::uint64_t next_connection_id = 0;
  std::map<std::uint64_t, std::weak_ptr<beast::tcp_stream>> connections;

  void ArmIdleTimer(beast::tcp_stream& stream) const {
    if (options.idle_timeout.count() > 0) {
      stream.expires_after(options.idle_timeout);
    } else {
      stream.expires_never();
    }
  }

  asio::awaitable<void> AcceptLoop() {
    auto self = shared_from_this();
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io),
                                                         asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        // e.g. EMFILE: keep serving the connections we have, and try again shortly.
        asio::steady_timer pause(acceptor.get_executor(), kAcceptRetryDelay);
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      std::uint64_t id;
      std::shared_ptr<beast::tcp_stream> stream;
      {
        std::lock_guard lock(mutex);
        if (stopped) co_return;
        if (connections.size() >= options.max_connections) {
          // Refused before any work: no buffer, no coroutine, no reply.
          boost::system::error_code ignored;
          socket.close(ignored);
          continue;
        }
        stream = std::make_shared<beast::tcp_stream>(std::move(socket));
        id = next_connection_id++;
        connections.emplace(id, stream);
      }
      auto executor = stream->get_executor();
      asio::co_spawn(executor, Serve(stream, id), asio::detached);
    }
  }

  asio::awaitable<void> Serve(std::shared_ptr<beast::tcp_stream> stream, std::uint64_t id) {
    auto self = shared_from_this();
    beast::flat_buffer buffer;
    buffer.reserve(kReadBufferBytes);
    std::string wire;  // the serialized response, reused across the connection's requests
    Peer peer;
    boost::system::error_code ec;
    peer.remote = stream->socket().remote_endpoint(ec);
    peer.local = stream->socket().local_endpoint(ec);
    // The header and body deadlines cancel the read but keep the socket open, so the client
    // still gets its 408 (tcp_stream's own timeout would close the socket).
    asio::steady_timer deadline(stream->get_executor());
    auto timed_out = std::make_shared<bool>(false);
    auto arm_deadline = [&deadline, timed_out, stream](std::chrono::milliseconds timeout) {
      deadline.expires_after(timeout);
      deadline.async_wait([timed_out, stream](const boost::system::error_code& wait_ec) {
        if (wait_ec) return;
        *timed_out = true;
        boost::system::error_code ignored;
        stream->socket().cancel(ignored);
      });
    };
    try {
      for (;;) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        parser.body_limit(options.max_body_bytes);
        // Between requests the connection may idle; once a request has begun, its header and
        // then its body must each arrive in time.
        if (buffer.size() == 0) {
          ArmIdleTimer(*stream);
          auto [idle_ec, idle_bytes] = co_await stream->async_read_some(
              buffer.prepare(kReadBufferBytes), asio::as_tuple(asio::use_awaitable));
          if (idle_ec) break;
          buffer.commit(idle_bytes);
        }
        stream->expires_never();
        *timed_out = false;
        arm_deadline(options.header_timeout);
        auto [read_ec, bytes_read] = co_await http::async_read_header(
            *stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (!read_ec && !parser.is_done()) {
          arm_deadline(options.body_timeout);
          std::tie(read_ec, bytes_read) = co_await http::async_read(
              *stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        }
        deadline.cancel();
        if (read_ec) {
          if (*timed_out) read_ec = beast::error::timeout;
          if (auto refusal = RefusalFor(read_ec)) {
            stream->expires_after(kRefusalWriteTimeout);
            co_await http::async_write(*stream, *refusal, asio::as_tuple(asio::use_awaitable));
          }
          break;
        }
        stream->expires_never();
        Request request = parser.release();
        const unsigned version = request.version();
        const bool keep_alive = request.keep_alive();
        Response response;
        try {
          response = co_await handler(std::move(request), peer);
        } catch (const std::exception&) {
          // A handler bug must not reach the client as detail, nor end the server.
          response =
              ErrorResponse(http::status::internal_server_error, "Internal server error", version);
        }
        response.version(version);
        if (!keep_alive) response.keep_alive(false);
        response.prepare_payload();
        const bool close = !response.keep_alive();
        ArmIdleTimer(*stream);
        SerializeResponse(response, wire);
        auto [write_ec, written] = co_await asio::async_write(*stream, asio::buffer(wire),
                                                              asio::as_tuple(asio::use_awaitable));
        if (write_ec || close) break;
      }
    } catch (const std::exception&) {
    }
    {
      // Before the close: a client that sees the connection end may connect again at once.
      std::lock_guard lock(mutex);
      connections.erase(id);
    }
    stream->socket().shutdown(tcp::socket::shutdown_send, ec);
    stream->close();
  }
};

HttpServer::HttpServer(asio::io_context& io, ServerOptions options, Handler handler)
    : state_(std::make_shared<State>(io, std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Start() {
  auto address = asio::ip::make_address(state_->options.address);
  tcp::endpoint endpoint(address, state_->options.port);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(asio::socket_base::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen(asio::socket_base::max_listen_connections);
  state_->bound_port = state_->acceptor.local_endpoint().port();
  asio::co_spawn(state_->acceptor.get_executor(), state_->AcceptLoop(), asio::detached);
}

void HttpServer::Stop() {
  std::map<std::uint64_t, std::weak_ptr<beast::tcp_stream>> open;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopped) return;
    state_->stopped = true;
    open.swap(state_->connections);
  }
  asio::dispatch(state_->acceptor.get_executor(), [state = state_] {
    boost::system::error_code ec;
    state->acceptor.close(ec);
  });
  for (auto& [id, weak] : open) {
    if (auto stream = weak.lock()) {
      asio::dispatch(stream->get_executor(), [stream] {
        boost::system::error_code ec;
        stream->socket().shutdown(tcp::socket::shutdown_both, ec);
        stream->socket().close(ec);
      });
    }
  }
}

std::uint16_t HttpServer::port() const { return state_->bound_port; }

Response MakeResponse(const Request& request, http::status status, std::string content_type,
                      std::string body) {
  Response response{status, request.version()};
  response.set(http::field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace nimbus::net
