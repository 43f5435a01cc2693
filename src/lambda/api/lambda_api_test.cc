// The Lambda API's routing and wire shapes against a fake function host.
#include "lambda/api/lambda_api.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

namespace json = boost::json;
namespace http = net::http;

class FakeHost final : public FunctionHost {
 public:
  FakeHost() {
    for (const char* name : {"alpha", "beta", "gamma"}) {
      FunctionConfig f;
      f.name = name;
      f.code_dir = "/nonexistent";
      configs_.push_back(f);
    }
  }
  boost::asio::awaitable<InvokeResult> Invoke(std::string name, std::string payload) override {
    InvokeOptions none;  // named: g++ 12 destroys a braced temporary coroutine argument twice
    co_return co_await Invoke(std::move(name), std::move(payload), std::move(none));
  }
  boost::asio::awaitable<InvokeResult> Invoke(std::string name, std::string payload,
                                              InvokeOptions options) override {
    invoked = name;
    last_payload = payload;
    InvokeResult r = next;
    if (options.tail_log) r.log_tail = "START RequestId: rid Version: $LATEST\n";
    co_return r;
  }
  std::expected<std::string, InvokeResult> InvokeAsync(std::string name, std::string) override {
    invoked = name;
    return "async-rid";
  }
  void Stop() override {}
  boost::asio::awaitable<std::expected<void, std::string>> Provision() override {
    co_return std::expected<void, std::string>{};
  }
  void Reload(std::string_view) override {}
  std::size_t InstanceCount(std::string_view) const override { return 0; }
  std::vector<const FunctionConfig*> Functions() const override {
    std::vector<const FunctionConfig*> out;
    for (const auto& f : configs_) out.push_back(&f);
    return out;
  }
  const FunctionConfig* FindFunction(std::string_view name) const override {
    for (const auto& f : configs_) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  ConcurrencyLimiter& Concurrency() override { return *limiter_; }

  InvokeResult next = [] {
    InvokeResult r = Success(R"({"ok":true})");
    r.request_id = "rid";
    return r;
  }();
  std::string invoked;
  std::string last_payload;

 private:
  std::vector<FunctionConfig> configs_;
  std::shared_ptr<ConcurrencyLimiter> limiter_ =
      std::make_shared<ConcurrencyLimiter>(1000, std::map<std::string, int>{{"beta", 2}});
};

class LambdaApiTest : public ::testing::Test {
 protected:
  net::Response Send(http::verb method, std::string target, std::string body = {},
                     std::map<std::string, std::string> headers = {}) {
    net::Request request{method, target, 11};
    for (const auto& [k, v] : headers) request.set(k, v);
    request.body() = std::move(body);
    request.prepare_payload();
    auto future = boost::asio::co_spawn(io_, api_.Handle(request), boost::asio::use_future);
    io_.restart();
    io_.run();
    return future.get();
  }
  static json::object Body(const net::Response& r) { return json::parse(r.body()).as_object(); }

  boost::asio::io_context io_;
  FakeHost host_;
  LambdaApi api_{{.region = "us-east-1", .account_id = "000000000000"}, host_};
};

TEST_F(LambdaApiTest, OwnsOnlyLambdasPaths) {
  EXPECT_TRUE(LambdaApi::Owns("/2015-03-31/functions/x/invocations"));
  EXPECT_TRUE(LambdaApi::Owns("/2015-03-31/functions/"));
  EXPECT_TRUE(LambdaApi::Owns("/2015-03-31/functions?MaxItems=1"));
  EXPECT_TRUE(LambdaApi::Owns("/2016-08-19/account-settings/"));
  EXPECT_FALSE(LambdaApi::Owns("/2015-03-31/functionsx"));
  EXPECT_FALSE(LambdaApi::Owns("/"));
}

TEST_F(LambdaApiTest, InvokeReturnsThePayloadWithLambdasHeaders) {
  auto r = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations", R"({"a":1})",
                {{"X-Amz-Log-Type", "Tail"}});
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), R"({"ok":true})");
  EXPECT_EQ(r["x-amzn-RequestId"], "rid");
  EXPECT_EQ(r["X-Amz-Executed-Version"], "$LATEST");
  EXPECT_EQ(r.count("X-Amz-Function-Error"), 0u);
  EXPECT_EQ(r["X-Amz-Log-Result"], "U1RBUlQgUmVxdWVzdElkOiByaWQgVmVyc2lvbjogJExBVEVTVAo=");
  EXPECT_EQ(host_.invoked, "alpha");
  EXPECT_EQ(host_.last_payload, R"({"a":1})");
}

TEST_F(LambdaApiTest, PercentEncodedArnAndQualifierReachTheFunction) {
  auto r = Send(http::verb::post,
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction"
                "%3Abeta/invocations?Qualifier=%24LATEST");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(host_.invoked, "beta");
  EXPECT_EQ(host_.last_payload, "{}");  // an empty body is an empty event
}

TEST_F(LambdaApiTest, FunctionErrorIsFlagged) {
  host_.next = FunctionError(R"({"errorMessage":"x"})");
  auto r = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r["X-Amz-Function-Error"], "Unhandled");
}

