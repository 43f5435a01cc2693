// The gateway as an HTTP API, its stages and stage variables, gateway response overrides,
// binary media types, trace propagation, metrics, and the loader's side of each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <fstream>

#include "gateway/api.h"
#include "gateway/gateway.h"
#include "gateway/gateway_responses.h"

namespace nimbus::gateway {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Outcome = lambda::InvokeResult::Outcome;
using ::testing::HasSubstr;

class TracingInvoker : public lambda::Invoker {
 public:
  asio::awaitable<lambda::InvokeResult> Invoke(std::string, std::string) override {
    ADD_FAILURE() << "the gateway passes its trace on";
    co_return result;
  }
  asio::awaitable<lambda::InvokeResult> InvokeTraced(std::string function_name, std::string payload,
                                                     std::string trace_id) override {
    functions.push_back(std::move(function_name));
    events.push_back(json::parse(payload));
    traces.push_back(std::move(trace_id));
    if (delay) {
      asio::steady_timer timer(co_await asio::this_coro::executor, *delay);
      co_await timer.async_wait(asio::use_awaitable);
    }
    co_return result;
  }

  lambda::InvokeResult result{.payload = R"({"statusCode":200,"body":"ok"})"};
  std::optional<std::chrono::milliseconds> delay;
  std::vector<std::string> functions;
  std::vector<json::value> events;
  std::vector<std::string> traces;
};

std::shared_ptr<Api> PeopleApi(ApiProtocol protocol, std::string format = "1.0",
                               std::chrono::milliseconds timeout = kMaxIntegrationTimeout) {
  auto api = std::make_shared<Api>();
  api->protocol = protocol;
  Integration people{
      .function_name = "people", .payload_format_version = std::move(format), .timeout = timeout};
  Resource collection{.path = "/people", .id = "abc123"};
  collection.methods.emplace("GET", Method{.http_method = "GET", .integration = people});
  Resource item{.path = "/people/{id}", .id = "def456"};
  item.methods.emplace("ANY", Method{.http_method = "ANY", .integration = people});
  api->resources = {collection, item};
  return api;
}

class GatewayFlavourTest : public ::testing::Test {
 protected:
  net::Response Send(net::Request request, std::shared_ptr<const Api> api,
                     GatewayOptions options = {.api_id = "api1", .stage = "dev"}) {
    options.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1)); };
    gateway_ = std::make_unique<Gateway>(options, std::move(api), invoker_);
    net::Peer peer{.remote = {asio::ip::make_address("10.1.2.3"), 5555},
                   .local = {asio::ip::make_address("127.0.0.1"), 3000}};
    auto future = asio::co_spawn(io_, gateway_->Handle(std::move(request), peer), asio::use_future);
    io_.run();
    io_.restart();
    return future.get();
  }

  static net::Request Request(net::http::verb verb, std::string target) {
    net::Request request{verb, target, 11};
    request.set(net::http::field::host, "localhost:3000");
    return request;
  }

  asio::io_context io_;
  TracingInvoker invoker_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(GatewayFlavourTest, HttpApiSendsPayloadV2AndInfersSimpleResponses) {
  invoker_.result.payload = R"({"hello":"world"})";
  net::Request request = Request(net::http::verb::get, "/people/42?a=1&a=2");
  request.insert(net::http::field::cookie, "s=1; t=2");
  net::Response response = Send(std::move(request), PeopleApi(ApiProtocol::kHttp, "2.0"),
                                {.api_id = "api1", .stage = "$default"});
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), R"({"hello":"world"})");
  EXPECT_EQ(response[net::http::field::content_type], "application/json");
  EXPECT_EQ(response["apigw-requestid"].size(), 16u);
  EXPECT_EQ(response.find("x-amzn-RequestId"), response.end());

  ASSERT_EQ(invoker_.events.size(), 1u);
  const json::value& event = invoker_.events[0];
  EXPECT_EQ(event.at("version"), "2.0");
  EXPECT_EQ(event.at("routeKey"), "ANY /people/{id}");
  EXPECT_EQ(event.at("rawPath"), "/people/42");
  EXPECT_EQ(event.at("cookies"), json::parse(R"(["s=1","t=2"])"));
  EXPECT_EQ(event.at("queryStringParameters").at("a"), "1,2");
  EXPECT_EQ(event.at("pathParameters").at("id"), "42");
  EXPECT_EQ(event.at("requestContext").at("stage"), "$default");
  EXPECT_EQ(event.at("requestContext").at("requestId"), response["apigw-requestid"]);
  EXPECT_EQ(event.at("requestContext").at("timeEpoch"), 1000);
}

