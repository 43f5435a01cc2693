// The Runtime API's HTTP surface against a scripted backend, without sockets.
#include "lambda/runtime_api.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <optional>

namespace nimbus::lambda {
namespace {

namespace http = net::http;

class ScriptedBackend : public RuntimeApiBackend {
 public:
  boost::asio::awaitable<std::expected<NextInvocation, RuntimeApiError>> Next() override {
    if (refuse) co_return std::unexpected(*refuse);
    co_return next;
  }
  std::expected<void, RuntimeApiError> Respond(std::string_view id, std::string body) override {
    calls += "respond " + std::string(id) + " " + body + ";";
    if (refuse) return std::unexpected(*refuse);
    if (id != "rid") return std::unexpected(RuntimeApiError::kInvalidRequestId);
    if (body == "huge") return std::unexpected(RuntimeApiError::kTooLarge);
    return {};
  }
  std::expected<void, RuntimeApiError> ReportError(std::string_view id, std::string type,
                                                   std::string body) override {
    calls += "error " + std::string(id) + " " + type + " " + body + ";";
    if (id != "rid") return std::unexpected(RuntimeApiError::kInvalidRequestId);
    return {};
  }
  std::expected<void, RuntimeApiError> ReportInitError(std::string type,
                                                       std::string body) override {
    calls += "init " + type + " " + body + ";";
    if (refuse) return std::unexpected(*refuse);
    return {};
  }

