// The front of the gateway chain through Gateway::Handle and LoadApi: API keys and usage plans,
// throttling, request validation and CORS, with a fake invoker and injected clocks.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <fstream>

#include "gateway/api.h"
#include "gateway/gateway.h"

namespace nimbus::gateway {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr const char* kKey = "front-test-key-0123456789";

constexpr const char* kDocument = R"(
openapi: 3.0.1
info: {title: front, version: "1"}
x-amazon-apigateway-api-key-source: HEADER
x-amazon-apigateway-request-validators:
  all: {validateRequestBody: true, validateRequestParameters: true}
  params: {validateRequestParameters: true}
x-amazon-apigateway-cors:
  allowOrigins: ["https://app.example.com"]
  allowMethods: [GET, POST]
  allowHeaders: [content-type, x-api-key]
  exposeHeaders: [x-amzn-requestid]
  maxAge: 300
components:
  securitySchemes:
    api_key: {type: apiKey, name: x-api-key, in: header}
  parameters:
    Limit: {name: limit, in: query, required: true, schema: {type: integer}}
  schemas:
    Person:
      type: object
      required: [firstName]
      properties:
        firstName: {type: string, minLength: 1}
        age: {type: integer, minimum: 0}
paths:
  /people:
    get:
      security: [{api_key: []}]
      x-amazon-apigateway-request-validator: params
      parameters:
        - $ref: '#/components/parameters/Limit'
        - {name: x-trace, in: header, required: true}
        - {name: optional, in: query}
      x-amazon-apigateway-integration: &people
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:people/invocations
    post:
      x-amazon-apigateway-request-validator: all
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Person'}
      x-amazon-apigateway-integration: *people
)";

class FakeInvoker : public lambda::Invoker {
 public:
  asio::awaitable<lambda::InvokeResult> Invoke(std::string, std::string payload) override {
    payloads.push_back(std::move(payload));
    co_return lambda::InvokeResult{
        .payload =
            R"({"statusCode":200,"headers":{"Access-Control-Allow-Origin":"*"},"body":"ok"})"};
  }
  std::vector<std::string> payloads;
};

class GatewayFrontTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("gateway-front-test-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(path_) << kDocument;
    auto api = LoadApi(path_, {});
    ASSERT_TRUE(api) << api.error();
    api_ = *api;
    options_.clock = [] { return std::chrono::system_clock::time_point(1000s); };
    options_.traffic.steady_clock = [this] { return now_; };
    options_.traffic.api_keys = {{.id = "partner", .value = kKey}};
    options_.traffic.usage_plans = {{.id = "basic", .key_ids = {"partner"}}};
  }
  void TearDown() override { std::filesystem::remove(path_); }

  net::Response Send(const Gateway& gateway, net::Request request) {
    net::Peer peer{.remote = {asio::ip::make_address("10.0.0.1"), 1234},
                   .local = {asio::ip::make_address("127.0.0.1"), 3000}};
    auto future = asio::co_spawn(io_, gateway.Handle(std::move(request), peer), asio::use_future);
    io_.run();
    io_.restart();
    return future.get();
  }

  static net::Request Get(std::string target, bool with_key = true) {
    net::Request request{net::http::verb::get, target, 11};
    request.set(net::http::field::host, "localhost");
    request.set("x-trace", "t");
    if (with_key) request.set("x-api-key", kKey);
    return request;
  }

  static net::Request Post(std::string body) {
    net::Request request{net::http::verb::post, "/people", 11};
    request.set(net::http::field::host, "localhost");
    request.set(net::http::field::content_type, "application/json");
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
  }

  std::filesystem::path path_;
  std::shared_ptr<const Api> api_;
  GatewayOptions options_;
  std::chrono::steady_clock::time_point now_{};
  asio::io_context io_;
  FakeInvoker invoker_;
};

TEST_F(GatewayFrontTest, LoadsKeyRequirementsValidatorsAndCors) {
  const Resource& people = api_->resources.at(0);
  EXPECT_TRUE(people.methods.at("GET").front.api_key_required);
  EXPECT_FALSE(people.methods.at("POST").front.api_key_required);
  const auto& get = *people.methods.at("GET").front.validation;
  EXPECT_TRUE(get.validate_parameters);
  EXPECT_FALSE(get.validate_body);
  ASSERT_EQ(get.required.size(), 2u);
  EXPECT_EQ(get.required[0].name, "x-trace");
  EXPECT_EQ(get.required[1].name, "limit");
  EXPECT_TRUE(people.methods.at("POST").front.validation->body_schema);
  ASSERT_TRUE(api_->front.cors);
  EXPECT_EQ(api_->front.cors->max_age, 300s);
}

