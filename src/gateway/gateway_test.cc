#include "gateway/gateway.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <regex>

#include "gateway/api.h"
#include "gateway/gateway_errors.h"

namespace nimbus::gateway {
namespace {

namespace asio = boost::asio;
using Outcome = lambda::InvokeResult::Outcome;

// Records each invocation and answers with `result`; if `delay` is set, answers after it
// (cancellable, like a real invocation waiting on the host).
class FakeInvoker : public lambda::Invoker {
 public:
  asio::awaitable<lambda::InvokeResult> Invoke(std::string function_name,
                                               std::string payload) override {
    calls.emplace_back(std::move(function_name), std::move(payload));
    if (delay) {
      asio::steady_timer timer(co_await asio::this_coro::executor, *delay);
      co_await timer.async_wait(asio::use_awaitable);
    }
    co_return result;
  }

  lambda::InvokeResult result{.payload = R"({"statusCode":200,"body":"ok"})"};
  std::optional<std::chrono::milliseconds> delay;
  std::vector<std::pair<std::string, std::string>> calls;
};

std::shared_ptr<const Api> TestApi(std::chrono::milliseconds timeout = kMaxIntegrationTimeout) {
  auto api = std::make_shared<Api>();
  Integration people{.function_name = "people", .timeout = timeout};
  Resource collection{.path = "/people", .id = "abc123"};
  collection.methods.emplace("GET", Method{.http_method = "GET", .integration = people});
  Resource item{.path = "/people/{id}", .id = "def456"};
  item.methods.emplace("ANY", Method{.http_method = "ANY", .integration = people});
  api->resources = {collection, item};
  return api;
}

class GatewayTest : public ::testing::Test {
 protected:
  net::Response Send(net::Request request, std::shared_ptr<const Api> api = TestApi()) {
    GatewayOptions options{.api_id = "api1", .stage = "dev"};
    options.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1)); };
    Gateway gateway(options, std::move(api), invoker_);
    net::Peer peer{.remote = {asio::ip::make_address("10.1.2.3"), 5555},
                   .local = {asio::ip::make_address("127.0.0.1"), 3000}};
    auto future = asio::co_spawn(io_, gateway.Handle(std::move(request), peer), asio::use_future);
    io_.run();
    io_.restart();
    return future.get();
  }

  static net::Request Request(net::http::verb verb, std::string target) {
    net::Request request{verb, target, 11};
    request.set(net::http::field::host, "localhost:3000");
    return request;
  }

  static void ExpectRequestIds(const net::Response& response) {
    EXPECT_TRUE(std::regex_match(std::string(response["x-amzn-RequestId"]),
                                 std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                            "[0-9a-f]{12}")))
        << response["x-amzn-RequestId"];
    EXPECT_EQ(response["x-amz-apigw-id"].size(), 16u);
    EXPECT_TRUE(std::regex_match(std::string(response["X-Amzn-Trace-Id"]),
                                 std::regex("Root=1-00000001-[0-9a-f]{24}")))
        << response["X-Amzn-Trace-Id"];
  }

  asio::io_context io_;
  FakeInvoker invoker_;
};

TEST_F(GatewayTest, InvokesTheFunctionWithTheProxyEvent) {
  invoker_.result.payload =
      R"({"statusCode":201,"headers":{"Content-Type":"text/plain"},"body":"made"})";
  net::Response response = Send(Request(net::http::verb::put, "/people/42?x=1"));
  EXPECT_EQ(response.result_int(), 201);
  EXPECT_EQ(response.body(), "made");
  EXPECT_EQ(response[net::http::field::content_type], "text/plain");
  EXPECT_TRUE(response.keep_alive());
  ExpectRequestIds(response);

  ASSERT_EQ(invoker_.calls.size(), 1u);
  EXPECT_EQ(invoker_.calls[0].first, "people");
  auto event = boost::json::parse(invoker_.calls[0].second);
  EXPECT_EQ(event.at("resource"), "/people/{id}");
  EXPECT_EQ(event.at("httpMethod"), "PUT");
  EXPECT_EQ(event.at("pathParameters").at("id"), "42");
  EXPECT_EQ(event.at("queryStringParameters").at("x"), "1");
  const auto& rc = event.at("requestContext");
  EXPECT_EQ(rc.at("requestId"), response["x-amzn-RequestId"]);
  EXPECT_EQ(rc.at("extendedRequestId"), response["x-amz-apigw-id"]);
  EXPECT_EQ(rc.at("resourceId"), "def456");
  EXPECT_EQ(rc.at("apiId"), "api1");
  EXPECT_EQ(rc.at("accountId"), "000000000000");
  EXPECT_EQ(rc.at("path"), "/dev/people/42");
  EXPECT_EQ(rc.at("requestTimeEpoch"), 1000);
  EXPECT_EQ(rc.at("identity").at("sourceIp"), "10.1.2.3");
  EXPECT_EQ(event.at("headers").at("X-Forwarded-Port"), "3000");
  EXPECT_EQ(event.at("headers").at("X-Amzn-Trace-Id"), response["X-Amzn-Trace-Id"]);
}

