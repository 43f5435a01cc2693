#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <string>
#include <thread>

#include "net/http.h"
#include "net/wire.h"

namespace nimbus::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(
        io_, options, [](Request request, const Peer& peer) -> asio::awaitable<Response> {
          std::string body = std::string(request.method_string()) + " " +
                             std::string(request.target()) + " " + request.body() + " from " +
                             peer.remote.address().to_string();
          co_return MakeResponse(request, http::status::ok, "text/plain", body);
        });
    server_->Start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    server_->Stop();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

  tcp::socket Connect() {
    tcp::socket socket(client_io_);
    socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    return socket;
  }

  asio::io_context io_;
  asio::io_context client_io_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

Response RoundTrip(tcp::socket& socket, Request request, beast::flat_buffer& buffer) {
  request.prepare_payload();
  http::write(socket, request);
  Response response;
  http::read(socket, buffer, response);
  return response;
}

TEST_F(HttpServerTest, ServesSeveralRequestsOnOneKeepAliveConnection) {
  StartServer();
  ASSERT_NE(server_->port(), 0);
  auto socket = Connect();
  beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    Request request{http::verb::post, "/echo/" + std::to_string(i), 11};
    request.set(http::field::host, "localhost");
    request.body() = "hi";
    Response response = RoundTrip(socket, request, buffer);
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response.body(), "POST /echo/" + std::to_string(i) + " hi from 127.0.0.1");
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST_F(HttpServerTest, RefusesAnOversizedBodyWith413BeforeReadingIt) {
  StartServer({.max_body_bytes = 10});
  auto socket = Connect();
  beast::flat_buffer buffer;
  Request request{http::verb::post, "/", 11};
  request.set(http::field::host, "localhost");
  request.body() = std::string(11, 'x');
  Response response = RoundTrip(socket, request, buffer);
  EXPECT_EQ(response.result(), http::status::payload_too_large);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServerTest, RefusesOversizedHeadersWith431) {
  StartServer({.max_header_bytes = 256});
  auto socket = Connect();
  beast::flat_buffer buffer;
  Request request{http::verb::get, "/", 11};
  request.set(http::field::host, "localhost");
  request.set("x-big", std::string(512, 'a'));
  Response response = RoundTrip(socket, request, buffer);
  EXPECT_EQ(response.result(), http::status::request_header_fields_too_large);
}

TEST_F(HttpServerTest, AnswersGarbageWith400) {
  StartServer();
  auto socket = Connect();
  asio::write(socket, asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  beast::flat_buffer buffer;
  Response response;
  http::read(socket, buffer, response);
  EXPECT_EQ(response.result(), http::status::bad_request);
}

TEST_F(HttpServerTest, AHandlerExceptionBecomesA500WithoutDetail) {
  server_ = std::make_unique<HttpServer>(io_, ServerOptions{},
                                         [](Request, const Peer&) -> asio::awaitable<Response> {
                                           throw std::runtime_error("secret detail /etc/passwd");
                                           co_return Response{};
                                         });
  server_->Start();
  thread_ = std::thread([this] { io_.run(); });
  auto socket = Connect();
  beast::flat_buffer buffer;
  Request request{http::verb::get, "/", 11};
  request.set(http::field::host, "localhost");
  Response response = RoundTrip(socket, request, buffer);
  EXPECT_EQ(response.result(), http::status::internal_server_error);
  EXPECT_EQ(response.body().find("secret"), std::string::npos);
}

// Reads whatever the server sends until it closes the connection.
std::string ReadUntilClosed(tcp::socket& socket) {
  std::string data;
  char chunk[1024];
  boost::system::error_code ec;
  for (;;) {
    std::size_t n = socket.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    data.append(chunk, n);
  }
  return data;
}

TEST_F(HttpServerTest, AClientThatDribblesItsHeaderGets408AndIsDisconnected) {
  StartServer({.header_timeout = std::chrono::milliseconds(100)});
  auto socket = Connect();
  asio::write(socket, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")));
  std::string reply = ReadUntilClosed(socket);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408 Request Timeout\r\n")) << reply;
  EXPECT_NE(reply.find(R"({"message":"Request Timeout"})"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, AClientThatSendsLessBodyThanItAnnouncedGets408) {
  StartServer({.body_timeout = std::chrono::milliseconds(100)});
  auto socket = Connect();
  asio::write(socket, asio::buffer(std::string(
                          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten..")));
  std::string reply = ReadUntilClosed(socket);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 408 Request Timeout\r\n")) << reply;
}

TEST_F(HttpServerTest, AnIdleConnectionIsClosedWithoutAReply) {
  StartServer({.idle_timeout = std::chrono::milliseconds(100)});
  auto socket = Connect();
  beast::flat_buffer buffer;
  Request request{http::verb::get, "/", 11};
  request.set(http::field::host, "localhost");
  EXPECT_EQ(RoundTrip(socket, request, buffer).result(), http::status::ok);
  EXPECT_EQ(ReadUntilClosed(socket), "");
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  StartServer({.max_connections = 2});
  beast::flat_buffer buffer;
  Request request{http::verb::get, "/", 11};
  request.set(http::field::host, "localhost");
  auto first = Connect();
  auto second = Connect();
  // A reply on each shows both are being served.
  EXPECT_EQ(RoundTrip(first, request, buffer).result(), http::status::ok);
  EXPECT_EQ(RoundTrip(second, request, buffer).result(), http::status::ok);
  auto third = Connect();
  EXPECT_EQ(ReadUntilClosed(third), "");

  // When one ends, its place is free again.
  Request closing = request;
  closing.keep_alive(false);
  EXPECT_EQ(RoundTrip(first, closing, buffer).result(), http::status::ok);
  EXPECT_EQ(ReadUntilClosed(first), "");
  auto fourth = Connect();
  EXPECT_EQ(RoundTrip(fourth, request, buffer).result(), http::status::ok);
}

TEST_F(HttpServerTest, SeveralRequestsInOnePacketAreAllServed) {
  StartServer();
  auto socket = Connect();
  asio::write(socket, asio::buffer(std::string("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                                               "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2"
                                               "\r\n\r\nhi")));
  beast::flat_buffer buffer;
  Response a, b;
  http::read(socket, buffer, a);
  http::read(socket, buffer, b);
  EXPECT_EQ(a.body(), "GET /a  from 127.0.0.1");
  EXPECT_EQ(b.body(), "POST /b hi from 127.0.0.1");
}

TEST(SerializeResponseTest, WritesStatusLineFieldsAndBodyAsHttp11) {
  Response response{http::status::not_found, 11};
  response.set(http::field::content_type, "application/json");
  response.set("x-amzn-RequestId", "abc");
  response.body() = R"({"message":"no"})";
  response.prepare_payload();
  std::string wire;
  SerializeResponse(response, wire);
  EXPECT_EQ(wire,
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
            "x-amzn-RequestId: abc\r\nContent-Length: 16\r\n\r\n{\"message\":\"no\"}");

  Response old{http::status::ok, 10};
  old.prepare_payload();
  SerializeResponse(old, wire);
  EXPECT_EQ(wire, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
}

}  // namespace
}  // namespace nimbus::net
