// Test helper: an HTTP/1.1 server on 127.0.0.1 and a kernel-chosen port, answering on its own
// thread with a handler the test gives. It records every request it receives.
#pragma once

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nimbus::sdk::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

class FakeHttpServer {
 public:
  using Request = http::request<http::string_body>;
  using Response = http::response<http::string_body>;
  using Handler = std::function<Response(const Request&)>;

  explicit FakeHttpServer(Handler handler)
      : handler_(std::move(handler)), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    asio::co_spawn(io_, Accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~FakeHttpServer() {
    io_.stop();
    thread_.join();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port()); }

  // Closes each connection after its response although the response says keep-alive: what a
  // server that drops idle connections looks like to a client.
  void set_drop_after_response(bool drop) { drop_after_response_ = drop; }

  std::vector<Request> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int connections() const { return connections_; }

  static Response Reply(int status, std::string body,
                        std::string content_type = "application/json") {
    Response response{static_cast<http::status>(status), 11};
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
  }

 private:
  asio::awaitable<void> Accept() {
    for (;;) {
      auto socket = co_await acceptor_.async_accept(asio::use_awaitable);
      ++connections_;
      asio::co_spawn(io_, Serve(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> Serve(asio::ip::tcp::socket socket) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    for (;;) {
      Request request;
      co_await http::async_read(socket, buffer, request,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      Response response = handler_(request);
      response.keep_alive(true);
      co_await http::async_write(socket, response, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || drop_after_response_) {
        socket.close(ec);
        co_return;
      }
    }
  }

  Handler handler_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<bool> drop_after_response_ = false;
  std::atomic<int> connections_ = 0;
};

}  // namespace nimbus::sdk::testing
