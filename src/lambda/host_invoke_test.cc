// The host's admission and invocation kinds against real child processes (the Python test
// runtime in testdata/runtime): concurrency throttling, asynchronous delivery with retries,
// and the log tail. The io_context is driven from the test thread; nothing sleeps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "lambda/function_host.h"
#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using boost::asio::experimental::awaitable_operators::operator&&;
using Outcome = InvokeResult::Outcome;
using ::testing::HasSubstr;

class HostInvokeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/nimbus_host_invoke_test_XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    tmp_ = dir;
    std::filesystem::create_directory(tmp_ / "barrier");
  }

  void TearDown() override {
    if (host_) {
      host_->Stop();
      io_.restart();
      io_.run();
      host_.reset();
    }
    std::filesystem::remove_all(tmp_);
  }

  FunctionConfig Function(std::string name, std::optional<int> reserved = {}) {
    FunctionConfig f;
    f.name = std::move(name);
    f.code_dir = NIMBUS_LAMBDA_TESTDATA "/runtime";
    f.timeout = 10s;
    f.reserved_concurrency = reserved;
    return f;
  }

  void MakeHost(std::vector<FunctionConfig> functions, HostOptions options = {}) {
    options.log_dir = tmp_ / "logs";
    options.async_retry = AsyncRetryPolicy{}.Scaled(0.001);
    host_ = FunctionHost::Create(io_, std::move(options), std::move(functions));
  }

  // Runs the io_context until `done` holds; fails (rather than hangs) after a minute.
  void RunUntil(const std::function<bool()>& done) {
    io_.restart();
    auto give_up = std::chrono::steady_clock::now() + 60s;
    while (!done()) {
      io_.run_one_for(50ms);
      if (std::chrono::steady_clock::now() > give_up) {
        ADD_FAILURE() << "condition never held";
        std::abort();
      }
    }
  }

  template <typename T>
  T Await(boost::asio::awaitable<T> op) {
    auto future = boost::asio::co_spawn(io_, std::move(op), boost::asio::use_future);
    RunUntil([&] { return future.wait_for(0s) == std::future_status::ready; });
    return future.get();
  }

  // An invocation that holds its instance until Release() (the runtime's barrier action).
  std::string HoldEvent() const {
    return R"({"action":"barrier","count":2,"dir":")" + (tmp_ / "barrier").string() + R"("})";
  }
  void Release() const { std::ofstream(tmp_ / "barrier" / "release") << "x"; }

  // Invokes `function` while `held` runs, then releases `held`; returns both results.
  std::pair<InvokeResult, InvokeResult> InvokeWhileHeld(std::string held, std::string function) {
    auto second = [this, function]() -> boost::asio::awaitable<InvokeResult> {
      auto r = co_await host_->Invoke(function, R"({"action":"echo"})");
      Release();
      co_return r;
    };
    auto [a, b] = Await(host_->Invoke(held, HoldEvent()) && second());
    return {a, b};
  }

  std::string Logs(const std::string& function) const {
    std::string all;
    if (!std::filesystem::exists(tmp_ / "logs" / function)) return all;  // no instance yet
    for (auto& file : std::filesystem::directory_iterator(tmp_ / "logs" / function)) {
      std::stringstream text;
      text << std::ifstream(file.path()).rdbuf();
      all += text.str();
    }
    return all;
  }
  int Count(const std::string& text, const std::string& what) const {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  boost::asio::io_context io_;
  std::unique_ptr<FunctionHost> host_;
  std::filesystem::path tmp_;
};

