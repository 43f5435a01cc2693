#include "gateway/proxy_event_v2.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <set>
#include <sstream>

namespace nimbus::gateway {
namespace {

namespace json = boost::json;

json::object ReadFixture(const std::string& name) {
  std::ifstream in(std::string(NIMBUS_FIXTURES_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_object();
}

// Same members (but `skip`, and `extra` members only in `actual`), same JSON kind and value
// (but `different`) at every path.
void Compare(const json::value& expected, const json::value& actual, const std::string& path,
             const std::set<std::string>& skip, const std::set<std::string>& different,
             const std::set<std::string>& extra = {}) {
  ASSERT_EQ(expected.kind(), actual.kind()) << path << ": " << json::serialize(actual);
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.as_object()) {
      std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
      if (skip.contains(child)) continue;
      const json::value* other = actual.as_object().if_contains(key);
      ASSERT_NE(other, nullptr) << "missing " << child;
      Compare(value, *other, child, skip, different, extra);
    }
    for (const auto& [key, value] : actual.as_object()) {
      std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
      EXPECT_TRUE(expected.as_object().contains(key) || extra.contains(child))
          << "unexpected " << child << ": " << json::serialize(value);
    }
    return;
  }
  if (!different.contains(path)) {
    EXPECT_EQ(expected, actual) << path;
  }
}

std::chrono::system_clock::time_point EpochMs(std::int64_t ms) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

TEST(ProxyEventV2Test, MatchesTheNoAuthorizerFixtureExactly) {
  json::object fixture = ReadFixture("apigw-v2-request-no-authorizer.json");
  const auto& rc = fixture.at("requestContext").as_object();
  net::Request request{net::http::verb::get, "/", 11};
  for (const auto& [name, value] : fixture.at("headers").as_object()) {
    request.insert(name, value.as_string());
  }
  ProxyEventContext context{
      .account_id = std::string(rc.at("accountId").as_string()),
      .api_id = std::string(rc.at("apiId").as_string()),
      .stage = "$default",
      .extended_request_id = std::string(rc.at("requestId").as_string()),
      .trace_id = "Root=1-ffffffff-000000000000000000000000",
      .request_time = EpochMs(rc.at("timeEpoch").as_int64()),
      .source_ip = "1.2.3.4",
      .local_port = 443,
      .route_key = "$default",
  };
  json::value event = BuildProxyEventV2(request, context);
  // requestContext.authentication appears with mutual TLS only.
  Compare(fixture, event, "", {"requestContext.authentication"}, {});
}

// The docs' sample events: an authorizer's output, cookies, repeated query parameters, stage
// variables and a body. Header names reach the function in lower case, which the samples do
// not show.
class ProxyEventV2FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProxyEventV2FixtureTest, MatchesFieldByField) {
  json::object fixture = ReadFixture(GetParam());
  const auto& rc = fixture.at("requestContext").as_object();
  net::Request request{net::http::verb::get,
                       "/my/path?" + std::string(fixture.at("rawQueryString").as_string()), 11};
  for (const auto& [name, value] : fixture.at("headers").as_object()) {
    request.insert(name, value.as_string());
  }
  request.insert(net::http::field::cookie, "cookie1; cookie2");
  request.set(net::http::field::host, rc.at("domainName").as_string());
  request.set(net::http::field::user_agent, "agent");
  request.body() = fixture.at("body").as_string();
  std::map<std::string, std::string> stage_variables;
  for (const auto& [name, value] : fixture.at("stageVariables").as_object()) {
    stage_variables[name] = value.as_string();
  }
  ProxyEventContext context{
      .path_parameters = {{"proxy", "hello/world"}},
      .account_id = std::string(rc.at("accountId").as_string()),
      .api_id = std::string(rc.at("apiId").as_string()),
      .stage = std::string(rc.at("stage").as_string()),
      .extended_request_id = std::string(rc.at("requestId").as_string()),
      .trace_id = "Root=1-5e66880e-0123456789abcdef01234567",
      .request_time = EpochMs(rc.at("timeEpoch").as_int64()),
      .source_ip = std::string(rc.at("http").at("sourceIp").as_string()),
      .local_port = 443,
      .authorizer = rc.at("authorizer").as_object(),
      .route_key = std::string(rc.at("routeKey").as_string()),
      .stage_variables = &stage_variables,
  };
  json::value event = BuildProxyEventV2(request, context);
  Compare(fixture, event, "", {"requestContext.authentication", "headers"},
          // The sample's time is not its timeEpoch, and lacks the space AWS writes.
          {"requestContext.time"});
  EXPECT_EQ(event.at("requestContext").at("time"), "04/Mar/2020:19:03:58 +0000");

