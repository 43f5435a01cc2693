#include "gateway/proxy_event.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <set>
#include <sstream>

namespace nimbus::gateway {
namespace {

namespace json = boost::json;

json::value ReadFixture(const std::string& name) {
  std::ifstream in(std::string(NIMBUS_FIXTURES_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// The fixture's request, as it reaches the gateway.
net::Request FixtureRequest(const json::object& fixture) {
  net::Request request{net::http::verb::post, "/hello/world?name=me", 11};
  for (const auto& [name, value] : fixture.at("headers").as_object()) {
    request.insert(name, value.as_string());
  }
  request.body() = fixture.at("body").as_string();
  return request;
}

ProxyEventContext FixtureContext(const json::object& fixture) {
  const auto& rc = fixture.at("requestContext").as_object();
  return {
      .resource_path = std::string(rc.at("resourcePath").as_string()),
      .resource_id = std::string(rc.at("resourceId").as_string()),
      .path_parameters = {{"proxy", "hello/world"}},
      .account_id = std::string(rc.at("accountId").as_string()),
      .api_id = std::string(rc.at("apiId").as_string()),
      .stage = std::string(rc.at("stage").as_string()),
      .request_id = std::string(rc.at("requestId").as_string()),
      .extended_request_id = std::string(rc.at("extendedRequestId").as_string()),
      .trace_id = "Root=1-5ebe3025-0123456789abcdef01234567",
      .request_time = std::chrono::system_clock::time_point(
          std::chrono::milliseconds(rc.at("requestTimeEpoch").as_int64())),
      .source_ip = std::string(rc.at("identity").at("sourceIp").as_string()),
      .local_port = 443,
  };
}

// Fields whose value legitimately differs from the fixture, which was captured on AWS with an
// authorizer, stage variables, a custom domain and Cognito in play.
const std::set<std::string>& DifferentValues() {
  static const std::set<std::string> fields = {
      "stageVariables",             // no stage variables configured: null
      "requestContext.path",        // execute-api shape: "/{stage}/hello/world"
      "requestContext.domainName",  // from the Host header
      "requestContext.domainPrefix",
      "headers",  // plus X-Amzn-Trace-Id, checked below
      "multiValueHeaders",
  };
  return fields;
}

// Compares `actual` with `expected` key by key: same keys (except `absent`), same JSON kind,
// same value unless listed in DifferentValues. Strings in the fixture that AWS sends as null
// when unset (identity.*) may be null.
void Compare(const json::value& expected, const json::value& actual, const std::string& path,
             const std::set<std::string>& nullable, const std::set<std::string>& absent) {
  if (absent.contains(path)) return;
  if (nullable.contains(path) && actual.is_null()) return;
  if (path == "stageVariables") {
    EXPECT_TRUE(actual.is_null()) << path;
    return;
  }
  ASSERT_EQ(expected.kind(), actual.kind()) << path << ": " << json::serialize(actual);
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.as_object()) {
      std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
      if (absent.contains(child)) continue;
      const json::value* other = actual.as_object().if_contains(key);
      ASSERT_NE(other, nullptr) << "missing " << child;
      Compare(value, *other, child, nullable, absent);
    }
    return;
  }
  if (!DifferentValues().contains(path)) {
    EXPECT_EQ(expected, actual) << path;
  }
}

TEST(ProxyEventTest, MatchesTheAwsFixtureFieldByField) {
  json::object fixture = ReadFixture("apigw-request.json").as_object();
  json::value event = BuildProxyEventV1(FixtureRequest(fixture), FixtureContext(fixture));
  const json::object& e = event.as_object();

  std::set<std::string> nullable;
  for (const auto& [key, value] : fixture.at("requestContext").at("identity").as_object()) {
    if (key != "sourceIp" && key != "userAgent") {
      nullable.insert("requestContext.identity." + std::string(key));
    }
  }
  // No authorizer is configured, so AWS sends no authorizer object.
  Compare(fixture, event, "", nullable, {"requestContext.authorizer"});

  EXPECT_EQ(e.at("requestContext").at("path"), "/testStage/hello/world");
  EXPECT_EQ(e.at("requestContext").at("domainName"),
            "gy415nuibc.execute-api.us-east-1.amazonaws.com");
  EXPECT_EQ(e.at("requestContext").at("domainPrefix"), "gy415nuibc");
  EXPECT_EQ(e.at("requestContext").at("requestTime"), "15/May/2020:06:01:09 +0000");
  EXPECT_TRUE(e.at("requestContext").at("identity").at("clientCert").is_null());
  EXPECT_EQ(e.at("isBase64Encoded"), false);
  // Every fixture header, plus the trace header API Gateway adds.
  auto headers = e.at("headers").as_object();
  EXPECT_EQ(headers.at("X-Amzn-Trace-Id"), "Root=1-5ebe3025-0123456789abcdef01234567");
  headers.erase("X-Amzn-Trace-Id");
  EXPECT_EQ(json::value(headers), fixture.at("headers"));
  auto multi = e.at("multiValueHeaders").as_object();
  multi.erase("X-Amzn-Trace-Id");
  EXPECT_EQ(json::value(multi), fixture.at("multiValueHeaders"));
}

TEST(ProxyEventTest, NullsWhenAbsent) {
  net::Request request{net::http::verb::get, "/people", 11};
  ProxyEventContext context{.resource_path = "/people", .stage = "local"};
  json::value event = BuildProxyEventV1(request, context);
  EXPECT_TRUE(event.at("queryStringParameters").is_null());
  EXPECT_TRUE(event.at("multiValueQueryStringParameters").is_null());
  EXPECT_TRUE(event.at("pathParameters").is_null());
  EXPECT_TRUE(event.at("stageVariables").is_null());
  EXPECT_TRUE(event.at("body").is_null());
  EXPECT_EQ(event.at("isBase64Encoded"), false);
  EXPECT_TRUE(event.at("requestContext").at("identity").at("userAgent").is_null());
  EXPECT_EQ(event.at("requestContext").at("path"), "/local/people");
  EXPECT_EQ(event.at("requestContext").at("domainName"), "localhost");
}

TEST(ProxyEventTest, QueryAndMultiValues) {
  net::Request request{net::http::verb::get, "/p?a=1&a=2&b=x%20y+z&flag&=&c=%zz", 11};
  request.insert("X-Multi", "one");
  request.insert("X-Multi", "two");
  request.set(net::http::field::host, "localhost:3000");
  json::value event = BuildProxyEventV1(request, {.stage = "s"});
  EXPECT_EQ(event.at("queryStringParameters"),
            json::parse(R"({"a":"2","b":"x y z","flag":"","":"","c":"%zz"})"));
  EXPECT_EQ(event.at("multiValueQueryStringParameters").at("a"), json::parse(R"(["1","2"])"));
  EXPECT_EQ(event.at("headers").at("X-Multi"), "two");
  EXPECT_EQ(event.at("multiValueHeaders").at("X-Multi"), json::parse(R"(["one","two"])"));
  EXPECT_EQ(event.at("requestContext").at("domainName"), "localhost");
  EXPECT_EQ(event.at("path"), "/p");
}

TEST(ProxyEventTest, BinaryBodyIsBase64) {
  net::Request request{net::http::verb::put, "/f", 11};
  request.set(net::http::field::content_type, "image/png");
  request.body() = std::string("\x89PNG\0", 5);
  json::value event = BuildProxyEventV1(request, {});
  EXPECT_EQ(event.at("body"), "iVBORwA=");
  EXPECT_EQ(event.at("isBase64Encoded"), true);
}

TEST(ProxyEventTest, TextContentTypes) {
  EXPECT_TRUE(IsTextContentType("application/json; charset=utf-8"));
  EXPECT_TRUE(IsTextContentType("application/problem+json"));
  EXPECT_TRUE(IsTextContentType("Text/Plain"));
  EXPECT_TRUE(IsTextContentType("application/xml"));
  EXPECT_TRUE(IsTextContentType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(IsTextContentType("application/octet-stream"));
  EXPECT_FALSE(IsTextContentType("multipart/form-data; boundary=x"));
}

}  // namespace
}  // namespace nimbus::gateway
