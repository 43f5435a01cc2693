#include "nimbus/sdk/apigw.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nimbus::sdk::apigw {
namespace {

namespace fs = std::filesystem;

boost::json::value ReadFixture(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str());
}

boost::json::value Fixture(std::string_view name) {
  return ReadFixture(fs::path(NIMBUS_FIXTURES_DIR) / name);
}

// Every proxy event among the fixtures parses: v1 events carry httpMethod at the top, v2 events
// version "2.0" and a routeKey (authorizer inputs carry a `type` and are not proxy events).
TEST(Apigw, ParsesEveryProxyFixture) {
  int v1 = 0, v2 = 0;
  for (const auto& entry : fs::directory_iterator(NIMBUS_FIXTURES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("apigw-")) continue;
    boost::json::value event = ReadFixture(entry.path());
    const boost::json::object& object = event.as_object();
    if (object.contains("type")) continue;
    if (object.contains("httpMethod")) {
      auto request = ProxyRequest::FromJson(event);
      ASSERT_TRUE(request.has_value()) << name << ": " << request.error();
      EXPECT_EQ(request->http_method, object.at("httpMethod").as_string()) << name;
      EXPECT_EQ(request->path, object.at("path").as_string()) << name;
      ++v1;
    } else if (object.contains("routeKey")) {
      auto request = HttpApiRequest::FromJson(event);
      ASSERT_TRUE(request.has_value()) << name << ": " << request.error();
      EXPECT_EQ(request->version, "2.0") << name;
      EXPECT_EQ(request->raw_path, object.at("rawPath").as_string()) << name;
      EXPECT_FALSE(request->request_context.http_method.empty()) << name;
      ++v2;
    }
  }
  EXPECT_EQ(v1, 2);
  EXPECT_EQ(v2, 4);
}

TEST(Apigw, RestApiRequestFields) {
  auto request = ProxyRequest::FromJson(Fixture("apigw-request.json"));
  ASSERT_TRUE(request.has_value()) << request.error();
  EXPECT_EQ(request->resource, "/{proxy+}");
  EXPECT_EQ(request->path, "/hello/world");
  EXPECT_EQ(request->http_method, "POST");
  EXPECT_EQ(request->Header("content-type"), "application/json");
  EXPECT_EQ(request->Header("HOST"), "gy415nuibc.execute-api.us-east-1.amazonaws.com");
  EXPECT_FALSE(request->Header("X-Missing").has_value());
  EXPECT_EQ(request->multi_value_headers.at("Accept"), std::vector<std::string>{"*/*"});
  EXPECT_EQ(request->QueryParameter("name"), "me");
  EXPECT_EQ(request->multi_value_query_string_parameters.at("name"),
            std::vector<std::string>{"me"});
  EXPECT_EQ(request->PathParameter("proxy"), "hello/world");
  EXPECT_EQ(request->stage_variables.at("stageVariableName"), "stageVariableValue");
  EXPECT_EQ(request->body, "{\r\n\t\"a\": 1\r\n}");
  EXPECT_FALSE(request->is_base64_encoded);

  const ProxyRequestContext& context = request->request_context;
  EXPECT_EQ(context.account_id, "12345678912");
  EXPECT_EQ(context.api_id, "gy415nuibc");
  EXPECT_EQ(context.resource_id, "roq9wj");
  EXPECT_EQ(context.resource_path, "/{proxy+}");
  EXPECT_EQ(context.stage, "testStage");
  EXPECT_EQ(context.request_id, "deef4878-7910-11e6-8f14-25afc3e9ae33");
  EXPECT_EQ(context.http_method, "POST");
  EXPECT_EQ(context.path, "/hello/world");
  EXPECT_EQ(context.protocol, "HTTP/1.1");
  EXPECT_EQ(context.source_ip, "192.168.196.186");
  EXPECT_EQ(context.user_agent, "PostmanRuntime/2.4.5");
  EXPECT_EQ(context.authorizer.at("principalId"), "admin");
  EXPECT_EQ(context.authorizer.at("clientId"), 1);
  EXPECT_EQ(context.raw.at("extendedRequestId"), "TWegAcC4EowCHnA=");
}

TEST(Apigw, DecodedBodyUndoesBase64) {
  ProxyRequest plain;
  plain.body = "{\"a\":1}";
  EXPECT_EQ(plain.DecodedBody(), "{\"a\":1}");
  ProxyRequest encoded;
  encoded.body = "eyJhIjoxfQ==";
  encoded.is_base64_encoded = true;
  EXPECT_EQ(encoded.DecodedBody(), "{\"a\":1}");
  encoded.body = "not*base64";
  EXPECT_EQ(encoded.DecodedBody(), std::nullopt);
  EXPECT_EQ(ProxyRequest{}.DecodedBody(), "");
}

TEST(Apigw, RestApiRequestWithNulls) {
  auto request = ProxyRequest::FromJson(boost::json::parse(
      R"({"resource":"/people","path":"/people","httpMethod":"GET","headers":null,
          "multiValueHeaders":null,"queryStringParameters":null,"pathParameters":null,
          "stageVariables":null,"body":null,"isBase64Encoded":false,"requestContext":{}})"));
  ASSERT_TRUE(request.has_value()) << request.error();
  EXPECT_TRUE(request->headers.empty());
  EXPECT_FALSE(request->body.has_value());
  EXPECT_FALSE(request->QueryParameter("x").has_value());
}