  json::object headers = event.at("headers").as_object();
  EXPECT_EQ(headers.at("header1"), "value1");
  EXPECT_EQ(headers.at("header2"), "value2");
  EXPECT_EQ(headers.at("x-amzn-trace-id"), "Root=1-5e66880e-0123456789abcdef01234567");
  EXPECT_EQ(headers.at("x-forwarded-for"), "IP");
  EXPECT_EQ(headers.at("x-forwarded-port"), "443");
  EXPECT_EQ(headers.at("x-forwarded-proto"), "http");
  EXPECT_FALSE(headers.contains("cookie"));  // in `cookies` instead
  for (const auto& [name, value] : headers) {
    EXPECT_EQ(std::string(name), [&] {
      std::string lower(name);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return lower;
    }());
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ProxyEventV2FixtureTest,
                         ::testing::Values("apigw-v2-request-lambda-authorizer.json",
                                           "apigw-v2-request-jwt-authorizer.json",
                                           "apigw-v2-request-iam.json"));

TEST(ProxyEventV2Test, JoinsRepeatsWithCommasAndLeavesAbsentMembersOut) {
  net::Request request{net::http::verb::post, "/a%20b/c?x=1&x=2&y=a+b&z", 11};
  request.insert("X-Multi", "one");
  request.insert("x-multi", "two");
  request.insert(net::http::field::cookie, "a=1;b=2");
  request.insert(net::http::field::cookie, " c=3 ");
  json::value event = BuildProxyEventV2(request, {.route_key = "POST /{p}/c"});
  EXPECT_EQ(event.at("headers").at("x-multi"), "one,two");
  EXPECT_EQ(event.at("cookies"), json::parse(R"(["a=1","b=2","c=3"])"));
  EXPECT_EQ(event.at("queryStringParameters"), json::parse(R"({"x":"1,2","y":"a b","z":""})"));
  EXPECT_EQ(event.at("rawQueryString"), "x=1&x=2&y=a+b&z");
  // HTTP APIs decode the path they hand over.
  EXPECT_EQ(event.at("rawPath"), "/a b/c");
  EXPECT_EQ(event.at("requestContext").at("http").at("path"), "/a b/c");
  EXPECT_EQ(event.at("routeKey"), "POST /{p}/c");
  const json::object& e = event.as_object();
  for (auto absent : {"pathParameters", "stageVariables", "body"}) {
    EXPECT_FALSE(e.contains(absent)) << absent;
  }
  EXPECT_FALSE(e.at("requestContext").as_object().contains("authorizer"));
  EXPECT_EQ(e.at("isBase64Encoded"), false);
  EXPECT_EQ(e.at("requestContext").at("http").at("userAgent"), "");
}

TEST(ProxyEventV2Test, NoCookiesNoQuery) {
  net::Request request{net::http::verb::get, "/x", 11};
  json::value event = BuildProxyEventV2(request, {.route_key = "$default"});
  EXPECT_FALSE(event.as_object().contains("cookies"));
  EXPECT_FALSE(event.as_object().contains("queryStringParameters"));
  EXPECT_EQ(event.at("rawQueryString"), "");
}

TEST(ProxyEventV2Test, BinaryBodyIsBase64AndPathParametersDecoded) {
  net::Request request{net::http::verb::put, "/f/a%2Fb", 11};
  request.set(net::http::field::content_type, "application/octet-stream");
  request.body() = std::string("\x89PNG\0", 5);
  json::value event = BuildProxyEventV2(request, {.path_parameters = {{"name", "a%2Fb"}}});
  EXPECT_EQ(event.at("body"), "iVBORwA=");
  EXPECT_EQ(event.at("isBase64Encoded"), true);
  EXPECT_EQ(event.at("pathParameters").at("name"), "a/b");
}

}  // namespace
}  // namespace nimbus::gateway
