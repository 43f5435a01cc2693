#include "nimbus/sdk/runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <stdexcept>

#include "fake_http_server.h"

namespace nimbus::sdk::runtime {
namespace {

using testing::FakeHttpServer;
namespace http = boost::beast::http;

// A Runtime API that hands out the given payloads, one per GET /next.
class FakeRuntimeApi {
 public:
  explicit FakeRuntimeApi(std::vector<std::string> payloads, int post_status = 202)
      : payloads_(std::move(payloads)),
        post_status_(post_status),
        server_([this](const auto& r) { return Handle(r); }) {}

  // Trace ids for the invocations in turn; an empty one leaves the header out.
  void set_trace_ids(std::vector<std::string> ids) { trace_ids_ = std::move(ids); }

  RuntimeOptions Options(int max_invocations) const {
    return {.runtime_api = server_.host_port(), .max_invocations = max_invocations};
  }
  std::vector<FakeHttpServer::Request> requests() { return server_.requests(); }

 private:
  FakeHttpServer::Response Handle(const FakeHttpServer::Request& request) {
    if (request.target() != "/2018-06-01/runtime/invocation/next") {
      return post_status_ == 202 ? FakeHttpServer::Reply(202, R"({"status":"OK"})")
                                 : FakeHttpServer::Reply(post_status_, R"({"errorType":"X"})");
    }
    const int n = next_++;
    auto response = FakeHttpServer::Reply(200, payloads_.at(n));
    response.set("Lambda-Runtime-Aws-Request-Id", "req-" + std::to_string(n));
    response.set("Lambda-Runtime-Deadline-Ms", "4102444800000");  // 2100-01-01
    response.set("Lambda-Runtime-Invoked-Function-Arn",
                 "arn:aws:lambda:us-east-1:000000000000:function:people");
    std::string trace = "Root=1-5e1b4151-5ac6c58f5b5dbd6a7a1e7f2c;Sampled=1";
    if (static_cast<std::size_t>(n) < trace_ids_.size()) trace = trace_ids_[n];
    if (!trace.empty()) response.set("Lambda-Runtime-Trace-Id", trace);
    response.set("Lambda-Runtime-Client-Context", R"({"custom":{}})");
    response.set("Lambda-Runtime-Cognito-Identity", R"({"cognitoIdentityId":"x"})");
    return response;
  }

  std::vector<std::string> payloads_;
  const int post_status_;
  std::vector<std::string> trace_ids_;
  std::atomic<int> next_ = 0;
  FakeHttpServer server_;
};

TEST(Runtime, PassesInvocationsAndPostsResponses) {
  FakeRuntimeApi api({R"({"n":1})", R"({"n":2})"});
  std::vector<InvocationRequest> seen;
  std::vector<std::string> trace_env;
  int rc = RunHandler(
      [&](const InvocationRequest& request) {
        seen.push_back(request);
        trace_env.push_back(std::getenv("_X_AMZN_TRACE_ID"));
        return InvocationResponse::Success("echo " + request.payload, "text/plain");
      },
      api.Options(2));
  EXPECT_EQ(rc, 0);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].payload, R"({"n":1})");
  EXPECT_EQ(seen[0].request_id, "req-0");
  EXPECT_EQ(seen[1].request_id, "req-1");
  EXPECT_EQ(seen[0].function_arn, "arn:aws:lambda:us-east-1:000000000000:function:people");
  EXPECT_EQ(seen[0].xray_trace_id, "Root=1-5e1b4151-5ac6c58f5b5dbd6a7a1e7f2c;Sampled=1");
  EXPECT_EQ(trace_env[0], seen[0].xray_trace_id);
  EXPECT_EQ(seen[0].client_context, R"({"custom":{}})");
  EXPECT_EQ(seen[0].cognito_identity, R"({"cognitoIdentityId":"x"})");
  EXPECT_EQ(
      std::chrono::duration_cast<std::chrono::milliseconds>(seen[0].deadline.time_since_epoch())
          .count(),
      4102444800000);
  EXPECT_GT(seen[0].RemainingTime().count(), 0);

  auto requests = api.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[1].target(), "/2018-06-01/runtime/invocation/req-0/response");
  EXPECT_EQ(requests[1].body(), R"(echo {"n":1})");
  EXPECT_EQ(requests[1][http::field::content_type], "text/plain");
  EXPECT_EQ(requests[3].target(), "/2018-06-01/runtime/invocation/req-1/response");
}