  NextInvocation next{.request_id = "rid",
                      .payload = R"({"a":1})",
                      .deadline_ms = 1700000000000,
                      .function_arn = "arn:aws:lambda:us-east-1:0:function:f",
                      .trace_id = "Root=1-x"};
  std::optional<RuntimeApiError> refuse;
  std::string calls;
};

class RuntimeApiTest : public ::testing::Test {
 protected:
  net::Response Call(http::verb verb, std::string target, std::string body = {},
                     std::map<std::string, std::string> headers = {}) {
    net::Request request{verb, target, 11};
    for (auto& [name, value] : headers) request.set(name, value);
    request.body() = std::move(body);
    auto f = boost::asio::co_spawn(io_, HandleRuntimeApi(std::move(request), backend_),
                                   boost::asio::use_future);
    io_.restart();
    io_.run();
    return f.get();
  }
  net::Response Post(std::string target, std::string body,
                     std::map<std::string, std::string> headers = {}) {
    return Call(http::verb::post, "/2018-06-01/runtime/" + target, std::move(body),
                std::move(headers));
  }
  boost::asio::io_context io_;
  ScriptedBackend backend_;
};

TEST_F(RuntimeApiTest, NextCarriesTheInvocation) {
  auto r = Call(http::verb::get, "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(r.body(), R"({"a":1})");
  EXPECT_EQ(r[http::field::content_type], "application/json");
  EXPECT_EQ(r["Lambda-Runtime-Aws-Request-Id"], "rid");
  EXPECT_EQ(r["Lambda-Runtime-Deadline-Ms"], "1700000000000");
  EXPECT_EQ(r["Lambda-Runtime-Invoked-Function-Arn"], "arn:aws:lambda:us-east-1:0:function:f");
  EXPECT_EQ(r["Lambda-Runtime-Trace-Id"], "Root=1-x");
  // Lambda leaves out the context headers an invocation has no value for.
  EXPECT_EQ(r.find("Lambda-Runtime-Client-Context"), r.end());
  EXPECT_EQ(r.find("Lambda-Runtime-Cognito-Identity"), r.end());
}

TEST_F(RuntimeApiTest, NextCarriesClientContextAndCognitoIdentity) {
  backend_.next.client_context = R"({"custom":{"k":"v"}})";
  backend_.next.cognito_identity = R"({"cognitoIdentityId":"id","cognitoIdentityPoolId":"p"})";
  auto r = Call(http::verb::get, "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(r["Lambda-Runtime-Client-Context"], R"({"custom":{"k":"v"}})");
  EXPECT_EQ(r["Lambda-Runtime-Cognito-Identity"],
            R"({"cognitoIdentityId":"id","cognitoIdentityPoolId":"p"})");
}

TEST_F(RuntimeApiTest, ResponseErrorAndInitErrorAreAccepted) {
  auto r = Post("invocation/rid/response", "ok");
  EXPECT_EQ(r.result(), http::status::accepted);
  EXPECT_EQ(r.body(), R"({"status":"OK"})");
  r = Post("invocation/rid/error", "{}", {{"Lambda-Runtime-Function-Error-Type", "T.E"}});
  EXPECT_EQ(r.result(), http::status::accepted);
  r = Post("init/error", "{}", {{"Lambda-Runtime-Function-Error-Type", "I.E"}});
  EXPECT_EQ(r.result(), http::status::accepted);
  EXPECT_EQ(backend_.calls, "respond rid ok;error rid T.E {};init I.E {};");
}

TEST_F(RuntimeApiTest, FailuresHaveLambdasShapes) {
  auto r = Post("invocation/other/response", "x");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(r.body(), R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})");
  r = Post("invocation/rid/response", "huge");
  EXPECT_EQ(r.result(), http::status::payload_too_large);
  EXPECT_EQ(r.body(), R"({"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).",)"
                      R"("errorType":"RequestEntityTooLarge"})");
  EXPECT_EQ(Call(http::verb::get, "/2018-06-01/runtime/nope").result(), http::status::not_found);
  EXPECT_EQ(Call(http::verb::get, "/other").result(), http::status::not_found);
  EXPECT_EQ(Call(http::verb::post, "/2018-06-01/runtime/invocation/next").result(),
            http::status::method_not_allowed);
}

TEST_F(RuntimeApiTest, RefusedTransitionsNameBothStates) {
  backend_.refuse = RuntimeApiError(RuntimeApiError::kInvalidState, "Ready");
  auto r = Post("init/error", "{}");
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_EQ(r.body(),
            R"({"errorMessage":"State transition from Ready to InitError failed for runtime. )"
            R"(Error: State transition is not allowed","errorType":"InvalidStateTransition"})");
  r = Call(http::verb::get, "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_NE(r.body().find("State transition from Ready to Ready failed"), std::string::npos);
}

TEST_F(RuntimeApiTest, ShuttingDownIsAnInternalServerError) {
  backend_.refuse = RuntimeApiError::kShuttingDown;
  auto r = Call(http::verb::get, "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(r.result(), http::status::internal_server_error);
  EXPECT_EQ(r.body(),
            R"({"errorMessage":"Internal Server Error","errorType":"InternalServerError"})");
}

TEST_F(RuntimeApiTest, StreamedResponseIsTheResponse) {
  auto r = Post("invocation/rid/response", "chunk1chunk2",
                {{"Lambda-Runtime-Function-Response-Mode", "streaming"}});
  EXPECT_EQ(r.result(), http::status::accepted);
  EXPECT_EQ(backend_.calls, "respond rid chunk1chunk2;");
}

TEST_F(RuntimeApiTest, StreamWithErrorTrailersIsAFunctionError) {
  // base64 of {"errorMessage":"mid-stream","errorType":"Stream.Error"}
  auto r = Post("invocation/rid/response", "partial",
                {{"Lambda-Runtime-Function-Response-Mode", "streaming"},
                 {"Lambda-Runtime-Function-Error-Type", "Stream.Error"},
                 {"Lambda-Runtime-Function-Error-Body",
                  "eyJlcnJvck1lc3NhZ2UiOiJtaWQtc3RyZWFtIiwiZXJyb3JUeXBlIjoiU3RyZWFtLkVycm9yIn0="}});
  EXPECT_EQ(r.result(), http::status::accepted);
  EXPECT_EQ(backend_.calls,
            R"(error rid Stream.Error {"errorMessage":"mid-stream","errorType":"Stream.Error"};)");
}

TEST_F(RuntimeApiTest, StreamErrorWithoutABodyGetsOneFromItsType) {
  Post("invocation/rid/response", "partial",
       {{"Lambda-Runtime-Function-Response-Mode", "streaming"},
        {"Lambda-Runtime-Function-Error-Type", "Stream.Error"}});
  EXPECT_EQ(backend_.calls,
            R"(error rid Stream.Error {"errorMessage":"","errorType":"Stream.Error"};)");
}

TEST_F(RuntimeApiTest, UnknownResponseModeFailsTheInvocation) {
  auto r = Post("invocation/rid/response", "x", {{"Lambda-Runtime-Function-Response-Mode", "x"}});
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(r.body(), R"({"errorMessage":"Invalid function response mode",)"
                      R"("errorType":"InvalidFunctionResponseMode"})");
  EXPECT_EQ(backend_.calls,
            "error rid Runtime.InvalidResponseModeHeader "
            R"({"errorMessage":"Invalid function response mode",)"
            R"("errorType":"Runtime.InvalidResponseModeHeader"};)");
  // The request id is checked first, as Lambda does.
  r = Post("invocation/other/response", "x", {{"Lambda-Runtime-Function-Response-Mode", "x"}});
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_NE(r.body().find("InvalidRequestID"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::lambda