TEST_F(GatewayFlavourTest, HttpApiCookiesBecomeSetCookieHeaders) {
  invoker_.result.payload =
      R"({"statusCode":201,"cookies":["a=1","b=2; HttpOnly"],"headers":{"x-y":"z"},"body":"made"})";
  net::Response response =
      Send(Request(net::http::verb::get, "/people"), PeopleApi(ApiProtocol::kHttp, "2.0"));
  EXPECT_EQ(response.result_int(), 201);
  EXPECT_EQ(response.body(), "made");
  EXPECT_EQ(response["x-y"], "z");
  std::vector<std::string> cookies;
  for (auto it = response.find(net::http::field::set_cookie); it != response.end(); ++it) {
    if (it->name() == net::http::field::set_cookie) cookies.emplace_back(it->value());
  }
  EXPECT_EQ(cookies, (std::vector<std::string>{"a=1", "b=2; HttpOnly"}));
}

TEST_F(GatewayFlavourTest, HttpApiErrors) {
  auto api = PeopleApi(ApiProtocol::kHttp, "2.0", kMinIntegrationTimeout);
  net::Response missing = Send(Request(net::http::verb::get, "/nothing"), api);
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(missing.body(), R"({"message":"Not Found"})");
  EXPECT_EQ(missing[net::http::field::content_type], "application/json");
  EXPECT_EQ(missing["apigw-requestid"].size(), 16u);
  EXPECT_EQ(Send(Request(net::http::verb::post, "/people"), api).result_int(), 404);

  invoker_.result = {.outcome = Outcome::kFunctionError,
                     .payload = R"({"errorMessage":"boom"})",
                     .function_error = "Unhandled"};
  net::Response failed = Send(Request(net::http::verb::get, "/people"), api);
  EXPECT_EQ(failed.result_int(), 500);
  EXPECT_EQ(failed.body(), R"({"message":"Internal Server Error"})");

  invoker_.result = {.payload = "not json"};
  net::Response malformed = Send(Request(net::http::verb::get, "/people"), api);
  EXPECT_EQ(malformed.result_int(), 500);
  EXPECT_EQ(malformed.body(), R"({"message":"Internal Server Error"})");

  invoker_.delay = std::chrono::seconds(30);
  net::Response timeout = Send(Request(net::http::verb::get, "/people"), api);
  EXPECT_EQ(timeout.result_int(), 503);
  EXPECT_EQ(timeout.body(), R"({"message":"Service Unavailable"})");
}

TEST_F(GatewayFlavourTest, HttpApiDefaultRouteTakesWhatNothingElseMatches) {
  auto api = PeopleApi(ApiProtocol::kHttp, "2.0");
  api->default_route =
      Method{.http_method = "ANY",
             .integration = {.function_name = "fallback", .payload_format_version = "2.0"}};
  net::Response response = Send(Request(net::http::verb::delete_, "/anything/else"), api);
  EXPECT_EQ(response.result_int(), 200);
  ASSERT_EQ(invoker_.functions, (std::vector<std::string>{"fallback"}));
  EXPECT_EQ(invoker_.events[0].at("routeKey"), "$default");
  EXPECT_EQ(invoker_.events[0].at("requestContext").at("routeKey"), "$default");
  EXPECT_FALSE(invoker_.events[0].as_object().contains("pathParameters"));
  // A matching route still wins.
  Send(Request(net::http::verb::get, "/people"), api);
  EXPECT_EQ(invoker_.functions.back(), "people");
}