TEST_F(HostInvokeTest, ReservedConcurrencyThrottlesWithItsReason) {
  MakeHost({Function("f", 1)});
  auto [held, throttled] = InvokeWhileHeld("f", "f");
  EXPECT_EQ(held.outcome, Outcome::kSuccess) << held.payload;
  EXPECT_EQ(throttled.outcome, Outcome::kServiceError);
  EXPECT_EQ(throttled.http_status, 429);
  EXPECT_EQ(throttled.error_type, "TooManyRequestsException");
  EXPECT_EQ(throttled.error_message, "Rate Exceeded.");
  EXPECT_EQ(throttled.throttle_reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
  EXPECT_EQ(host_->Concurrency().Throttles("f"), 1);
  // The concurrency came back when the invocation ended.
  EXPECT_EQ(host_->Concurrency().InFlight("f"), 0);
  auto again = Await(host_->Invoke("f", R"({"action":"echo"})"));
  EXPECT_EQ(again.outcome, Outcome::kSuccess);
}

TEST_F(HostInvokeTest, AccountLimitThrottlesEveryUnreservedFunction) {
  HostOptions options;
  options.account_concurrency = 1;
  MakeHost({Function("f"), Function("g")}, options);
  auto [held, throttled] = InvokeWhileHeld("f", "g");
  EXPECT_EQ(held.outcome, Outcome::kSuccess);
  EXPECT_EQ(throttled.http_status, 429);
  EXPECT_EQ(throttled.throttle_reason, "ConcurrentInvocationLimitExceeded");
  EXPECT_EQ(host_->InstanceCount("g"), 0u);  // refused before any work
}

TEST_F(HostInvokeTest, ZeroReservedConcurrencyRefusesEveryInvocation) {
  MakeHost({Function("off", 0)});
  auto r = Await(host_->Invoke("off", "{}"));
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.throttle_reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
}

TEST_F(HostInvokeTest, PutFunctionConcurrencyTakesEffectAtOnce) {
  MakeHost({Function("f")});
  ASSERT_TRUE(host_->Concurrency().PutReserved("f", 0));
  EXPECT_EQ(Await(host_->Invoke("f", "{}")).http_status, 429);
  host_->Concurrency().DeleteReserved("f");
  EXPECT_EQ(Await(host_->Invoke("f", R"({"action":"echo"})")).outcome, Outcome::kSuccess);
}

TEST_F(HostInvokeTest, TailIsTheInvocationsOwnLogWithPlatformLines) {
  MakeHost({Function("f")});
  Await(host_->Invoke("f", R"({"action":"echo"})", {.tail_log = true}));  // a first one
  auto r = Await(host_->Invoke("f", R"({"action":"echo"})", {.tail_log = true}));
  ASSERT_EQ(r.outcome, Outcome::kSuccess);
  ASSERT_FALSE(r.request_id.empty());
  EXPECT_TRUE(r.log_tail.starts_with("START RequestId: " + r.request_id + " Version: $LATEST\n"))
      << r.log_tail;
  EXPECT_THAT(r.log_tail, HasSubstr("handling echo\n"));  // the runtime's own output
  EXPECT_THAT(r.log_tail, HasSubstr("END RequestId: " + r.request_id + "\n"));
  EXPECT_THAT(r.log_tail, HasSubstr("REPORT RequestId: " + r.request_id + "\tDuration: "));
  EXPECT_EQ(Count(r.log_tail, "START RequestId"), 1);  // not the first invocation's
  EXPECT_TRUE(Await(host_->Invoke("f", R"({"action":"echo"})")).log_tail.empty());
}

TEST_F(HostInvokeTest, TailKeepsTheLast4KB) {
  MakeHost({Function("f")});
  // The runtime prints "handling <action>": a long action name makes a long log.
  const std::string action(6000, 'x');
  auto r = Await(host_->Invoke("f", R"({"action":")" + action + R"("})", {.tail_log = true}));
  EXPECT_EQ(r.log_tail.size(), 4096u);
  EXPECT_FALSE(r.log_tail.starts_with("START"));
  EXPECT_THAT(r.log_tail, HasSubstr("xxxx\nEND RequestId: " + r.request_id));
  EXPECT_TRUE(r.log_tail.ends_with("\t\n")) << r.log_tail;  // the REPORT line closes it
}

TEST_F(HostInvokeTest, EventIsRetriedTwiceOnFunctionErrorsWithTheSameRequestId) {
  MakeHost({Function("f")});
  auto id = host_->InvokeAsync("f", R"({"action":"error"})");
  ASSERT_TRUE(id);
  RunUntil([&] { return Count(Logs("f"), "REPORT RequestId: " + *id) == 3; });
  const std::string logs = Logs("f");
  EXPECT_EQ(Count(logs, "START RequestId: " + *id + " Version: $LATEST"), 3);
  EXPECT_EQ(Count(logs, "START RequestId"), 3);
}

TEST_F(HostInvokeTest, ThrottledEventIsRetriedNotDropped) {
  MakeHost({Function("f", 1)});
  auto held = boost::asio::co_spawn(io_, host_->Invoke("f", HoldEvent()), boost::asio::use_future);
  RunUntil([&] { return host_->Concurrency().InFlight("f") == 1; });
  auto id = host_->InvokeAsync("f", R"({"action":"echo"})");
  ASSERT_TRUE(id);
  RunUntil([&] { return host_->Concurrency().Throttles("f") >= 1; });
  Release();
  RunUntil([&] { return Count(Logs("f"), "REPORT RequestId: " + *id) == 1; });
  EXPECT_EQ(held.get().outcome, Outcome::kSuccess);
}

TEST_F(HostInvokeTest, EventPayloadLimitIsOneMegabyte) {
  MakeHost({Function("f")});
  auto over = host_->InvokeAsync("f", std::string(kMaxAsyncPayloadBytes + 1, ' '));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().http_status, 413);
  EXPECT_EQ(over.error().error_type, "RequestEntityTooLargeException");
  EXPECT_EQ(over.error().error_message,
            "1048577 byte payload is too large for the Event invocation type (limit 1048576 "
            "bytes)");
  EXPECT_TRUE(host_->InvokeAsync("f", std::string(kMaxAsyncPayloadBytes, ' ')));
  auto missing = host_->InvokeAsync("nobody", "{}");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().http_status, 404);
}

TEST_F(HostInvokeTest, SyncPayloadLimitMessageIsLambdas) {
  MakeHost({Function("f")});
  auto r = Await(host_->Invoke("f", std::string(kMaxRequestPayloadBytes + 1, ' ')));
  EXPECT_EQ(r.http_status, 413);
  EXPECT_EQ(r.error_message,
            "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
}

TEST(ValidateConcurrencyTest, ReservationsMustLeaveTheUnreservedMinimum) {
  FunctionConfig f;
  f.name = "f";
  f.reserved_concurrency = 901;
  auto e = ValidateConcurrency({}, {f});
  ASSERT_FALSE(e);
  EXPECT_THAT(e.error(), HasSubstr("below its minimum value of [100]"));
  f.reserved_concurrency = 900;
  EXPECT_TRUE(ValidateConcurrency({}, {f}));
}

}  // namespace
}  // namespace nimbus::lambda
