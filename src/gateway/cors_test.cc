#include "gateway/cors.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

CorsConfig Config() {
  return {.allow_origins = {"https://app.example.com"},
          .allow_methods = {"GET", "POST"},
          .allow_headers = {"content-type", "x-api-key"},
          .expose_headers = {"x-request-id"},
          .max_age = std::chrono::seconds(600),
          .allow_credentials = true};
}

net::Request Preflight(std::string origin, std::string method, std::string headers = {}) {
  net::Request request{net::http::verb::options, "/people", 11};
  request.set(net::http::field::origin, origin);
  request.set(net::http::field::access_control_request_method, method);
  if (!headers.empty()) request.set(net::http::field::access_control_request_headers, headers);
  return request;
}

TEST(CorsTest, APreflightNeedsOptionsOriginAndRequestMethod) {
  EXPECT_TRUE(IsPreflight(Preflight("https://a", "GET")));
  net::Request plain{net::http::verb::options, "/people", 11};
  EXPECT_FALSE(IsPreflight(plain));
  plain.set(net::http::field::origin, "https://a");
  EXPECT_FALSE(IsPreflight(plain));
  net::Request get{net::http::verb::get, "/people", 11};
  get.set(net::http::field::origin, "https://a");
  get.set(net::http::field::access_control_request_method, "GET");
  EXPECT_FALSE(IsPreflight(get));
}

TEST(CorsTest, AnAllowedPreflightGets204WithTheConfiguredHeaders) {
  auto response = PreflightResponse(
      Config(), Preflight("https://app.example.com", "POST", "Content-Type, X-Api-Key"));
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_EQ(response[net::http::field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(response[net::http::field::access_control_allow_methods], "GET,POST");
  EXPECT_EQ(response[net::http::field::access_control_allow_headers], "content-type,x-api-key");
  EXPECT_EQ(response[net::http::field::access_control_max_age], "600");
  EXPECT_EQ(response[net::http::field::access_control_allow_credentials], "true");
  EXPECT_TRUE(response.body().empty());
}

TEST(CorsTest, ADisallowedOriginMethodOrHeaderGetsNoCorsHeaders) {
  for (const auto& request :
       {Preflight("https://evil.example", "GET"), Preflight("https://app.example.com", "DELETE"),
        Preflight("https://app.example.com", "GET", "x-secret")}) {
    auto response = PreflightResponse(Config(), request);
    EXPECT_EQ(response.result_int(), 204);
    EXPECT_EQ(response.find(net::http::field::access_control_allow_origin), response.end());
  }
}

TEST(CorsTest, AWildcardOriginIsAnsweredWithAWildcard) {
  auto config = Config();
  config.allow_origins = {"*"};
  config.allow_headers = {"*"};
  auto response = PreflightResponse(config, Preflight("https://any.example", "GET", "x-whatever"));
  EXPECT_EQ(response[net::http::field::access_control_allow_origin], "*");
}

TEST(CorsTest, ResponsesToAnAllowedOriginGetTheConfiguredHeadersInsteadOfTheBackends) {
  net::Response response{net::http::status::ok, 11};
  response.set(net::http::field::access_control_allow_origin, "https://backend.example");
  response.set("Access-Control-Allow-Methods", "PATCH");
  ApplyCors(Config(), "https://app.example.com", response);
  EXPECT_EQ(response[net::http::field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(response[net::http::field::access_control_expose_headers], "x-request-id");
  EXPECT_EQ(response[net::http::field::access_control_allow_credentials], "true");
  EXPECT_EQ(response.find(net::http::field::access_control_allow_methods), response.end());

  net::Response other{net::http::status::ok, 11};
  other.set(net::http::field::access_control_allow_origin, "*");
  ApplyCors(Config(), "https://evil.example", other);
  EXPECT_EQ(other.find(net::http::field::access_control_allow_origin), other.end());
}

}  // namespace
}  // namespace nimbus::gateway