TEST_F(GatewayFlavourTest, HttpApiWithPayloadV1GetsTheV1Event) {
  Send(Request(net::http::verb::get, "/people"), PeopleApi(ApiProtocol::kHttp, "1.0"));
  ASSERT_EQ(invoker_.events.size(), 1u);
  EXPECT_EQ(invoker_.events[0].at("httpMethod"), "GET");
}

TEST_F(GatewayFlavourTest, RestApiServesTheStagePrefixToo) {
  auto api = PeopleApi(ApiProtocol::kRest);
  EXPECT_EQ(Send(Request(net::http::verb::get, "/dev/people/42?x=1"), api).result_int(), 200);
  EXPECT_EQ(Send(Request(net::http::verb::get, "/people/42"), api).result_int(), 200);
  ASSERT_EQ(invoker_.events.size(), 2u);
  for (const auto& event : invoker_.events) {
    EXPECT_EQ(event.at("path"), "/people/42");
    EXPECT_EQ(event.at("resource"), "/people/{id}");
    EXPECT_EQ(event.at("requestContext").at("path"), "/dev/people/42");
    EXPECT_EQ(event.at("requestContext").at("stage"), "dev");
  }
  EXPECT_EQ(invoker_.events[0].at("queryStringParameters").at("x"), "1");
  // Another stage's prefix is just a path.
  EXPECT_EQ(Send(Request(net::http::verb::get, "/prod/people/42"), api).result_int(), 403);
  EXPECT_EQ(Send(Request(net::http::verb::get, "/dev"), api).result_int(), 403);
}

TEST_F(GatewayFlavourTest, StageVariablesReachTheEvent) {
  GatewayOptions options{
      .api_id = "api1", .stage = "dev", .stage_variables = {{"table", "people-dev"}}};
  Send(Request(net::http::verb::get, "/people"), PeopleApi(ApiProtocol::kRest), options);
  Send(Request(net::http::verb::get, "/people"), PeopleApi(ApiProtocol::kHttp, "2.0"), options);
  ASSERT_EQ(invoker_.events.size(), 2u);
  EXPECT_EQ(invoker_.events[0].at("stageVariables"), json::parse(R"({"table":"people-dev"})"));
  EXPECT_EQ(invoker_.events[1].at("stageVariables"), json::parse(R"({"table":"people-dev"})"));
}

TEST_F(GatewayFlavourTest, GatewayResponseOverridesApplyToRestErrors) {
  auto api = PeopleApi(ApiProtocol::kRest);
  api->gateway_responses["MISSING_AUTHENTICATION_TOKEN"] = GatewayResponseOverride{
      .status_code = 404,
      .headers = {{"X-Stage", "context.stage"}},
      .templates = {
          {"application/json",
           R"({"error":$context.error.messageString,"requestId":"$context.requestId"})"}}};
  net::Response response = Send(Request(net::http::verb::get, "/nothing"), api);
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(response["X-Stage"], "dev");
  EXPECT_EQ(response.body(), R"({"error":"Missing Authentication Token","requestId":")" +
                                 std::string(response["x-amzn-RequestId"]) + R"("})");
}