TEST_F(GatewayTest, KeepsAClientTraceRoot) {
  net::Request request = Request(net::http::verb::get, "/people");
  request.set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
  net::Response response = Send(std::move(request));
  EXPECT_EQ(response["X-Amzn-Trace-Id"], "Root=1-5759e988-bd862e3fe1be46a994272793");
}

TEST_F(GatewayTest, UnknownRouteAndUnknownMethodAre403) {
  for (auto [verb, target] :
       {std::pair{net::http::verb::get, "/nothing"}, std::pair{net::http::verb::post, "/people"},
        std::pair{net::http::verb::get, "/"}}) {
    net::Response response = Send(Request(verb, target));
    EXPECT_EQ(response.result_int(), 403) << target;
    EXPECT_EQ(response.body(), R"({"message":"Missing Authentication Token"})");
    EXPECT_EQ(response["x-amzn-ErrorType"], "MissingAuthenticationTokenException");
    EXPECT_EQ(response[net::http::field::content_type], "application/json");
    ExpectRequestIds(response);
  }
  EXPECT_TRUE(invoker_.calls.empty());
}

TEST_F(GatewayTest, FunctionErrorIs502) {
  invoker_.result = {.outcome = Outcome::kFunctionError,
                     .payload = R"({"errorMessage":"boom"})",
                     .function_error = "Unhandled"};
  net::Response response = Send(Request(net::http::verb::get, "/people"));
  EXPECT_EQ(response.result_int(), 502);
  EXPECT_EQ(response.body(), R"({"message": "Internal server error"})");
  EXPECT_EQ(response["x-amzn-ErrorType"], "InternalServerErrorException");
  ExpectRequestIds(response);
}

TEST_F(GatewayTest, MalformedProxyResponseIs502) {
  invoker_.result.payload = R"({"statusCode":200,"body":{"not":"a string"}})";
  net::Response response = Send(Request(net::http::verb::get, "/people"));
  EXPECT_EQ(response.result_int(), 502);
  EXPECT_EQ(response.body(), R"({"message": "Internal server error"})");
}

TEST_F(GatewayTest, ServiceErrorsAre500Or429) {
  invoker_.result = {.outcome = Outcome::kServiceError,
                     .error_type = "ResourceNotFoundException",
                     .http_status = 404};
  net::Response response = Send(Request(net::http::verb::get, "/people"));
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_EQ(response.body(), R"({"message": "Internal server error"})");

  invoker_.result = {.outcome = Outcome::kServiceError,
                     .error_type = "TooManyRequestsException",
                     .http_status = 429};
  response = Send(Request(net::http::verb::get, "/people"));
  EXPECT_EQ(response.result_int(), 429);
  EXPECT_EQ(response.body(), R"({"message":"Too Many Requests"})");
  EXPECT_EQ(response["x-amzn-ErrorType"], "TooManyRequestsException");
}

TEST_F(GatewayTest, IntegrationTimeoutIs504) {
  invoker_.delay = std::chrono::seconds(30);
  net::Response response =
      Send(Request(net::http::verb::get, "/people"), TestApi(kMinIntegrationTimeout));
  EXPECT_EQ(response.result_int(), 504);
  EXPECT_EQ(response.body(), R"({"message": "Endpoint request timed out"})");
}

TEST_F(GatewayTest, BodyOverTheLimitIs413) {
  net::Request request = Request(net::http::verb::get, "/people");
  request.body() = std::string(kMaxRequestBodyBytes + 1, 'x');
  net::Response response = Send(std::move(request));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_TRUE(invoker_.calls.empty());
}

TEST_F(GatewayTest, KeepAliveFollowsTheRequest) {
  net::Request request = Request(net::http::verb::get, "/people");
  request.keep_alive(false);
  EXPECT_FALSE(Send(std::move(request)).keep_alive());
  net::Request missing = Request(net::http::verb::get, "/missing");
  missing.keep_alive(false);
  EXPECT_FALSE(Send(std::move(missing)).keep_alive());
}

TEST(GatewayConstructionTest, RejectsAnInvalidApi) {
  auto api = std::make_shared<Api>();
  api->resources = {Resource{.path = "no-slash"}};
  FakeInvoker invoker;
  EXPECT_THROW(Gateway({}, api, invoker), std::invalid_argument);
}

}  // namespace
}  // namespace nimbus::gateway
