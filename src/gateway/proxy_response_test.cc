#include "gateway/proxy_response.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace nimbus::gateway {
namespace {

net::Request Get(bool keep_alive = true) {
  net::Request request{net::http::verb::get, "/", 11};
  request.keep_alive(keep_alive);
  return request;
}

TEST(ProxyResponseTest, ParsesTheAwsFixture) {
  std::ifstream in(std::string(NIMBUS_FIXTURES_DIR) + "/apigw-response.json");
  std::stringstream text;
  text << in.rdbuf();
  auto proxy = ParseProxyResponse(text.str());
  ASSERT_TRUE(proxy.has_value()) << proxy.error();
  EXPECT_EQ(proxy->status_code, 200);
  EXPECT_EQ(proxy->body, "Hello World");
  net::Response response = ToHttpResponse(std::move(*proxy), Get());
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response["Accept-Language"], "en-US,en;q=0.8");
  // Both maps name every header; multiValueHeaders wins, so each appears once.
  EXPECT_EQ(std::distance(response.equal_range("Accept-Language").first,
                          response.equal_range("Accept-Language").second),
            1);
  EXPECT_EQ(response[net::http::field::content_type], "application/json");
}

TEST(ProxyResponseTest, MergesHeadersAndDecodesBase64) {
  auto proxy = ParseProxyResponse(R"({"statusCode": 201,
      "headers": {"Content-Type": "image/png", "X-One": "1", "set-cookie": "ignored",
                  "Access-Control-Allow-Credentials": true, "X-Count": 5},
      "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
      "body": "aGk=", "isBase64Encoded": true})");
  ASSERT_TRUE(proxy.has_value()) << proxy.error();
  net::Response response = ToHttpResponse(std::move(*proxy), Get(false));
  EXPECT_EQ(response.result_int(), 201);
  EXPECT_EQ(response.body(), "hi");
  EXPECT_EQ(response[net::http::field::content_type], "image/png");
  EXPECT_EQ(response["Access-Control-Allow-Credentials"], "true");
  EXPECT_EQ(response["X-Count"], "5");
  auto cookies = response.equal_range(net::http::field::set_cookie);
  std::vector<std::string> values;
  for (auto it = cookies.first; it != cookies.second; ++it) values.emplace_back(it->value());
  EXPECT_EQ(values, (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(response[net::http::field::content_length], "2");
}

TEST(ProxyResponseTest, RemapsHeadersTheGatewayOwns) {
  auto proxy = ParseProxyResponse(
      R"({"statusCode": 200, "headers": {"Content-Length": "999", "Connection": "close"}})");
  ASSERT_TRUE(proxy.has_value());
  net::Response response = ToHttpResponse(std::move(*proxy), Get());
  EXPECT_EQ(response[net::http::field::content_length], "0");
  EXPECT_EQ(response["x-amzn-Remapped-Content-Length"], "999");
  EXPECT_EQ(response["x-amzn-Remapped-Connection"], "close");
  EXPECT_TRUE(response.keep_alive());
}

TEST(ProxyResponseTest, NullsAreAbsent) {
  auto proxy = ParseProxyResponse(
      R"({"statusCode": 204, "headers": null, "multiValueHeaders": null, "body": null,
          "isBase64Encoded": null})");
  ASSERT_TRUE(proxy.has_value()) << proxy.error();
  EXPECT_EQ(proxy->status_code, 204);
  EXPECT_TRUE(proxy->body.empty());
}

TEST(ProxyResponseTest, MalformedResponses) {
  for (const char* payload : {
           "not json",
           "[]",
           "null",
           R"({"body": "missing status"})",
           R"({"statusCode": "200"})",
           R"({"statusCode": 200.5})",
           R"({"statusCode": 99})",
           R"({"statusCode": 600})",
           R"({"statusCode": 200, "body": {"an": "object"}})",
           R"({"statusCode": 200, "headers": []})",
           R"({"statusCode": 200, "headers": {"X": {"a": 1}}})",
           R"({"statusCode": 200, "headers": {"X": "a\r\nInjected: 1"}})",
           R"({"statusCode": 200, "headers": {"Bad Name": "a"}})",
           R"({"statusCode": 200, "multiValueHeaders": {"X": "not a list"}})",
           R"({"statusCode": 200, "isBase64Encoded": "yes"})",
           R"({"statusCode": 200, "isBase64Encoded": true, "body": "***"})",
           R"({"statusCode": 200, "cookies": ["a=1"]})",
       }) {
    EXPECT_FALSE(ParseProxyResponse(payload).has_value()) << payload;
  }
}

}  // namespace
}  // namespace nimbus::gateway