TEST(Runtime, ExceptionsAndFailuresGoToError) {
  FakeRuntimeApi api({"{}", "{}", "{}"});
  int n = 0;
  int rc = RunHandler(
      [&](const InvocationRequest&) -> InvocationResponse {
        switch (n++) {
          case 0:
            throw std::invalid_argument("bad input");
          case 1:
            throw 42;
          default:
            return InvocationResponse::Failure("no such person", "NotFound");
        }
      },
      api.Options(3));
  EXPECT_EQ(rc, 0);
  auto requests = api.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[1].target(), "/2018-06-01/runtime/invocation/req-0/error");
  EXPECT_EQ(requests[1]["Lambda-Runtime-Function-Error-Type"], "std::invalid_argument");
  EXPECT_EQ(boost::json::parse(requests[1].body()),
            boost::json::parse(R"({"errorMessage":"bad input","errorType":
                                   "std::invalid_argument","stackTrace":[]})"));
  EXPECT_EQ(boost::json::parse(requests[3].body()).at("errorType"), "Unknown");
  EXPECT_EQ(requests[5].target(), "/2018-06-01/runtime/invocation/req-2/error");
  EXPECT_EQ(boost::json::parse(requests[5].body()),
            boost::json::parse(R"({"errorMessage":"no such person","errorType":"NotFound",
                                   "stackTrace":[]})"));
}

TEST(Runtime, InitError) {
  FakeRuntimeApi api({});
  EXPECT_TRUE(ReportInitError("PEOPLE_TABLE is not set", "Runtime.ConfigError", api.Options(0)));
  auto requests = api.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target(), "/2018-06-01/runtime/init/error");
  EXPECT_EQ(requests[0]["Lambda-Runtime-Function-Error-Type"], "Runtime.ConfigError");
  EXPECT_EQ(boost::json::parse(requests[0].body()).at("errorMessage"), "PEOPLE_TABLE is not set");
}

TEST(Runtime, RunWithInitRunsTheHandlerItBuilds) {
  FakeRuntimeApi api({R"({"n":1})"});
  int rc = RunWithInit(
      [] {
        return Handler([](const InvocationRequest& r) {
          return InvocationResponse::Success("init ok " + r.payload);
        });
      },
      api.Options(1));
  EXPECT_EQ(rc, 0);
  auto requests = api.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target(), "/2018-06-01/runtime/invocation/req-0/response");
  EXPECT_EQ(requests[1].body(), R"(init ok {"n":1})");
}

TEST(Runtime, AnExceptionDuringInitGoesToInitErrorAndEndsTheProcess) {
  FakeRuntimeApi api({R"({"n":1})"});
  bool handler_ran = false;
  int rc = RunWithInit(
      [&]() -> Handler {
        throw std::runtime_error("PEOPLE_TABLE is not set");
        return [&](const InvocationRequest&) {
          handler_ran = true;
          return InvocationResponse::Success("");
        };
      },
      api.Options(1));
  EXPECT_EQ(rc, 1);
  EXPECT_FALSE(handler_ran);
  auto requests = api.requests();
  ASSERT_EQ(requests.size(), 1u);  // never asked for an invocation
  EXPECT_EQ(requests[0].target(), "/2018-06-01/runtime/init/error");
  EXPECT_EQ(requests[0]["Lambda-Runtime-Function-Error-Type"], "std::runtime_error");
  EXPECT_EQ(boost::json::parse(requests[0].body()),
            boost::json::parse(R"({"errorMessage":"PEOPLE_TABLE is not set",
                                   "errorType":"std::runtime_error","stackTrace":[]})"));
}

TEST(Runtime, ARefusedResponseDoesNotStopTheLoop) {
  // Lambda answers 413 to an oversized response (the invocation has failed); the runtime
  // carries on with the next one.
  FakeRuntimeApi api({"{}", "{}"}, /*post_status=*/413);
  int calls = 0;
  int rc = RunHandler(
      [&](const InvocationRequest&) {
        ++calls;
        return InvocationResponse::Success("x");
      },
      api.Options(2));
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(calls, 2);
}

TEST(Runtime, TraceEnvironmentFollowsEachInvocation) {
  FakeRuntimeApi api({"{}", "{}"});
  api.set_trace_ids({"Root=1-00000001-000000000000000000000001;Sampled=1", ""});
  std::vector<std::string> seen;
  RunHandler(
      [&](const InvocationRequest&) {
        const char* trace = std::getenv("_X_AMZN_TRACE_ID");
        seen.push_back(trace ? trace : "(unset)");
        return InvocationResponse::Success("");
      },
      api.Options(2));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], "Root=1-00000001-000000000000000000000001;Sampled=1");
  // An invocation without a trace must not see the previous one's.
  EXPECT_EQ(seen[1], "(unset)");
}

TEST(Runtime, UnreachableRuntimeApiIsNonZero) {
  std::string address;
  {
    FakeRuntimeApi api({});
    address = api.Options(0).runtime_api;
  }
  EXPECT_NE(RunHandler([](const InvocationRequest&) { return InvocationResponse::Success(""); },
                       {.runtime_api = address}),
            0);
  EXPECT_NE(RunHandler([](const InvocationRequest&) { return InvocationResponse::Success(""); },
                       {.runtime_api = "http://"}),
            0);
}

}  // namespace
}  // namespace nimbus::sdk::runtime