TEST_F(LambdaApiTest, EventIs202WithTheInvocationsRequestIdAndDryRunIs204) {
  auto event = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations", "{}",
                    {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(event.result_int(), 202);
  EXPECT_EQ(event["x-amzn-RequestId"], "async-rid");
  EXPECT_TRUE(event.body().empty());
  host_.invoked.clear();
  auto dry = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations", "{}",
                  {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(dry.result_int(), 204);
  EXPECT_TRUE(host_.invoked.empty());
}

TEST_F(LambdaApiTest, NotFoundHasLambdasShape) {
  auto r = Send(http::verb::post, "/2015-03-31/functions/nobody/invocations");
  EXPECT_EQ(r.result_int(), 404);
  EXPECT_EQ(r["x-amzn-ErrorType"], "ResourceNotFoundException");
  EXPECT_EQ(r[http::field::content_type], "application/json");
  EXPECT_EQ(Body(r), (json::object{{"Type", "User"},
                                   {"Message",
                                    "Function not found: arn:aws:lambda:us-east-1:"
                                    "000000000000:function:nobody"}}));
  auto qualified = Send(http::verb::post, "/2015-03-31/functions/alpha:7/invocations");
  EXPECT_EQ(Body(qualified).at("Message"),
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:alpha:7");
}

TEST_F(LambdaApiTest, ThrottleCarriesReasonTypeAndLowerCaseMessage) {
  host_.next = Throttled("ReservedFunctionConcurrentInvocationLimitExceeded");
  auto r = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations");
  EXPECT_EQ(r.result_int(), 429);
  EXPECT_EQ(r["x-amzn-ErrorType"], "TooManyRequestsException");
  EXPECT_EQ(r.body(),
            R"({"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User",)"
            R"("message":"Rate Exceeded."})");
}

TEST_F(LambdaApiTest, BadHeadersAndBodiesAreRefused) {
  auto type = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations", "{}",
                   {{"X-Amz-Invocation-Type", "Sometime"}});
  EXPECT_EQ(type.result_int(), 400);
  EXPECT_EQ(type["x-amzn-ErrorType"], "ValidationException");
  auto log = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations", "{}",
                  {{"X-Amz-Log-Type", "All"}});
  EXPECT_EQ(log["x-amzn-ErrorType"], "ValidationException");
  auto body = Send(http::verb::post, "/2015-03-31/functions/alpha/invocations", "{nope");
  EXPECT_EQ(body["x-amzn-ErrorType"], "InvalidRequestContentException");
  auto big =
      Send(http::verb::post, "/2015-03-31/functions/alpha/invocations",
           std::string(kMaxAsyncPayloadBytes + 1, ' '), {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(big.result_int(), 413);
  EXPECT_EQ(big["x-amzn-ErrorType"], "RequestEntityTooLargeException");
}

TEST_F(LambdaApiTest, ListFunctionsPagesWithAnOpaqueMarker) {
  auto first = Send(http::verb::get, "/2015-03-31/functions/?MaxItems=2");
  EXPECT_EQ(first.result_int(), 200);
  auto body = Body(first);
  ASSERT_EQ(body.at("Functions").as_array().size(), 2u);
  EXPECT_EQ(body.at("Functions").as_array()[0].at("FunctionName"), "alpha");
  std::string marker(body.at("NextMarker").as_string());
  auto rest = Body(Send(http::verb::get, "/2015-03-31/functions/?MaxItems=2&Marker=" + marker));
  ASSERT_EQ(rest.at("Functions").as_array().size(), 1u);
  EXPECT_EQ(rest.at("Functions").as_array()[0].at("FunctionName"), "gamma");
  EXPECT_FALSE(rest.contains("NextMarker"));
  auto zero = Send(http::verb::get, "/2015-03-31/functions/?MaxItems=0");
  EXPECT_EQ(zero["x-amzn-ErrorType"], "ValidationException");
}

TEST_F(LambdaApiTest, ConcurrencyOperations) {
  EXPECT_EQ(Send(http::verb::get, "/2019-09-30/functions/beta/concurrency").body(),
            R"({"ReservedConcurrentExecutions":2})");
  EXPECT_EQ(Send(http::verb::get, "/2019-09-30/functions/alpha/concurrency").body(), "{}");
  auto put = Send(http::verb::put, "/2017-10-31/functions/alpha/concurrency",
                  R"({"ReservedConcurrentExecutions":3})");
  EXPECT_EQ(put.body(), R"({"ReservedConcurrentExecutions":3})");
  auto missing = Send(http::verb::put, "/2017-10-31/functions/alpha/concurrency", "{}");
  EXPECT_EQ(missing["x-amzn-ErrorType"], "ValidationException");
  auto negative = Send(http::verb::put, "/2017-10-31/functions/alpha/concurrency",
                       R"({"ReservedConcurrentExecutions":-1})");
  EXPECT_EQ(negative["x-amzn-ErrorType"], "ValidationException");
  auto deleted = Send(http::verb::delete_, "/2017-10-31/functions/alpha/concurrency");
  EXPECT_EQ(deleted.result_int(), 204);
  EXPECT_FALSE(host_.Concurrency().Reserved("alpha"));
  auto settings = Body(Send(http::verb::get, "/2016-08-19/account-settings/"));
  EXPECT_EQ(settings.at("AccountLimit").at("UnreservedConcurrentExecutions"), 998);
  EXPECT_EQ(settings.at("AccountUsage").at("FunctionCount"), 3);
}

TEST_F(LambdaApiTest, UnknownOperationIs404) {
  auto r = Send(http::verb::post, "/2015-03-31/functions/alpha/unknown");
  EXPECT_EQ(r.result_int(), 404);
  EXPECT_EQ(r["x-amzn-ErrorType"], "UnknownOperationException");
}

}  // namespace
}  // namespace nimbus::lambda