TEST_F(GatewayFlavourTest, BinaryMediaTypesDecideBase64) {
  auto api = PeopleApi(ApiProtocol::kRest);
  api->binary_media_types = {"image/*"};
  net::Request png = Request(net::http::verb::put, "/people/1");
  png.set(net::http::field::content_type, "image/png");
  png.body() = "abc";
  Send(std::move(png), api);
  net::Request octets = Request(net::http::verb::put, "/people/1");
  octets.set(net::http::field::content_type, "application/octet-stream");
  octets.body() = "abc";
  Send(std::move(octets), api);
  ASSERT_EQ(invoker_.events.size(), 2u);
  EXPECT_EQ(invoker_.events[0].at("body"), "YWJj");
  EXPECT_EQ(invoker_.events[0].at("isBase64Encoded"), true);
  EXPECT_EQ(invoker_.events[1].at("body"), "abc");
  EXPECT_EQ(invoker_.events[1].at("isBase64Encoded"), false);
}

TEST_F(GatewayFlavourTest, TheTraceGoesOnToTheFunction) {
  net::Response response =
      Send(Request(net::http::verb::get, "/people"), PeopleApi(ApiProtocol::kRest));
  ASSERT_EQ(invoker_.traces.size(), 1u);
  EXPECT_THAT(invoker_.traces[0], ::testing::MatchesRegex("Root=1-00000001-[0-9a-f]{24};"
                                                          "Parent=[0-9a-f]{16};Sampled=0"));
  EXPECT_TRUE(invoker_.traces[0].starts_with(std::string(response["X-Amzn-Trace-Id"]) + ";"));
}

TEST_F(GatewayFlavourTest, CountsPerRoute) {
  auto api = PeopleApi(ApiProtocol::kRest);
  Send(Request(net::http::verb::get, "/people"), api);
  json::value metrics = json::parse(gateway_->MetricsJson());
  EXPECT_EQ(metrics.at("ApiName"), "api1");
  const auto& routes = metrics.at("routes").as_array();
  ASSERT_GE(routes.size(), 1u);
  EXPECT_EQ(routes[0].at("Route"), "GET /people");
  EXPECT_EQ(routes[0].at("Count").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(routes[0].at("IntegrationLatency").at("SampleCount").to_number<std::uint64_t>(), 1u);
}

// The loader's side.
class LoadFlavourTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::expected<std::shared_ptr<const Api>, std::string> Load(const std::string& text,
                                                              ApiProtocol protocol) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "openapi.yaml") << text;
    return LoadApi(dir_ / "openapi.yaml", vars_, protocol);
  }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("nimbus_flavour_" + std::to_string(::getpid()) + "_" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::map<std::string, std::string> vars_ = {
      {"region", "us-east-1"}, {"account_id", "123456789012"}, {"stageVariables.fn", "people"}};
};

std::string Integration(const std::string& extra = "payloadFormatVersion: '2.0'") {
  return R"(
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${account_id}:function:people/invocations
        )" +
         extra + "\n";
}

std::string Doc(const std::string& body) {
  return "openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\n" + body;
}

TEST_F(LoadFlavourTest, HttpApiDefaultRouteAndPayloadVersion) {
  auto api = Load(Doc("paths:\n  /people:\n    get:" + Integration() +
                      "  /$default:\n    x-amazon-apigateway-any-method:\n      isDefaultRoute: "
                      "true" +
                      Integration("payloadFormatVersion: '1.0'")),
                  ApiProtocol::kHttp);
  ASSERT_TRUE(api.has_value()) << api.error();
  EXPECT_EQ((*api)->protocol, ApiProtocol::kHttp);
  ASSERT_EQ((*api)->resources.size(), 1u);
  EXPECT_EQ((*api)->resources[0].methods.at("GET").integration.payload_format_version, "2.0");
  EXPECT_EQ((*api)->resources[0].methods.at("GET").integration.timeout,
            kMaxHttpApiIntegrationTimeout);
  ASSERT_TRUE((*api)->default_route.has_value());
  EXPECT_EQ((*api)->default_route->integration.payload_format_version, "1.0");
}