TEST_F(GatewayFrontTest, AMissingOrWrongKeyIsForbidden) {
  Gateway gateway(options_, api_, invoker_);
  for (auto request : {Get("/people?limit=1", false), Get("/people?limit=1")}) {
    if (request.find("x-api-key") != request.end())
      request.set("x-api-key", "wrong-key-000000000000000");
    auto response = Send(gateway, request);
    EXPECT_EQ(response.result_int(), 403);
    EXPECT_EQ(response.body(), R"({"message":"Forbidden"})");
    EXPECT_EQ(response["x-amzn-ErrorType"], "ForbiddenException");
    EXPECT_FALSE(response["x-amzn-RequestId"].empty());
  }
  EXPECT_TRUE(invoker_.payloads.empty());
  EXPECT_EQ(Send(gateway, Get("/people?limit=1")).result_int(), 200);
  auto event = boost::json::parse(invoker_.payloads.at(0));
  EXPECT_EQ(event.at("requestContext").at("identity").at("apiKey"), kKey);
  EXPECT_EQ(event.at("requestContext").at("identity").at("apiKeyId"), "partner");
}

TEST_F(GatewayFrontTest, ThrottledAndOverQuotaRequestsGetAwsBodies) {
  options_.traffic.usage_plans[0].throttle = ThrottleLimits{.rate_limit = 1, .burst_limit = 1};
  options_.traffic.usage_plans[0].quota = QuotaLimits{.limit = 2};
  Gateway gateway(options_, api_, invoker_);
  EXPECT_EQ(Send(gateway, Get("/people?limit=1")).result_int(), 200);
  auto throttled = Send(gateway, Get("/people?limit=1"));
  EXPECT_EQ(throttled.result_int(), 429);
  EXPECT_EQ(throttled.body(), R"({"message":"Too Many Requests"})");
  EXPECT_EQ(throttled["x-amzn-ErrorType"], "TooManyRequestsException");
  now_ += 1s;
  EXPECT_EQ(Send(gateway, Get("/people?limit=1")).result_int(), 200);
  now_ += 1s;
  auto exhausted = Send(gateway, Get("/people?limit=1"));
  EXPECT_EQ(exhausted.result_int(), 429);
  EXPECT_EQ(exhausted.body(), R"({"message":"Limit Exceeded"})");
  EXPECT_EQ(exhausted["x-amzn-ErrorType"], "LimitExceededException");
  EXPECT_EQ(invoker_.payloads.size(), 2u);
}

TEST_F(GatewayFrontTest, ValidationRefusesMissingParametersAndBadBodiesWith400) {
  Gateway gateway(options_, api_, invoker_);
  auto request = Get("/people");
  request.erase("x-trace");
  auto missing = Send(gateway, request);
  EXPECT_EQ(missing.result_int(), 400);
  EXPECT_EQ(missing.body(),
            R"({"message": "Missing required request parameters: [x-trace, limit]"})");
  EXPECT_EQ(missing["x-amzn-ErrorType"], "BadRequestException");

  auto bad = Send(gateway, Post(R"({"firstName":"","age":-1})"));
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(bad.body(), R"({"message": "Invalid request body"})");
  EXPECT_EQ(Send(gateway, Post("{")).result_int(), 400);
  EXPECT_TRUE(invoker_.payloads.empty());
  EXPECT_EQ(Send(gateway, Post(R"({"firstName":"Ada","age":36})")).result_int(), 200);
}

