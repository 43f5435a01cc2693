#include "gateway/gateway_responses.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "gateway/context_variables.h"
#include "gateway/gateway_errors.h"

namespace nimbus::gateway {
namespace {

ContextVariables Vars() {
  ContextVariables v;
  v.request_id = "req-1";
  v.stage = "dev";
  v.api_id = "api1";
  v.error_message = "Missing Authentication Token";
  v.error_response_type = "MISSING_AUTHENTICATION_TOKEN";
  return v;
}

TEST(ContextTemplateTest, FillsContextAndStageVariables) {
  std::map<std::string, std::string> stage_vars{{"env", "dev"}};
  ContextVariables v = Vars();
  v.stage_variables = &stage_vars;
  v.status = 404;
  EXPECT_EQ(
      RenderContextTemplate(
          R"({"id":"$context.requestId","m":$context.error.messageString,"s":$context.status})", v,
          "-"),
      R"({"id":"req-1","m":"Missing Authentication Token","s":404})");
  EXPECT_EQ(RenderContextTemplate("${context.stage}/$stageVariables.env.", v, "-"), "dev/dev.");
  EXPECT_EQ(
      RenderContextTemplate("$context.responseLatency $context.nope $stageVariables.x", v, "-"),
      "- - -");
  EXPECT_EQ(RenderContextTemplate("cost: $5 $", v, "-"), "cost: $5 $");
}

TEST(ContextTemplateTest, MessageStringIsJsonQuoted) {
  ContextVariables v = Vars();
  v.error_message = "say \"hi\"";
  EXPECT_EQ(ContextValue(v, "error.messageString"), R"("say \"hi\"")");
  EXPECT_EQ(ContextValue(v, "error.message"), "say \"hi\"");
}

GatewayResponseOverrides Parse(const std::string& yaml) {
  auto parsed = ParseGatewayResponses(YAML::Load(yaml));
  EXPECT_TRUE(parsed.has_value()) << (parsed ? ""
                                             : parsed.error().first + ": " + parsed.error().second);
  return parsed ? *parsed : GatewayResponseOverrides{};
}

TEST(GatewayResponsesTest, KnowsTheTypesAndTheirStatus) {
  EXPECT_EQ(GatewayResponseDefaultStatus("MISSING_AUTHENTICATION_TOKEN"), std::optional<int>(403));
  EXPECT_EQ(GatewayResponseDefaultStatus("UNAUTHORIZED"), std::optional<int>(401));
  EXPECT_EQ(GatewayResponseDefaultStatus("INTEGRATION_TIMEOUT"), std::optional<int>(504));
  EXPECT_EQ(GatewayResponseDefaultStatus("BAD_REQUEST_BODY"), std::optional<int>(400));
  EXPECT_EQ(GatewayResponseDefaultStatus("THROTTLED"), std::optional<int>(429));
  EXPECT_EQ(GatewayResponseDefaultStatus("DEFAULT_4XX"), std::make_optional(std::optional<int>()));
  EXPECT_FALSE(GatewayResponseDefaultStatus("NOT_A_TYPE").has_value());
}

TEST(GatewayResponsesTest, ParseErrorsNameThePath) {
  auto bad = [](const std::string& yaml) {
    auto parsed = ParseGatewayResponses(YAML::Load(yaml));
    EXPECT_FALSE(parsed.has_value()) << yaml;
    return parsed ? std::string() : parsed.error().first + ": " + parsed.error().second;
  };
  EXPECT_EQ(bad("NOPE: {}"), "NOPE: unknown gateway response type");
  EXPECT_EQ(bad("THROTTLED: {statusCode: abc}"),
            "THROTTLED.statusCode: must be an HTTP status code");
  EXPECT_EQ(bad("THROTTLED: {color: red}"), "THROTTLED.color: unknown field");
  EXPECT_EQ(bad("THROTTLED: {responseParameters: {method.response.header.X: \"'a'\"}}"),
            "THROTTLED.responseParameters.method.response.header.X: must be "
            "gatewayresponse.header.<name>");
}

TEST(GatewayResponsesTest, OverrideAppliesStatusHeadersAndTemplate) {
  auto overrides = Parse(R"(
MISSING_AUTHENTICATION_TOKEN:
  statusCode: 404
  responseParameters:
    gatewayresponse.header.X-Static: "'fixed'"
    gatewayresponse.header.X-Request-Id: context.requestId
    gatewayresponse.header.X-Echo: method.request.header.X-In
    gatewayresponse.header.X-Q: method.request.querystring.q
  responseTemplates:
    application/json: '{"error":$context.error.messageString,"type":"$context.error.responseType","id":"$context.requestId"}'
)");
  net::Request request{net::http::verb::get, "/nothing?q=7", 11};
  request.set("X-In", "echoed");
  ContextVariables vars = Vars();
  net::Response response = ApplyGatewayResponseOverride(
      overrides, {.type = "MISSING_AUTHENTICATION_TOKEN", .request = request, .context = vars},
      MakeGatewayErrorResponse(GatewayError::kMissingAuthenticationToken, request));
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(response["X-Static"], "fixed");
  EXPECT_EQ(response["X-Request-Id"], "req-1");
  EXPECT_EQ(response["X-Echo"], "echoed");
  EXPECT_EQ(response["X-Q"], "7");
  EXPECT_EQ(
      response.body(),
      R"({"error":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN","id":"req-1"})");
  EXPECT_EQ(response[net::http::field::content_length], std::to_string(response.body().size()));
}

TEST(GatewayResponsesTest, DefaultsCoverTypesWithoutTheirOwn) {
  auto overrides = Parse(R"(
DEFAULT_4XX:
  responseParameters:
    gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
DEFAULT_5XX:
  responseTemplates:
    application/json: '{"oops":$context.error.messageString}'
)");
  net::Request request{net::http::verb::get, "/", 11};
  ContextVariables vars = Vars();
  net::Response missing = ApplyGatewayResponseOverride(
      overrides, {.type = "MISSING_AUTHENTICATION_TOKEN", .request = request, .context = vars},
      MakeGatewayErrorResponse(GatewayError::kMissingAuthenticationToken, request));
  EXPECT_EQ(missing.result_int(), 403);
  EXPECT_EQ(missing["Access-Control-Allow-Origin"], "*");
  EXPECT_EQ(missing.body(), R"({"message":"Missing Authentication Token"})");

  vars.error_message = "Endpoint request timed out";
  net::Response timeout = ApplyGatewayResponseOverride(
      overrides, {.type = "INTEGRATION_TIMEOUT", .request = request, .context = vars},
      MakeGatewayErrorResponse(GatewayError::kIntegrationTimeout, request));
  EXPECT_EQ(timeout.result_int(), 504);
  EXPECT_EQ(timeout.body(), R"({"oops":"Endpoint request timed out"})");
}

TEST(GatewayResponsesTest, NoOverrideKeepsTheBuiltInResponse) {
  net::Request request{net::http::verb::get, "/", 11};
  ContextVariables vars = Vars();
  net::Response response = ApplyGatewayResponseOverride(
      Parse("THROTTLED: {statusCode: 503}"),
      {.type = "MISSING_AUTHENTICATION_TOKEN", .request = request, .context = vars},
      MakeGatewayErrorResponse(GatewayError::kMissingAuthenticationToken, request));
  EXPECT_EQ(response.result_int(), 403);
  EXPECT_EQ(response["x-amzn-ErrorType"], "MissingAuthenticationTokenException");
}

}  // namespace
}  // namespace nimbus::gateway