TEST_F(LoadFlavourTest, HttpApiNeedsAPayloadVersionAndRefusesRestOnlyExtensions) {
  auto missing = Load(Doc("paths:\n  /people:\n    get:" + Integration("")), ApiProtocol::kHttp);
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error(), HasSubstr("missing payloadFormatVersion"));
  auto rest_only = Load(Doc("x-amazon-apigateway-binary-media-types: ['image/png']\npaths:\n  "
                            "/people:\n    get:" +
                            Integration()),
                        ApiProtocol::kHttp);
  ASSERT_FALSE(rest_only.has_value());
  EXPECT_THAT(rest_only.error(),
              HasSubstr("openapi.yaml: x-amazon-apigateway-binary-media-types: "
                        "x-amazon-apigateway-binary-media-types is for REST APIs"));
}

TEST_F(LoadFlavourTest, RestApiReadsGatewayResponsesAndBinaryMediaTypes) {
  auto api = Load(Doc(R"(x-amazon-apigateway-binary-media-types: ['image/png', 'application~1pdf']
x-amazon-apigateway-gateway-responses:
  UNAUTHORIZED:
    statusCode: 401
    responseTemplates:
      application/json: '{"message":$context.error.messageString}'
x-amazon-apigateway-endpoint-configuration:
  types: [REGIONAL]
paths:
  /people:
    get:)" + Integration("")),
                  ApiProtocol::kRest);
  ASSERT_TRUE(api.has_value()) << api.error();
  EXPECT_EQ((*api)->binary_media_types, (std::vector<std::string>{"image/png", "application/pdf"}));
  ASSERT_TRUE((*api)->gateway_responses.contains("UNAUTHORIZED"));
  EXPECT_EQ((*api)->gateway_responses.at("UNAUTHORIZED").status_code, 401);
  ASSERT_EQ((*api)->notes.size(), 1u);
  EXPECT_THAT((*api)->notes[0], HasSubstr("openapi.yaml: x-amazon-apigateway-endpoint-"
                                          "configuration: x-amazon-apigateway-endpoint-"
                                          "configuration has no effect locally"));

  auto bad = Load(Doc("x-amazon-apigateway-gateway-responses:\n  TEAPOT: {}\npaths: {}\n"),
                  ApiProtocol::kRest);
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error(), HasSubstr("openapi.yaml: x-amazon-apigateway-gateway-responses.TEAPOT: "
                                     "unknown gateway response type"));
  auto nested = Load(Doc("paths:\n  /people:\n    x-amazon-apigateway-gateway-responses: {}\n    "
                         "get:" +
                         Integration("")),
                     ApiProtocol::kRest);
  ASSERT_FALSE(nested.has_value());
  EXPECT_THAT(nested.error(), HasSubstr("paths./people.x-amazon-apigateway-gateway-responses"));
}

TEST_F(LoadFlavourTest, StageVariablesFillIntegrationUris) {
  const std::string prefix =
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
      "123456789012:function:";
  // As written for API Gateway, and as escaped for Terraform's templatefile.
  for (const std::string& text : {prefix + "${stageVariables.fn}/invocations",
                                  prefix + "$${stageVariables.fn}/invocations"}) {
    auto api = Load(Doc("paths:\n  /p:\n    get:\n      x-amazon-apigateway-integration:\n        "
                        "type: aws_proxy\n        httpMethod: POST\n        uri: " +
                        text + "\n"),
                    ApiProtocol::kRest);
    ASSERT_TRUE(api.has_value()) << api.error();
    EXPECT_EQ((*api)->resources[0].methods.at("GET").integration.function_name, "people") << text;
  }
  auto unknown = Load(Doc("paths:\n  /p:\n    get:\n      x-amazon-apigateway-integration:\n     "
                          "   type: aws_proxy\n        httpMethod: POST\n        uri: "
                          "arn:aws:lambda:us-east-1:1:function:${stageVariables.nope}\n"),
                      ApiProtocol::kRest);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error(), HasSubstr("unknown stage variable nope (api.stage_variables"));
}

}  // namespace
}  // namespace nimbus::gateway