TEST(Apigw, RejectsWhatIsNotAnEvent) {
  EXPECT_FALSE(ProxyRequest::FromJson(boost::json::parse("[]")).has_value());
  EXPECT_FALSE(ProxyRequest::FromJson(boost::json::parse("{}")).has_value());
  EXPECT_FALSE(ProxyRequest::FromJson(boost::json::parse(R"({"httpMethod":"GET","headers":[]})"))
                   .has_value());
  EXPECT_FALSE(HttpApiRequest::FromJson(Fixture("apigw-request.json")).has_value());
}

TEST(Apigw, HttpApiRequestFields) {
  auto request = HttpApiRequest::FromJson(Fixture("apigw-v2-request-jwt-authorizer.json"));
  ASSERT_TRUE(request.has_value()) << request.error();
  EXPECT_EQ(request->route_key, "$default");
  EXPECT_EQ(request->raw_path, "/my/path");
  EXPECT_EQ(request->raw_query_string, "parameter1=value1&parameter1=value2&parameter2=value");
  EXPECT_EQ(request->cookies, (std::vector<std::string>{"cookie1", "cookie2"}));
  EXPECT_EQ(request->headers.at("header1"), "value1");
  EXPECT_EQ(request->Header("Header2"), "value2");
  EXPECT_EQ(request->query_string_parameters.at("parameter1"), "value1,value2");
  EXPECT_EQ(request->path_parameters.at("proxy"), "hello/world");
  EXPECT_EQ(request->stage_variables.at("stageVariable1"), "value1");
  EXPECT_EQ(request->body, "{\r\n\t\"a\": 1\r\n}");

  const HttpApiRequestContext& context = request->request_context;
  EXPECT_EQ(context.account_id, "123456789012");
  EXPECT_EQ(context.api_id, "api-id");
  EXPECT_EQ(context.domain_name, "id.execute-api.us-east-1.amazonaws.com");
  EXPECT_EQ(context.domain_prefix, "id");
  EXPECT_EQ(context.request_id, "id");
  EXPECT_EQ(context.route_key, "$default");
  EXPECT_EQ(context.stage, "$default");
  EXPECT_EQ(context.time, "12/Mar/2020:19:03:58+0000");
  EXPECT_EQ(context.time_epoch, 1583348638390);
  EXPECT_EQ(context.http_method, "GET");
  EXPECT_EQ(context.http_path, "/my/path");
  EXPECT_EQ(context.protocol, "HTTP/1.1");
  EXPECT_EQ(context.source_ip, "IP");
  EXPECT_EQ(context.user_agent, "agent");
  EXPECT_EQ(context.authorizer.at("jwt").at("claims").at("claim1"), "value1");
}

TEST(Apigw, ProxyResponseRoundTrip) {
  const boost::json::value fixture = Fixture("apigw-response.json");
  auto response = ProxyResponse::FromJson(fixture);
  ASSERT_TRUE(response.has_value()) << response.error();
  EXPECT_EQ(response->status_code, 200);
  EXPECT_EQ(response->body, "Hello World");
  EXPECT_EQ(response->headers.at("X-Forwarded-Port"), "443");
  EXPECT_EQ(response->multi_value_headers.at("Accept-Language"),
            std::vector<std::string>{"en-US,en;q=0.8"});

  boost::json::object json = response->ToJson().as_object();
  for (const auto& [key, value] : fixture.as_object()) {
    EXPECT_EQ(json.at(key), value) << key;
  }
  EXPECT_EQ(json.at("isBase64Encoded"), false);

  auto again = ProxyResponse::FromJson(json);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status_code, response->status_code);
  EXPECT_EQ(again->headers, response->headers);
  EXPECT_EQ(again->multi_value_headers, response->multi_value_headers);
  EXPECT_EQ(again->body, response->body);
}

TEST(Apigw, ProxyResponseStatusForms) {
  EXPECT_EQ(ProxyResponse::FromJson(boost::json::parse(R"({"statusCode":"404"})"))->status_code,
            404);
  EXPECT_FALSE(ProxyResponse::FromJson(boost::json::parse(R"({"body":"x"})")).has_value());
  EXPECT_FALSE(ProxyResponse::FromJson(boost::json::parse(R"({"statusCode":"abc"})")).has_value());
}

TEST(Apigw, HttpApiResponseJson) {
  HttpApiResponse response{.status_code = 201,
                           .headers = {{"content-type", "application/json"}},
                           .cookies = {"a=1"},
                           .body = "{}"};
  EXPECT_EQ(response.ToJson(), boost::json::parse(
                                   R"({"statusCode":201,"headers":{"content-type":
                                   "application/json"},"cookies":["a=1"],"body":"{}",
                                   "isBase64Encoded":false})"));
}

}  // namespace
}  // namespace nimbus::sdk::apigw
