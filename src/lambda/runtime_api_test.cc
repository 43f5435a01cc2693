// The Runtime API's HTTP surface against a scripted backend, without sockets.
#include "lambda/runtime_api.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace nimbus::lambda {
namespace {

namespace http = net::http;

class ScriptedBackend : public RuntimeApiBackend {
 public:
  boost::asio::awaitable<std::expected<NextInvocation, RuntimeApiError>> Next() override {
    co_return NextInvocation{.request_id = "rid",
                             .payload = R"({"a":1})",
                             .deadline_ms = 1700000000000,
                             .function_arn = "arn:aws:lambda:us-east-1:0:function:f",
                             .trace_id = "Root=1-x"};
  }
  std::expected<void, RuntimeApiError> Respond(std::string_view id, std::string body) override {
    calls += "respond " + std::string(id) + " " + body + ";";
    if (id != "rid") return std::unexpected(RuntimeApiError::kInvalidRequestId);
    if (body == "huge") return std::unexpected(RuntimeApiError::kTooLarge);
    return {};
  }
  std::expected<void, RuntimeApiError> ReportError(std::string_view id, std::string type,
                                                   std::string body) override {
    calls += "error " + std::string(id) + " " + type + " " + body + ";";
    return {};
  }
  std::expected<void, RuntimeApiError> ReportInitError(std::string type,
                                                       std::string body) override {
    calls += "init " + type + " " + body + ";";
    return {};
  }
  std::string calls;
};

class RuntimeApiTest : public ::testing::Test {
 protected:
  net::Response Call(http::verb verb, std::string target, std::string body = {},
                     std::string error_type = {}) {
    net::Request request{verb, target, 11};
    if (!error_type.empty()) request.set("Lambda-Runtime-Function-Error-Type", error_type);
    request.body() = std::move(body);
    auto f = boost::asio::co_spawn(io_, HandleRuntimeApi(std::move(request), backend_),
                                   boost::asio::use_future);
    io_.restart();
    io_.run();
    return f.get();
  }
  boost::asio::io_context io_;
  ScriptedBackend backend_;
};

TEST_F(RuntimeApiTest, NextCarriesTheInvocation) {
  auto r = Call(http::verb::get, "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(r.body(), R"({"a":1})");
  EXPECT_EQ(r["Lambda-Runtime-Aws-Request-Id"], "rid");
  EXPECT_EQ(r["Lambda-Runtime-Deadline-Ms"], "1700000000000");
  EXPECT_EQ(r["Lambda-Runtime-Invoked-Function-Arn"], "arn:aws:lambda:us-east-1:0:function:f");
  EXPECT_EQ(r["Lambda-Runtime-Trace-Id"], "Root=1-x");
}

TEST_F(RuntimeApiTest, ResponseErrorAndInitErrorAreAccepted) {
  auto r = Call(http::verb::post, "/2018-06-01/runtime/invocation/rid/response", "ok");
  EXPECT_EQ(r.result(), http::status::accepted);
  EXPECT_EQ(r.body(), R"({"status":"OK"})");
  r = Call(http::verb::post, "/2018-06-01/runtime/invocation/rid/error", "{}", "T.E");
  EXPECT_EQ(r.result(), http::status::accepted);
  r = Call(http::verb::post, "/2018-06-01/runtime/init/error", "{}", "I.E");
  EXPECT_EQ(r.result(), http::status::accepted);
  EXPECT_EQ(backend_.calls, "respond rid ok;error rid T.E {};init I.E {};");
}

TEST_F(RuntimeApiTest, FailuresHaveLambdasShapes) {
  auto r = Call(http::verb::post, "/2018-06-01/runtime/invocation/other/response", "x");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(r.body(), R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})");
  r = Call(http::verb::post, "/2018-06-01/runtime/invocation/rid/response", "huge");
  EXPECT_EQ(r.result(), http::status::payload_too_large);
  EXPECT_NE(r.body().find(R"("errorType":"RequestEntityTooLarge")"), std::string::npos);
  EXPECT_EQ(Call(http::verb::get, "/2018-06-01/runtime/nope").result(), http::status::not_found);
  EXPECT_EQ(Call(http::verb::get, "/other").result(), http::status::not_found);
  EXPECT_EQ(Call(http::verb::post, "/2018-06-01/runtime/invocation/next").result(),
            http::status::method_not_allowed);
}

}  // namespace
}  // namespace nimbus::lambda