TEST_F(GatewayFrontTest, CorsAnswersPreflightsAndDecoratesResponsesAndErrors) {
  Gateway gateway(options_, api_, invoker_);
  net::Request preflight{net::http::verb::options, "/anything/at/all", 11};
  preflight.set(net::http::field::origin, "https://app.example.com");
  preflight.set(net::http::field::access_control_request_method, "POST");
  auto answer = Send(gateway, preflight);
  EXPECT_EQ(answer.result_int(), 204);
  EXPECT_EQ(answer[net::http::field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(answer[net::http::field::access_control_allow_methods], "GET,POST");
  EXPECT_EQ(answer[net::http::field::access_control_max_age], "300");
  EXPECT_TRUE(invoker_.payloads.empty());

  auto ok = Post(R"({"firstName":"Ada"})");
  ok.set(net::http::field::origin, "https://app.example.com");
  auto response = Send(gateway, ok);
  EXPECT_EQ(response.result_int(), 200);
  // The backend's own "*" is replaced by the configured answer.
  EXPECT_EQ(response[net::http::field::access_control_allow_origin], "https://app.example.com");
  EXPECT_EQ(response[net::http::field::access_control_expose_headers], "x-amzn-requestid");

  auto forbidden = Get("/people?limit=1", false);
  forbidden.set(net::http::field::origin, "https://app.example.com");
  auto error = Send(gateway, forbidden);
  EXPECT_EQ(error.result_int(), 403);
  EXPECT_EQ(error[net::http::field::access_control_allow_origin], "https://app.example.com");

  net::Request unknown{net::http::verb::get, "/nowhere", 11};
  unknown.set(net::http::field::origin, "https://app.example.com");
  EXPECT_EQ(Send(gateway, unknown)[net::http::field::access_control_allow_origin],
            "https://app.example.com");
}

TEST(GatewayFrontLoaderTest, ReportsBadFrontExtensionsWithFileAndPath) {
  struct Case {
    const char* fragment;
    const char* expected;
  };
  const std::string integration = R"(
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations)";
  for (const Case& c : {
           Case{"x-amazon-apigateway-request-validator: nope\n",
                "x-amazon-apigateway-request-validator: unknown request validator nope"},
           Case{"x-amazon-apigateway-api-key-source: AUTHORIZER\n", "not supported yet"},
           Case{"x-amazon-apigateway-cors: {allowOrigins: [a], maxAge: 100000}\n",
                "x-amazon-apigateway-cors.maxAge: must be an integer from 0 to 86400"},
           Case{"x-amazon-apigateway-cors: {allowOrigin: [a]}\n", "unknown field allowOrigin"},
           Case{"x-amazon-apigateway-request-validators: {v: {validateRequestBody: maybe}}\n",
                "validators.v.validateRequestBody: must be true or false"},
       }) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("gateway-front-loader-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(path) << "openapi: 3.0.1\ninfo: {title: t, version: '1'}\n"
                        << c.fragment << "paths:\n  /a:\n    get:" << integration << "\n";
    auto api = LoadApi(path, {});
    std::filesystem::remove(path);
    ASSERT_FALSE(api) << c.fragment;
    EXPECT_NE(api.error().find(c.expected), std::string::npos) << api.error();
    EXPECT_NE(api.error().find(path.string()), std::string::npos) << api.error();
  }
}

TEST(GatewayFrontLoaderTest, AValidatorExtensionInsideAPathItemIsMisplaced) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("gateway-front-misplaced-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << R"(openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations
      x-amazon-apigateway-cors: {allowOrigins: ["*"]}
)";
  auto api = LoadApi(path, {});
  std::filesystem::remove(path);
  ASSERT_FALSE(api);
  EXPECT_NE(api.error().find("paths./a.get.x-amazon-apigateway-cors: x-amazon-apigateway-cors is "
                             "not allowed here"),
            std::string::npos)
      << api.error();
}

TEST(GatewayFrontLoaderTest, ThePeopleApiAndTheGatewayTestStackLoad) {
  const std::map<std::string, std::string> vars{{"region", "us-east-1"},
                                                {"account_id", "000000000000"}};
  const std::filesystem::path source(NIMBUS_SOURCE_DIR);
  auto people = LoadApi(source / "stack" / "openapi.yaml", vars);
  ASSERT_TRUE(people) << people.error();
  for (const Resource& resource : (*people)->resources) {
    if (!resource.path.starts_with("/people")) continue;  // /customers has no model yet
    for (const auto& [name, method] : resource.methods) {
      const bool writes = name == "POST" || name == "PUT";
      EXPECT_EQ(method.front.validation.has_value(), writes) << resource.path << " " << name;
      if (writes) {
        EXPECT_TRUE(method.front.validation->body_schema);
      }
    }
  }
  auto front = LoadApi(source / "tests" / "e2e" / "stacks" / "gateway" / "openapi.yaml", vars);
  ASSERT_TRUE(front) << front.error();
  EXPECT_TRUE((*front)->front.cors);
}

}  // namespace
}  // namespace nimbus::gateway
