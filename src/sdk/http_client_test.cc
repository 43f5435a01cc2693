#include "http_client.h"

#include <gtest/gtest.h>

#include "fake_http_server.h"

namespace nimbus::sdk {
namespace {

using testing::FakeHttpServer;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

TEST(Endpoint, Parse) {
  auto plain = Endpoint::Parse("http://127.0.0.1:4566");
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->https);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "4566");
  EXPECT_EQ(plain->HostHeader(), "127.0.0.1:4566");

  auto secure = Endpoint::Parse("https://dynamodb.us-east-1.amazonaws.com/");
  ASSERT_TRUE(secure.has_value());
  EXPECT_TRUE(secure->https);
  EXPECT_EQ(secure->port, "443");
  EXPECT_EQ(secure->base_path, "");
  EXPECT_EQ(secure->HostHeader(), "dynamodb.us-east-1.amazonaws.com");

  auto bare = Endpoint::Parse("localhost:9001");  // $AWS_LAMBDA_RUNTIME_API
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->host, "localhost");
  EXPECT_EQ(bare->port, "9001");

  auto v6 = Endpoint::Parse("http://[::1]:8000/base/");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->base_path, "/base");
  EXPECT_EQ(v6->HostHeader(), "[::1]:8000");

  EXPECT_FALSE(Endpoint::Parse("ftp://x").has_value());
  EXPECT_FALSE(Endpoint::Parse("http://:80").has_value());
  EXPECT_FALSE(Endpoint::Parse("http://host:abc").has_value());
}

TEST(HttpClient, KeepsTheConnectionAlive) {
  FakeHttpServer server([](const auto& request) {
    return FakeHttpServer::Reply(200, "echo " + std::string(request.target()));
  });
  HttpClient client(*Endpoint::Parse(server.url()));
  for (int i = 0; i < 3; ++i) {
    auto response = client.Send({http::verb::get, "/x" + std::to_string(i), 11}, 5s);
    ASSERT_TRUE(response.has_value()) << response.error();
    EXPECT_EQ(response->body(), "echo /x" + std::to_string(i));
  }
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.requests().front()[http::field::host], server.host_port());
}

TEST(HttpClient, ReconnectsOnceWhenTheServerDroppedTheConnection) {
  FakeHttpServer server([](const auto&) { return FakeHttpServer::Reply(200, "ok"); });
  server.set_drop_after_response(true);
  HttpClient client(*Endpoint::Parse(server.url()));
  for (int i = 0; i < 3; ++i) {
    auto response = client.Send({http::verb::post, "/", 11}, 5s);
    ASSERT_TRUE(response.has_value()) << response.error();
  }
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.connections(), 3);
}

TEST(HttpClient, ConnectionRefusedIsAnError) {
  unsigned short port;
  {
    FakeHttpServer server([](const auto&) { return FakeHttpServer::Reply(200, ""); });
    port = server.port();
  }
  HttpClient client(*Endpoint::Parse("http://127.0.0.1:" + std::to_string(port)));
  auto response = client.Send({http::verb::get, "/", 11}, 1s);
  ASSERT_FALSE(response.has_value());
  EXPECT_NE(response.error().find("connecting to"), std::string::npos);
}

TEST(HttpClient, TimesOut) {
  FakeHttpServer server([](const auto&) {
    std::this_thread::sleep_for(300ms);  // the one test that needs a slow server
    return FakeHttpServer::Reply(200, "late");
  });
  HttpClient client(*Endpoint::Parse(server.url()));
  auto response = client.Send({http::verb::get, "/", 11}, 50ms);
  ASSERT_FALSE(response.has_value());
  EXPECT_NE(response.error().find("timed out"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::sdk
